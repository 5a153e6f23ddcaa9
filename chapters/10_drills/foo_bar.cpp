// foo_bar.cpp - your answer to the drill foo_bar (see foo_bar.hpp).
//
// Replace each TODO(exercise), then run `./workbook check 10 foo_bar`.
#include "foo_bar.hpp"

#include <go/go.hpp>

namespace ch10 {

// state: what foo and bar share.
struct foo_bar::state {
  int n = 0;
  // TODO(exercise): whose turn it is, in a form a fiber can wait for.
};

foo_bar::foo_bar(int n) : state_{std::make_unique<state>()} { state_->n = n; }
foo_bar::~foo_bar() = default;

void foo_bar::foo(const std::function<void()>& /*print_foo*/) {
  // TODO(exercise): n times: wait for foo's turn, print, give the turn to bar.
  throw go::not_implemented{"foo_bar"};
}

void foo_bar::bar(const std::function<void()>& /*print_bar*/) {
  // TODO(exercise): n times: wait for bar's turn, print, give the turn to foo.
  throw go::not_implemented{"foo_bar"};
}

}  // namespace ch10
