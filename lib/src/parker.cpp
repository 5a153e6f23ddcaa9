// The parker: two flags under Boost's spinlock, and the fiber's context suspended and made ready
// directly (see go/detail/parker.hpp).
#include "go/detail/parker.hpp"

#include <mutex>
#include <utility>

#include <boost/fiber/context.hpp>

#include "scheduler.hpp"
#include "tsan_fibers.hpp"

namespace go::detail {

namespace {

using boost::fibers::context;
using boost::fibers::detail::spinlock;
using boost::fibers::detail::spinlock_lock;

// switch_lock: hands the held spinlock to Boost's suspend, which releases it once the fiber has
// switched out - through std::unique_lock::unlock, which releases the lock and *then* writes the
// unique_lock's own flag. By then a waker on another thread may have resumed the fiber, so that
// object must not be one the fiber uses again (its stack, its parker): it is the switching
// worker thread's own, which only that thread touches, one switch after another. Not inline: a
// fiber that resumes on another thread must not reuse this thread's address.
[[gnu::noinline]] spinlock_lock& switch_lock(spinlock& held) noexcept {
  tsan_fibers::released_after_switch(&held);
  thread_local spinlock_lock lock;
  lock = spinlock_lock{held, std::adopt_lock};
  return lock;
}

}  // namespace

park_result parker::park(clock::time_point deadline) {
  spinlock_.lock();
  while (!woken_ && !aborted_) {
    suspend(deadline);
    if (!woken_ && !aborted_ && clock::now() >= deadline) {
      spinlock_.unlock();
      return park_result::timed_out;
    }
  }
  const park_result result = woken_ ? park_result::woken : park_result::aborted;
  spinlock_.unlock();
  return result;
}

void parker::wait_woken() {
  spinlock_.lock();
  while (!woken_) suspend(clock::time_point::max());
  spinlock_.unlock();
}

void parker::unpark() noexcept {
  spinlock_.lock();
  woken_ = true;
  resume_and_unlock();
}

void parker::abort() noexcept {
  spinlock_.lock();
  aborted_ = true;
  resume_and_unlock();
}

void parker::suspend(clock::time_point deadline) {
  context* const self = context::active();
  suspended_ = true;
  ready_queue* const queue = deadline == clock::time_point::max() ? detachable_worker_queue(self) : nullptr;
  if (queue != nullptr) {
    detached_ = self;
    queue_ = queue;
    park_detached(self, switch_lock(spinlock_.boost_lock()));
  } else {
    // Boost's own way (its wait_queue's): a waker with an epoch, so that a wake-up that comes
    // after the deadline has already resumed the fiber does nothing.
    waker_ = self->create_waker();
    if (deadline == clock::time_point::max()) {
      self->suspend(switch_lock(spinlock_.boost_lock()));
    } else {
      self->wait_until(deadline, switch_lock(spinlock_.boost_lock()), boost::fibers::waker{waker_});
    }
  }
  spinlock_.lock();
  suspended_ = false;  // also when the deadline, not a waker, ended the suspension
  detached_ = nullptr;
}

void parker::resume_and_unlock() noexcept {
  if (!suspended_) {  // not parked yet (park will see the flags), or already resumed
    spinlock_.unlock();
    return;
  }
  suspended_ = false;
  if (context* const fiber = std::exchange(detached_, nullptr)) {
    ready_queue& queue = *queue_;
    // Unlocked first: the fiber cannot run (nor free this parker) until it is made ready, and
    // once it is, this thread must not touch the parker again.
    spinlock_.unlock();
    make_ready(fiber, queue);
    return;
  }
  {
    // Under the lock: once it is released, a fiber whose deadline passed may run on, exit and
    // free the context the waker points to.
    run_next_scope run_next;  // the woken fiber runs next on this worker (Go's goready)
    waker_.wake();
  }
  spinlock_.unlock();
}

}  // namespace go::detail
