// primitives.hpp - chapter 04's advanced exercises: build sync.WaitGroup and a writer-preferring
// sync.RWMutex yourself, from a go::mutex and channels.
//
// Each class below is one exercise. Its comment is the statement: what to build, the Go it
// mirrors, and what the tests check. Write the bodies in primitives.cpp, then run
//
//   ./workbook check 04 wait_group
//
// Both wait the way every toolkit primitive waits: a fiber that must wait blocks on a channel,
// so other fibers run meanwhile and go::run can see it is blocked - a wait that can never end is
// reported as go::deadlock. Never wait by spinning (a loop of go::yield()): nothing can tell a
// spinning fiber from a working one. Use them from inside go::run:
//
//   go::run([] {
//     ch04::wait_group wg;
//     wg.add(2);
//     go::spawn([&wg] { work(1); wg.done(); });
//     go::spawn([&wg] { work(2); wg.done(); });
//     wg.wait();                                  // both done
//   });
//
// The tool they share: a closed channel wakes every receiver, at once and for ever - Go's
// broadcast. To wake all the fibers waiting for "something changed", close the channel they
// wait on and put a fresh one in its place for the next wait.
//
// Exercises, easiest first: wait_group, rw_mutex.
#pragma once

#include <go/go.hpp>

namespace ch04 {

// wait_group: Go's sync.WaitGroup, as go::wait_group provides it, built from a go::mutex and a
// channel. add(n) before starting n fibers, done() as each finishes, wait() blocks until the
// count is zero:
//
//   var wg sync.WaitGroup
//   for i := 0; i < 10; i++ { wg.Add(1); go func(id int) { defer wg.Done(); work(id) }(i) }
//   wg.Wait()
//
// The design the members below suggest: count_ and zero_ are guarded by mutex_. zero_ is a
// channel that is open while the count is above zero and closed when it drops to zero. wait()
// returns at once on a zero count; otherwise it takes the current zero_, unlocks, and receives
// from it - a receive on a closed channel returns at once, so every waiter wakes. When the count
// rises from zero again, the group needs a fresh, open zero_.
//
// add with a delta that would take the count below zero throws std::logic_error and leaves the
// count as it was (Go panics: "sync: negative WaitGroup counter").
//
// Tests: wait() on a zero count returns at once; wait() returns only after every done(); five
// waiters all wake and none is left blocked; a negative count throws std::logic_error; the group
// can be reused - after a first round, a new add makes wait() block again; 1,000 fibers on two
// threads calling done() at once are all counted; a wait() that can never end is reported as
// go::deadlock.
//
// Thread safety: all members may be called from any fiber at once.
class wait_group {
 public:
  wait_group() = default;
  wait_group(const wait_group&) = delete;
  wait_group& operator=(const wait_group&) = delete;

  // add: adds `delta` (may be negative) to the count; waiters wake when it reaches zero.
  void add(long delta);
  // done: one unit of work finished; add(-1).
  void done();
  // wait: blocks until the count is zero.
  void wait();

 private:
  go::mutex mutex_;
  long count_ = 0;            // guarded by mutex_
  go::chan<go::empty> zero_;  // guarded by mutex_: open while count_ > 0, closed at zero
};

// rw_mutex: Go's sync.RWMutex - any number of readers, or one writer - built from a go::mutex
// and a channel, and preferring writers:
//
//   rwmu.RLock(); value := sharedData; rwmu.RUnlock()   // many readers at once
//   rwmu.Lock(); sharedData++; rwmu.Unlock()            // one writer, no readers
//
// Writer preference: once a writer waits, readers that arrive after it wait too, even while
// other readers hold the lock. Without it a steady stream of overlapping readers - each one
// arriving before the last has left - keeps the count of readers above zero for ever and the
// writer starves. (The price: a steady stream of writers could starve readers. Go's RWMutex and
// go::rw_mutex avoid that as well by letting in, after each write, the readers that queued
// during it.)
//
// The design the members below suggest: readers_, writer_ and writers_waiting_ are guarded by
// state_. A fiber that must wait takes the current changed_ channel, unlocks state_, receives,
// locks state_ again and checks once more; whoever changes the state in a way that may let a
// waiter in closes changed_ and replaces it with a fresh one.
//
// Unlocking a lock that is not held throws std::logic_error (Go: fatal error). rw_mutex meets
// the standard Lockable and SharedLockable requirements used by std::lock_guard,
// std::unique_lock and std::shared_lock.
//
// Tests: three readers hold the lock at the same time (each waits for the other two); a writer
// excludes readers and other writers, and waits for the readers inside; a reader that arrives
// while a writer waits goes after the writer; a writer that arrives while readers relay the
// lock from one to the next gets in after the readers already inside, not after the whole
// relay; unlock and unlock_shared of an unlocked mutex throw; 8 fibers on two threads keep a
// shared invariant; a lock that is never released is reported as go::deadlock.
//
// Thread safety: all members may be called from any fiber at once.
class rw_mutex {
 public:
  rw_mutex() = default;
  rw_mutex(const rw_mutex&) = delete;
  rw_mutex& operator=(const rw_mutex&) = delete;

  // lock / unlock: the exclusive (writer) side (Go: Lock, Unlock).
  void lock();
  void unlock();
  // lock_shared / unlock_shared: the shared (reader) side (Go: RLock, RUnlock).
  void lock_shared();
  void unlock_shared();

 private:
  go::mutex state_;
  go::chan<go::empty> changed_ = go::make_chan<go::empty>();  // guarded by state_
  long readers_ = 0;          // fibers holding the shared lock; guarded by state_
  bool writer_ = false;       // a fiber holds the exclusive lock; guarded by state_
  long writers_waiting_ = 0;  // fibers waiting in lock(); guarded by state_
};

}  // namespace ch04
