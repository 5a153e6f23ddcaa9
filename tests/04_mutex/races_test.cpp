// races_test.cpp - tests of chapter 04's race exercises (races.hpp), on plain threads.
//
// One suite per exercise (CounterTest checks counter). Each test starts its threads together
// and counts exactly, so racy code loses updates and fails in every build. Built with
// ThreadSanitizer (./workbook check 04 --tsan, or the tsan preset) the same tests also report
// the race itself - also one that happened not to lose a count.
#include "races.hpp"

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <latch>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace {

// run_together: runs body(i) on `threads` threads that all start at the same moment, joins
// them, and rethrows the first exception a body threw (escaping a thread, it would end the
// test program). Started one by one, early threads could finish before late ones begin.
void run_together(int threads, const std::function<void(int)>& body) {
  std::latch start{threads};
  std::mutex failure_mutex;
  std::exception_ptr failure;  // guarded by failure_mutex
  {
    std::vector<std::jthread> running;
    for (int i = 0; i < threads; ++i) {
      running.emplace_back([&, i] {
        start.arrive_and_wait();
        try {
          body(i);
        } catch (...) {
          std::lock_guard lock{failure_mutex};
          if (!failure) failure = std::current_exception();
        }
      });
    }
  }  // joined
  if (failure) std::rethrow_exception(failure);
}

// writer_leaving: counts a writer thread out when it leaves - also by an exception, so that
// the reader thread waiting for the writers to finish never waits for ever.
struct writer_leaving {
  std::atomic<int>& writers_left;
  ~writer_leaving() { --writers_left; }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// counter

TEST(CounterTest, CountsEveryIncrementFromEightThreads) {
  ch04::counter hits;
  run_together(8, [&](int) {
    for (int i = 0; i < 10'000; ++i) hits.increment();
  });
  EXPECT_EQ(hits.value(), 80'000) << "increments were lost: two threads read the same value and both "
                                     "wrote value + 1. Hold the mutex from the read to the write.";
}

TEST(CounterTest, ValueNeverGoesBackwards) {
  ch04::counter hits;
  std::atomic<int> writers_left{4};
  std::atomic<int> decreases{0};
  run_together(5, [&](int thread) {
    if (thread < 4) {
      const writer_leaving leaving{writers_left};
      for (int i = 0; i < 10'000; ++i) hits.increment();
      return;
    }
    int last = 0;
    while (writers_left.load() > 0) {  // the reader samples until every writer is done
      const int now = hits.value();
      if (now < last) ++decreases;
      last = now;
    }
  });
  EXPECT_EQ(decreases.load(), 0) << "the count went down: a thread wrote back a value it had read "
                                    "long before, undoing later increments. Lock in increment() and value().";
  EXPECT_EQ(hits.value(), 40'000);
}

// ---------------------------------------------------------------------------------------------
// count_with_atomic

TEST(CountWithAtomicTest, EightWorkersCountEveryIncrement) {
  EXPECT_EQ(ch04::count_with_atomic(8, 10'000), 80'000)
      << "increments were lost: make the counter a std::atomic<long> and add with fetch_add";
}

TEST(CountWithAtomicTest, HundredWorkersCountEveryIncrement) {
  EXPECT_EQ(ch04::count_with_atomic(100, 1'000), 100'000)
      << "increments were lost: make the counter a std::atomic<long> and add with fetch_add";
}

// ---------------------------------------------------------------------------------------------
// count_confined

TEST(CountConfinedTest, EightWorkersCountEveryIncrement) {
  EXPECT_EQ(ch04::count_confined(8, 10'000), 80'000)
      << "increments were lost: let each worker count in its own variable and sum after join()";
}

TEST(CountConfinedTest, HundredWorkersCountEveryIncrement) {
  EXPECT_EQ(ch04::count_confined(100, 1'000), 100'000)
      << "increments were lost: let each worker count in its own variable and sum after join()";
}

// ---------------------------------------------------------------------------------------------
// request_stats

TEST(RequestStatsTest, CountsRequestsAndErrorsPerEndpoint) {
  ch04::request_stats stats;
  stats.increment_request("/users");
  stats.increment_request("/users");
  stats.increment_error("/users");
  stats.increment_request("/orders");
  EXPECT_EQ(stats.get_stats("/users"), (ch04::endpoint_stats{2, 1}));
  EXPECT_EQ(stats.get_stats("/orders"), (ch04::endpoint_stats{1, 0}));
}

TEST(RequestStatsTest, AnUnknownEndpointReadsZeroAndIsNotAdded) {
  ch04::request_stats stats;
  stats.increment_request("/users");
  EXPECT_EQ(stats.get_stats("/nowhere"), (ch04::endpoint_stats{0, 0}));
  const auto all = stats.get_all_stats();
  EXPECT_FALSE(all.contains("/nowhere")) << "reading an endpoint must not add it: use find(), not operator[], "
                                            "which inserts - a write, under a lock taken for reading";
  EXPECT_EQ(all.size(), 1U);
}

TEST(RequestStatsTest, AllStatsIncludeAnEndpointWithOnlyErrors) {
  ch04::request_stats stats;
  stats.increment_request("/users");
  stats.increment_error("/users");
  stats.increment_error("/health");  // failed before it could count as a request
  const std::map<std::string, ch04::endpoint_stats> expected{{"/health", {0, 1}}, {"/users", {1, 1}}};
  EXPECT_EQ(stats.get_all_stats(), expected)
      << "get_all_stats must list every endpoint of both maps (the guide's version walks only requests)";
}

TEST(RequestStatsTest, LosesNoCountFromEightThreadsWhileAnotherReads) {
  ch04::request_stats stats;
  const std::vector<std::string> endpoints{"/a", "/b", "/c", "/d"};
  std::atomic<int> writers_left{8};
  run_together(9, [&](int thread) {
    if (thread < 8) {
      const writer_leaving leaving{writers_left};
      for (int i = 0; i < 2'000; ++i) {
        const std::string& endpoint = endpoints[static_cast<std::size_t>(i) % endpoints.size()];
        stats.increment_request(endpoint);
        if (i / 4 % 2 == 0) stats.increment_error(endpoint);  // every other round: half are errors
      }
      return;
    }
    while (writers_left.load() > 0) {  // the monitoring thread reads all the while
      (void)stats.get_all_stats();
      (void)stats.get_stats("/a");
    }
  });
  for (const std::string& endpoint : endpoints) {
    EXPECT_EQ(stats.get_stats(endpoint), (ch04::endpoint_stats{4'000, 2'000}))
        << endpoint << ": counts were lost - every access to the maps must hold the lock";
  }
}
