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
  bool handed = false;  // guarded by queue_mutex_
};

bool mutex::someone_starves_locked() const {
  const auto now = detail::clock::now();
  if (woken_ != nullptr && now - woken_->since >= starvation_after) return true;
  return !waiters_.empty() && now - static_cast<lock_waiter*>(waiters_.front().slot)->since >= starvation_after;
}

bool mutex::try_lock() {
  std::uint32_t state = state_.load(std::memory_order_relaxed);
  while ((state & (locked | starving)) == 0) {  // in normal mode a running fiber goes before waiters
    if (state_.compare_exchange_weak(state, state | locked, std::memory_order_acquire, std::memory_order_relaxed)) {
      return true;
    }
  }
  return false;
}

void mutex::lock_slow() {
  // Spin briefly first, as Go's sync.Mutex does: the holder may be running on another worker and
  // about to unlock, which costs less to wait for than a park and a wake-up.
  const bool may_spin = go::gomaxprocs() > 1;
  for (int round = 0;; ++round) {
    if (try_lock()) return;
    if (!may_spin || round == spin_rounds || (state_.load(std::memory_order_relaxed) & starving) != 0) break;
    for (int i = 0; i < spin_pauses; ++i) spin_pause();
  }
  lock_waiter me{detail::clock::now()};
  std::unique_lock queue{queue_mutex_};
  for (bool first_wait = true;; first_wait = false) {
    // Take the mutex, or count this fiber as a waiter; either way a woken waiter clears the woken
    // flag, which stands for it. Under queue_mutex_, so that an unlocker that sees the count finds
    // this fiber in the queue.
    const std::uint32_t mine = woken_ == &me ? woken : 0;
    if (mine != 0) woken_ = nullptr;
    // A woken waiter that has waited 1 ms turns on hand-off mode (Go), so the holder's unlock
    // gives the mutex to the queue's first waiter, not to whichever fiber runs.
    const std::uint32_t starves = !first_wait && detail::clock::now() - me.since >= starvation_after ? starving : 0;
    std::uint32_t state = state_.load(std::memory_order_relaxed);
    for (;;) {
      if ((state & (locked | starving)) == 0) {
        if (state_.compare_exchange_weak(state, (state | locked) & ~mine, std::memory_order_acquire,
                                         std::memory_order_relaxed)) {
          return;
        }
      } else if (state_.compare_exchange_weak(state, ((state + one_waiter) & ~mine) | starves,
                                              std::memory_order_relaxed)) {
        break;
      }
    }
    detail::wait_op op{"mutex.lock", this};
    detail::waiter queued{op, 0, &me};
    // A waiter woken to try again goes back to the front: it has waited longest (Go: LIFO).
    first_wait ? waiters_.push_back(queued) : waiters_.push_front(queued);
    op.block([&] { queue.unlock(); }, [&] {  // aborted: leave the queue and the count
      queue.lock();
      if (queued.is_linked()) {
        queued.unlink();
        state_.fetch_sub(one_waiter, std::memory_order_relaxed);
      }
      queue.unlock();
    });
    queue.lock();
    if (me.handed) return;  // starvation mode: the unlocker made this fiber the owner
  }
}

void mutex::unlock_slow(std::uint32_t state) {
  if (((state + locked) & locked) == 0) {
    state_.fetch_add(locked, std::memory_order_relaxed);  // undo the subtraction: it was not locked
    throw std::logic_error{"sync: unlock of unlocked mutex"};
  }
  detail::waiter* next = nullptr;
  {
    std::unique_lock queue{queue_mutex_, std::defer_lock};
    bool hand_off = (state & starving) != 0;
    // Now and then, look at the clock: a waiter passed over for 1 ms turns on hand-off mode. On
    // one worker a woken waiter cannot run while this fiber keeps relocking, so it cannot turn it
    // on itself. Counted roughly (a load and a store, not an atomic increment): it is a heuristic.
    const unsigned passed_over = passed_over_.load(std::memory_order_relaxed) + 1;
    passed_over_.store(passed_over, std::memory_order_relaxed);
    if (!hand_off && passed_over % clock_check_every == 0) {
      queue.lock();
      if (someone_starves_locked()) {
        const std::uint32_t before = state_.fetch_or(starving, std::memory_order_relaxed);
        if ((before & (locked | starving)) != 0) return;  // its holder (or unlocker) hands it off
        hand_off = true;
      }
    }
    if (hand_off) {
      if (!queue.owns_lock()) queue.lock();
      next = hand_off_locked();
    } else {
      // Normal mode: wake the longest waiter to try again, unless the mutex is taken already or
      // a woken waiter is on its way (more would only queue up again).
      while (state >= one_waiter && (state & (locked | woken | starving)) == 0) {
        if (state_.compare_exchange_weak(state, state | woken, std::memory_order_relaxed)) {
          if (!queue.owns_lock()) queue.lock();
          next = take_waiter_locked();
          if (next != nullptr) {
            woken_ = static_cast<lock_waiter*>(next->slot);
          } else {
            state_.fetch_sub(woken, std::memory_order_relaxed);  // the waiters gave up (aborted)
          }
          break;
        }
      }
    }
  }
  if (next != nullptr) next->op->wake();
}

// hand_off_locked: gives the mutex, which its unlocker left unlocked in starvation mode, to the
// waiter that has waited longest: a woken waiter that has not run yet, else the queue's first.
// Returns the waiter to wake, if any.
detail::waiter* mutex::hand_off_locked() {
  std::uint32_t change = locked;
  detail::waiter* next = nullptr;
  lock_waiter* heir = std::exchange(woken_, nullptr);
  if (heir != nullptr) {
    change -= woken;
  } else if ((next = take_waiter_locked()) != nullptr) {
    heir = static_cast<lock_waiter*>(next->slot);
  } else {
    change = 0;  // nobody waits any more: the mutex stays unlocked
  }
  if (heir != nullptr) heir->handed = true;
  if (heir == nullptr || !someone_starves_locked()) change -= starving;  // Go: normal once no one starves
  state_.fetch_add(change, std::memory_order_relaxed);
  return next;
}

// take_waiter_locked: takes the longest waiter out of the queue and the count; null if none is
// left (a waiter whose fiber is being unwound is skipped).
detail::waiter* mutex::take_waiter_locked() {
  while (!waiters_.empty()) {
    detail::waiter& first = waiters_.front();
    waiters_.pop_front();
    state_.fetch_sub(one_waiter, std::memory_order_relaxed);
    if (first.op->try_fire(first.case_index)) return &first;
  }
  return nullptr;
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
