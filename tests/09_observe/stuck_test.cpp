// stuck_test.cpp - chapter 09's dump exercises: profile_cache, count_matches.
//
// A lock held across a blocking call is counted (go::stats: fibers that blocked on a mutex)
// and caught by fetches that must all be in progress at once (a latch: one at a time never
// gets them all in, and the toolkit reports the deadlock). A hang is the toolkit's deadlock
// report, never a hung test; the repaired search leaves no fiber blocked on its timeline.
#include "stuck.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <go/testing_trace.hpp>
#include <gtest/gtest.h>

namespace {

std::string profile_of(int user) { return "profile of user " + std::to_string(user); }

TEST(ProfileCacheTest, NoCallerEverWaitsForTheLock) {
  std::uint64_t waits_for_the_lock = 0;
  const go::testing::run_trace trace = go::testing::run_traced([&] {
    ch09::profile_cache cache{[](int user) {
      go::sleep(std::chrono::milliseconds{1});  // the profile service: a blocking call
      return profile_of(user);
    }};
    go::wait_group callers;
    callers.add(8);
    for (int user = 0; user < 8; ++user) {
      go::spawn_named("caller", [&cache, &callers, user] {
        EXPECT_EQ(cache.get(user), profile_of(user));
        callers.done();
      });
    }
    callers.wait();
    waits_for_the_lock = go::stats().blocked(go::block_kind::mutex);
  });
  ASSERT_FALSE(trace.error) << trace.error_message();
  EXPECT_EQ(waits_for_the_lock, 0u)
      << "on one thread a fiber can only wait for the lock if its holder blocked while holding it: "
         "callers waited for the cache's mutex "
      << waits_for_the_lock << " times (./build/bin/ch09_show profile_cache shows who holds it)";
}

// run_overlapping_fetches: four callers of four users, on `threads` workers, whose fetches
// must all be in progress at once before any returns. Returns how often fetch was called, or
// nothing when the fetches could not overlap (a failure already reported).
std::optional<int> run_overlapping_fetches(unsigned threads) {
  std::atomic<int> fetches{0};
  go::testing::fiber_latch all_fetching{4};
  try {
    go::testing::run(
        [&] {
          ch09::profile_cache cache{[&](int user) {
            ++fetches;
            all_fetching.arrive_and_wait();
            return profile_of(user);
          }};
          go::wait_group callers;
          callers.add(4);
          for (int user = 0; user < 4; ++user) {
            go::spawn_named("caller", [&cache, &callers, user] {
              EXPECT_EQ(cache.get(user), profile_of(user));
              EXPECT_EQ(cache.get(user), profile_of(user)) << "the second get is served from memory";
              callers.done();
            });
          }
          callers.wait();
        },
        {.threads = threads});
  } catch (const go::deadlock& stuck) {
    ADD_FAILURE() << "the fetches of four users could not all be in progress at once: the lock is held "
                     "across the fetch. go::run reported:\n"
                  << stuck.what();
    return std::nullopt;
  }
  return fetches.load();
}

TEST(ProfileCacheTest, FetchesOfDifferentUsersOverlapOnOneThread) {
  if (const auto fetches = run_overlapping_fetches(1)) {
    EXPECT_EQ(*fetches, 4) << "one fetch per user";
  }
}

TEST(ProfileCacheTest, FetchesOfDifferentUsersOverlapOnTwoThreads) {
  if (const auto fetches = run_overlapping_fetches(2)) {
    EXPECT_EQ(*fetches, 4) << "one fetch per user";
  }
}

// shards: `n` shards, shard i holding the word "go" i times among other words.
std::vector<std::string> shards(int n) {
  std::vector<std::string> all;
  for (int i = 0; i < n; ++i) {
    std::string text = "stop";
    for (int j = 0; j < i; ++j) text += " go gopher";
    all.push_back(text + " going");
  }
  return all;
}

void expect_total_without_hanging(int n, unsigned threads) {
  const std::vector<std::string> searched = shards(n);
  long total = -1;
  const go::testing::run_trace trace =
      go::testing::run_traced([&] { total = ch09::count_matches(searched, "go"); }, {.threads = threads});
  ASSERT_FALSE(trace.error) << "count_matches hung; the toolkit's report is the fiber dump of the hang:\n"
                            << trace.error_message();
  EXPECT_EQ(total, n * (n - 1) / 2);
  EXPECT_EQ(trace.spawned("search"), n) << "one fiber named \"search\" per shard";
  for (const auto& left : trace.left_blocked()) {
    ADD_FAILURE() << "fiber " << left.id << " \"" << left.name << "\" was left blocked in " << left.last_state;
  }
}

TEST(CountMatchesTest, AddsUpEveryShardOnOneThread) { expect_total_without_hanging(5, 1); }

TEST(CountMatchesTest, AddsUpEveryShardOnTwoThreads) { expect_total_without_hanging(20, 2); }

}  // namespace
