// chan_test.cpp - go::chan, send_chan and recv_chan: each operation (send, recv, try_send,
// try_recv, close, range) on an open, full, empty, closed and nil channel; exact capacity;
// the unbuffered rendezvous; move-only values; directional ends, checked at compile time too.
//
// Tests that watch a fiber being blocked run on one worker thread ({.threads = 1}): there a
// fiber that sets a flag and then blocks has surely blocked once the main fiber sees the flag.
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

constexpr go::run_options one_thread{.threads = 1};

// ---------------------------------------------------------------------------------------------
// Compile-time checks: a directional end lacks the other direction's operations.

template <class C>
concept can_send = requires(const C& c) { c.send(std::declval<typename C::value_type>()); };
template <class C>
concept can_try_send = requires(const C& c) { c.try_send(std::declval<typename C::value_type>()); };
template <class C>
concept can_close = requires(const C& c) { c.close(); };
template <class C>
concept can_recv = requires(const C& c) { c.recv(); };
template <class C>
concept can_try_recv = requires(const C& c) { c.try_recv(); };
template <class C>
concept can_range = requires(const C& c) { c.begin(); };
template <class C>
concept select_can_recv = requires(const C& c) { go::recv(c); };
template <class C>
concept select_can_send = requires(const C& c) { go::send(c, 1); };

static_assert(can_send<go::chan<int>> && can_recv<go::chan<int>> && can_close<go::chan<int>>);

static_assert(can_send<go::send_chan<int>> && can_try_send<go::send_chan<int>> && can_close<go::send_chan<int>>);
static_assert(!can_recv<go::send_chan<int>>, "a send_chan must not receive");
static_assert(!can_try_recv<go::send_chan<int>>, "a send_chan must not receive");
static_assert(!can_range<go::send_chan<int>>, "a send_chan must not range");
static_assert(!select_can_recv<go::send_chan<int>>, "go::recv(send_chan) must not compile");
static_assert(select_can_send<go::send_chan<int>>);

static_assert(can_recv<go::recv_chan<int>> && can_try_recv<go::recv_chan<int>> && can_range<go::recv_chan<int>>);
static_assert(!can_send<go::recv_chan<int>>, "a recv_chan must not send");
static_assert(!can_try_send<go::recv_chan<int>>, "a recv_chan must not send");
static_assert(!can_close<go::recv_chan<int>>, "only the sending side closes (Go: close of receive-only channel)");
static_assert(!select_can_send<go::recv_chan<int>>, "go::send(recv_chan, v) must not compile");
static_assert(select_can_recv<go::recv_chan<int>>);

// A chan converts to either end; the ends do not convert back or into each other.
static_assert(std::is_convertible_v<go::chan<int>, go::send_chan<int>>);
static_assert(std::is_convertible_v<go::chan<int>, go::recv_chan<int>>);
static_assert(!std::is_convertible_v<go::send_chan<int>, go::chan<int>>);
static_assert(!std::is_convertible_v<go::recv_chan<int>, go::chan<int>>);
static_assert(!std::is_convertible_v<go::send_chan<int>, go::recv_chan<int>>);

// ---------------------------------------------------------------------------------------------
// Open channels: values, capacity and order.

TEST(ChanTest, UnbufferedHandsOverValue) {
  int got = go::testing::run([] {
    auto ch = go::make_chan<int>();
    go::spawn([ch] { ch.send(42); });
    return *ch.recv();
  });
  EXPECT_EQ(got, 42);
}

TEST(ChanTest, BufferedHoldsExactlyItsCapacity) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(3);
    EXPECT_EQ(ch.cap(), 3u);
    EXPECT_TRUE(ch.try_send(1)) << "make_chan<int>(3) must hold 3 values, not fewer";
    EXPECT_TRUE(ch.try_send(2)) << "make_chan<int>(3) must hold 3 values, not fewer";
    EXPECT_TRUE(ch.try_send(3)) << "make_chan<int>(3) must hold 3 values, not fewer";
    EXPECT_FALSE(ch.try_send(4)) << "a full channel must refuse try_send";
    EXPECT_EQ(ch.len(), 3u);
  });
}

TEST(ChanTest, BufferedKeepsValuesInOrder) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(5);
    for (int i = 0; i < 5; ++i) ch.send(i);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(ch.recv(), i) << "values must come out in the order sent";
  });
}

TEST(ChanTest, SendOnBufferedChannelDoesNotWaitForReceiver) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(2);
    ch.send(1);  // would block forever (a deadlock report) if it waited for a receiver
    ch.send(2);
    EXPECT_EQ(ch.len(), 2u);
  });
}

