// time_test.cpp - go::sleep, go::after, go::timer and go::ticker: sleeping suspends only the
// caller and is not a deadlock; after delivers once; a timer fires once, stop prevents it,
// reset re-arms it; a ticker ticks until stopped and keeps one tick for a slow receiver.
//
// Sleeps here create timer events or give a stopped timer the chance to misbehave; no test
// asserts an upper bound on time. The lower bounds checked are guarantees ("at least d").
#include <chrono>
#include <optional>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

using namespace std::chrono_literals;

// drain: how many values a timer channel holds right now (taking them).
int drain(const go::recv_chan<go::clock::time_point>& ch) {
  int taken = 0;
  while (ch.try_recv()) ++taken;
  return taken;
}

// ---------------------------------------------------------------------------------------------
// sleep

TEST(TimeTest, SleepLastsAtLeastItsDuration) {
  go::testing::run([] {
    const auto start = go::clock::now();
    go::sleep(10ms);
    EXPECT_GE(go::clock::now() - start, 10ms);
  });
}

TEST(TimeTest, SleepSuspendsOnlyTheCallingFiber) {
  go::testing::run([] {
    bool other_ran = false;
    go::spawn([&] { other_ran = true; });
    go::sleep(1ms);  // on the one worker thread, the other fiber runs meanwhile
    EXPECT_TRUE(other_ran) << "go::sleep must let the worker run other fibers";
  }, {.threads = 1});
}

TEST(TimeTest, SleepingFiberIsNotADeadlock) {
  go::testing::run([] {
    auto ch = go::make_chan<int>();
    go::spawn([ch] {
      go::sleep(10ms);  // main is blocked on recv all this while: asleep, not deadlocked
      ch.send(1);
    });
    EXPECT_EQ(ch.recv(), 1);
  });
}

TEST(TimeTest, SleepUntilThePastReturns) {
  go::testing::run([] {
    go::sleep_until(go::clock::now() - 1s);
    go::sleep(0ms);
  });
}

// ---------------------------------------------------------------------------------------------
// after

TEST(TimeTest, AfterDeliversTheTimeOnce) {
  go::testing::run([] {
    const auto start = go::clock::now();
    const go::recv_chan<go::clock::time_point> ch = go::after(5ms);
    const std::optional<go::clock::time_point> fired = ch.recv();
    ASSERT_TRUE(fired.has_value());
    EXPECT_GE(*fired - start, 5ms) << "after(d) must not fire before d";
    go::sleep(10ms);
    EXPECT_EQ(drain(ch), 0) << "after must deliver exactly one value";
  });
}

// ---------------------------------------------------------------------------------------------
// timer

TEST(TimeTest, TimerFiresOnce) {
  go::testing::run([] {
    go::timer t{2ms};
    EXPECT_TRUE(t.c().recv().has_value());
    EXPECT_FALSE(t.stop()) << "stop after the timer fired must return false";
    go::sleep(10ms);
    EXPECT_EQ(drain(t.c()), 0) << "a timer fires once";
  });
}

TEST(TimeTest, StopOfPendingTimerReturnsTrueOnce) {
  go::testing::run([] {
    go::timer t{1h};
    EXPECT_TRUE(t.stop()) << "stop of a pending timer must return true";
    EXPECT_FALSE(t.stop()) << "a second stop must return false";
  });
}

TEST(TimeTest, StoppedTimerNeverFires) {
  go::testing::run([] {
    go::timer t{2ms};
    // Whether stop comes first depends on the machine; either way stop must tell the truth.
    const bool stopped = t.stop();
    go::sleep(20ms);  // well past the due time
    EXPECT_EQ(drain(t.c()), stopped ? 0 : 1) << (stopped ? "a stopped timer fired" : "a timer fired twice");
  });
}

TEST(TimeTest, ResetRearmsPendingTimer) {
  go::testing::run([] {
    go::timer t{1h};
    EXPECT_TRUE(t.reset(2ms)) << "reset of a pending timer must return true";
    EXPECT_TRUE(t.c().recv().has_value());  // fires at the new time, not in an hour
  });
}

TEST(TimeTest, ResetAfterFiringReturnsFalseAndFiresAgain) {
  go::testing::run([] {
    go::timer t{2ms};
    (void)t.c().recv();
    EXPECT_FALSE(t.reset(2ms)) << "reset of a fired timer must return false";
    EXPECT_TRUE(t.c().recv().has_value());
  });
}

TEST(TimeTest, FiberWaitingOnTimerIsNotADeadlock) {
  go::testing::run([] {
    go::timer t{5ms};
    EXPECT_TRUE(t.c().recv().has_value());  // the pending timer keeps the deadlock detector away
  });
}

// ---------------------------------------------------------------------------------------------
// ticker

TEST(TimeTest, TickerTicksRepeatedly) {
  go::testing::run([] {
    go::ticker tick{1ms};
    std::optional<go::clock::time_point> previous;
    for (int i = 0; i < 5; ++i) {
      const std::optional<go::clock::time_point> now = tick.c().recv();
      ASSERT_TRUE(now.has_value());
      if (previous) {
        EXPECT_GT(*now, *previous) << "each tick must carry a later time";
      }
      previous = now;
    }
    tick.stop();
  });
}

TEST(TimeTest, TickerStopEndsTicks) {
  go::testing::run([] {
    go::ticker tick{1ms};
    (void)tick.c().recv();
    tick.stop();
    // At most two more: one already buffered, one that was being sent as stop ran.
    int late_ticks = 0;
    for (int i = 0; i < 10; ++i) {
      go::sleep(2ms);
      late_ticks += drain(tick.c());
    }
    EXPECT_LE(late_ticks, 2) << "a stopped ticker kept ticking";
  });
}

TEST(TimeTest, TickerKeepsOneTickForSlowReceiver) {
  go::testing::run([] {
    go::ticker tick{1ms};
    EXPECT_EQ(tick.c().cap(), 1u) << "a ticker's channel holds one tick, as in Go";
    go::sleep(20ms);  // miss many ticks
    EXPECT_LE(tick.c().len(), 1u);
    EXPECT_TRUE(tick.c().recv().has_value());
    EXPECT_TRUE(tick.c().recv().has_value()) << "missed ticks must not stop the ticker";
    tick.stop();
  });
}

TEST(TimeTest, TickerResetChangesThePeriod) {
  go::testing::run([] {
    go::ticker tick{1h};
    tick.reset(1ms);
    EXPECT_TRUE(tick.c().recv().has_value());  // ticks at the new period, not in an hour
    EXPECT_TRUE(tick.c().recv().has_value());
    tick.stop();
  });
}

}  // namespace
