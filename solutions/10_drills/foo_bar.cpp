// foo_bar.cpp - reference solution of the drill foo_bar (see foo_bar.hpp).
//
// The turn is a token passed through channels: whoever holds it prints, then hands it over.
// Each channel holds one token, so the hand-over never waits for the other fiber to be ready.
#include "foo_bar.hpp"

#include <go/go.hpp>

namespace ch10 {

struct foo_bar::state {
  int n = 0;
  go::chan<go::empty> foo_turn = go::make_chan<go::empty>(1);
  go::chan<go::empty> bar_turn = go::make_chan<go::empty>(1);
};

foo_bar::foo_bar(int n) : state_{std::make_unique<state>()} {
  state_->n = n;
  state_->foo_turn.send({});  // foo goes first
}

foo_bar::~foo_bar() = default;

void foo_bar::foo(const std::function<void()>& print_foo) {
  for (int i = 0; i < state_->n; ++i) {
    state_->foo_turn.recv();
    print_foo();
    state_->bar_turn.send({});
  }
}

void foo_bar::bar(const std::function<void()>& print_bar) {
  for (int i = 0; i < state_->n; ++i) {
    state_->bar_turn.recv();
    print_bar();
    state_->foo_turn.send({});
  }
}

}  // namespace ch10
