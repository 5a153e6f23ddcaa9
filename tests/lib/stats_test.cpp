// stats_test.cpp - go::stats(): fibers spawned / finished / live, context switches per worker,
// blocks by kind - all counts, never times - and the GO_SCHEDTRACE line.
#include <cstdlib>
#include <regex>
#include <string>

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
  stats.blocks[static_cast<std::size_t>(go::block_kind::chan)] = 80;
  std::ostringstream line;
  line << stats;
  EXPECT_EQ(line.str(), "gomaxprocs=2 live=3 spawned=12 finished=9 switches=[140 96] blocks: chan=80 select=0 "
                        "mutex=0 wait_group=0 sleep=0 other=0");
}

}  // namespace
