// fizz_buzz.cpp - your answer to the drill fizz_buzz (see fizz_buzz.hpp).
//
// Replace each TODO(exercise), then run `./workbook check 10 fizz_buzz`.
#include "fizz_buzz.hpp"

#include <go/go.hpp>

namespace ch10 {

// state: what the four methods share.
struct fizz_buzz::state {
  int n = 0;
  // TODO(exercise): whose turn it is, and for which i, in a form a fiber can wait for.
};

fizz_buzz::fizz_buzz(int n) : state_{std::make_unique<state>()} { state_->n = n; }
fizz_buzz::~fizz_buzz() = default;

void fizz_buzz::fizz(const std::function<void()>& /*print_fizz*/) {
  // TODO(exercise): wait for each of your turns, print, pass the turn on; return after n.
  throw go::not_implemented{"fizz_buzz"};
}

void fizz_buzz::buzz(const std::function<void()>& /*print_buzz*/) {
  // TODO(exercise): as fizz.
  throw go::not_implemented{"fizz_buzz"};
}

void fizz_buzz::fizzbuzz(const std::function<void()>& /*print_fizzbuzz*/) {
  // TODO(exercise): as fizz.
  throw go::not_implemented{"fizz_buzz"};
}

void fizz_buzz::number(const std::function<void(int)>& /*print_number*/) {
  // TODO(exercise): as fizz, printing the number itself.
  throw go::not_implemented{"fizz_buzz"};
}

}  // namespace ch10
