// go/detail/short_mutex.hpp - the lock around a channel's state, held for a few instructions.
//
// Go guards each channel with a runtime lock (runtime/lock_futex.go): one atomic operation to
// take it when it is free, a short spin when it is not, then a futex sleep. glibc's
// pthread_mutex_t behind std::mutex does the same, but every lock and unlock is a call that
// first dispatches on the mutex's kind: 57 instructions per lock/unlock pair (callgrind), paid
// two to four times per channel operation and per select. Here the free path is one
// compare-exchange and the unlock one exchange, inline.
//
//   detail::short_mutex mutex;
//   std::unique_lock lock{mutex};  // a standard Lockable: lock_guard and unique_lock work
//
// - lock() spins briefly while another thread holds the lock, then sleeps in the kernel
//   (std::atomic::wait, a futex on Linux) until unlock() wakes it.
// - The state is U. Drepper's "Futexes Are Tricky" mutex: 0 free, 1 locked, 2 locked and
//   someone may sleep, so that unlock() calls into the kernel only when someone may sleep.
// - Memory: lock() acquires and unlock() releases, as std::mutex.
//
// Thread safety: any thread or fiber. Never park a fiber while holding it: it is not a fiber
// lock, and a fiber switch on the same worker could try to take it again.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

#include <boost/fiber/detail/cpu_relax.hpp>

namespace go::detail {

class short_mutex {
 public:
  short_mutex() = default;
  short_mutex(const short_mutex&) = delete;
  short_mutex& operator=(const short_mutex&) = delete;

  // lock: takes the lock, spinning then sleeping while another thread holds it.
  void lock() noexcept {
    if (!try_lock()) [[unlikely]] lock_contended_();
  }

  // try_lock: takes the lock if it is free; never waits.
  [[nodiscard]] bool try_lock() noexcept {
    std::uint32_t expected = free;
    return state_.compare_exchange_strong(expected, locked, std::memory_order_acquire, std::memory_order_relaxed);
  }

  // unlock: releases the lock and wakes one sleeper if there may be one.
  void unlock() noexcept {
    if (state_.exchange(free, std::memory_order_release) == contended) [[unlikely]] state_.notify_one();
  }

 private:
  static constexpr std::uint32_t free = 0;
  static constexpr std::uint32_t locked = 1;
  static constexpr std::uint32_t contended = 2;  // locked, and a thread may sleep on it

  // lock_contended_: Go's lock2 in short: spin while the holder (running on another core) is
  // about to release, yield once, then sleep. Out of line: the fast path stays small.
  [[gnu::noinline]] void lock_contended_() noexcept {
    for (int spin = 0; spin < spins; ++spin) {
      cpu_relax();
      if (state_.load(std::memory_order_relaxed) == free && try_lock()) return;
    }
    std::this_thread::yield();
    // From here the lock is taken as `contended`, since a sleeper may remain behind us.
    while (state_.exchange(contended, std::memory_order_acquire) != free) state_.wait(contended, std::memory_order_relaxed);
  }

  static constexpr int spins = 120;  // Go's 4 rounds of 30 pauses

  std::atomic<std::uint32_t> state_{free};
};

}  // namespace go::detail
