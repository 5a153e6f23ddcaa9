// fundamentals_test.cpp - Q1-Q3: each test proves one claim of the answer (docs/interview.md).
//
// These call the demonstrations of chapters/08_interview, the same functions ch08_interview
// prints. No test measures time: a claim about "at the same instant" is proved by counting.
#include "interview.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

// position: where `step` is in `steps`.
long position(const std::vector<std::string>& steps, const std::string& step) {
  return std::find(steps.begin(), steps.end(), step) - steps.begin();
}

// Q1 ------------------------------------------------------------------------------------------

TEST(Q01ConcurrencyVsParallelismTest, TwoTasksAreInProgressAtOnceOnOneThread) {
  const std::vector<std::string> steps = ch08::interleaved_steps();
  ASSERT_EQ(steps.size(), 6U);
  EXPECT_LT(position(steps, "B1"), position(steps, "A3")) << "B started before A finished: concurrency";
  EXPECT_LT(position(steps, "A1"), position(steps, "B3"));
}

TEST(Q01ConcurrencyVsParallelismTest, OneThreadNeverRunsTwoFibersAtTheSameInstant) {
  EXPECT_EQ(ch08::peak_running(1, 8), 1) << "fibers are not preempted: one thread, one at a time";
}

TEST(Q01ConcurrencyVsParallelismTest, TwoThreadsRunTwoFibersAtTheSameInstant) {
  EXPECT_EQ(ch08::peak_running(2, 8), 2);
}

// Q2 ------------------------------------------------------------------------------------------

TEST(Q02FibersVsThreadsTest, TenThousandFibersAreAliveAtOnce) {
  EXPECT_EQ(ch08::spawn_blocked(10'000, 1).alive_at_once, 10'000);
}

TEST(Q02FibersVsThreadsTest, ManyFibersRunOnNoMoreOsThreadsThanWorkers) {
  EXPECT_EQ(ch08::spawn_blocked(1000, 1).os_threads_used, 1U);
  EXPECT_LE(ch08::spawn_blocked(1000, 2).os_threads_used, 2U) << "M fibers on N threads";
}

TEST(Q02FibersVsThreadsTest, AFiberReservesFarLessStackThanAThread) {
  EXPECT_LT(go::run_options{}.stack_size * 8, ch08::default_thread_stack_bytes());
}

// Q3 ------------------------------------------------------------------------------------------

TEST(Q03NotWaitingTest, WithoutWaitingMainGoesOnBeforeTheWorkIsDone) {
  EXPECT_EQ(ch08::finish_without_waiting(2).when_main_went_on, 0);
}

TEST(Q03NotWaitingTest, GoRunStillWaitsForEveryFiberUnlikeGo) {
  EXPECT_EQ(ch08::finish_without_waiting(2).after_run, 2) << "Go would exit and kill them; go::run waits";
}

TEST(Q03NotWaitingTest, WaitGroupWaitsForEveryWorker) {
  const ch08::completion seen = ch08::finish_with_wait_group(3);
  EXPECT_EQ(seen.when_main_went_on, 0);
  EXPECT_EQ(seen.after_wait, 3);
}

}  // namespace
