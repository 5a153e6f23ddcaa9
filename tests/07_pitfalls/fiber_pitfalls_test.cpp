// fiber_pitfalls_test.cpp - tests of chapter 07's repairs of the C++-on-fibers pitfalls.
//
// The runs here use one worker thread, where these mistakes fail every time: a stalled worker
// is seen as a fiber that could not run (a probe that waits for it gives up after two
// seconds); a std::mutex held across a switch hangs its thread, so those tests run in a child
// process that an alarm ends; a dangling reference reads what the caller changed. Under
// AddressSanitizer (the asan preset) one more test destroys the caller's vector outright.
#include "fiber_pitfalls.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

// parallel_threads: two worker threads - also under ThreadSanitizer, which follows a fiber
// from one thread to another (the toolkit tells it about every switch, lib/src/tsan_fibers.hpp).
constexpr unsigned parallel_threads = 2;

// patience: how long a probe waits for something that a stalled worker can never do. Only a
// broken version ever waits this long; a repaired one is done in microseconds.
constexpr auto patience = 2s;

// thread_signal: a count that plain threads wait on - the blocking calls below run on threads
// that the toolkit does not schedule (a worker, or go::blocking's pool), so they cannot wait on
// a channel.
class thread_signal {
 public:
  void add() {
    {
      std::lock_guard lock{mutex_};
      ++count_;
    }
    changed_.notify_all();
  }
  // wait_for: whether the count reached `count` within `patience`.
  bool wait_for(int count) {
    std::unique_lock lock{mutex_};
    return changed_.wait_for(lock, patience, [&] { return count_ >= count; });
  }
  [[nodiscard]] int count() {
    std::lock_guard lock{mutex_};
    return count_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int count_ = 0;  // guarded by mutex_
};

// run_or_explain: go::testing::run on one worker thread; an escaping exception fails the test.
template <class Body>
void run_or_explain(Body body, unsigned threads = 1) {
  try {
    go::testing::run(body, {.threads = threads});
  } catch (const std::exception& escaped) {
    ADD_FAILURE() << "go::run threw: " << escaped.what();
  }
}

// expect_finishes_without_hanging: runs `scenario` in a child process that SIGALRM ends after
// five seconds, so that a worker thread stuck for ever in std::mutex::lock ends the child, not
// the test run. Passes if the child exits because `scenario` returned true.
void expect_finishes_without_hanging(bool (*scenario)(), const std::string& advice) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // the child re-runs this test alone
  EXPECT_EXIT(
      {
        alarm(5);
        std::_Exit(scenario() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "")
      << advice;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// query_all

TEST(QueryAllTest, ThreeQueriesRunAtTheSameTime) {
  thread_signal started;
  // Each query waits until all three have started: possible only if they run at once.
  const ch07::run_query_fn run_query = [&](const std::string& sql) {
    started.add();
    return started.wait_for(3) ? "rows of " + sql : "gave up waiting for the other queries";
  };
  std::vector<std::string> answers;
  run_or_explain([&] { answers = ch07::query_all({"q1", "q2", "q3"}, run_query); });
  EXPECT_EQ(answers, (std::vector<std::string>{"rows of q1", "rows of q2", "rows of q3"}))
      << "the queries ran one after another: a blocking call in a fiber holds its worker thread. Run "
         "run_query through go::blocking";
}

TEST(QueryAllTest, AnotherFiberRunsWhileAQueryBlocks) {
  thread_signal query_started;
  thread_signal heartbeat;
  const ch07::run_query_fn run_query = [&](const std::string& sql) {
    query_started.add();
    return heartbeat.wait_for(1) ? "rows of " + sql : "the heartbeat fiber never ran";
  };
  std::vector<std::string> answers;
  run_or_explain([&] {
    go::spawn([&] {  // on the same (only) worker thread as the query
      while (query_started.count() == 0) go::yield();
      heartbeat.add();
    });
    answers = ch07::query_all({"q1"}, run_query);
  });
  EXPECT_EQ(answers, std::vector<std::string>{"rows of q1"})
      << "no other fiber could run while the query blocked: the call stalled the worker thread. Run it "
         "through go::blocking, which waits on another thread";
}

// ---------------------------------------------------------------------------------------------
// price_cache - in a child process, because the broken version hangs its worker thread for ever

namespace {

// two_fibers_ask_at_once: two fibers on one worker ask for a price each, while the fetch
// switches fibers; true if both get the right price.
bool two_fibers_ask_at_once() {
  int apple = 0;
  int pear = 0;
  go::testing::run([&] {
    ch07::price_cache prices{[](const std::string& item) {
      go::sleep(1ms);  // a call to the pricing service: this fiber is switched out
      return static_cast<int>(item.size());
    }};
    go::wait_group asked;
    asked.add(2);
    go::spawn([&] {
      apple = prices.price("apple");
      asked.done();
    });
    go::spawn([&] {
      pear = prices.price("pear");
      asked.done();
    });
    asked.wait();
  });
  return apple == 5 && pear == 4;
}

// many_fibers_ask_for_one_item: five fibers on two workers (parallel_threads) ask for the
// same item at once; true if it was fetched once and all got its price.
bool many_fibers_ask_for_one_item() {
  std::atomic<int> fetches{0};
  std::atomic<int> right{0};
  go::testing::run(
      [&] {
        ch07::price_cache prices{[&](const std::string&) {
          ++fetches;
          go::sleep(1ms);
          return 42;
        }};
        go::wait_group asked;
        asked.add(5);
        for (int i = 0; i < 5; ++i) {
          go::spawn([&] {
            if (prices.price("apple") == 42) ++right;
            asked.done();
          });
        }
        asked.wait();
      },
      {.threads = parallel_threads});
  return fetches == 1 && right == 5;
}

}  // namespace

TEST(PriceCacheTest, TwoFibersOnOneWorkerAskAtOnce) {
  expect_finishes_without_hanging(two_fibers_ask_at_once,
                                  "the child process hung (killed by SIGALRM) or got wrong prices: a fiber "
                                  "held the std::mutex across the fetch, the other fiber blocked the only "
                                  "worker thread in lock(). Hold fiber_mutex_ (go::mutex) instead");
}

TEST(PriceCacheTest, AnItemIsFetchedOnceHoweverManyAsk) {
  expect_finishes_without_hanging(many_fibers_ask_for_one_item,
                                  "the child process hung (killed by SIGALRM) or fetched the item more than "
                                  "once: waiting fibers blocked both worker threads in std::mutex::lock(). "
                                  "Hold fiber_mutex_ (go::mutex) across the fetch");
}

// ---------------------------------------------------------------------------------------------
// total_in_background

TEST(TotalInBackgroundTest, TotalsTheValuesAsTheyWereAtTheCall) {
  long total = 0;
  run_or_explain([&] {
    std::vector<int> values{1, 2, 3};
    auto later = ch07::total_in_background(values);
    values.assign({100, 200});  // the caller moves on; on one worker the fiber has not run yet
    total = *later.recv();
  });
  EXPECT_EQ(total, 6) << "the fiber read the caller's vector after the call had returned - " << total
                      << " is the total of what the caller put there later. Capture a copy: [values, total]";
}

#if defined(__SANITIZE_ADDRESS__)
// Only in the asan build: with a dangling reference this is a use after free, which in a plain
// build may print anything or crash; AddressSanitizer stops the program with a report instead.
TEST(TotalInBackgroundTest, SurvivesTheCallersVectorBeingDestroyed) {
  long total = 0;
  run_or_explain([&] {
    go::recv_chan<long> later;
    {
      const std::vector<int> values(1'000, 1);
      later = ch07::total_in_background(values);
    }  // values destroyed: its elements' memory freed
    total = *later.recv();
  });
  EXPECT_EQ(total, 1'000);
}
#endif