TEST(ChanTest, TryRecvOnEmptyChannelReturnsNothing) {
  go::testing::run([] {
    EXPECT_EQ(go::make_chan<int>(2).try_recv(), std::nullopt);
    EXPECT_EQ(go::make_chan<int>().try_recv(), std::nullopt);
  });
}

TEST(ChanTest, CopiesReferToTheSameChannel) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(1);
    const go::chan<int> copy = ch;
    EXPECT_TRUE(copy == ch);
    EXPECT_FALSE(go::make_chan<int>(1) == ch) << "two make_chan calls must make two channels";
    copy.send(7);
    EXPECT_EQ(ch.try_recv(), 7);
  });
}

// ---------------------------------------------------------------------------------------------
// Blocking: the unbuffered rendezvous, and a full buffer.

TEST(ChanTest, UnbufferedSenderWaitsUntilReceiverComes) {
  go::testing::run([] {
    auto ch = go::make_chan<int>();
    bool started = false;
    bool sent = false;
    go::spawn([&, ch] {
      started = true;
      ch.send(7);
      sent = true;
    });
    test::yield_until([&] { return started; });
    EXPECT_FALSE(sent) << "send on an unbuffered channel must wait for a receiver";
    EXPECT_EQ(ch.len(), 0u) << "an unbuffered channel buffers nothing";
    EXPECT_EQ(ch.try_recv(), 7) << "a waiting sender must be ready for try_recv";
    test::yield_until([&] { return sent; });
  }, one_thread);
}

TEST(ChanTest, UnbufferedTrySendNeedsWaitingReceiver) {
  go::testing::run([] {
    auto ch = go::make_chan<int>();
    EXPECT_FALSE(ch.try_send(1)) << "no receiver waits, so try_send must fail";
    std::optional<int> got;
    bool started = false;
    go::spawn([&, ch] {
      started = true;
      got = ch.recv();
    });
    test::yield_until([&] { return started; });
    EXPECT_TRUE(ch.try_send(2)) << "a receiver waits, so try_send must succeed";
    test::yield_until([&] { return got.has_value(); });
    EXPECT_EQ(got, 2);
  }, one_thread);
}

TEST(ChanTest, ReceiverWaitsUntilValueArrives) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(1);
    bool started = false;
    std::optional<int> got;
    go::spawn([&, ch] {
      started = true;
      got = ch.recv();
    });
    test::yield_until([&] { return started; });
    EXPECT_FALSE(got.has_value()) << "recv on an empty channel must wait";
    ch.send(5);
    test::yield_until([&] { return got.has_value(); });
    EXPECT_EQ(got, 5);
  }, one_thread);
}

TEST(ChanTest, SenderOnFullChannelWaitsForRoom) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(1);
    ch.send(1);
    bool started = false;
    bool sent = false;
    go::spawn([&, ch] {
      started = true;
      ch.send(2);
      sent = true;
    });
    test::yield_until([&] { return started; });
    EXPECT_FALSE(sent) << "send on a full channel must wait";
    EXPECT_EQ(ch.recv(), 1);
    EXPECT_EQ(ch.len(), 1u) << "the waiting sender's value must take the freed place";
    EXPECT_EQ(ch.recv(), 2);
    test::yield_until([&] { return sent; });
  }, one_thread);
}

// ---------------------------------------------------------------------------------------------
// Closed channels.

TEST(ChanTest, SendOnClosedThrows) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(1);
    ch.close();
    EXPECT_THROW(ch.send(1), go::channel_closed);
    EXPECT_THROW((void)ch.try_send(1), go::channel_closed);
  });
}

TEST(ChanTest, CloseTwiceThrows) {
  go::testing::run([] {
    auto ch = go::make_chan<int>();
    ch.close();
    EXPECT_THROW(ch.close(), go::channel_closed);
  });
}

TEST(ChanTest, RecvOnClosedDrainsBufferThenReturnsEmpty) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(3);
    ch.send(1);
    ch.send(2);
    ch.close();
    EXPECT_EQ(ch.recv(), 1) << "close must not drop buffered values";
    EXPECT_EQ(ch.try_recv(), 2) << "close must not drop buffered values";
    EXPECT_EQ(ch.recv(), std::nullopt) << "a closed, drained channel must return an empty optional";
    EXPECT_EQ(ch.recv(), std::nullopt) << "and keep doing so";
    EXPECT_EQ(ch.try_recv(), std::nullopt);
  });
}

