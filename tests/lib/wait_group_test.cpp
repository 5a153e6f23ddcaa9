// wait_group_test.cpp - go::wait_group: wait blocks until the count is zero, returns at once at
// zero, wakes every waiter; a negative count throws; the fibers' writes are visible after wait.
#include <atomic>
#include <stdexcept>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

constexpr go::run_options one_thread{.threads = 1};

TEST(WaitGroupTest, WaitWithZeroCountReturnsAtOnce) {
  go::testing::run([] {
    go::wait_group wg;
    wg.wait();  // would be reported as a deadlock if it blocked
    EXPECT_EQ(wg.count(), 0);
  });
}

TEST(WaitGroupTest, WaitBlocksUntilEveryFiberIsDone) {
  go::testing::run([] {
    constexpr int fibers = 10;
    go::wait_group wg;
    int done = 0;
    wg.add(fibers);
    for (int i = 0; i < fibers; ++i) {
      go::spawn([&] {
        go::yield();
        ++done;
        wg.done();
      });
    }
    EXPECT_EQ(wg.count(), fibers);
    wg.wait();
    EXPECT_EQ(done, fibers) << "wait returned before every fiber called done";
    EXPECT_EQ(wg.count(), 0);
  }, one_thread);
}

TEST(WaitGroupTest, WritesBeforeDoneAreVisibleAfterWaitAcrossThreads) {
  go::testing::run([] {
    constexpr int fibers = 64;
    std::vector<int> results(fibers, 0);  // plain ints: wait() must publish them
    go::wait_group wg;
    wg.add(fibers);
    for (int i = 0; i < fibers; ++i) {
      go::spawn([&, i] {
        results[i] = i + 1;
        wg.done();
      });
    }
    wg.wait();
    for (int i = 0; i < fibers; ++i) EXPECT_EQ(results[i], i + 1) << "fiber " << i << "'s write is missing";
  }, {.threads = 4});
}

TEST(WaitGroupTest, NegativeCounterThrowsLogicError) {
  go::testing::run([] {
    go::wait_group wg;
    EXPECT_THROW(wg.done(), std::logic_error) << "done() without add() must throw";
    wg.add(2);
    EXPECT_THROW(wg.add(-3), std::logic_error);
    EXPECT_EQ(wg.count(), 2) << "a rejected add must leave the count unchanged";
  });
}

TEST(WaitGroupTest, SeveralWaitersAllWake) {
  go::testing::run([] {
    constexpr int waiters = 4;
    go::wait_group wg;
    wg.add(1);
    int started = 0;
    int woke = 0;
    for (int i = 0; i < waiters; ++i) {
      go::spawn([&] {
        ++started;
        wg.wait();
        ++woke;
      });
    }
    test::yield_until([&] { return started == waiters; });
    EXPECT_EQ(woke, 0) << "waiters must block while the count is 1";
    wg.done();
    test::yield_until([&] { return woke == waiters; });
  }, one_thread);
}

TEST(WaitGroupTest, NegativeDeltaReachingZeroWakesWaiters) {
  go::testing::run([] {
    go::wait_group wg;
    wg.add(3);
    bool woke = false;
    go::spawn([&] {
      wg.wait();
      woke = true;
    });
    wg.add(-3);
    test::yield_until([&] { return woke; });
  });
}

TEST(WaitGroupTest, CanBeReusedAfterReachingZero) {
  go::testing::run([] {
    go::wait_group wg;
    for (int round = 0; round < 3; ++round) {
      std::atomic<int> done{0};
      wg.add(2);
      for (int i = 0; i < 2; ++i) {
        go::spawn([&] {
          ++done;
          wg.done();
        });
      }
      wg.wait();
      EXPECT_EQ(done.load(), 2) << "round " << round;
    }
  }, {.threads = 2});
}

}  // namespace
