// race_test.cpp - Q11: the two fixes of the race count every increment.
//
// The racy version itself is not run here: how many updates it loses is up to the scheduler,
// and in the tsan build it would fail this whole binary. race_tsan_test.cpp runs it in a child.
//
// Built in the default build and in the tsan build (which compiles only this file and
// race_tsan_test.cpp: their code runs on plain threads). Under TSan the fixes must also run
// without a report; race_tsan_test.cpp proves that the racy version gets one.
#include "interview.hpp"

#include <gtest/gtest.h>

namespace {

TEST(Q11RaceTest, MutexFixCountsEveryIncrement) {
  EXPECT_EQ(ch08::count_with_mutex(4, 2'000), 8'000);
}

TEST(Q11RaceTest, AtomicFixCountsEveryIncrement) {
  EXPECT_EQ(ch08::count_with_atomic(4, 10'000), 40'000);
}

}  // namespace
