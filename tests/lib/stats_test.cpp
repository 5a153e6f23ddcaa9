// stats_test.cpp - go::stats(): fibers spawned / finished / live, context switches and steals per
// worker, blocks and time blocked by kind, and the GO_SCHEDTRACE line. Times are only asserted
// from below (a fiber that slept 20 ms was blocked at least that long), never from above.
#include <cstdlib>
#include <regex>
#include <string>
#include <thread>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

using namespace std::chrono_literals;

TEST(StatsTest, CountsSpawnedFinishedAndLiveFibers) {
  go::testing::run([] {
    go::wait_group wg;
    wg.add(10);
    for (int i = 0; i < 10; ++i) go::spawn([&wg] { wg.done(); });
    wg.wait();
    test::yield_until([] { return go::live_fibers() == 1; });  // the last done() may still be returning
    const go::run_stats now = go::stats();
    EXPECT_EQ(now.spawned, 11u) << "ten fibers and main";
    EXPECT_EQ(now.finished, 10u);
    EXPECT_EQ(now.live, 1);
    EXPECT_EQ(now.gomaxprocs, 2u);
  }, {.threads = 2});
}

TEST(StatsTest, APingPongOfNValuesCostsAtLeastTwoSwitchesEach) {
  go::testing::run([] {
    constexpr int values = 100;
    auto ping = go::make_chan<int>();
    auto pong = go::make_chan<int>();
    go::spawn([=] {
      while (auto value = ping.recv()) pong.send(*value);
    });
    const go::run_stats before = go::stats();
    for (int i = 0; i < values; ++i) {
      ping.send(i);
      (void)pong.recv();
    }
    const go::run_stats after = go::stats();
    ping.close();
    EXPECT_GE(after.switches() - before.switches(), 2u * values) << "each round trip resumes the echo fiber and main";
    EXPECT_GE(after.blocked(go::block_kind::chan) - before.blocked(go::block_kind::chan), static_cast<std::uint64_t>(values));
    ASSERT_EQ(after.switches_per_worker.size(), 1u);
  });
}

TEST(StatsTest, CountsBlocksByKind) {
  go::testing::run([] {
    go::mutex mu;
    go::wait_group wg;
    mu.lock();
    wg.add(1);
    go::spawn([&] { mu.lock(); mu.unlock(); wg.done(); });
    go::yield();  // one worker: the fiber blocks on the mutex now
    const go::run_stats before = go::stats();
    mu.unlock();
    wg.wait();
    go::sleep(1ms);
    const go::run_stats after = go::stats();
    EXPECT_EQ(before.blocked(go::block_kind::mutex), 1u);
    EXPECT_EQ(after.blocked(go::block_kind::wait_group), 1u);
    EXPECT_EQ(after.blocked(go::block_kind::sleep), 1u);
    EXPECT_EQ(after.blocked(go::block_kind::select), 0u);
  });
}

TEST(StatsTest, ASleepCountsItsWholeTimeAsBlockedInSleep) {
  go::testing::run([] {
    go::sleep(20ms);
    const go::run_stats after = go::stats();
    EXPECT_GE(after.blocked_time(go::block_kind::sleep), 20ms);
    EXPECT_EQ(after.blocked_time(go::block_kind::chan), 0ns) << "nothing blocked on a channel";
  });
}

TEST(StatsTest, TimeBlockedInAChannelLastsUntilTheValueArrives) {
  go::testing::run([] {
    auto values = go::make_chan<int>();
    go::spawn([values] {
      go::sleep(20ms);  // the receiver waits for this long at least
      values.send(1);
    });
    (void)values.recv();
    EXPECT_GE(go::stats().blocked_time(go::block_kind::chan), 20ms);
  }, {.threads = 2});
}

TEST(StatsTest, AGoBlockingCallCountsAsBlocking) {
  go::testing::run([] {
    go::blocking([] { std::this_thread::sleep_for(20ms); });
    const go::run_stats after = go::stats();
    EXPECT_EQ(after.blocked(go::block_kind::blocking), 1u);
    EXPECT_GE(after.blocked_time(go::block_kind::blocking), 20ms);
    EXPECT_EQ(after.blocked(go::block_kind::other), 0u);
  });
}

TEST(StatsTest, AFiberThatMovesToAnotherWorkerCountsASteal) {
  go::testing::run([] {
    const unsigned first = go::worker_index();
    // Each yield puts main back into the shared queue, where the idle worker may take it; the
    // run's timeout ends the test if it never does.
    test::yield_until([&] { return go::worker_index() != first; });
    const go::run_stats moved = go::stats();
    EXPECT_GE(moved.steals(), 1u);
    EXPECT_GE(moved.steals_per_worker[go::worker_index()], 1u) << "the worker that took main over counts it";
  }, {.threads = 2});
}

TEST(StatsTest, AFiberOnOneWorkerIsNeverStolen) {
  go::testing::run([] {
    for (int i = 0; i < 10; ++i) go::yield();
    EXPECT_EQ(go::stats().steals(), 0u);
  });
}

TEST(StatsTest, OutsideARunEverythingIsZero) {
  const go::run_stats none = go::stats();
  EXPECT_EQ(none.spawned, 0u);
  EXPECT_EQ(none.switches(), 0u);
}

TEST(StatsTest, PrintsAsOneSchedtraceLine) {
  go::run_stats stats;
  stats.gomaxprocs = 2;
  stats.live = 3;
  stats.spawned = 12;
  stats.finished = 9;
  stats.switches_per_worker = {140, 96};
  stats.steals_per_worker = {4, 7};
  stats.blocks[static_cast<std::size_t>(go::block_kind::chan)] = 80;
  stats.blocked_ns[static_cast<std::size_t>(go::block_kind::chan)] = 1'540'000;
  std::ostringstream line;
  line << stats;
  EXPECT_EQ(line.str(), "gomaxprocs=2 live=3 spawned=12 finished=9 switches=[140 96] steals=[4 7] blocks: "
                        "chan=80/1.5ms select=0/0.0ms mutex=0/0.0ms wait_group=0/0.0ms sleep=0/0.0ms "
                        "blocking=0/0.0ms other=0/0.0ms");
}

}  // namespace
