// testing_trace_test.cpp - go::testing::run_traced: stage concurrency, overlap and fibers left
// blocked, read from the recorded timeline rather than from clocks.
#include <string>

#include <go/go.hpp>
#include <go/testing_trace.hpp>
#include <gtest/gtest.h>

namespace {

// pipeline: "generate" feeds `workers` fibers named "square", which feed main.
void pipeline(int workers) {
  auto numbers = go::make_chan<int>();
  auto squares = go::make_chan<int>();
  go::spawn_named("generate", [numbers] {
    for (int i = 0; i < 20; ++i) numbers.send(i);
    numbers.close();
  });
  go::wait_group wg;
  wg.add(workers);
  for (int worker = 0; worker < workers; ++worker) {
    go::spawn_named("square", [numbers, squares, &wg] {
      while (auto n = numbers.recv()) squares.send(*n * *n);
      wg.done();
    });
  }
  go::spawn_named("closer", [&wg, squares] { wg.wait(); squares.close(); });
  while (squares.recv()) {
  }
}

TEST(TestingTraceTest, CountsTheFibersOfAStageLiveAtOnce) {
  const go::testing::run_trace trace = go::testing::run_traced([] { pipeline(3); }, {.threads = 2});
  ASSERT_FALSE(trace.error);
  EXPECT_EQ(trace.max_at_once("square"), 3);
  EXPECT_EQ(trace.max_at_once("generate"), 1);
  EXPECT_EQ(trace.max_at_once("no such stage"), 0);
}

TEST(TestingTraceTest, TellsWhetherStagesOverlapped) {
  const go::testing::run_trace piped = go::testing::run_traced([] { pipeline(2); });
  EXPECT_TRUE(piped.overlapped("generate", "square")) << "a pipeline's stages run at the same time";

  const go::testing::run_trace one_after_other = go::testing::run_traced([] {
    go::wait_group first;
    first.add(1);
    go::spawn_named("first", [&first] { first.done(); });
    first.wait();
    while (go::live_fibers() > 1) go::yield();
    go::wait_group second;
    second.add(1);
    go::spawn_named("second", [&second] { second.done(); });
    second.wait();
  });
  EXPECT_FALSE(one_after_other.overlapped("first", "second"));
}

TEST(TestingTraceTest, ListsTheFibersADeadlockLeftBlocked) {
  const go::testing::run_trace clean = go::testing::run_traced([] { pipeline(2); });
  EXPECT_TRUE(clean.left_blocked().empty());

  const go::testing::run_trace stuck = go::testing::run_traced([] {
    auto never = go::make_chan<int>();
    go::spawn_named("stuck", [never] { (void)never.recv(); });
    (void)never.recv();
  });
  ASSERT_TRUE(stuck.error) << "the run must end in a deadlock report";
  const auto blocked = stuck.left_blocked();
  ASSERT_EQ(blocked.size(), 2u);
  EXPECT_EQ(blocked[0].name, "main");
  EXPECT_EQ(blocked[1].name, "stuck");
  EXPECT_EQ(blocked[1].last_state, "chan receive");
}

}  // namespace
