// performance_test.cpp - Q18-Q20: the cost of fibers, leaks and their fixes, channels or mutexes.
//
// Q18's figures (nanoseconds, kibibytes) are printed by `ch08_interview 18`; these tests check
// the properties behind the answer, never a time.
#include "interview.hpp"

#include <chrono>
#include <fstream>
#include <string>

#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

// Q18 -----------------------------------------------------------------------------------------

// huge_pages_always: the kernel backs anonymous memory with 2 MiB pages on first touch
// (transparent_hugepage=always), so touching a stack's top page makes far more of it resident.
bool huge_pages_always() {
  std::ifstream setting{"/sys/kernel/mm/transparent_hugepage/enabled"};
  std::string text;
  std::getline(setting, text);
  return text.find("[always]") != std::string::npos;
}

TEST(Q18HowManyFibersTest, CpuBoundFibersBeyondTheThreadsAddNoParallelism) {
  EXPECT_LE(ch08::peak_running(2, 100), 2) << "size CPU-bound pools by the cores";
}

TEST(Q18HowManyFibersTest, IoBoundFibersCanAllWaitAtOnce) {
  EXPECT_EQ(ch08::waiting_at_once(10'000), 10'000);
}

TEST(Q18HowManyFibersTest, ABlockedFiberKeepsOnlyPartOfItsStackResident) {
  if (huge_pages_always()) GTEST_SKIP() << "transparent huge pages are always on: stacks become resident in 2 MiB pages";
  const ch08::spawn_cost cost = ch08::measure_fibers(10'000, 64 * 1024);
  EXPECT_GT(cost.resident_per_one, 0) << "10,000 fibers cost some memory";
  EXPECT_LT(cost.resident_per_one, 64 * 1024) << "pages of the stack never touched are never resident";
}

TEST(Q18HowManyFibersTest, AFiberCostsFarLessMemoryThanAThreadReserves) {
  if (huge_pages_always()) GTEST_SKIP() << "transparent huge pages are always on: stacks become resident in 2 MiB pages";
  const ch08::spawn_cost cost = ch08::measure_fibers(10'000, 64 * 1024);
  EXPECT_LT(cost.resident_per_one * 100, static_cast<double>(ch08::default_thread_stack_bytes()));
}

// Q19 -----------------------------------------------------------------------------------------

TEST(Q19LeaksTest, ASendNobodyReceivesIsReportedAsALeak) {
  try {
    go::run([] { ch08::leak(); });
    ADD_FAILURE() << "go::run returned: no leak was reported";
  } catch (const go::fiber_leak& leak) {
    EXPECT_NE(std::string{leak.what()}.find("sender"), std::string::npos) << leak.what();
  }
}

TEST(Q19LeaksTest, ARangeOverAChannelNobodyClosesIsReportedAsALeak) {
  EXPECT_THROW(go::run([] { ch08::leak_receiver(); }), go::fiber_leak);
}

TEST(Q19LeaksTest, ABufferOfOneLetsTheSenderFinish) {
  go::testing::run([] {
    ch08::fixed_with_buffer();
    go::testing::expect_no_leaks();
  });
}

TEST(Q19LeaksTest, ClosingDoneLetsTheSenderFinish) {
  go::testing::run([] {
    const auto done = go::make_chan<go::empty>();
    ch08::fixed_with_done(done);
    done.close();
    go::testing::expect_no_leaks();
  });
}

TEST(Q19LeaksTest, CancellingTheContextLetsTheSenderFinish) {
  go::testing::run([] {
    auto [ctx, cancel] = go::with_cancel(go::background());
    ch08::fixed_with_context(ctx);
    cancel();
    go::testing::expect_no_leaks();
  });
}

TEST(Q19LeaksTest, ATimeoutLetsTheSenderFinish) {
  go::testing::run([] {
    ch08::fixed_with_timeout(1ms);
    go::testing::expect_no_leaks();
  });
}

TEST(Q19LeaksTest, ClosingTheChannelEndsTheReceiversRange) {
  go::testing::run([] {
    ch08::fixed_by_closing();
    go::testing::expect_no_leaks();
  });
}

// Q20 -----------------------------------------------------------------------------------------

TEST(Q20ChannelsOrMutexesTest, AMutexCountsEveryIncrement) {
  EXPECT_EQ(ch08::count_with_mutex_fibers(8, 1000, 2), 8000);
}

TEST(Q20ChannelsOrMutexesTest, AnOwnerFiberFedByAChannelCountsEveryIncrement) {
  EXPECT_EQ(ch08::count_by_communicating(8, 1000, 2), 8000);
}

}  // namespace
