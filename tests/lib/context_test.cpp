// context_test.cpp - go::context: background, cancel (propagation down, never up, idempotent),
// deadlines and timeouts (err, inheritance, min of parent's and own), values through ancestors
// with typed keys, and done() channels waking fibers on any worker thread.
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <system_error>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

using namespace std::chrono_literals;

// is_done: whether ctx's done channel is closed (a receive on it would not block).
bool is_done(const go::context& ctx) {
  return go::select(go::recv(ctx.done()), go::otherwise()) == 0;
}

// ---------------------------------------------------------------------------------------------
// Background.

TEST(ContextTest, BackgroundIsNeverDone) {
  go::testing::run([] {
    const go::context bg = go::background();
    EXPECT_FALSE(bg.err());
    EXPECT_EQ(bg.deadline(), std::nullopt);
    EXPECT_TRUE(bg.done().is_nil()) << "background's done() must be a nil channel";
    EXPECT_FALSE(is_done(bg));
  });
}

TEST(ContextTest, SelectOnBackgroundDoneNeverFires) {
  go::testing::run([] {
    const int index = go::select(go::recv(go::background().done()), go::recv(go::after(5ms)));
    EXPECT_EQ(index, 1) << "a case on background's done() must never fire";
  });
}

// ---------------------------------------------------------------------------------------------
// Cancellation.

TEST(ContextTest, CancelClosesDoneAndSetsCanceled) {
  go::testing::run([] {
    auto [ctx, cancel] = go::with_cancel(go::background());
    EXPECT_FALSE(ctx.err()) << "err() must be empty before cancel";
    EXPECT_FALSE(is_done(ctx));
    cancel();
    EXPECT_TRUE(is_done(ctx)) << "cancel must close done()";
    EXPECT_EQ(ctx.err(), go::context_error::canceled);
    EXPECT_NE(ctx.err(), go::context_error::deadline_exceeded);
    EXPECT_EQ(ctx.err().message(), "context canceled");
    EXPECT_STREQ(ctx.err().category().name(), "context");
  });
}

TEST(ContextTest, CancelIsIdempotent) {
  go::testing::run([] {
    auto [ctx, cancel] = go::with_cancel(go::background());
    cancel();
    cancel();  // must neither throw (closing done twice) nor change err
    EXPECT_EQ(ctx.err(), go::context_error::canceled);
  });
}

TEST(ContextTest, CancelPropagatesToEveryDescendant) {
  go::testing::run([] {
    const go::context_key<int> key{"k"};
    auto [root, cancel_root] = go::with_cancel(go::background());
    auto [parent, cancel_parent] = go::with_cancel(root);
    auto [sibling, cancel_sibling] = go::with_cancel(root);
    auto [child, cancel_child] = go::with_cancel(parent);
    const go::context valued = go::with_value(child, key, 1);
    auto [grandchild, cancel_grandchild] = go::with_timeout(valued, 1h);

    cancel_parent();
    for (const go::context& descendant : {parent, child, valued, grandchild}) {  // handles: copies share state
      EXPECT_EQ(descendant.err(), go::context_error::canceled);
      EXPECT_TRUE(is_done(descendant)) << "every descendant's done() must be closed";
    }
    EXPECT_FALSE(root.err()) << "cancel must never reach the parent";
    EXPECT_FALSE(sibling.err()) << "cancel must not reach a sibling";
    cancel_root();
    EXPECT_EQ(sibling.err(), go::context_error::canceled);
    cancel_sibling();
    cancel_child();
    cancel_grandchild();
  });
}

TEST(ContextTest, ChildOfCancelledParentIsBornCancelled) {
  go::testing::run([] {
    auto [parent, cancel_parent] = go::with_cancel(go::background());
    cancel_parent();
    auto [child, cancel_child] = go::with_cancel(parent);
    EXPECT_EQ(child.err(), go::context_error::canceled);
    EXPECT_TRUE(is_done(child));
    auto [timed, cancel_timed] = go::with_timeout(parent, 1h);
    EXPECT_EQ(timed.err(), go::context_error::canceled) << "the parent's reason is inherited";
    cancel_child();
    cancel_timed();
  });
}

TEST(ContextTest, DeferCancelCancelsAtScopeEnd) {
  go::testing::run([] {
    auto [ctx, cancel] = go::with_cancel(go::background());
    {
      go::defer_cancel guard{cancel};
      EXPECT_FALSE(ctx.err());
    }
    EXPECT_EQ(ctx.err(), go::context_error::canceled);
  });
}

TEST(ContextTest, CancelWakesEveryFiberWaitingOnDoneAcrossThreads) {
  go::testing::run([] {
    constexpr int waiters = 8;
    auto [ctx, cancel] = go::with_cancel(go::background());
    std::atomic<int> woke{0};
    go::wait_group wg;
    wg.add(waiters);
    for (int i = 0; i < waiters; ++i) {
      go::spawn([&, done = ctx.done()] {
        (void)done.recv();
        ++woke;
        wg.done();
      });
    }
    go::spawn([cancel = cancel] { cancel(); });  // cancel from another fiber, maybe another thread
    wg.wait();
    EXPECT_EQ(woke.load(), waiters);
  }, {.threads = 2});
}

// ---------------------------------------------------------------------------------------------
// Deadlines.

