// go/detail/parker.hpp - how one fiber sleeps until another wakes it (Go's gopark/goready).
//
// Every blocking toolkit operation ends in parker::park. A fiber has one parker for its whole
// life (it lives in the fiber's record), so a waker may touch it until the parked fiber has seen
// the wake-up. abort() is sticky: once a run is being torn down (deadlock, panic, timeout) every
// park of that fiber returns `aborted` at once and the caller unwinds the fiber.
//
// Thread safety: park() is called by the owning fiber only; unpark() and abort() from any fiber
// or thread. Neither unpark() nor abort() ever suspends the caller, so they may be called while
// the caller holds a std::mutex.
#pragma once

#include <chrono>
#include <mutex>

#include <boost/fiber/condition_variable.hpp>

namespace go::detail {

using clock = std::chrono::steady_clock;

enum class park_result { woken, timed_out, aborted };

class parker {
 public:
  // prepare: arms the parker for the next park(); called before the fiber publishes a waiter.
  void prepare() {
    std::lock_guard lock{mutex_};
    woken_ = false;
  }

  // park: suspends the calling fiber until unpark(), abort(), or the deadline.
  park_result park(clock::time_point deadline = clock::time_point::max());

  // unpark: wakes the parked fiber (or makes its next park() return at once).
  void unpark() noexcept;

  // wait_woken: suspends until unpark(), ignoring abort (a waker is known to be on its way).
  void wait_woken();

  // abort: makes this and every later park() return `aborted` (unless already woken).
  void abort() noexcept;

  [[nodiscard]] bool aborted() const {
    std::lock_guard lock{mutex_};
    return aborted_;
  }

 private:
  mutable std::mutex mutex_;  // held only for a few instructions, never across a suspension
  boost::fibers::condition_variable_any wake_;
  bool woken_ = false;    // guarded by mutex_
  bool aborted_ = false;  // guarded by mutex_
};

}  // namespace go::detail
