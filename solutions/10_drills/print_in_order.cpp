// print_in_order.cpp - reference solution of the drill print_in_order (see print_in_order.hpp).
//
// Go's answer: a closed channel is a signal every receiver sees, now or later, so "first is
// done" is close(firstDone) and waiting for it is <-firstDone.
#include "print_in_order.hpp"

#include <go/go.hpp>

namespace ch10 {

struct print_in_order::state {
  go::chan<go::empty> first_done = go::make_chan<go::empty>();
  go::chan<go::empty> second_done = go::make_chan<go::empty>();
};

print_in_order::print_in_order() : state_{std::make_unique<state>()} {}
print_in_order::~print_in_order() = default;

void print_in_order::first(const std::function<void()>& print_first) {
  print_first();
  state_->first_done.close();
}

void print_in_order::second(const std::function<void()>& print_second) {
  state_->first_done.recv();  // returns (empty) once first_done is closed
  print_second();
  state_->second_done.close();
}

void print_in_order::third(const std::function<void()>& print_third) {
  state_->second_done.recv();
  print_third();
}

}  // namespace ch10
