// go/detail/parker.hpp - how one fiber sleeps until another wakes it (Go's gopark/goready).
//
// Every blocking toolkit operation ends in parker::park. A fiber has one parker for its whole
// life (it lives in the fiber's record), so a waker may touch it until the parked fiber has seen
// the wake-up. abort() is sticky: once a run is being torn down (deadlock, panic, timeout) every
// park of that fiber returns `aborted` at once and the caller unwinds the fiber.
//
// The parker suspends the fiber through Boost.Fiber's context API directly, under one spinlock,
// as Boost's own wait_queue does - not through a std::mutex and a condition_variable_any, which
// took three locks per hand-off. A fiber of a go::run that parks with no deadline also leaves its
// worker thread (see scheduler.hpp: park_detached), so whichever worker wakes it runs it next,
// as Go's goready does - two fibers handing values back and forth end up on one worker.
//
// Thread safety: park() is called by the owning fiber only; unpark() and abort() from any fiber
// or thread. Neither unpark() nor abort() ever suspends the caller, so they may be called while
// the caller holds a std::mutex.
#pragma once

#include <chrono>
#include <mutex>

#include <boost/fiber/detail/spinlock.hpp>
#include <boost/fiber/waker.hpp>

namespace boost::fibers {
class context;
}

namespace go::detail {

using clock = std::chrono::steady_clock;

enum class park_result { woken, timed_out, aborted };

struct ready_queue;

// quick_spinlock: Boost's spinlock, taken with one exchange when it is free. Its own lock()
// first touches a thread-local random generator (for the back-off under contention), which costs
// a thread-local initialisation check and a call on every lock; the parker's lock is almost
// never contended, so lock() tries the exchange first and lets Boost's lock() spin only when it
// fails. Still Boost's type underneath, because context::suspend releases exactly that type.
class quick_spinlock {
 public:
  void lock() noexcept {
    if (!lock_.try_lock()) lock_.lock();
  }
  void unlock() noexcept { lock_.unlock(); }
  boost::fibers::detail::spinlock& boost_lock() noexcept { return lock_; }

 private:
  boost::fibers::detail::spinlock lock_;
};

class parker {
 public:
  // prepare: arms the parker for the next park(); called before the fiber publishes a waiter.
  void prepare() {
    std::lock_guard lock{spinlock_};
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
    std::lock_guard lock{spinlock_};
    return aborted_;
  }

 private:
  // suspend: switches out until resumed or the deadline; spinlock_ is held on entry and return.
  void suspend(clock::time_point deadline);
  // resume_and_unlock: makes a suspended fiber ready; spinlock_ is held on entry, not on return.
  void resume_and_unlock() noexcept;

  // Boost's spinlock, because context::suspend releases exactly that type once the fiber has
  // switched out: a waker that takes it sees the fiber fully suspended. Held for a few
  // instructions, never across a suspension.
  mutable quick_spinlock spinlock_;
  bool woken_ = false;    // guarded by spinlock_
  bool aborted_ = false;  // guarded by spinlock_
  // While suspended, either detached_ (left its worker, see scheduler.hpp) with its run's queue,
  // or waker_ (still attached: a deadline, or a fiber outside go::run). Guarded by spinlock_.
  boost::fibers::context* detached_ = nullptr;
  ready_queue* queue_ = nullptr;
  boost::fibers::waker waker_;
  bool suspended_ = false;
};

}  // namespace go::detail
