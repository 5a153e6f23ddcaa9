// race_tsan_test.cpp - Q11 under ThreadSanitizer (the tsan preset only; Go: go test -race).
//
//   cmake --preset tsan && cmake --build build-tsan --target ch08_interview_test
//   ctest --test-dir build-tsan -L ch08
//
// Each case runs its counter in a child process (a GoogleTest death test) and reads the child's
// stderr, where TSan writes its report; TSan also makes a process that reported exit with 66.
// So the racy version must produce "WARNING: ThreadSanitizer: data race", and each fix must exit
// cleanly with 0.
#include "interview.hpp"

#include <cstdlib>

#include <gtest/gtest.h>

namespace {

// child_exits: always true - the racy child's exit code is TSan's business; its report is ours.
bool child_exits(int) { return true; }

class Q11RaceUnderTsanTest : public ::testing::Test {
 protected:
  // "threadsafe": the child re-runs this binary up to the test instead of fork()ing a process
  // that may hold other threads (TSan warns about fork in a multi-threaded process).
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST_F(Q11RaceUnderTsanTest, TsanReportsTheRacyCounter) {
  EXPECT_EXIT(
      {
        ch08::count_racy(2, 100);
        std::exit(0);
      },
      child_exits, "WARNING: ThreadSanitizer: data race");
}

TEST_F(Q11RaceUnderTsanTest, MutexFixRunsWithoutAReport) {
  EXPECT_EXIT(
      {
        ch08::count_with_mutex(2, 100);
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST_F(Q11RaceUnderTsanTest, AtomicFixRunsWithoutAReport) {
  EXPECT_EXIT(
      {
        ch08::count_with_atomic(2, 100);
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
