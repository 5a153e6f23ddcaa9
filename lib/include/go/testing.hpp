// go/testing.hpp - GoogleTest helpers for concurrent code (in the spirit of Go's goleak).
//
//   TEST(PipelineTest, StopsEarlyWithoutLeaks) {
//     go::testing::run([] {
//       auto out = generate(done);
//       ...
//       go::testing::expect_no_leaks();   // every fiber but this one has finished
//     });
//   }
//
// - run(fn, options) is go::run with a default timeout, so a stuck test fails with a fiber
//   report instead of hanging.
// - expect_no_leaks() waits (up to `grace`) until every other fiber of the run has finished.
//   Fibers still there are leaked: the test fails listing each with its spawn site and what it
//   waits on, and they are unwound so the run can end.
//
// - fiber_latch, gauge and counters are the probes the workbook's tests share: "these calls run
//   at the same time", "never more than N at once", "each item exactly once"; thrown_code
//   tells which std::error_code (context::canceled, ...) a call threw.
//
//     go::testing::gauge in_flight;                       // in each call under test:
//     in_flight.enter(); work(); in_flight.leave();       // then EXPECT_LE(in_flight.peak(), 4)
//
// Thread safety: call expect_no_leaks from one fiber of the run (usually main); the probes may be
// used from any fiber or thread at once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <system_error>
#include <vector>

#include "go/runtime.hpp"
#include "go/wait_group.hpp"

namespace go::testing {

// default_timeout: how long go::testing::run lets a test run before reporting its fibers.
inline constexpr std::chrono::milliseconds default_timeout{10'000};

// run: go::run with options.timeout defaulted to default_timeout.
template <class F>
auto run(F&& main_fiber, run_options options = {}, std::source_location site = std::source_location::current()) {
  if (options.timeout.count() == 0) options.timeout = default_timeout;
  return go::run(std::forward<F>(main_fiber), options, site);
}

// expect_no_leaks: fails the current test if fibers other than the caller outlive `grace`.
void expect_no_leaks(std::chrono::milliseconds grace = std::chrono::milliseconds{1000});

// fiber_latch: arrive_and_wait() returns once `expected` fibers have arrived. Fibers that can
// only run one at a time never all arrive: the first blocks forever and go::run reports
// go::deadlock - which is how a test proves that calls overlap.
class fiber_latch {
 public:
  explicit fiber_latch(long expected) { not_arrived_.add(expected); }
  void arrive_and_wait() {
    not_arrived_.done();
    not_arrived_.wait();
  }

 private:
  go::wait_group not_arrived_;
};

// gauge: how many calls are in progress now, and the most there ever were at once.
class gauge {
 public:
  void enter() {
    const int now = ++in_progress_;
    int seen = peak_.load();
    while (seen < now && !peak_.compare_exchange_weak(seen, now)) {
    }
  }
  void leave() { --in_progress_; }
  [[nodiscard]] int peak() const { return peak_.load(); }

 private:
  std::atomic<int> in_progress_{0};
  std::atomic<int> peak_{0};
};

// counters: one atomic count per index, for "each exactly once" checks across threads.
class counters {
 public:
  explicit counters(std::size_t size) : counts_(size) {}
  void add(std::size_t index) { ++counts_.at(index); }
  // indexes_not_seen_once: the indexes counted zero times or more than once.
  [[nodiscard]] std::vector<std::size_t> indexes_not_seen_once() const {
    std::vector<std::size_t> wrong;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i].load() != 1) wrong.push_back(i);
    }
    return wrong;
  }

 private:
  std::vector<std::atomic<int>> counts_;
};

// thrown_code: the code of the std::system_error that `call` throws; empty if it returns. Any
// other exception goes on up and fails the test.
template <class F>
std::error_code thrown_code(F&& call) {
  try {
    call();
  } catch (const std::system_error& error) {
    return error.code();
  }
  return {};
}

}  // namespace go::testing
