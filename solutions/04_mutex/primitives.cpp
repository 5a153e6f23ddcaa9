// primitives.cpp - reference solutions to chapter 04's advanced exercises (statements in
// primitives.hpp).
#include "primitives.hpp"

#include <mutex>
#include <stdexcept>

namespace ch04 {

namespace {

// wait_for_change: releases `held`, sleeps until `changed` is closed, and locks `held` again.
// `changed` is taken by value before the unlock: the member it came from may be replaced by
// the fiber that closes it.
void wait_for_change(std::unique_lock<go::mutex>& held, go::chan<go::empty> changed) {
  held.unlock();
  changed.recv();  // a closed channel wakes every receiver
  held.lock();
}

// broadcast: wakes every fiber waiting on `changed` and gives the next waiters a fresh channel.
// Called with the lock that guards `changed` held.
void broadcast(go::chan<go::empty>& changed) {
  changed.close();
  changed = go::make_chan<go::empty>();
}

}  // namespace

void wait_group::add(long delta) {
  std::lock_guard lock{mutex_};
  const long count = count_ + delta;
  if (count < 0) throw std::logic_error{"sync: negative WaitGroup counter"};
  if (count_ == 0 && count > 0) zero_ = go::make_chan<go::empty>();  // a new round: waiters block
  if (count_ > 0 && count == 0) zero_.close();                        // round over: every waiter wakes
  count_ = count;
}

void wait_group::done() { add(-1); }

void wait_group::wait() {
  std::unique_lock lock{mutex_};
  if (count_ == 0) return;
  const go::chan<go::empty> zero = zero_;  // this round's channel; add() may replace zero_ later
  lock.unlock();                           // never block while holding the mutex
  zero.recv();
}

void rw_mutex::lock() {
  std::unique_lock lock{state_};
  ++writers_waiting_;  // from now on, arriving readers wait behind us
  while (writer_ || readers_ > 0) wait_for_change(lock, changed_);
  --writers_waiting_;
  writer_ = true;
}

void rw_mutex::unlock() {
  std::lock_guard lock{state_};
  if (!writer_) throw std::logic_error{"sync: Unlock of unlocked RWMutex"};
  writer_ = false;
  broadcast(changed_);  // the next writer, or the readers if no writer waits
}

void rw_mutex::lock_shared() {
  std::unique_lock lock{state_};
  while (writer_ || writers_waiting_ > 0) wait_for_change(lock, changed_);  // writers first
  ++readers_;
}

void rw_mutex::unlock_shared() {
  std::lock_guard lock{state_};
  if (readers_ == 0) throw std::logic_error{"sync: RUnlock of unlocked RWMutex"};
  if (--readers_ == 0) broadcast(changed_);  // only a writer waits for the readers to leave
}

}  // namespace ch04
