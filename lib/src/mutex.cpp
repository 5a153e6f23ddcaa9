#include "go/mutex.hpp"

#include <chrono>
#include <stdexcept>
#include <utility>
#include <vector>

#include "go/runtime.hpp"

namespace go {

namespace {

// How long a waiter may be passed over before the mutex hands the lock over in order (Go's
// starvationThresholdNs).
constexpr auto starvation_after = std::chrono::milliseconds{1};

// unlock looks at the clock only every this many times it leaves the first waiter waiting: a
// clock read costs more than an uncontended lock and unlock.
constexpr unsigned clock_check_every = 16;

// Spinning before parking: Go's active_spin (4) rounds of active_spin_cnt (30) pauses.
constexpr int spin_rounds = 4;
constexpr int spin_pauses = 30;

inline void spin_pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Parks the calling fiber in `queue` until a waker hands it the lock.
void wait_in(detail::waiter_queue& queue, std::unique_lock<std::mutex>& lock, const char* what, const void* object) {
  detail::wait_op op{what, object};
  detail::waiter me{op};
  op.track(me);
  queue.push_back(me);
  op.block(lock);
}

}  // namespace

// A fiber waiting in mutex::lock: since when (kept across wake-ups), and whether the unlocker
// handed it the mutex (starvation mode) rather than woke it to try again.
struct mutex::lock_waiter {
  detail::clock::time_point since;
  bool handed = false;
};

bool mutex::someone_starves_locked() const {
  const auto now = detail::clock::now();
  if (woken_ != nullptr && now - woken_->since >= starvation_after) return true;
  return !waiters_.empty() && now - static_cast<lock_waiter*>(waiters_.front().slot)->since >= starvation_after;
}

void mutex::lock() {
  std::unique_lock lock{state_mutex_};
  if (!locked_ && !starving_) {
    locked_ = true;
    return;
  }
  // Spin briefly first, as Go's sync.Mutex does: the holder may be running on another worker and
  // about to unlock, which costs less to wait for than a park and a wake-up.
  if (go::gomaxprocs() > 1) {
    for (int round = 0; round < spin_rounds && locked_ && !starving_; ++round) {
      lock.unlock();
      for (int i = 0; i < spin_pauses; ++i) spin_pause();
      lock.lock();
    }
    if (!locked_ && !starving_) {
      locked_ = true;
      return;
    }
  }
  lock_waiter me{detail::clock::now()};
  for (bool first_wait = true;; first_wait = false) {
    detail::wait_op op{"mutex.lock", this};
    detail::waiter queued{op, 0, &me};
    op.track(queued);
    // A waiter woken to try again goes back to the front: it has waited longest (Go: LIFO).
    first_wait ? waiters_.push_back(queued) : waiters_.push_front(queued);
    op.block(lock);
    lock.lock();
    if (me.handed) return;  // starvation mode: the unlocker made this fiber the owner
    if (woken_ == &me) woken_ = nullptr;
    if (!locked_ && !starving_) {
      locked_ = true;
      return;
    }
  }
}

bool mutex::try_lock() {
  std::lock_guard lock{state_mutex_};
  if (locked_ || starving_) return false;
  locked_ = true;
  return true;
}

void mutex::unlock() {
  detail::waiter* next = nullptr;
  {
    std::lock_guard lock{state_mutex_};
    if (!locked_) throw std::logic_error{"sync: unlock of unlocked mutex"};
    const bool contended = woken_ != nullptr || !waiters_.empty();
    if (!starving_ && contended && ++passed_over_ % clock_check_every == 0) starving_ = someone_starves_locked();
    if (starving_) {
      // Hand-off: the waiter owns the mutex from here. A woken waiter that has not run yet goes
      // first - on one worker it cannot run while the unlocking fiber keeps the lock busy.
      if (woken_ != nullptr) {
        std::exchange(woken_, nullptr)->handed = true;
      } else if ((next = detail::take_first(waiters_)) != nullptr) {
        static_cast<lock_waiter*>(next->slot)->handed = true;
      } else {
        locked_ = false;
      }
      starving_ = locked_ && someone_starves_locked();  // Go: back to normal once no one starves
    } else {
      locked_ = false;
      if (woken_ == nullptr) {  // one woken waiter at a time: more would only queue up again
        next = detail::take_first(waiters_);
        if (next != nullptr) woken_ = static_cast<lock_waiter*>(next->slot);
      }
    }
  }
  if (next != nullptr) next->op->wake();
}

void rw_mutex::lock() {
  std::unique_lock lock{state_mutex_};
  if (!writer_ && readers_ == 0) {
    writer_ = true;
    return;
  }
  wait_in(writers_waiting_, lock, "rw_mutex.lock", this);
}

bool rw_mutex::try_lock() {
  std::lock_guard lock{state_mutex_};
  if (writer_ || readers_ != 0) return false;
  writer_ = true;
  return true;
}

void rw_mutex::unlock() {
  std::vector<detail::wait_op*> wake;
  {
    std::lock_guard lock{state_mutex_};
    if (!writer_) throw std::logic_error{"sync: unlock of unlocked rw_mutex"};
    writer_ = false;
    // Readers that queued during the write go first; otherwise the next writer.
    while (detail::waiter* reader = detail::take_first(readers_waiting_)) {
      ++readers_;
      wake.push_back(reader->op);
    }
    if (wake.empty()) {
      if (detail::waiter* writer = detail::take_first(writers_waiting_)) {
        writer_ = true;
        wake.push_back(writer->op);
      }
    }
  }
  for (detail::wait_op* op : wake) op->wake();
}

void rw_mutex::lock_shared() {
  std::unique_lock lock{state_mutex_};
  if (!writer_ && writers_waiting_.empty()) {
    ++readers_;
    return;
  }
  wait_in(readers_waiting_, lock, "rw_mutex.lock_shared", this);  // admitted by the waker
}

bool rw_mutex::try_lock_shared() {
  std::lock_guard lock{state_mutex_};
  if (writer_ || !writers_waiting_.empty()) return false;
  ++readers_;
  return true;
}

void rw_mutex::unlock_shared() {
  detail::waiter* writer = nullptr;
  {
    std::lock_guard lock{state_mutex_};
    if (readers_ == 0) throw std::logic_error{"sync: unlock_shared of unlocked rw_mutex"};
    if (--readers_ == 0) {
      writer = detail::take_first(writers_waiting_);
      writer_ = writer != nullptr;
    }
  }
  if (writer != nullptr) writer->op->wake();
}

}  // namespace go
