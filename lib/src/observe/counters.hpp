// The counters behind go::stats(): per worker, so that no two threads ever write one cache line
// (a shared atomic counter bumped at every context switch would cost more than the switch).
//
// counting_algorithm wraps the run's scheduling algorithm and counts (and, with GO_TRACE,
// traces) the fibers each worker resumes - Boost.Fiber has no scheduler hooks, and a wrapper keeps the count out of the
// scheduler's own code. Blocks are counted by wait_op, go::sleep and go::blocking (count_block);
// the time a fiber stays blocked runs from its switch out to its resumption, and a fiber resumed
// by another worker than the one it last ran on counts as stolen by that worker.
//
// Thread safety: worker `i`'s slot is written only by worker i (relaxed atomics, since readers
// only want a recent value), and read by any thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

#include <boost/fiber/algo/algorithm.hpp>

#include "../scheduler.hpp"
#include "../tsan_fibers.hpp"
#include "go/observe.hpp"
#include "trace.hpp"

namespace go::detail {

class runtime;

// now_ticks: the clock of the time blocked, read once per switch that starts or ends a block
// (count_switch; a block starts when its fiber switches out): the CPU's time-stamp counter
// where there is one (about 10 ns, against 35 ns for steady_clock on this workbook's virtual
// machines), turned into nanoseconds only when go::stats() is read (run_counters::ns_per_tick).
inline std::uint64_t now_ticks() noexcept {
#if defined(__x86_64__)
  return __rdtsc();
#else
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}

// unstamped: fiber_record::blocked_since of a fiber that has blocked but not yet switched out.
inline constexpr std::uint64_t unstamped = ~std::uint64_t{0};

struct alignas(64) worker_counters {
  std::atomic<std::uint64_t> switches{0};
  std::atomic<std::uint64_t> steals{0};
  std::array<std::atomic<std::uint64_t>, block_kinds> blocks{};
  std::array<std::atomic<std::uint64_t>, block_kinds> blocked_ticks{};

  void add(std::atomic<std::uint64_t>& counter, std::uint64_t amount = 1) noexcept {
    counter.store(counter.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);  // one writer
  }
};

struct run_counters {
  explicit run_counters(unsigned worker_count) : workers(worker_count) {}
  std::vector<worker_counters> workers;
  const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  const std::uint64_t start_ticks = now_ticks();

  // ns_per_tick: measured over the run so far, so no calibration delays the start.
  [[nodiscard]] double ns_per_tick() const noexcept;
};

// note_fiber_running: `record` starts running on this worker (null: the running fiber exits).
void note_fiber_running(fiber_record* record) noexcept;

// start_schedtrace / stop_schedtrace: GO_SCHEDTRACE's printer thread for one run, if set.
void start_schedtrace(runtime& rt);
void stop_schedtrace(runtime& rt) noexcept;

class counting_algorithm final : public boost::fibers::algo::algorithm {
 public:
  counting_algorithm(ready_queue& queue, unsigned index, worker_counters& counters)
      : inner_{queue, index}, counters_{counters} {
    trace_attach_worker(index);
    tsan_fibers::algorithm_created(this);
  }

  // Boost switches to the context pick_next returns, and at shutdown after a notify from the
  // dispatcher, so those are where the tsan build tells TSan (see tsan_fibers.hpp).
  GO_TSAN_SWITCH_POINT ~counting_algorithm() override { tsan_fibers::algorithm_destroyed(this); }

  void awakened(boost::fibers::context* ctx) noexcept override { inner_.awakened(ctx); }
  GO_TSAN_SWITCH_POINT boost::fibers::context* pick_next() noexcept override {
    boost::fibers::context* next = inner_.pick_next();
    count_switch(next);
    if (thread_trace != nullptr) [[unlikely]] trace_switch(next);
    tsan_fibers::before_switch(this, next);
    return next;
  }
  bool has_ready_fibers() const noexcept override { return inner_.has_ready_fibers(); }
  void suspend_until(std::chrono::steady_clock::time_point const& when) noexcept override { inner_.suspend_until(when); }
  GO_TSAN_SWITCH_POINT void notify() noexcept override {
    tsan_fibers::notifying(this);
    inner_.notify();
    tsan_fibers::notified(this);
  }

 private:
  void count_switch(boost::fibers::context* next) noexcept;  // stats.cpp

  shared_queue_algorithm inner_;
  worker_counters& counters_;
};

}  // namespace go::detail
