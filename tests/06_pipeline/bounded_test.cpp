// bounded_test.cpp - chapter 06's bounded parallelism tests: bounded_for_each and fetch_all.
//
// "At most N at once" - calls or fibers - is read from the run's timeline (go::testing::
// run_traced; the calls are marked by ch06_test::busy); "N at once" is also proven by calls that
// wait for each other (ch06_test::rendezvous); cancellation by fetches that wait for their
// context, which only cancelling lets go before the parent's deadline.
#include "bounded.hpp"

#include <atomic>
#include <cstddef>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <go/testing_trace.hpp>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

std::vector<std::string> make_urls(int n) {
  std::vector<std::string> urls;
  for (int i = 0; i < n; ++i) urls.push_back("/" + std::to_string(i));
  return urls;
}

// index_of: 7 for "/7".
int index_of(const std::string& url) { return std::stoi(url.substr(1)); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// bounded_for_each

TEST(BoundedForEachTest, RunsExactlyLimitCallsAtOnce) {
  const go::testing::run_trace trace = ch06_test::run_expecting_completion(
      [] { ch06::bounded_for_each(50, 4, [](std::size_t) { ch06_test::busy("call"); }); },
      "bounded_for_each did not finish");
  EXPECT_EQ(trace.max_at_once("call"), 4) << "with limit 4, 4 calls run at once: more means the limit is not "
                                             "enforced, fewer that the calls do not run concurrently";
}

TEST(BoundedForEachTest, KeepsAtMostLimitPlusOneFibersAlive) {
  const go::testing::run_trace trace = ch06_test::run_expecting_completion(
      [] { ch06::bounded_for_each(1000, 4, [](std::size_t) { go::yield(); }); }, "bounded_for_each did not finish");
  const long most_alive = trace.max_at_once(ch06_test::unnamed);
  EXPECT_GE(most_alive, 1) << "bounded_for_each runs each call in a fiber (go::spawn)";
  EXPECT_LE(most_alive, 4) << most_alive << " of bounded_for_each's fibers were alive at once besides the caller: "
                           << "take the slot before go::spawn, so that only the 4 running calls exist, not a "
                              "waiting fiber per item";
}

TEST(BoundedForEachTest, PassesEachIndexOnceOnTwoThreads) {
  std::mutex seen_mutex;
  std::vector<int> seen;  // guarded by seen_mutex
  go::testing::run(
      [&] {
        ch06::bounded_for_each(2000, 8, [&](std::size_t i) {
          std::lock_guard lock{seen_mutex};
          seen.push_back(static_cast<int>(i));
        });
      },
      {.threads = 2});
  EXPECT_EQ(ch06_test::sorted(seen), ch06_test::range(0, 1999)) << "indexes were skipped or passed twice";
}

TEST(BoundedForEachTest, ReturnsAfterEveryCallHasFinished) {
  std::atomic<int> finished{0};
  int finished_at_return = -1;
  go::testing::run([&] {
    ch06::bounded_for_each(20, 3, [&](std::size_t) {
      go::yield();
      ++finished;
    });
    finished_at_return = finished.load();
  });
  EXPECT_EQ(finished_at_return, 20) << "bounded_for_each returned while calls were still running";
}

// ---------------------------------------------------------------------------------------------
// fetch_all

TEST(FetchAllTest, ReturnsPagesInUrlOrderWhenFetchesFinishLastFirst) {
  const auto urls = make_urls(5);
  ch06_test::last_first order{5};
  std::vector<std::string> pages;
  go::testing::run([&] {
    pages = ch06::fetch_all(go::background(), urls, 5, [&](const go::context&, const std::string& url) {
      order.finish(index_of(url));  // "/4" finishes first, "/0" last
      return "page " + url;
    });
  });
  EXPECT_EQ(order.gave_up(), 0) << "fetch /0 finishes only after the others: with limit 5 all 5 fetches must run "
                                   "at once";
  EXPECT_EQ(pages, (std::vector<std::string>{"page /0", "page /1", "page /2", "page /3", "page /4"}))
      << "store each page at its url's index";
}

TEST(FetchAllTest, RunsExactlyLimitFetchesAtOnce) {
  const auto urls = make_urls(20);
  ch06_test::rendezvous first_three{3};
  const go::testing::run_trace trace = ch06_test::run_expecting_completion(
      [&] {
        (void)ch06::fetch_all(go::background(), urls, 3, [&](const go::context&, const std::string& url) {
          first_three.arrive();
          ch06_test::busy("fetch");
          return url;
        });
      },
      "fetch_all did not finish");
  EXPECT_EQ(first_three.gave_up(), 0) << "the first 3 fetches wait for each other: with limit 3, 3 must run at once";
  EXPECT_LE(trace.max_at_once("fetch"), 3) << "more than 3 fetches ran at once: group.set_limit(limit)";
}

TEST(FetchAllTest, RethrowsTheFirstError) {
  std::string error;
  go::testing::run([&] {
    try {
      (void)ch06::fetch_all(go::background(), make_urls(3), 3, [](const go::context&, const std::string& url) {
        if (url == "/1") throw std::runtime_error{"502 from /1"};
        return "page " + url;
      });
    } catch (const std::runtime_error& failure) {
      error = failure.what();
    }
  });
  EXPECT_EQ(error, "502 from /1");
}

TEST(FetchAllTest, CancelsTheFetchesStillRunning) {
  std::atomic<int> cancelled{0};
  std::atomic<int> timed_out{0};
  std::string error;
  // "/2" fails at once; the others are slow: they give up only when their context is done.
  auto fetch = [&](const go::context& ctx, const std::string& url) -> std::string {
    if (url == "/2") throw std::runtime_error{"502 from /2"};
    ctx.done().recv();
    if (ctx.err() == go::context_error::canceled) {
      ++cancelled;
    } else {
      ++timed_out;
    }
    throw std::runtime_error{"gave up: " + ctx.err().message()};
  };
  go::testing::run([&] {
    // The parent times out after a while: a fetch handed the wrong context waits until then.
    auto [parent, cancel_parent] = go::with_timeout(go::background(), ch06_test::patience);
    go::defer_cancel cancel_at_exit{cancel_parent};
    try {
      (void)ch06::fetch_all(parent, make_urls(3), 3, fetch);
    } catch (const std::runtime_error& failure) {
      error = failure.what();
    }
  });
  EXPECT_EQ(cancelled.load(), 2) << timed_out.load() << " fetches waited until the parent timed out instead of being "
                                 << "cancelled: pass group.ctx() to fetch; the group cancels it when a task throws";
  EXPECT_EQ(error, "502 from /2") << "the first failure is rethrown, not the cancellations it caused";
}

TEST(FetchAllTest, SkipsTheUrlsAfterTheFailureWithLimitOne) {
  std::mutex fetched_mutex;
  std::vector<std::string> fetched;  // guarded by fetched_mutex
  bool threw = false;
  go::testing::run([&] {
    try {
      (void)ch06::fetch_all(go::background(), make_urls(5), 1, [&](const go::context&, const std::string& url) {
        {
          std::lock_guard lock{fetched_mutex};
          fetched.push_back(url);
        }
        if (url == "/1") throw std::runtime_error{"502 from /1"};
        return "page " + url;
      });
    } catch (const std::runtime_error&) {
      threw = true;
    }
  });
  EXPECT_TRUE(threw);
  EXPECT_EQ(fetched, (std::vector<std::string>{"/0", "/1"}))
      << "after /1 failed, tasks must see group.ctx() cancelled and not fetch";
}