TEST(ContextTest, WithTimeoutFiresDeadlineExceeded) {
  go::testing::run([] {
    auto [ctx, cancel] = go::with_timeout(go::background(), 5ms);
    go::defer_cancel guard{cancel};
    ASSERT_TRUE(ctx.deadline().has_value());
    (void)ctx.done().recv();  // blocks until the deadline passes
    EXPECT_EQ(ctx.err(), go::context_error::deadline_exceeded);
    EXPECT_EQ(ctx.err().message(), "context deadline exceeded");
    EXPECT_GE(go::clock::now(), *ctx.deadline()) << "done() must not close before the deadline";
    cancel();
    EXPECT_EQ(ctx.err(), go::context_error::deadline_exceeded) << "a later cancel must not change err";
  });
}

TEST(ContextTest, ErrNeverChangesOnceSet) {
  go::testing::run([] {
    auto [ctx, cancel] = go::with_timeout(go::background(), 2ms);
    cancel();  // usually before the deadline; on a slow machine maybe after
    const std::error_code first = ctx.err();
    EXPECT_TRUE(first);
    go::sleep(20ms);  // past the deadline
    EXPECT_EQ(ctx.err(), first) << "err must keep the first reason the context was done";
  });
}

TEST(ContextTest, CancelStopsTheDeadlineTimer) {
  // A pending timer keeps go::run from calling blocked fibers deadlocked. So if cancel stops
  // the hour-long timer, blocking forever is reported at once; if not, only the timeout ends it.
  EXPECT_THROW(go::testing::run([] {
    auto [ctx, cancel] = go::with_timeout(go::background(), 1h);
    cancel();
    (void)go::make_chan<int>().recv();
  }, {.timeout = 5s}), go::deadlock);
}

TEST(ContextTest, DeadlineInThePastIsBornExceeded) {
  go::testing::run([] {
    auto [ctx, cancel] = go::with_deadline(go::background(), go::clock::now() - 1s);
    EXPECT_EQ(ctx.err(), go::context_error::deadline_exceeded);
    EXPECT_TRUE(is_done(ctx));
    cancel();
  });
}

TEST(ContextTest, ChildDeadlineIsMinOfParentsAndOwn) {
  go::testing::run([] {
    const go::clock::time_point soon = go::clock::now() + 1h;
    const go::clock::time_point later = soon + 1h;
    const go::clock::time_point sooner = soon - 30min;
    auto [parent, cancel_parent] = go::with_deadline(go::background(), soon);
    auto [late_child, cancel_late] = go::with_deadline(parent, later);
    auto [early_child, cancel_early] = go::with_deadline(parent, sooner);
    auto [plain_child, cancel_plain] = go::with_cancel(parent);
    const go::context_key<int> key{"k"};
    EXPECT_EQ(parent.deadline(), soon);
    EXPECT_EQ(late_child.deadline(), soon) << "a later own deadline must not extend the parent's";
    EXPECT_EQ(early_child.deadline(), sooner) << "an earlier own deadline must win";
    EXPECT_EQ(plain_child.deadline(), soon) << "with_cancel must inherit the deadline";
    EXPECT_EQ(go::with_value(parent, key, 1).deadline(), soon) << "with_value must inherit the deadline";
    cancel_late();
    cancel_early();
    cancel_plain();
    cancel_parent();
  });
}

TEST(ContextTest, ChildTimesOutWithItsParent) {
  go::testing::run([] {
    auto [parent, cancel_parent] = go::with_timeout(go::background(), 5ms);
    auto [child, cancel_child] = go::with_timeout(parent, 1h);
    (void)child.done().recv();
    EXPECT_EQ(child.err(), go::context_error::deadline_exceeded);
    cancel_child();
    cancel_parent();
  });
}

// ---------------------------------------------------------------------------------------------
// Values.

TEST(ContextTest, ValuesAreFoundThroughAncestors) {
  go::testing::run([] {
    const go::context_key<std::string> user{"user"};
    const go::context_key<int> request_id{"request_id"};
    const go::context with_user = go::with_value(go::background(), user, "ada");
    auto [cancellable, cancel] = go::with_cancel(with_user);
    const go::context with_id = go::with_value(cancellable, request_id, 7);
    EXPECT_EQ(with_id.value(user), "ada") << "a value must be found through its ancestors";
    EXPECT_EQ(with_id.value(request_id), 7);
    EXPECT_EQ(with_user.value(request_id), std::nullopt) << "a parent must not see its child's values";
    EXPECT_EQ(go::background().value(user), std::nullopt);
    const go::context shadowed = go::with_value(with_id, user, "grace");
    EXPECT_EQ(shadowed.value(user), "grace") << "the nearest value must win";
    EXPECT_EQ(with_id.value(user), "ada");
    cancel();
  });
}

TEST(ContextTest, TypedKeysDoNotCollide) {
  go::testing::run([] {
    const go::context_key<int> first{"id"};
    const go::context_key<int> second{"id"};  // same name, same type: still a different key
    EXPECT_EQ(first.name(), "id");
    const go::context ctx = go::with_value(go::with_value(go::background(), first, 1), second, 2);
    EXPECT_EQ(ctx.value(first), 1);
    EXPECT_EQ(ctx.value(second), 2);
  });
}

}  // namespace
