// fizz_buzz.cpp - reference solution of the drill fizz_buzz (see fizz_buzz.hpp).
//
// Each method has an inbox channel; the token passed through them is the next i itself, so a
// fiber learns what to print from what it receives. Whoever prints i sends i + 1 to the inbox
// of whoever owns it; after n, the last printer closes every inbox, which ends each method's
// range-for - nobody has to know in advance how many turns it gets.
#include "fizz_buzz.hpp"

#include <array>

#include <go/go.hpp>

namespace ch10 {

namespace {

enum role { fizz_role, buzz_role, fizzbuzz_role, number_role };

role owner_of(int i) {
  if (i % 15 == 0) return fizzbuzz_role;
  if (i % 3 == 0) return fizz_role;
  if (i % 5 == 0) return buzz_role;
  return number_role;
}

}  // namespace

struct fizz_buzz::state {
  int n = 0;
  // One slot each: at most one token is ever in flight, so handing it over never blocks.
  std::array<go::chan<int>, 4> inbox{go::make_chan<int>(1), go::make_chan<int>(1), go::make_chan<int>(1),
                                     go::make_chan<int>(1)};

  // hand_on: gives the turn for i to its owner, or ends the game after n.
  void hand_on(int i) const {
    if (i > n) {
      for (const auto& box : inbox) box.close();
      return;
    }
    inbox[owner_of(i)].send(i);
  }

  template <class Print>
  void play(role me, const Print& print) const {
    for (int i : inbox[me]) {  // until the game ends
      print(i);
      hand_on(i + 1);
    }
  }
};

fizz_buzz::fizz_buzz(int n) : state_{std::make_unique<state>()} {
  state_->n = n;
  state_->hand_on(1);
}

fizz_buzz::~fizz_buzz() = default;

void fizz_buzz::fizz(const std::function<void()>& print_fizz) {
  state_->play(fizz_role, [&](int) { print_fizz(); });
}

void fizz_buzz::buzz(const std::function<void()>& print_buzz) {
  state_->play(buzz_role, [&](int) { print_buzz(); });
}

void fizz_buzz::fizzbuzz(const std::function<void()>& print_fizzbuzz) {
  state_->play(fizzbuzz_role, [&](int) { print_fizzbuzz(); });
}

void fizz_buzz::number(const std::function<void(int)>& print_number) { state_->play(number_role, print_number); }

}  // namespace ch10
