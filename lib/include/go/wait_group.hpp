// go/wait_group.hpp - wait for a collection of fibers to finish (Go's sync.WaitGroup).
//
// A wait_group counts outstanding work. add(n) before starting n fibers, done() as each
// finishes, and wait() blocks until the count is zero.
//
//   go::wait_group wg;
//   for (auto& order : orders) {
//     wg.add(1);                                  // before the spawn, never inside the fiber
//     go::spawn([&wg, order] { process(order); wg.done(); });
//   }
//   wg.wait();                                    // every order processed
//
// - add with a negative delta that takes the count below zero throws std::logic_error
//   (Go panics: "sync: negative WaitGroup counter").
// - Any number of fibers may wait; all wake when the count reaches zero.
// - Memory ordering: everything a fiber did before done() happens before wait() returns.
//
// Thread safety: all members may be called from any fiber or thread at once.
#pragma once

#include <mutex>

#include "go/detail/wait.hpp"

namespace go {

class wait_group {
 public:
  wait_group() = default;
  wait_group(const wait_group&) = delete;
  wait_group& operator=(const wait_group&) = delete;

  // add: adds `delta` (may be negative) to the count; waking the waiters when it reaches zero.
  void add(long delta);
  // done: one unit of work finished; add(-1).
  void done() { add(-1); }
  // wait: blocks until the count is zero.
  void wait();
  // count: the current count (for tests and demos; racy by nature while fibers run).
  [[nodiscard]] long count() const;

 private:
  mutable std::mutex mutex_;
  long count_ = 0;                  // guarded by mutex_
  detail::waiter_queue waiters_;    // guarded by mutex_
};

}  // namespace go
