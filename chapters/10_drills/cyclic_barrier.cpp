// cyclic_barrier.cpp - your answer to the drill cyclic_barrier (see cyclic_barrier.hpp).
//
// Replace each TODO(exercise), then run `./workbook check 10 cyclic_barrier`.
#include "cyclic_barrier.hpp"

#include <go/go.hpp>

namespace ch10 {

// state: what the arriving fibers share.
struct cyclic_barrier::state {
  int parties = 0;
  // TODO(exercise): how many have arrived in this phase, and what the others wait on.
};

cyclic_barrier::cyclic_barrier(int parties) : state_{std::make_unique<state>()} { state_->parties = parties; }
cyclic_barrier::~cyclic_barrier() = default;

void cyclic_barrier::arrive_and_wait() {
  // TODO(exercise): count yourself in; the last to arrive wakes everyone and starts a new phase.
  throw go::not_implemented{"cyclic_barrier"};
}

}  // namespace ch10
