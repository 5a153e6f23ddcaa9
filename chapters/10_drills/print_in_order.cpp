// print_in_order.cpp - your answer to the drill print_in_order (see print_in_order.hpp).
//
// Replace each TODO(exercise), then run `./workbook check 10 print_in_order`.
#include "print_in_order.hpp"

#include <go/go.hpp>

namespace ch10 {

// state: what first, second and third share.
struct print_in_order::state {
  // TODO(exercise): the signals that say "first is done" and "second is done".
};

print_in_order::print_in_order() : state_{std::make_unique<state>()} {}
print_in_order::~print_in_order() = default;

void print_in_order::first(const std::function<void()>& /*print_first*/) {
  // TODO(exercise): print, then tell second it may go.
  throw go::not_implemented{"print_in_order"};
}

void print_in_order::second(const std::function<void()>& /*print_second*/) {
  // TODO(exercise): wait for first, print, then tell third it may go.
  throw go::not_implemented{"print_in_order"};
}

void print_in_order::third(const std::function<void()>& /*print_third*/) {
  // TODO(exercise): wait for second, then print.
  throw go::not_implemented{"print_in_order"};
}

}  // namespace ch10
