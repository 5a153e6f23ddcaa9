// testing_trace_test.cpp - go::testing::run_traced: stage concurrency, overlap, values through
// channels and fibers left blocked, read from the recorded timeline rather than from clocks.
#include <string>

#include <go/go.hpp>
#include <go/testing_trace.hpp>
#include <gtest/gtest.h>

namespace {

// pipeline: "generate" feeds `workers` fibers named "square", which feed main.
void pipeline(int workers) {
  auto numbers = go::make_chan<int>();
  auto squares = go::make_chan<int>();
  go::testing::name_channel(numbers, "numbers");
  go::testing::name_channel(squares, "squares");
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
  EXPECT_EQ(trace.spawned("square"), 3);
  EXPECT_EQ(trace.spawned("main"), 1);
  EXPECT_EQ(trace.spawned(""), 0) << "every fiber of the pipeline has a name";
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

TEST(TestingTraceTest, CountsTheCallsInAStageSpanAtOnce) {
  const go::testing::run_trace trace = go::testing::run_traced(
      [] {
        go::wait_group all_in;
        all_in.add(3);
        go::wait_group finished;
        finished.add(3);
        for (int caller = 0; caller < 3; ++caller) {
          go::spawn([&] {
            {
              go::testing::stage_span call{"call"};  // all three are in here at once
              all_in.done();
              all_in.wait();
            }
            finished.done();
          });
        }
        finished.wait();
        for (int call = 0; call < 3; ++call) {
          go::testing::stage_span one{"one at a time"};
          go::yield();
        }
      },
      {.threads = 2});
  ASSERT_FALSE(trace.error) << trace.error_message();
  EXPECT_EQ(trace.max_at_once("call"), 3);
  EXPECT_EQ(trace.max_at_once("one at a time"), 1);
  EXPECT_FALSE(trace.overlapped("call", "one at a time"));
  EXPECT_TRUE(trace.overlapped("call", "main"));
  ASSERT_EQ(trace.spans.size(), 6u);
  EXPECT_EQ(trace.spans[5].stage, "one at a time");
  EXPECT_LE(trace.spans[4].end_ns, trace.spans[5].begin_ns) << "each call of the loop ends before the next begins";
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
  EXPECT_NE(stuck.error_message().find("deadlock"), std::string::npos) << stuck.error_message();
  EXPECT_EQ(clean.error_message(), "");
  const auto blocked = stuck.left_blocked();
  ASSERT_EQ(blocked.size(), 2u);
  EXPECT_EQ(blocked[0].name, "main");
  EXPECT_EQ(blocked[1].name, "stuck");
  EXPECT_EQ(blocked[1].last_state, "chan receive");
}

TEST(TestingTraceTest, CountsTheValuesThroughEachNamedChannel) {
  const go::testing::run_trace trace = go::testing::run_traced([] { pipeline(3); }, {.threads = 2});
  ASSERT_FALSE(trace.error);
  EXPECT_EQ(trace.values_sent("numbers"), 20);
  EXPECT_EQ(trace.values_received("numbers"), 20);
  EXPECT_EQ(trace.values_received("squares"), 20);
  EXPECT_EQ(trace.values_sent("no such channel"), 0);
}

TEST(TestingTraceTest, CountsEveryWayAValueGoesInOrOut) {
  const go::testing::run_trace trace = go::testing::run_traced([] {
    auto buffered = go::make_chan<int>(2);
    go::testing::name_channel(buffered, "buffered");
    buffered.send(1);
    (void)buffered.try_send(2);                      // the buffer is full now
    (void)buffered.try_send(3);                      // refused: not sent
    go::spawn([buffered] { buffered.send(4); });     // waits for room
    go::yield();                                     // (on one worker it is waiting now)
    (void)buffered.recv();                           // 1 out, 4 takes its place
    go::select(go::recv(buffered, [](std::optional<int>) {}));  // 2 out
    (void)buffered.recv();                           // 4 out
    go::spawn([buffered] { go::select(go::send(buffered, 5)); });
    go::spawn([buffered] { buffered.send(6); });     // 5 and 6 stay in the buffer

    auto unbuffered = go::make_chan<int>();
    go::testing::name_channel(unbuffered, "unbuffered");
    go::spawn([unbuffered] { unbuffered.send(7); });  // main waits first: handed to it
    (void)unbuffered.recv();
    go::spawn([unbuffered] { unbuffered.send(8); });  // the sender waits first: taken from it
    go::yield();
    (void)unbuffered.recv();
  });
  ASSERT_FALSE(trace.error);
  EXPECT_EQ(trace.values_sent("buffered"), 5) << "1, 2, 4, 5 and 6";
  EXPECT_EQ(trace.values_received("buffered"), 3) << "1, 2 and 4";
  EXPECT_EQ(trace.values_sent("unbuffered"), 2);
  EXPECT_EQ(trace.values_received("unbuffered"), 2);
}

TEST(TestingTraceTest, CountsAChannelFromItsNamingOnAndAddsUpChannelsNamedAlike) {
  const go::testing::run_trace trace = go::testing::run_traced([] {
    auto first = go::make_chan<int>(3);
    first.send(1);  // before the naming: not counted
    go::testing::name_channel(first, "input");
    first.send(2);
    auto second = go::make_chan<int>(3);
    go::testing::name_channel(second, "input");
    second.send(3);
    (void)second.recv();
  });
  ASSERT_FALSE(trace.error);
  EXPECT_EQ(trace.values_sent("input"), 2);
  EXPECT_EQ(trace.values_received("input"), 1);
  ASSERT_EQ(trace.channels.size(), 2u);
  EXPECT_EQ(trace.channels[0].sent, 1);
  EXPECT_EQ(trace.channels[1].received, 1);
}

TEST(TestingTraceTest, NamingAChannelOutsideATracedRunDoesNothing) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(1);
    go::testing::name_channel(ch, "untraced");
    ch.send(1);
    EXPECT_EQ(ch.recv(), 1);
  });
}

}  // namespace
