// channels_test.cpp - Q4-Q6: buffered and unbuffered sends, closed channels, detecting a close.
#include "interview.hpp"

#include <optional>
#include <vector>

#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace {

// Q4 ------------------------------------------------------------------------------------------

TEST(Q04BufferedVsUnbufferedTest, UnbufferedSendWaitsForAReceiver) {
  EXPECT_EQ(ch08::sends_before_any_receive(0, 4), 0);
}

TEST(Q04BufferedVsUnbufferedTest, BufferedSendsWaitOnlyWhenTheBufferIsFull) {
  EXPECT_EQ(ch08::sends_before_any_receive(3, 4), 3);
  EXPECT_EQ(ch08::sends_before_any_receive(3, 2), 2);
}

// Q5 ------------------------------------------------------------------------------------------

TEST(Q05SendOnClosedTest, SendOnAClosedChannelThrowsChannelClosed) {
  go::testing::run([] { EXPECT_THROW(ch08::send_on_closed_channel(), go::channel_closed); });
}

TEST(Q05SendOnClosedTest, UncaughtInAFiberItEndsTheWholeRunLikeAPanic) {
  EXPECT_THROW(ch08::send_on_closed_in_a_fiber(), go::channel_closed);
}

TEST(Q05SendOnClosedTest, RecoverCatchesItInsideTheFiber) {
  go::testing::run([] {
    const std::exception_ptr caught = go::recover([] { ch08::send_on_closed_channel(); });
    EXPECT_TRUE(caught) << "Go: defer func() { recover() }()";
  });
}

TEST(Q05SendOnClosedTest, ReceiveGetsTheBufferedValuesThenAnEmptyOptional) {
  const std::vector<std::optional<int>> expected{7, 8, std::nullopt};
  EXPECT_EQ(ch08::receives_after_close(), expected);
}

// Q6 ------------------------------------------------------------------------------------------

TEST(Q06IsClosedTest, RecvReturnsEveryValueThenReportsTheClose) {
  EXPECT_EQ(ch08::drain_with_recv({1, 2, 3}), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(ch08::drain_with_recv({}), std::vector<int>{});
}

TEST(Q06IsClosedTest, RangeForEndsAtTheClose) {
  EXPECT_EQ(ch08::drain_with_range({1, 2, 3}), (std::vector<int>{1, 2, 3}));
}

}  // namespace
