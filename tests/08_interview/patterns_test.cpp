// patterns_test.cpp - Q12-Q15: worker pool, done channel, pipeline, fan-out/fan-in.
#include "interview.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace {

// squares_of_first: 0, 1, 4, ... (n-1)^2.
std::vector<int> squares_of_first(int n) {
  std::vector<int> squares;
  for (int i = 0; i < n; ++i) squares.push_back(i * i);
  return squares;
}

// Q12 -----------------------------------------------------------------------------------------

TEST(Q12WorkerPoolTest, ProcessesEveryJobOnce) {
  EXPECT_EQ(ch08::worker_pool(100, 4).results, squares_of_first(100));
}

TEST(Q12WorkerPoolTest, AllWorkersWorkAtOnceButNeverMore) {
  EXPECT_EQ(ch08::worker_pool(100, 4).peak_busy, 4);
}

TEST(Q12WorkerPoolTest, FiberCountDoesNotGrowWithTheJobs) {
  EXPECT_LE(ch08::worker_pool(1000, 4).peak_fibers, 4 + 2) << "main, the producer and 4 workers";
}

// Q13 -----------------------------------------------------------------------------------------

TEST(Q13DoneChannelTest, TheWorkerProcessesTasksUntilDoneIsClosedThenReturns) {
  const ch08::done_report report = ch08::run_until_done(5);
  EXPECT_EQ(report.processed, 5);
  EXPECT_EQ(report.fibers_after, 1) << "the worker must return once done is closed";
}

// Q14 -----------------------------------------------------------------------------------------

TEST(Q14PipelineTest, StagesSquareInOrderAndTheCloseEndsTheRange) {
  // Returning at all proves the close reached the end: a stage left blocked is a go::fiber_leak.
  EXPECT_EQ(ch08::square_pipeline({1, 2, 3, 4}, 1), (std::vector<int>{1, 4, 9, 16}));
  EXPECT_EQ(ch08::square_pipeline({1, 2, 3, 4}, 2), (std::vector<int>{1, 4, 9, 16}));
}

// Q15 -----------------------------------------------------------------------------------------

TEST(Q15FanOutFanInTest, EveryItemIsSquaredOnceAndTheMergedChannelCloses) {
  std::vector<int> nums(100);
  for (int i = 0; i < 100; ++i) nums[i] = i;
  EXPECT_EQ(ch08::fan_out_fan_in(nums, 4, 1).results, squares_of_first(100));
  EXPECT_EQ(ch08::fan_out_fan_in(nums, 4, 2).results, squares_of_first(100));
}

TEST(Q15FanOutFanInTest, TheWorkersShareTheInput) {
  std::vector<int> nums(100);
  for (int i = 0; i < 100; ++i) nums[i] = i;
  const ch08::fan_report report = ch08::fan_out_fan_in(nums, 4, 1);
  int total = 0;
  for (int handled : report.handled_by_worker) {
    EXPECT_GT(handled, 0) << "fan-out: every worker takes items from the one input";
    total += handled;
  }
  EXPECT_EQ(total, 100);
}

}  // namespace
