// zero_even_odd.cpp - your answer to the drill zero_even_odd (see zero_even_odd.hpp).
//
// Replace each TODO(exercise), then run `./workbook check 10 zero_even_odd`.
#include "zero_even_odd.hpp"

#include <go/go.hpp>

namespace ch10 {

// state: what zero, even and odd share.
struct zero_even_odd::state {
  int n = 0;
  // TODO(exercise): whose turn it is, in a form a fiber can wait for.
};

zero_even_odd::zero_even_odd(int n) : state_{std::make_unique<state>()} { state_->n = n; }
zero_even_odd::~zero_even_odd() = default;

void zero_even_odd::zero(const std::function<void(int)>& /*print*/) {
  // TODO(exercise): for i in 1..n: wait for zero's turn, print 0, give the turn to odd or even.
  throw go::not_implemented{"zero_even_odd"};
}

void zero_even_odd::even(const std::function<void(int)>& /*print*/) {
  // TODO(exercise): for i = 2, 4, ... <= n: wait for the turn, print i, give the turn to zero.
  throw go::not_implemented{"zero_even_odd"};
}

void zero_even_odd::odd(const std::function<void(int)>& /*print*/) {
  // TODO(exercise): for i = 1, 3, ... <= n: wait for the turn, print i, give the turn to zero.
  throw go::not_implemented{"zero_even_odd"};
}

}  // namespace ch10
