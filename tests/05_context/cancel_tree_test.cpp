// cancel_tree_test.cpp - the tests of the cancel_tree exercise (cancel_tree.hpp), one rule each.
#include "cancel_tree.hpp"

#include <exception>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace {

// is_done: whether ctx's done channel is closed, without blocking.
bool is_done(const ch05::cancel_context& ctx) {
  bool closed = false;
  go::select(go::recv(ctx.done(), [&] { closed = true; }), go::otherwise());
  return closed;
}

}  // namespace

TEST(CancelTreeTest, ANewContextIsNotDone) {
  const ch05::cancel_context root;
  EXPECT_FALSE(is_done(root)) << "done() must have nothing to receive until cancel()";
  EXPECT_EQ(root.err(), std::error_code{});
  EXPECT_FALSE(is_done(root.child()));
}

TEST(CancelTreeTest, CancelClosesDoneAndSetsErr) {
  const ch05::cancel_context root;
  root.cancel();
  EXPECT_TRUE(is_done(root)) << "cancel() must close the done channel";
  EXPECT_EQ(root.err(), go::context_error::canceled);
}

TEST(CancelTreeTest, CancelWakesEveryFiberWaitingOnDone) {
  const ch05::cancel_context root;
  int woken = 0;
  go::testing::run([&] {
    go::wait_group waiting;
    waiting.add(10);
    for (int i = 0; i < 10; ++i) {
      go::spawn([&] {
        waiting.done();
        root.done().recv();  // Go: <-ctx.Done()
        ++woken;
      });
    }
    waiting.wait();
    root.cancel();
    go::testing::expect_no_leaks();
  });
  EXPECT_EQ(woken, 10) << "closing done wakes every receiver; sending one value would wake only one";
}

TEST(CancelTreeTest, CancelIsIdempotent) {
  const ch05::cancel_context root;
  root.cancel();
  EXPECT_NO_THROW(root.cancel()) << "a second cancel() must do nothing (closing a closed channel throws)";
  EXPECT_EQ(root.err(), go::context_error::canceled);
}

TEST(CancelTreeTest, CancelFromManyFibersOnTwoThreadsClosesDoneOnce) {
  const ch05::cancel_context root;
  const ch05::cancel_context child = root.child();
  go::testing::run(
      [&] {
        go::wait_group cancelled;
        cancelled.add(100);
        for (int i = 0; i < 100; ++i) {
          go::spawn([&, i] {
            (i % 2 == 0 ? root : child).cancel();  // parent and child, cancelled at once
            cancelled.done();
          });
        }
        cancelled.wait();
      },
      {.threads = 2});  // an exception in a fiber (go::channel_closed) would end the run here
  EXPECT_TRUE(is_done(root));
  EXPECT_TRUE(is_done(child));
}

TEST(CancelTreeTest, CancellingTheParentCancelsEveryDescendant) {
  const ch05::cancel_context root;
  const ch05::cancel_context child = root.child();
  const ch05::cancel_context sibling = root.child();
  const ch05::cancel_context grandchild = child.child();
  root.cancel();
  EXPECT_TRUE(is_done(child));
  EXPECT_TRUE(is_done(sibling));
  EXPECT_TRUE(is_done(grandchild)) << "cancellation reaches the children's children too";
  EXPECT_EQ(grandchild.err(), go::context_error::canceled);
}

TEST(CancelTreeTest, CancellingAChildLeavesItsParentAndSiblingsRunning) {
  const ch05::cancel_context root;
  const ch05::cancel_context child = root.child();
  const ch05::cancel_context sibling = root.child();
  const ch05::cancel_context grandchild = child.child();
  child.cancel();
  EXPECT_TRUE(is_done(grandchild));
  EXPECT_FALSE(is_done(root)) << "cancellation flows down, never up";
  EXPECT_FALSE(is_done(sibling)) << "cancelling one child leaves its siblings alone";
  EXPECT_EQ(root.err(), std::error_code{});
}

TEST(CancelTreeTest, AChildOfACancelledContextIsBornCancelled) {
  const ch05::cancel_context root;
  root.cancel();
  const ch05::cancel_context late_child = root.child();
  EXPECT_TRUE(is_done(late_child)) << "a child made after its parent was cancelled would otherwise never end";
  EXPECT_EQ(late_child.err(), go::context_error::canceled);
  EXPECT_EQ(root.children(), 0U) << "a cancelled context needs no children list";
}

TEST(CancelTreeTest, AParentForgetsTheChildrenThatAreCancelled) {
  const ch05::cancel_context root;
  std::vector<ch05::cancel_context> children;
  for (int i = 0; i < 1000; ++i) children.push_back(root.child());
  EXPECT_EQ(root.children(), 1000U);
  for (const ch05::cancel_context& child : children) child.cancel();
  EXPECT_EQ(root.children(), 0U) << "a cancelled child must leave its parent's list, or a long-lived parent "
                                    "grows with every request it has ever served";
}

TEST(CancelTreeTest, AChildNeverCancelledStaysRegistered) {
  const ch05::cancel_context root;
  const ch05::cancel_context kept = root.child();
  { (void)root.child(); }  // dropped at once, never cancelled: Go's forgotten cancel
  EXPECT_EQ(root.children(), 2U) << "the parent must keep every child it may have to cancel, even one "
                                    "nobody else refers to any more";
  kept.cancel();
  EXPECT_EQ(root.children(), 1U);
  root.cancel();
  EXPECT_EQ(root.children(), 0U) << "a cancelled parent forgets all its children";
}

TEST(CancelTreeTest, CopiesReferToTheSameContext) {
  const ch05::cancel_context root;
  const ch05::cancel_context copy = root;  // NOLINT: the copy is the point
  copy.cancel();
  EXPECT_TRUE(is_done(root)) << "a cancel_context is a handle, like go::context: copies share one state";
}
