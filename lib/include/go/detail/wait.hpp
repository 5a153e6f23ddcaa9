// go/detail/wait.hpp - the waiter queues every blocking primitive is built on (Go's sudog).
//
// A blocking operation is a wait_op: one per send, receive, lock or select. It puts one waiter
// into the queue of each object it waits on, then parks. A waker takes a waiter out of a queue
// and calls try_fire: only the first to fire an op wins (a select waiting on three channels is
// fired by exactly one of them), the others skip it. The winner transfers the value while it
// holds the queue's lock, and wakes the op after releasing it.
//
//   std::unique_lock lock{mutex_};
//   if (ready_) return;
//   detail::wait_op op{"wait_group.wait", this};
//   detail::waiter me{op};
//   waiters_.push_back(me);
//   op.block(lock);               // parks; on return a waker fired op (or it unwinds the fiber)
//
// Deadlock accounting: while an op waits with no deadline it counts as blocked in its runtime;
// try_fire (or the op itself, when aborted) takes the count back. When the count reaches the
// number of live fibers and timers, nothing can ever wake any of them: the runtime reports a
// deadlock.
//
// Thread safety: waiter queues are guarded by their owner's mutex; try_fire is atomic.
#pragma once

#include <atomic>
#include <mutex>

#include <boost/intrusive/list.hpp>

#include "go/detail/fiber_record.hpp"

namespace go::detail {

class wait_op;

// waiter: one wait_op's place in one queue. `slot` points at the value a send offers or where a
// receive wants its value; `closed` tells a woken op that a close, not a value, woke it.
struct waiter : boost::intrusive::list_base_hook<boost::intrusive::link_mode<boost::intrusive::auto_unlink>> {
  explicit waiter(wait_op& owner, int index = 0, void* value_slot = nullptr)
      : op{&owner}, case_index{index}, slot{value_slot} {}
  wait_op* op;
  int case_index;
  void* slot;
  bool closed = false;
};

using waiter_queue = boost::intrusive::list<waiter, boost::intrusive::constant_time_size<false>>;

class wait_op {
 public:
  static constexpr int pending = -1;
  static constexpr int aborted = -2;

  // what: static text naming the operation ("chan send"); object: the thing waited on.
  wait_op(const char* what, const void* object);
  wait_op(const wait_op&) = delete;
  wait_op& operator=(const wait_op&) = delete;

  // try_fire: claims this op for case `index`; false if another waker (or an abort) was first.
  bool try_fire(int index) noexcept;

  // wake: resumes the op's fiber; call after try_fire succeeded and after releasing the lock.
  void wake() noexcept {
    if (thread_trace != nullptr) [[unlikely]] trace_wake(fiber_);  // an arrow from waker to woken
    fiber_.park.unpark();
  }

  // block: publishes the op as blocked, releases `lock` (via unlock()), parks until fired, and
  // returns the fired case index. `relock_and_unlink` runs when the op must leave its queues
  // itself (abort); block then unwinds the fiber with fiber_unwind.
  template <class Unlock, class Unlink>
  int block(Unlock unlock, Unlink relock_and_unlink);

  // Overload for the common case of one mutex (std::mutex, a channel's short_mutex) and queues
  // it guards.
  template <class Mutex>
  int block(std::unique_lock<Mutex>& lock) {
    return block([&] { lock.unlock(); }, [&] {
      lock.lock();
      unlink_all_();
      lock.unlock();
    });
  }

  // A waiter of this op registers itself so that block(lock) can unlink it on abort.
  void track(waiter& w) { tracked_ = &w; }

 private:
  void unlink_all_() {
    if (tracked_ != nullptr && tracked_->is_linked()) tracked_->unlink();
  }
  bool begin_blocking_();   // true when this op made every fiber of the run blocked
  void report_stuck_();
  void end_blocking_() noexcept;

  fiber_record& fiber_;
  const char* what_;
  const void* object_;
  std::atomic<int> state_{pending};
  bool counted_ = false;  // counted as blocked; written before the op is published
  waiter* tracked_ = nullptr;
};

// take_first: pops waiters off `queue` until one fires for its own case; null when none does.
inline waiter* take_first(waiter_queue& queue) noexcept {
  while (!queue.empty()) {
    waiter& w = queue.front();
    queue.pop_front();
    if (w.op->try_fire(w.case_index)) return &w;
  }
  return nullptr;
}

template <class Unlock, class Unlink>
int wait_op::block(Unlock unlock, Unlink relock_and_unlink) {
  const bool stuck = begin_blocking_();
  unlock();
  if (stuck) report_stuck_();
  for (;;) {
    if (fiber_.park.park() == park_result::woken) break;
    // Aborted: leave the queues unless a waker fired us first (then wait for its wake-up, since
    // it may still be writing into our slot), and unwind.
    int expected = pending;
    if (state_.compare_exchange_strong(expected, aborted)) {
      end_blocking_();
      relock_and_unlink();
      fiber_.waiting_on = nullptr;
      unwind_fiber(fiber_);
    }
    fiber_.park.wait_woken();
    break;
  }
  fiber_.waiting_on = nullptr;
  // Woken while the run is being torn down: unwind rather than run on, since the objects this
  // fiber shares with others (main's locals, say) may already be gone.
  if (fiber_.park.aborted()) unwind_fiber(fiber_);
  return state_.load(std::memory_order_acquire);
}

}  // namespace go::detail
