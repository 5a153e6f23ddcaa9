// cyclic_barrier.cpp - reference solution of the drill cyclic_barrier (see cyclic_barrier.hpp).
//
// Each phase has its own channel, closed by the last fiber to arrive: closing wakes every
// waiter at once (Go's broadcast). The last arriver also puts a fresh channel in place under the
// lock, so a fast fiber that arrives for the next phase waits on the new channel - never on the
// closed one, which would let it straight through.
#include "cyclic_barrier.hpp"

#include <mutex>

#include <go/go.hpp>

namespace ch10 {

struct cyclic_barrier::state {
  int parties = 0;
  go::mutex mu;
  int arrived = 0;                                          // guarded by mu
  go::chan<go::empty> phase_over = go::make_chan<go::empty>();  // guarded by mu
};

cyclic_barrier::cyclic_barrier(int parties) : state_{std::make_unique<state>()} { state_->parties = parties; }
cyclic_barrier::~cyclic_barrier() = default;

void cyclic_barrier::arrive_and_wait() {
  go::chan<go::empty> phase_over;
  {
    std::lock_guard lock{state_->mu};
    phase_over = state_->phase_over;
    if (++state_->arrived == state_->parties) {
      state_->arrived = 0;
      state_->phase_over = go::make_chan<go::empty>();
      phase_over.close();  // the whole phase, the caller included, goes on
      return;
    }
  }
  phase_over.recv();  // without the lock, so that the others can arrive
}

}  // namespace ch10
