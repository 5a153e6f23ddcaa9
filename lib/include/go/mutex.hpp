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
// - Unlocking is a hand-off: the longest-waiting fiber gets the lock next (no starvation).
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
  // try_lock: takes the mutex if it is free; never blocks.
  [[nodiscard]] bool try_lock();
  // unlock: releases the mutex, handing it to the longest waiter.
  void unlock();

 private:
  std::mutex state_mutex_;
  bool locked_ = false;           // guarded by state_mutex_
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
