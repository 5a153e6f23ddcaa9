// context_test.cpp - Q16-Q17: what a context carries, and the leak of a forgotten cancel.
#include "interview.hpp"

#include <chrono>

#include <gtest/gtest-spi.h>
#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

// Q16 -----------------------------------------------------------------------------------------

TEST(Q16ContextTest, TheResultWinsWhenItComesBeforeTheDeadline) {
  go::testing::run([] {
    const auto processing = go::make_chan<int>(1);
    processing.send(42);
    auto [ctx, cancel] = go::with_timeout(go::background(), 1h);
    go::defer_cancel cancel_on_return{cancel};
    EXPECT_EQ(ch08::do_work(ctx, processing).value, 42);
  });
}

TEST(Q16ContextTest, TheDeadlineEndsTheWorkWithDeadlineExceeded) {
  go::testing::run([] {
    auto [ctx, cancel] = go::with_timeout(go::background(), 1ms);
    go::defer_cancel cancel_on_return{cancel};
    EXPECT_EQ(ch08::do_work(ctx, go::make_chan<int>()).error, go::context_error::deadline_exceeded);
  });
}

TEST(Q16ContextTest, CancellingTheParentReachesTheChild) {
  go::testing::run([] {
    auto [parent, cancel_parent] = go::with_cancel(go::background());
    auto [child, cancel_child] = go::with_timeout(parent, 1h);
    go::defer_cancel cancel_on_return{cancel_child};
    go::spawn([cancel_parent] { cancel_parent(); });
    EXPECT_EQ(ch08::do_work(child, go::make_chan<int>()).error, go::context_error::canceled);
  });
}

TEST(Q16ContextTest, RequestScopedValuesTravelDownTheTree) {
  const go::context ctx = go::with_value(go::background(), ch08::request_id, "req-7");
  auto [child, cancel] = go::with_cancel(ctx);
  cancel();
  EXPECT_EQ(child.value(ch08::request_id), "req-7");
}

// Q17 -----------------------------------------------------------------------------------------

TEST(Q17ForgottenCancelTest, TheLeakCheckReportsTheWatcherOfAForgottenCancel) {
  EXPECT_NONFATAL_FAILURE_ON_ALL_THREADS(go::testing::run([] {
                                           ch08::handle_request_forgetting_cancel(go::background(), 1h);
                                           go::testing::expect_no_leaks(std::chrono::milliseconds{50});
                                         }),
                                         "fiber leak: 1 fiber(s) outlived the test");
}

TEST(Q17ForgottenCancelTest, DeferCancelLeavesNothingBehind) {
  go::testing::run([] {
    ch08::handle_request(go::background(), 1h);
    go::testing::expect_no_leaks();
  });
}

TEST(Q17ForgottenCancelTest, OnlyTheParentsCancelOrTheDeadlineEndsAForgottenWatcher) {
  go::testing::run([] {
    auto [parent, cancel_parent] = go::with_cancel(go::background());
    ch08::handle_request_forgetting_cancel(parent, 1h);
    ch08::let_others_run();
    EXPECT_EQ(go::live_fibers(), 2) << "the request has returned, its watcher has not";
    cancel_parent();
    go::testing::expect_no_leaks();
  });
}

TEST(Q17ForgottenCancelTest, TheDeadlineEndsAForgottenWatcherAtLast) {
  go::testing::run([] {
    ch08::handle_request_forgetting_cancel(go::background(), 1ms);
    go::testing::expect_no_leaks();  // waits for it, up to a second
  });
}

}  // namespace