TEST(ChanTest, RangeForStopsAtClose) {
  std::vector<int> got = go::testing::run([] {
    auto ch = go::make_chan<int>();
    go::spawn([ch] {
      for (int i = 0; i < 5; ++i) ch.send(i);
      ch.close();
    });
    std::vector<int> values;
    for (int v : ch) values.push_back(v);
    return values;
  });
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(ChanTest, CloseWakesEveryBlockedReceiver) {
  go::testing::run([] {
    constexpr int receivers = 5;
    auto ch = go::make_chan<int>();
    int started = 0;
    int saw_close = 0;
    go::wait_group wg;
    wg.add(receivers);
    for (int i = 0; i < receivers; ++i) {
      go::spawn([&, ch] {
        ++started;
        if (!ch.recv()) ++saw_close;
        wg.done();
      });
    }
    test::yield_until([&] { return started == receivers; });
    ch.close();
    wg.wait();
    EXPECT_EQ(saw_close, receivers) << "every blocked receiver must wake with an empty optional";
  }, one_thread);
}

TEST(ChanTest, CloseWakesEveryBlockedSenderWithChannelClosed) {
  go::testing::run([] {
    constexpr int senders = 5;
    auto ch = go::make_chan<int>();
    int started = 0;
    int threw = 0;
    go::wait_group wg;
    wg.add(senders);
    for (int i = 0; i < senders; ++i) {
      go::spawn([&, ch, i] {
        ++started;
        try {
          ch.send(i);
        } catch (const go::channel_closed&) {
          ++threw;
        }
        wg.done();
      });
    }
    test::yield_until([&] { return started == senders; });
    ch.close();
    wg.wait();
    EXPECT_EQ(threw, senders) << "every blocked sender must wake and throw go::channel_closed";
  }, one_thread);
}

// ---------------------------------------------------------------------------------------------
// Nil channels (default-constructed).

TEST(ChanTest, NilChannelIsNilAndNeverReady) {
  go::testing::run([] {
    const go::chan<int> nil;
    EXPECT_TRUE(nil.is_nil());
    EXPECT_FALSE(go::make_chan<int>().is_nil());
    EXPECT_EQ(nil.len(), 0u);
    EXPECT_EQ(nil.cap(), 0u);
    EXPECT_FALSE(nil.try_send(1)) << "a nil channel is never ready";
    EXPECT_EQ(nil.try_recv(), std::nullopt) << "a nil channel is never ready";
  });
}

TEST(ChanTest, CloseNilThrowsNilChannel) {
  go::testing::run([] { EXPECT_THROW(go::chan<int>{}.close(), go::nil_channel); });
}

TEST(ChanTest, RecvOnNilChannelBlocksForever) {
  EXPECT_THROW(go::testing::run([] { (void)go::chan<int>{}.recv(); }), go::deadlock);
}

TEST(ChanTest, SendOnNilChannelBlocksForever) {
  EXPECT_THROW(go::testing::run([] { go::chan<int>{}.send(1); }), go::deadlock);
}

// ---------------------------------------------------------------------------------------------
// Move-only values and directional ends.

TEST(ChanTest, MoveOnlyValuesPassThrough) {
  go::testing::run([] {
    auto ch = go::make_chan<std::unique_ptr<int>>();
    go::spawn([ch] {
      ch.send(std::make_unique<int>(1));
      ch.send(std::make_unique<int>(2));
      ch.close();
    });
    std::optional<std::unique_ptr<int>> first = ch.recv();
    ASSERT_TRUE(first && *first);
    EXPECT_EQ(**first, 1);
    for (std::unique_ptr<int>& rest : ch) EXPECT_EQ(*rest, 2);

    auto buffered = go::make_chan<std::unique_ptr<int>>(1);
    EXPECT_TRUE(buffered.try_send(std::make_unique<int>(3)));
    EXPECT_EQ(**buffered.try_recv(), 3);
  });
}

TEST(ChanTest, DirectionalEndsShareTheChannel) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(2);
    const go::send_chan<int> out = ch;
    const go::recv_chan<int> in = ch;
    EXPECT_EQ(out.cap(), 2u);
    EXPECT_EQ(in.cap(), 2u);
    go::spawn([out] {
      for (int i = 0; i < 4; ++i) out.send(i);
      out.close();
    });
    std::vector<int> got;
    for (int v : in) got.push_back(v);
    EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(in.try_recv(), std::nullopt);
  });
}

TEST(ChanTest, DefaultDirectionalEndsAreNil) {
  go::testing::run([] {
    EXPECT_TRUE(go::send_chan<int>{}.is_nil());
    EXPECT_TRUE(go::recv_chan<int>{}.is_nil());
    EXPECT_FALSE(go::recv_chan<int>{go::make_chan<int>()}.is_nil());
  });
}

}  // namespace
