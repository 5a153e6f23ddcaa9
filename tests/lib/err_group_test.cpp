// err_group_test.cpp - go::err_group: wait waits for every task and rethrows the first
// exception; ctx() is cancelled on the first failure (and when wait returns), is a child of the
// parent context, never cancels the parent; set_limit bounds how many tasks run at once.
#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

TEST(ErrGroupTest, WaitReturnsAfterEveryTask) {
  go::testing::run([] {
    constexpr int tasks = 20;
    std::atomic<int> finished{0};
    go::err_group group;
    for (int i = 0; i < tasks; ++i) {
      group.go([&] {
        go::yield();
        ++finished;
      });
    }
    group.wait();
    EXPECT_EQ(finished.load(), tasks) << "wait returned before every task had finished";
  }, {.threads = 2});
}

TEST(ErrGroupTest, WaitRethrowsFirstException) {
  go::testing::run([] {
    go::err_group group;
    group.go([] { throw std::invalid_argument{"first"}; });
    group.go([&] {
      (void)group.ctx().done().recv();  // fails only after the first task has failed
      throw std::runtime_error{"second"};
    });
    try {
      group.wait();
      ADD_FAILURE() << "wait must rethrow the task's exception";
    } catch (const std::invalid_argument& error) {
      EXPECT_STREQ(error.what(), "first");
    } catch (const std::exception& error) {
      ADD_FAILURE() << "wait rethrew \"" << error.what() << "\", not the first exception";
    }
  });
}

TEST(ErrGroupTest, WaitWaitsForEveryTaskEvenAfterAFailure) {
  go::testing::run([] {
    go::err_group group;
    bool slow_task_finished = false;
    group.go([] { throw std::runtime_error{"fail fast"}; });
    group.go([&] {
      (void)group.ctx().done().recv();
      go::yield();
      slow_task_finished = true;
    });
    EXPECT_THROW(group.wait(), std::runtime_error);
    EXPECT_TRUE(slow_task_finished) << "wait must wait for every task, failed or not";
  });
}

TEST(ErrGroupTest, CtxIsCancelledOnFirstFailure) {
  go::testing::run([] {
    go::err_group group;
    std::error_code seen;
    group.go([&] {
      (void)group.ctx().done().recv();
      seen = group.ctx().err();
    });
    group.go([] { throw std::runtime_error{"boom"}; });
    EXPECT_THROW(group.wait(), std::runtime_error);
    EXPECT_EQ(seen, go::context_error::canceled) << "a failing task must cancel the group's ctx";
  });
}

TEST(ErrGroupTest, CtxIsCancelledWhenWaitReturns) {
  go::testing::run([] {
    go::err_group group;
    group.go([] {});
    EXPECT_FALSE(group.ctx().err()) << "ctx must stay live while tasks may still run";
    group.wait();
    EXPECT_EQ(group.ctx().err(), go::context_error::canceled);
  });
}

TEST(ErrGroupTest, CtxIsChildOfParentAndNeverCancelsIt) {
  go::testing::run([] {
    auto [parent, cancel_parent] = go::with_cancel(go::background());
    {
      go::err_group group{parent};
      group.go([] { throw std::runtime_error{"boom"}; });
      EXPECT_THROW(group.wait(), std::runtime_error);
    }
    EXPECT_FALSE(parent.err()) << "a failing group must not cancel its parent";
    go::err_group group{parent};
    cancel_parent();
    EXPECT_EQ(group.ctx().err(), go::context_error::canceled) << "cancelling the parent must cancel ctx";
  });
}

TEST(ErrGroupTest, NonStandardExceptionIsRethrown) {
  go::testing::run([] {
    go::err_group group;
    group.go([] { throw 42; });
    EXPECT_THROW(group.wait(), int);
  });
}

// set_limit: the tasks count themselves in and out; the highest count seen is the number that
// ran at once. Each task waits until the first `limit` have all started, so the limit is
// reached for sure; a missing limit would let all tasks in at once.
void expect_limit_respected(unsigned threads) {
  go::testing::run([] {
    constexpr int limit = 3;
    constexpr int tasks = 30;
    std::atomic<int> running{0};
    std::atomic<int> most{0};
    std::atomic<bool> limit_reached{false};
    go::err_group group;
    group.set_limit(limit);
    for (int i = 0; i < tasks; ++i) {
      group.go([&] {
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        if (now == limit) limit_reached = true;
        test::yield_until([&] { return limit_reached.load(); });
        go::yield();
        --running;
      });
    }
    group.wait();
    EXPECT_EQ(most.load(), limit) << "set_limit(" << limit << ") must let exactly that many run at once";
  }, {.threads = threads});
}

TEST(ErrGroupTest, SetLimitBoundsTasksRunningAtOnceOnOneThread) { expect_limit_respected(1); }

TEST(ErrGroupTest, SetLimitBoundsTasksRunningAtOnceOnFourThreads) { expect_limit_respected(4); }

}  // namespace
