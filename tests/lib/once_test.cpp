// once_test.cpp - go::once: fn runs exactly once however many fibers call, concurrent callers
// wait for it to finish, and (Go semantics) a throwing fn still counts as done.
#include <atomic>
#include <stdexcept>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

constexpr go::run_options one_thread{.threads = 1};

TEST(OnceTest, RunsExactlyOnceUnderConcurrency) {
  go::testing::run([] {
    constexpr int callers = 100;
    go::once init;
    std::atomic<int> runs{0};
    int value = 0;  // written by fn; every caller must see it once call returns
    std::atomic<int> saw_value{0};
    go::wait_group wg;
    wg.add(callers);
    for (int i = 0; i < callers; ++i) {
      go::spawn([&] {
        init.call([&] {
          ++runs;
          go::yield();  // give the other callers time to pile up
          value = 42;
        });
        if (value == 42) ++saw_value;
        wg.done();
      });
    }
    wg.wait();
    EXPECT_EQ(runs.load(), 1) << "fn must run exactly once";
    EXPECT_EQ(saw_value.load(), callers) << "call returned before fn's effects were visible";
  }, {.threads = 4});
}

TEST(OnceTest, DoneIsFalseUntilFirstCall) {
  go::testing::run([] {
    go::once init;
    EXPECT_FALSE(init.done());
    init.call([] {});
    EXPECT_TRUE(init.done());
  });
}

TEST(OnceTest, ConcurrentCallerWaitsUntilFnHasFinished) {
  go::testing::run([] {
    go::once init;
    auto release = go::make_chan<go::empty>();
    bool fn_started = false;
    bool second_started = false;
    bool second_returned = false;
    go::spawn([&, release] {
      init.call([&] {
        fn_started = true;
        (void)release.recv();  // fn is still running
      });
    });
    test::yield_until([&] { return fn_started; });
    go::spawn([&] {
      second_started = true;
      init.call([] { ADD_FAILURE() << "fn ran a second time"; });
      second_returned = true;
    });
    test::yield_until([&] { return second_started; });
    EXPECT_FALSE(second_returned) << "a concurrent caller must wait until fn has finished";
    release.close();
    test::yield_until([&] { return second_returned; });
  }, one_thread);
}

TEST(OnceTest, ThrowingFnStillCountsAsDone) {
  go::testing::run([] {
    go::once init;
    int runs = 0;
    EXPECT_THROW(init.call([&] {
      ++runs;
      throw std::runtime_error{"init failed"};
    }), std::runtime_error) << "the first caller must get fn's exception";
    EXPECT_TRUE(init.done()) << "as in Go, a once whose fn threw is done";
    EXPECT_NO_THROW(init.call([&] { ++runs; })) << "later callers must not see the exception";
    EXPECT_EQ(runs, 1) << "fn must not run again after throwing";
  });
}

TEST(OnceTest, WaitingCallerDoesNotGetFirstCallersException) {
  go::testing::run([] {
    go::once init;
    auto release = go::make_chan<go::empty>();
    bool fn_started = false;
    bool first_threw = false;
    bool second_started = false;
    bool second_returned = false;
    go::spawn([&, release] {
      try {
        init.call([&] {
          fn_started = true;
          (void)release.recv();
          throw std::runtime_error{"init failed"};
        });
      } catch (const std::runtime_error&) {
        first_threw = true;
      }
    });
    test::yield_until([&] { return fn_started; });
    go::spawn([&] {
      second_started = true;
      init.call([] { ADD_FAILURE() << "fn ran a second time"; });  // must not throw
      second_returned = true;
    });
    test::yield_until([&] { return second_started; });
    release.close();
    test::yield_until([&] { return first_threw && second_returned; });
  }, one_thread);
}

}  // namespace
