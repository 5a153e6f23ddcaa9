// select_test.cpp - Q7-Q8: what select does, and timeouts as a select case.
#include "interview.hpp"

#include <chrono>
#include <system_error>

#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

// Q7 ------------------------------------------------------------------------------------------

TEST(Q07SelectTest, ChoosesAtRandomAmongReadyCases) {
  const ch08::choices counted = ch08::select_between_ready(1000);
  EXPECT_EQ(counted.first + counted.second, 1000);
  // Fair coin flips: below 350 of 1000 happens about once in 10^21 runs.
  EXPECT_GT(counted.first, 350) << "not the first listed every time";
  EXPECT_GT(counted.second, 350);
}

TEST(Q07SelectTest, DefaultRunsAtOnceWhenNothingIsReady) {
  EXPECT_EQ(ch08::select_with_nothing_ready(), 2U);
}

TEST(Q07SelectTest, WithoutDefaultItBlocksUntilACaseIsReady) {
  EXPECT_EQ(ch08::select_waits(), "second: 42");
}

// Q8 ------------------------------------------------------------------------------------------

TEST(Q08TimeoutsTest, TimeAfterEndsTheWaitWhenNoValueComes) {
  go::testing::run([] {
    const auto silent = go::make_chan<int>();
    const ch08::reply r = ch08::receive_with_time_after(silent, 1ms);
    EXPECT_FALSE(r.value);
    EXPECT_EQ(r.error, std::errc::timed_out);
  });
}

TEST(Q08TimeoutsTest, AValueAlreadyThereWins) {
  go::testing::run([] {
    const auto ready = go::make_chan<int>(1);
    ready.send(7);
    EXPECT_EQ(ch08::receive_with_time_after(ready, 1h).value, 7);
  });
}

TEST(Q08TimeoutsTest, ContextDeadlineEndsTheWait) {
  go::testing::run([] {
    auto [ctx, cancel] = go::with_timeout(go::background(), 1ms);
    go::defer_cancel cancel_on_return{cancel};
    const ch08::reply r = ch08::receive_with_context(go::make_chan<int>(), ctx);
    EXPECT_FALSE(r.value);
    EXPECT_EQ(r.error, go::context_error::deadline_exceeded);
  });
}

TEST(Q08TimeoutsTest, ContextCancelEndsTheWaitToo) {
  go::testing::run([] {
    auto [ctx, cancel] = go::with_cancel(go::background());
    go::spawn([cancel] { cancel(); });  // the caller gives up, for its own reasons
    EXPECT_EQ(ch08::receive_with_context(go::make_chan<int>(), ctx).error, go::context_error::canceled);
  });
}

}  // namespace
