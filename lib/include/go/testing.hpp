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
// Thread safety: call expect_no_leaks from one fiber of the run (usually main).
#pragma once

#include <chrono>

#include "go/runtime.hpp"

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

}  // namespace go::testing
