// singleflight_test.cpp - the drill singleflight: one call for concurrent callers of a key,
// never two at once for one key, other keys independent, errors shared, nothing cached.
#include "singleflight.hpp"

#include <array>
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using drill_test::schedule;

// settle: on one worker thread, lets every other fiber run until it blocks or ends.
void settle() {
  for (int round = 0; round < 100; ++round) go::yield();
}

}  // namespace

TEST(SingleflightTest, ConcurrentCallersOfOneKeyShareOneCall) {
  constexpr int callers = 5;
  ch10::singleflight loads;
  std::atomic<int> calls{0};
  auto gate = go::make_chan<go::empty>();
  std::array<ch10::singleflight::result, callers> results{};
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        for (int i = 0; i < callers; ++i) {
          go::spawn([&, i] {
            results[i] = loads.call("config", [&] {
              ++calls;
              gate.recv();  // still running while the other callers arrive
              return std::string{"loaded"};
            });
          });
        }
        settle();  // every caller is now inside call(), waiting
        gate.close();
      },
      "the callers waited forever: when the call in flight ends, wake everyone waiting for it", 1));
  EXPECT_EQ(calls, 1) << callers << " callers arrived while the first call was running: fn must run once";
  for (const auto& got : results) {
    EXPECT_EQ(got.value, "loaded");
    EXPECT_TRUE(got.shared) << "the value went to " << callers << " callers: each must be told it was shared";
  }
}

TEST(SingleflightTest, NeverTwoCallsForOneKeyAtOnceOnTwoThreads) {
  constexpr int keys = 4;
  constexpr int callers_per_key = 8;
  for (int round = 0; round < drill_test::rounds / 10; ++round) {
    ch10::singleflight loads;
    std::array<go::testing::gauge, keys> running{};
    std::atomic<int> wrong_values{0};
    schedule random{round};
    ASSERT_TRUE(drill_test::run_round(
        [&] {
          for (int caller : random.shuffled(keys * callers_per_key)) {
            const int key = caller % keys;
            go::spawn([&, key] {
              random.jitter();
              auto got = loads.call("key" + std::to_string(key), [&] {
                running[key].enter();
                random.jitter();
                running[key].leave();
                return "value" + std::to_string(key);
              });
              if (got.value != "value" + std::to_string(key)) ++wrong_values;
            });
          }
        },
        "callers waited forever: when a call ends, wake everyone waiting for it"));
    ASSERT_EQ(wrong_values, 0) << "round " << round << ": a caller got another key's value";
    for (int key = 0; key < keys; ++key) {
      ASSERT_LE(running[key].peak(), 1) << "round " << round << ": fn ran twice at once for key" << key
                                        << " - a second caller must join the call in flight";
    }
  }
}

TEST(SingleflightTest, AFinishedCallIsNotCached) {
  ch10::singleflight loads;
  int calls = 0;
  std::vector<ch10::singleflight::result> results;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        for (int i = 0; i < 2; ++i) {
          results.push_back(loads.call("config", [&] { return "version " + std::to_string(++calls); }));
        }
      },
      "a call with no other caller waited forever", 1));
  EXPECT_EQ(calls, 2) << "the first call had ended: the second must run fn again";
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[1].value, "version 2");
  EXPECT_FALSE(results[0].shared) << "a caller alone is not shared";
  EXPECT_FALSE(results[1].shared) << "a caller alone is not shared";
}

TEST(SingleflightTest, DifferentKeysRunAtTheSameTime) {
  // Each call waits until the other key's call is running too: a singleflight that lets one
  // call run at a time, whatever its key, never gets there and go::run reports a deadlock.
  ch10::singleflight loads;
  go::testing::fiber_latch both_running{2};
  std::vector<std::string> values(2);
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        for (int i = 0; i < 2; ++i) {
          go::spawn([&, i] {
            const std::string key = i == 0 ? "users" : "orders";
            values[i] = loads.call(key, [&] {
              both_running.arrive_and_wait();
              return key;
            }).value;
          });
        }
      },
      "calls for different keys waited for each other: only callers of the same key share a call - "
      "and never hold a lock while fn runs"));
  EXPECT_EQ(values, (std::vector<std::string>{"users", "orders"}));
}

TEST(SingleflightTest, AnExceptionReachesEveryWaitingCallerAndIsNotRemembered) {
  constexpr int callers = 3;
  ch10::singleflight loads;
  auto gate = go::make_chan<go::empty>();
  std::atomic<int> saw_error{0};
  std::string after_error;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        for (int i = 0; i < callers; ++i) {
          go::spawn([&] {
            try {
              loads.call("flaky", [&]() -> std::string {
                gate.recv();
                throw std::runtime_error{"database down"};
              });
            } catch (const std::runtime_error& error) {
              if (std::string{error.what()} == "database down") ++saw_error;
            }
          });
        }
        settle();
        gate.close();
        settle();
        after_error = loads.call("flaky", [] { return std::string{"back up"}; }).value;
      },
      "the callers waited forever after fn threw: store the exception and wake them anyway", 1));
  EXPECT_EQ(saw_error, callers) << "every caller that waited for the failed call must get its exception";
  EXPECT_EQ(after_error, "back up") << "a failed call must be forgotten like any other";
}
