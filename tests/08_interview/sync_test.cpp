// sync_test.cpp - Q9-Q10: wait groups, and a mutex beside a rw_mutex.
#include "interview.hpp"

#include <gtest/gtest.h>

namespace {

// Q9 ------------------------------------------------------------------------------------------

TEST(Q09WaitGroupTest, EveryWorkerHasFinishedWhenWaitReturns) {
  EXPECT_EQ(ch08::finished_at_wait(5, 1), 5);
  EXPECT_EQ(ch08::finished_at_wait(20, 2), 20);
}

// Q10 -----------------------------------------------------------------------------------------

TEST(Q10MutexVsRwMutexTest, SharedLockAdmitsEveryReaderAtOnce) {
  EXPECT_EQ(ch08::peak_readers(true, 5), 5);
}

TEST(Q10MutexVsRwMutexTest, MutexAdmitsOneReaderAtATime) {
  EXPECT_EQ(ch08::peak_readers(false, 5), 1);
}

TEST(Q10MutexVsRwMutexTest, WriterHoldsTheRwMutexAlone) {
  EXPECT_EQ(ch08::readers_seen_by_writer(5), 0);
}

}  // namespace
