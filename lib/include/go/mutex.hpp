// go/mutex.hpp - mutual exclusion between fibers (Go's sync.Mutex and sync.RWMutex).
//
// go::mutex meets the standard Lockable requirements, so std::lock_guard, std::unique_lock
// and std::scoped_lock work; go::rw_mutex adds the shared side for std::shared_lock.
//
//   go::mutex mu;
//   int balance = 0;  // guarded by mu
//   { std::lock_guard lock{mu}; balance += 10; }
//
//   go::rw_mutex rw;
//   { std::shared_lock read{rw}; use(cache); }    // many readers at once
//   { std::lock_guard write{rw}; cache.clear(); } // one writer, no readers
//
// - A waiting fiber sleeps (other fibers run); a std::mutex would block the whole worker
//   thread, and holding one across a fiber switch can deadlock that thread.
// - Go's two modes. Normally unlock frees the lock and wakes the longest waiter, which then
//   competes for it: a fiber that is running may take the lock again first (it is cheaper to let
//   the running fiber go on than to switch to the waiter). Once a waiter has waited 1 ms the
//   mutex starves no one: each unlock hands it to the longest waiter, and new lockers queue,
//   until the queue is empty or its first waiter has waited less than 1 ms. So no waiter is
//   passed over for much longer than a millisecond.
// - While no one waits, lock is one compare-and-swap and unlock one atomic subtraction on one
//   word (Go's state: locked, woken and starving flags and the count of waiters); the std::mutex
//   that guards the waiters is taken only to sleep, to wake one, or to hand the mutex over.
// - Memory: everything a fiber wrote before unlock is visible to whoever locks it next.
// - With more than one worker, lock spins briefly before it sleeps (Go's few rounds of pauses):
//   a holder running on another worker usually unlocks sooner than a sleep and wake-up take.
// - rw_mutex prefers writers: once a writer waits, new readers wait behind it, and when the
//   writer unlocks, the readers that queued meanwhile go first. Neither side starves.
// - Unlocking a mutex that is not locked throws std::logic_error (Go: fatal error).
// - As in Go, a mutex is not tied to a fiber: another fiber may unlock it.
// - A fiber blocked forever on a lock shows up in go::run's deadlock report.
//
// Thread safety: all members may be called from any fiber or thread at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

#include "go/detail/wait.hpp"

namespace go {

class mutex {
 public:
  mutex() = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  // lock: blocks until this fiber holds the mutex.
  void lock() {
    std::uint32_t free = 0;  // nobody holds it, waits for it or was woken for it
    if (!state_.compare_exchange_strong(free, locked, std::memory_order_acquire, std::memory_order_relaxed)) [[unlikely]] {
      lock_slow();
    }
  }
  // try_lock: takes the mutex if it is free (and no waiter starves); never blocks.
  [[nodiscard]] bool try_lock();
  // unlock: releases the mutex (wakes the longest waiter, or hands it the mutex if it starves).
  void unlock() {
    const std::uint32_t rest = state_.fetch_sub(locked, std::memory_order_release) - locked;
    if (rest != 0) [[unlikely]] unlock_slow(rest);  // waiters, a woken one, starvation, or misuse
  }

 private:
  struct lock_waiter;
  // state_ as Go's sync.Mutex keeps it: three flags and, above them, the number of fibers queued
  // in waiters_. lock is one compare-and-swap and unlock one atomic subtraction while nobody
  // waits; only the slow paths take queue_mutex_.
  static constexpr std::uint32_t locked = 1;    // a fiber holds the mutex
  static constexpr std::uint32_t woken = 2;     // a waiter was woken to try again, not yet run
  static constexpr std::uint32_t starving = 4;  // hand-off mode: unlock gives the mutex to a waiter
  static constexpr std::uint32_t one_waiter = 8;

  void lock_slow();
  void unlock_slow(std::uint32_t state);
  detail::waiter* hand_off_locked();
  detail::waiter* take_waiter_locked();
  bool someone_starves_locked() const;

  std::atomic<std::uint32_t> state_{0};
  std::atomic<unsigned> passed_over_{0};  // contended unlocks, counted roughly (a heuristic)
  std::mutex queue_mutex_;
  lock_waiter* woken_ = nullptr;  // the waiter the woken flag stands for; guarded by queue_mutex_
  detail::waiter_queue waiters_;  // guarded by queue_mutex_
};

class rw_mutex {
 public:
  rw_mutex() = default;
  rw_mutex(const rw_mutex&) = delete;
  rw_mutex& operator=(const rw_mutex&) = delete;

  // lock / try_lock / unlock: the exclusive (writer) side.
  void lock();
  [[nodiscard]] bool try_lock();
  void unlock();
  // lock_shared / try_lock_shared / unlock_shared: the shared (reader) side (Go: RLock).
  void lock_shared();
  [[nodiscard]] bool try_lock_shared();
  void unlock_shared();

 private:
  std::mutex state_mutex_;
  long readers_ = 0;                   // readers holding the lock; guarded by state_mutex_
  bool writer_ = false;                // a writer holds the lock; guarded by state_mutex_
  detail::waiter_queue readers_waiting_;  // guarded by state_mutex_
  detail::waiter_queue writers_waiting_;  // guarded by state_mutex_
};

}  // namespace go
