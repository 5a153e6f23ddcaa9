// go_pitfalls_test.cpp - tests of chapter 07's repairs of the guide's anti-patterns.
//
// One suite per exercise (RunJobsTest checks run_jobs). Each test asserts the repaired
// behaviour, so it fails on the broken stub the way the anti-pattern fails: an exception that
// ends the run, a go::deadlock report, a lost or repeated load, too many fibers - never a hang.
#include "go_pitfalls.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <latch>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

// parallel_threads: two worker threads, so that fibers really run at the same time - also
// under ThreadSanitizer, which follows a fiber from one thread to another (the toolkit tells it
// about every switch, lib/src/tsan_fibers.hpp), so it checks the fiber tests for races too.
constexpr unsigned parallel_threads = 2;

// run_or_explain: runs `body` in go::testing::run; an exception escaping it - a fiber's, or the
// toolkit's go::deadlock - fails the test with `advice` and the exception's own words.
template <class Body>
void run_or_explain(Body body, const std::string& advice, unsigned threads = 1) {
  try {
    go::testing::run(body, {.threads = threads});
  } catch (const std::exception& escaped) {
    ADD_FAILURE() << advice << "\n  what go::run threw: " << escaped.what();
  }
}

// numbers: 0, 1, ..., count - 1.
std::vector<int> numbers(int count) {
  std::vector<int> all(static_cast<std::size_t>(count));
  std::iota(all.begin(), all.end(), 0);
  return all;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// run_jobs

TEST(RunJobsTest, OneFailingJobLeavesTheOthersRunning) {
  go::testing::counters ran(5);
  std::vector<std::function<void()>> jobs;
  for (std::size_t i = 0; i < 5; ++i) {
    jobs.emplace_back([&ran, i] {
      ran.add(i);
      if (i == 2) throw std::runtime_error{"disk full"};
    });
  }
  std::vector<std::string> failures;
  run_or_explain([&] { failures = ch07::run_jobs(jobs); },
                 "a job's exception escaped its fiber and ended the whole run: catch it inside the fiber "
                 "(go::recover) and keep its message");
  EXPECT_EQ(ran.indexes_not_seen_once(), std::vector<std::size_t>{}) << "every job must run exactly once";
  EXPECT_EQ(failures, std::vector<std::string>{"disk full"});
}

TEST(RunJobsTest, TwoFailuresComeBackInJobOrder) {
  // The jobs never wait, and the run has one worker thread: the broken version's exception then
  // tears the run down only after every job has run (a torn-down run unwinds its fibers while
  // others may still touch run_jobs' wait_group - in a test, that would be a crash, not a fail).
  std::vector<std::function<void()>> jobs(6, [] {});
  jobs[1] = [] { throw std::runtime_error{"timeout"}; };
  jobs[4] = [] { throw std::invalid_argument{"bad row"}; };
  std::vector<std::string> failures;
  run_or_explain([&] { failures = ch07::run_jobs(jobs); },
                 "a job's exception escaped its fiber and ended the whole run: catch it inside the fiber");
  EXPECT_EQ(failures, (std::vector<std::string>{"timeout", "bad row"})) << "one message per failed job, in job order";
}

// ---------------------------------------------------------------------------------------------
// fan_in

TEST(FanInTest, DeliversEveryValueAndClosesOnce) {
  for (unsigned threads : {1U, parallel_threads}) {
    std::vector<int> received;
    run_or_explain(
        [&] {
          std::vector<go::recv_chan<int>> inputs;
          for (int input = 0; input < 3; ++input) {
            auto values = go::make_chan<int>();
            go::spawn([values, input] {
              for (int i = 0; i < 100; ++i) values.send(input * 100 + i);
              values.close();
            });
            inputs.emplace_back(values);
          }
          for (int value : ch07::fan_in(inputs)) received.push_back(value);  // ends at the close
        },
        "a fiber closed the merged channel after it was closed already (or sent on it after): close it "
        "once, in one fiber that waits until every forwarder is done",
        threads);
    std::sort(received.begin(), received.end());
    EXPECT_EQ(received, numbers(300)) << "on " << threads << " thread(s): every value of every input, once";
  }
}

// ---------------------------------------------------------------------------------------------
// config_cache - on plain threads, so that ThreadSanitizer can watch it (./workbook check 07 --tsan)

TEST(ConfigCacheTest, EightThreadsAtOnceLoadItOnce) {
  constexpr int threads = 8;
  for (int round = 0; round < 20; ++round) {
    std::atomic<int> loads{0};
    ch07::config_cache cache{[&loads] {
      ++loads;
      // A load takes a while (a file, a service): threads that ask meanwhile must wait for it,
      // not start their own. The pause only widens the window a racy check leaves open.
      std::this_thread::sleep_for(5ms);
      return std::string{"mode=fast"};
    }};
    std::latch start{threads};
    std::atomic<int> wrong{0};
    {
      std::vector<std::jthread> askers;
      for (int t = 0; t < threads; ++t) {
        askers.emplace_back([&] {
          start.arrive_and_wait();
          if (cache.get() != "mode=fast") ++wrong;
        });
      }
    }  // joined
    ASSERT_EQ(loads.load(), 1) << "round " << round << ": " << loads.load()
                               << " threads loaded the configuration - they all saw it missing before any had "
                                  "stored it. Make the check and the load one step: std::call_once";
    ASSERT_EQ(wrong.load(), 0) << "round " << round << ": a thread got something else than the loaded text";
  }
}

// ---------------------------------------------------------------------------------------------
// parse_in_background

TEST(ParseInBackgroundTest, ParsesANumberAndAnswersNothingForText) {
  std::optional<int> number;
  std::optional<int> not_a_number{-1};
  run_or_explain(
      [&] {
        number = ch07::parse_in_background("42");
        not_a_number = ch07::parse_in_background("forty-two");
      },
      "parse_in_background waited for an answer that never came: the worker must answer on every path, "
      "also when parsing fails (send an empty optional)");
  EXPECT_EQ(number, 42);
  EXPECT_EQ(not_a_number, std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// add

TEST(AddTest, AddsOneToAThousandWithoutSpawningAFiber) {
  long total = 0;
  std::uint64_t probe_id = 0;
  run_or_explain(
      [&] {
        for (long i = 1; i <= 1'000; ++i) total = ch07::add(total, i);
        // Fibers are numbered in the order they are spawned, main first: had add spawned none,
        // this probe is fiber 2.
        go::wait_group probed;
        probed.add(1);
        go::spawn([&] {
          probe_id = go::fiber_id();
          probed.done();
        });
        probed.wait();
      },
      "add threw");
  EXPECT_EQ(total, 500'500);
  EXPECT_EQ(probe_id, 2U) << "add spawned " << (probe_id - 2) << " fibers for 1,000 additions: an addition needs no "
                          << "fiber and no channel - return a + b";
}

// ---------------------------------------------------------------------------------------------
// process_items

TEST(ProcessItemsTest, ProcessesEachItemOnceWithAtMostFourAtATime) {
  for (unsigned threads : {1U, parallel_threads}) {
    const std::vector<int> items = numbers(1'000);
    go::testing::counters processed(items.size());
    go::testing::gauge in_progress;
    std::atomic<long> most_alive{0};
    run_or_explain(
        [&] {
          ch07::process_items(items, 4, [&](int item) {
            in_progress.enter();
            const long alive = go::live_fibers();
            for (long seen = most_alive.load(); seen < alive && !most_alive.compare_exchange_weak(seen, alive);) {
            }
            go::yield();  // a call to a service would wait here
            processed.add(static_cast<std::size_t>(item));
            in_progress.leave();
          });
        },
        "process_items threw", threads);
    EXPECT_EQ(processed.indexes_not_seen_once(), std::vector<std::size_t>{})
        << "on " << threads << " thread(s): every item must be processed exactly once";
    EXPECT_LE(in_progress.peak(), 4) << "on " << threads << " thread(s): " << in_progress.peak()
                                     << " calls ran at once - start `workers` fibers that take items from a "
                                        "channel, not a fiber per item";
    EXPECT_LE(most_alive.load(), 4 + 2) << "on " << threads << " thread(s): " << most_alive.load()
                                        << " fibers were alive at once; the workers and main are enough";
  }
}
