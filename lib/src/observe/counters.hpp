// The counters behind go::stats(): per worker, so that no two threads ever write one cache line
// (a shared atomic counter bumped at every context switch would cost more than the switch).
//
// counting_algorithm wraps the run's scheduling algorithm and counts (and, with GO_TRACE,
// traces) the fibers each worker resumes - Boost.Fiber has no scheduler hooks, and a wrapper keeps the count out of the
// scheduler's own code. Blocks are counted by wait_op and go::sleep.
//
// Thread safety: worker `i`'s slot is written only by worker i (relaxed atomics, since readers
// only want a recent value), and read by any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

#include <boost/fiber/algo/algorithm.hpp>

#include "../scheduler.hpp"
#include "go/observe.hpp"
#include "trace.hpp"

namespace go::detail {

class runtime;

struct alignas(64) worker_counters {
  std::atomic<std::uint64_t> switches{0};
  std::array<std::atomic<std::uint64_t>, block_kinds> blocks{};

  void add(std::atomic<std::uint64_t>& counter) noexcept {
    counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);  // one writer
  }
};

struct run_counters {
  explicit run_counters(unsigned worker_count) : workers(worker_count) {}
  std::vector<worker_counters> workers;
};

// start_schedtrace / stop_schedtrace: GO_SCHEDTRACE's printer thread for one run, if set.
void start_schedtrace(runtime& rt);
void stop_schedtrace(runtime& rt) noexcept;

// count_block: the calling fiber blocks in `operation` ("chan receive", "mutex.lock", ...).
void count_block(const char* operation) noexcept;

class counting_algorithm final : public boost::fibers::algo::algorithm {
 public:
  counting_algorithm(ready_queue& queue, unsigned index, worker_counters& counters)
      : inner_{queue, index}, counters_{counters} {
    trace_attach_worker(index);
  }

  void awakened(boost::fibers::context* ctx) noexcept override { inner_.awakened(ctx); }
  boost::fibers::context* pick_next() noexcept override {
    boost::fibers::context* next = inner_.pick_next();
    if (next != nullptr && !next->is_context(boost::fibers::type::pinned_context)) counters_.add(counters_.switches);
    if (thread_trace != nullptr) [[unlikely]] trace_switch(next);
    return next;
  }
  bool has_ready_fibers() const noexcept override { return inner_.has_ready_fibers(); }
  void suspend_until(std::chrono::steady_clock::time_point const& when) noexcept override { inner_.suspend_until(when); }
  void notify() noexcept override { inner_.notify(); }

 private:
  shared_queue_algorithm inner_;
  worker_counters& counters_;
};

}  // namespace go::detail
