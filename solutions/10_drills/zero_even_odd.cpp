// zero_even_odd.cpp - reference solution of the drill zero_even_odd (see zero_even_odd.hpp).
//
// As in foo_bar, the turn is a token passed through one-slot channels; zero decides who gets it
// next. Each fiber knows how many numbers are its own, so it returns without waiting for a
// turn that never comes (for n = 1, even prints nothing and returns at once).
#include "zero_even_odd.hpp"

#include <go/go.hpp>

namespace ch10 {

struct zero_even_odd::state {
  int n = 0;
  go::chan<go::empty> zero_turn = go::make_chan<go::empty>(1);
  go::chan<go::empty> odd_turn = go::make_chan<go::empty>(1);
  go::chan<go::empty> even_turn = go::make_chan<go::empty>(1);
};

zero_even_odd::zero_even_odd(int n) : state_{std::make_unique<state>()} {
  state_->n = n;
  state_->zero_turn.send({});  // zero goes first
}

zero_even_odd::~zero_even_odd() = default;

void zero_even_odd::zero(const std::function<void(int)>& print) {
  for (int i = 1; i <= state_->n; ++i) {
    state_->zero_turn.recv();
    print(0);
    (i % 2 == 1 ? state_->odd_turn : state_->even_turn).send({});
  }
}

void zero_even_odd::even(const std::function<void(int)>& print) {
  for (int i = 2; i <= state_->n; i += 2) {
    state_->even_turn.recv();
    print(i);
    state_->zero_turn.send({});
  }
}

void zero_even_odd::odd(const std::function<void(int)>& print) {
  for (int i = 1; i <= state_->n; i += 2) {
    state_->odd_turn.recv();
    print(i);
    state_->zero_turn.send({});
  }
}

}  // namespace ch10
