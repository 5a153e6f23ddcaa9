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

#include <mutex>

#include "go/detail/wait.hpp"

namespace go {

class mutex {
 public:
  mutex() = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  // lock: blocks until this fiber holds the mutex.
  void lock();
  // try_lock: takes the mutex if it is free (and no waiter starves); never blocks.
  [[nodiscard]] bool try_lock();
  // unlock: releases the mutex (wakes the longest waiter, or hands it the mutex if it starves).
  void unlock();

 private:
  struct lock_waiter;
  bool someone_starves_locked() const;

  std::mutex state_mutex_;
  bool locked_ = false;           // guarded by state_mutex_
  bool starving_ = false;         // hand-off mode; guarded by state_mutex_
  lock_waiter* woken_ = nullptr;  // woken to try again, not yet running; guarded by state_mutex_
  unsigned passed_over_ = 0;      // unlocks that left a waiter waiting; guarded by state_mutex_
  detail::waiter_queue waiters_;  // guarded by state_mutex_
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
