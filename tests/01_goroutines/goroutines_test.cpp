// goroutines_test.cpp - chapter 01's tests, built against your chapters/ and against solutions/.
//
// One suite per exercise (ProcessOrdersConcurrentTest checks process_orders_concurrent). No test
// asserts on time: overlap is proven by fibers that wait for each other, so code that runs them
// one at a time deadlocks, which go::run reports as go::deadlock (where the waiting is done by
// plain threads, a deadline is the safety net instead); "one at a time" is read from the run's
// recorded timeline (go::testing::run_traced). The state a test shares with
// fibers, callbacks included, lives outside go::testing::run: go::run returns only after every
// fiber has ended, so that state outlives them all.
#include "goroutines.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <go/testing_trace.hpp>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

// ---------------------------------------------------------------------------------------------
// Helpers

std::vector<ch01::order> make_orders(int n) {
  std::vector<ch01::order> orders;
  for (int id = 0; id < n; ++id) orders.push_back({id, "item " + std::to_string(id)});
  return orders;
}

std::vector<ch01::email> make_emails(int n) {
  std::vector<ch01::email> emails;
  for (int i = 0; i < n; ++i) emails.push_back({"user" + std::to_string(i) + "@example.com", std::to_string(i)});
  return emails;
}

using go::testing::counters;
using go::testing::fiber_latch;

// pair_up: makes races show. arrive() spins - without yielding, so the partner must be on the
// other worker thread - until a second fiber has arrived, and the two leave at the same instant:
// what they do next (count, store a result) they do at the same time. The spin gives up after
// 1 ms (the partner may never come, or its thread may be descheduled), so it can slow code
// down a little but never hang it.
class pair_up {
 public:
  void arrive() {
    const int ticket = arrivals_.fetch_add(1);
    const int pair_complete = ticket - ticket % 2 + 2;
    const auto give_up = go::clock::now() + 1ms;
    while (arrivals_.load() < pair_complete && go::clock::now() < give_up) {
    }
  }

 private:
  std::atomic<int> arrivals_{0};
};

// run_expecting_overlap: go::testing::run(body), reporting a deadlock as `what_went_wrong`.
template <class F>
void run_expecting_overlap(F body, std::string_view what_went_wrong) {
  try {
    go::testing::run(body);
  } catch (const go::deadlock& stuck) {
    ADD_FAILURE() << what_went_wrong << "\n\ngo::run reported:\n" << stuck.what();
  }
}

// thread_gate: for code on plain threads (blocking calls). arrive_and_wait() blocks the calling
// thread until `expected` callers are in at once, or until a deadline shared by all callers: a
// safety net, so that code stalling its worker fails the test instead of hanging it.
class thread_gate {
 public:
  explicit thread_gate(int expected) : expected_{expected} {}
  void arrive_and_wait() {
    std::unique_lock lock{mutex_};
    peak_ = std::max(peak_, ++in_progress_);
    changed_.notify_all();
    changed_.wait_until(lock, deadline_, [this] { return peak_ >= expected_; });
    --in_progress_;
  }
  [[nodiscard]] int peak() const {
    std::lock_guard lock{mutex_};
    return peak_;
  }

 private:
  const int expected_;
  const std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::now() + 2s;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int in_progress_ = 0;  // guarded by mutex_
  int peak_ = 0;         // guarded by mutex_
};

// reverse_finish: makes blocking calls finish last-first: finish(k) blocks its thread until
// calls k+1 .. count-1 have finished (or a shared deadline passes).
class reverse_finish {
 public:
  explicit reverse_finish(int count) : next_{count - 1} {}
  void finish(int k) {
    std::unique_lock lock{mutex_};
    turn_.wait_until(lock, deadline_, [&] { return next_ == k; });
    next_ = k - 1;
    turn_.notify_all();
  }

 private:
  const std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::now() + 2s;
  std::mutex mutex_;
  std::condition_variable turn_;
  int next_;  // guarded by mutex_: the call allowed to finish now
};

// thread_flag: a one-shot signal that a plain thread can wait for, with a deadline.
class thread_flag {
 public:
  void set() {
    std::lock_guard lock{mutex_};
    set_ = true;
    changed_.notify_all();
  }
  bool wait_for(std::chrono::milliseconds patience) {
    std::unique_lock lock{mutex_};
    return changed_.wait_for(lock, patience, [this] { return set_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool set_ = false;  // guarded by mutex_
};

// returns_after_its_fibers: checks that `call` returns only once the fibers it spawned have
// ended; `call` gives them callbacks that take a while (they sleep 1 ms, first thing). If fibers
// are left, the main fiber throws: that ends the run like a panic, and each leftover fiber is
// unwound at its sleep, before it can use the locals of the function that has already returned.
//
// The suites of the exercises whose function must wait run this check in SetUp, before each
// test: code that returns early leaves fibers using its dead locals - undefined behaviour that
// may crash the whole test program - so a test goes on only if the function waits.
template <class Call>
::testing::AssertionResult returns_after_its_fibers(const std::string& function, Call call) {
  try {
    go::testing::run([&] {
      call();
      if (const long leftover = go::live_fibers() - 1; leftover > 0) {
        throw std::logic_error{function + " returned while fibers it spawned were still running (" +
                               std::to_string(leftover) + "): wait for them (go::wait_group) before returning"};
      }
    });
    return ::testing::AssertionSuccess();
  } catch (const std::exception& error) {
    return ::testing::AssertionFailure() << error.what();
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// process_orders_sequential

TEST(ProcessOrdersSequentialTest, ProcessesEveryOrderInTheGivenOrder) {
  const auto orders = make_orders(5);
  std::vector<int> processed;
  const std::function<void(const ch01::order&)> process = [&](const ch01::order& o) { processed.push_back(o.id); };
  std::vector<int> processed_at_return;
  go::testing::run([&] {
    ch01::process_orders_sequential(orders, process);
    processed_at_return = processed;
  });
  EXPECT_EQ(processed_at_return, (std::vector<int>{0, 1, 2, 3, 4}))
      << "process must be called once per order, in the order given, before the function returns";
}

TEST(ProcessOrdersSequentialTest, NeverProcessesTwoOrdersAtOnce) {
  const auto orders = make_orders(5);
  const std::function<void(const ch01::order&)> process = [](const ch01::order&) {
    go::testing::stage_span processing{"order"};  // the run's timeline shows each call
    go::sleep(1ms);                               // any other order already started would run now
  };
  const go::testing::run_trace trace =
      go::testing::run_traced([&] { ch01::process_orders_sequential(orders, process); });
  ASSERT_FALSE(trace.error) << trace.error_message();
  EXPECT_EQ(trace.max_at_once("order"), 1) << "the sequential version finishes one order before starting the next";
}

// ---------------------------------------------------------------------------------------------
// process_orders_concurrent

class ProcessOrdersConcurrentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto orders = make_orders(20);
    const std::function<void(const ch01::order&)> process = [](const ch01::order&) { go::sleep(1ms); };
    ASSERT_TRUE(returns_after_its_fibers("process_orders_concurrent",
                                         [&] { ch01::process_orders_concurrent(orders, process); }));
  }
};

TEST_F(ProcessOrdersConcurrentTest, AllOrdersAreInFlightAtOnce) {
  const auto orders = make_orders(5);
  fiber_latch all_started{5};
  const std::function<void(const ch01::order&)> process = [&](const ch01::order&) { all_started.arrive_and_wait(); };
  run_expecting_overlap([&] { ch01::process_orders_concurrent(orders, process); },
                        "each order waits until all 5 have started, so the orders must run at the same time: "
                        "start each one in its own fiber (go::spawn) before waiting for any");
}

TEST_F(ProcessOrdersConcurrentTest, ProcessesEveryOrderExactlyOnceOnTwoThreads) {
  const auto orders = make_orders(1000);
  counters times_processed{orders.size()};
  const std::function<void(const ch01::order&)> process = [&](const ch01::order& o) { times_processed.add(o.id); };
  go::testing::run([&] { ch01::process_orders_concurrent(orders, process); }, {.threads = 2});
  EXPECT_EQ(times_processed.indexes_not_seen_once(), std::vector<std::size_t>{})
      << "these order ids were processed zero times or more than once";
}

// ---------------------------------------------------------------------------------------------
// spawn_many

class SpawnManyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::function<void(int)> work = [](int) { go::sleep(1ms); };
    ASSERT_TRUE(returns_after_its_fibers("spawn_many", [&] { ch01::spawn_many(100, work); }));
  }
};

TEST_F(SpawnManyTest, KeepsTenThousandFibersAliveAtOnce) {
  fiber_latch all_started{10'000};
  const std::function<void(int)> work = [&](int) { all_started.arrive_and_wait(); };
  int ran = 0;
  run_expecting_overlap([&] { ran = ch01::spawn_many(10'000, work); },
                        "each work(i) waits until all 10,000 fibers have started: spawn them all, then wait");
  EXPECT_EQ(ran, 10'000);
}

TEST_F(SpawnManyTest, PassesEachNumberToExactlyOneFiber) {
  counters times_seen{1000};
  const std::function<void(int)> work = [&](int id) { times_seen.add(static_cast<std::size_t>(id)); };
  go::testing::run([&] { ch01::spawn_many(1000, work); }, {.threads = 2});
  EXPECT_EQ(times_seen.indexes_not_seen_once(), std::vector<std::size_t>{})
      << "each number 0..n-1 must go to exactly one fiber (capture the loop variable by value)";
}

TEST_F(SpawnManyTest, CountsExactlyOnTwoThreads) {
  pair_up at_once;
  const std::function<void(int)> work = [&](int) { at_once.arrive(); };
  const int ran = go::testing::run([&] { return ch01::spawn_many(2000, work); }, {.threads = 2});
  EXPECT_EQ(ran, 2000) << "on two worker threads fibers count at the same time: the counter must be atomic";
}

// ---------------------------------------------------------------------------------------------
// finished_before_wait

class FinishedBeforeWaitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::function<void()> work = [] { go::sleep(1ms); };
    ASSERT_TRUE(returns_after_its_fibers("finished_before_wait", [&] { ch01::finished_before_wait(10, work); }));
  }
};

TEST_F(FinishedBeforeWaitTest, NoFiberHasFinishedBeforeMainBlocks) {
  const std::function<void()> work = [] {};
  const int seen = go::testing::run([&] { return ch01::finished_before_wait(10, work); });
  EXPECT_EQ(seen, 0) << "go::spawn queues the new fiber; on one worker thread it runs only once the "
                        "spawning fiber blocks or yields. Read the counter before waiting.";
}

TEST_F(FinishedBeforeWaitTest, PredictionMatchesTheProgram) {
  const std::function<void()> work = [] {};
  const int actual = go::testing::run([&] { return ch01::finished_before_wait(10, work); });
  EXPECT_EQ(ch01::predicted_finished_before_wait, actual)
      << "set predicted_finished_before_wait in goroutines.cpp to what finished_before_wait(10, [] {}) "
         "returns; README.md, section \"Main does not wait\", explains why";
}

// ---------------------------------------------------------------------------------------------
// run_all_and_wait

class RunAllAndWaitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::vector<std::function<void()>> tasks(10, [] { go::sleep(1ms); });
    ASSERT_TRUE(returns_after_its_fibers("run_all_and_wait", [&] { ch01::run_all_and_wait(tasks); }));
  }
};

TEST_F(RunAllAndWaitTest, WaitsForTheSlowestTask) {
  std::atomic<int> finished{0};
  go::recv_chan<go::clock::time_point> release;  // set inside the run: timers belong to a run
  std::vector<std::function<void()>> tasks(4, [&] {
    go::sleep(1ms);
    ++finished;
  });
  tasks.emplace_back([&] {
    release.recv();  // held up for 100 ms: any shorter sleep returns too early
    ++finished;
  });
  EXPECT_TRUE(returns_after_its_fibers("run_all_and_wait", [&] {
    release = go::after(100ms);
    ch01::run_all_and_wait(tasks);
  })) << "a sleep guesses how long tasks take; a go::wait_group knows";
  EXPECT_EQ(finished.load(), 5);
}

TEST_F(RunAllAndWaitTest, RunsEveryTaskExactlyOnce) {
  counters times_run{50};
  std::vector<std::function<void()>> tasks;
  for (std::size_t i = 0; i < 50; ++i) {
    tasks.emplace_back([&, i] {
      go::sleep(std::chrono::milliseconds{i % 5});  // tasks of different lengths
      times_run.add(i);
    });
  }
  go::testing::run([&] { ch01::run_all_and_wait(tasks); }, {.threads = 2});
  EXPECT_EQ(times_run.indexes_not_seen_once(), std::vector<std::size_t>{})
      << "these tasks ran zero times or more than once";
}

TEST_F(RunAllAndWaitTest, TasksThatWaitForEachOtherAllFinish) {
  const auto handoff = go::make_chan<int>();  // unbuffered: sender and receiver must meet
  int received = 0;
  const std::vector<std::function<void()>> tasks{[&] { received = handoff.recv().value_or(0); },
                                                 [&] { handoff.send(42); }};
  run_expecting_overlap([&] { ch01::run_all_and_wait(tasks); },
                        "the first task waits for a value that the second sends, so the tasks must run at the same time");
  EXPECT_EQ(received, 42);
}

// ---------------------------------------------------------------------------------------------
// send_batch_emails

class SendBatchEmailsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto emails = make_emails(20);
    const std::function<void(const ch01::email&)> send_email = [](const ch01::email&) { go::sleep(1ms); };
    ASSERT_TRUE(returns_after_its_fibers("send_batch_emails", [&] { ch01::send_batch_emails(emails, send_email); }));
  }
};

TEST_F(SendBatchEmailsTest, ReportsTheAddressAndTheReason) {
  const std::vector<ch01::email> emails{{"a@example.com", "hi"}, {"b@example.com", "hi"}, {"c@example.com", "hi"}};
  const std::function<void(const ch01::email&)> send_email = [](const ch01::email& e) {
    if (e.to == "b@example.com") throw std::runtime_error{"mailbox full"};
  };
  std::vector<ch01::send_failure> failures;
  go::testing::run([&] { failures = ch01::send_batch_emails(emails, send_email); });
  EXPECT_EQ(failures, (std::vector<ch01::send_failure>{{"b@example.com", "mailbox full"}}));
}

TEST_F(SendBatchEmailsTest, AttemptsEveryEmailExactlyOnceOnTwoThreads) {
  const auto emails = make_emails(2000);
  counters attempts{emails.size()};
  const std::function<void(const ch01::email&)> send_email = [&](const ch01::email& e) {
    attempts.add(static_cast<std::size_t>(std::stoi(e.subject)));
  };
  std::vector<ch01::send_failure> failures;
  go::testing::run([&] { failures = ch01::send_batch_emails(emails, send_email); }, {.threads = 2});
  EXPECT_EQ(attempts.indexes_not_seen_once(), std::vector<std::size_t>{})
      << "these emails were attempted zero times or more than once";
  EXPECT_TRUE(failures.empty()) << "no email failed, yet " << failures.size() << " failures were returned";
}

TEST_F(SendBatchEmailsTest, ReturnsEveryFailureOnTwoThreads) {
  const auto emails = make_emails(2000);
  pair_up at_once;
  const std::function<void(const ch01::email&)> send_email = [&](const ch01::email&) {
    at_once.arrive();
    throw std::runtime_error{"mailbox full"};
  };
  std::vector<ch01::send_failure> failures;
  go::testing::run([&] { failures = ch01::send_batch_emails(emails, send_email); }, {.threads = 2});
  std::vector<std::string> failed;
  for (const auto& failure : failures) failed.push_back(failure.to);
  std::vector<std::string> expected;
  for (const auto& e : emails) expected.push_back(e.to);
  std::sort(failed.begin(), failed.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(failed.size(), expected.size()) << "2000 emails failed in pairs on two threads, but " << failed.size()
                                            << " failures came back: guard the shared vector with a mutex";
  EXPECT_TRUE(failed == expected) << "each failed email must be reported exactly once";
}

// ---------------------------------------------------------------------------------------------
// max_parallelism (each call runs its own go::run)

TEST(MaxParallelismTest, OneThreadRunsOneFiberAtATime) {
  EXPECT_EQ(ch01::max_parallelism(1, 4), 1)
      << "one worker thread runs one fiber at a time: fibers are never preempted (is your busy loop yielding?)";
}

TEST(MaxParallelismTest, TwoThreadsRunTwoFibersAtOnce) {
  EXPECT_EQ(ch01::max_parallelism(2, 4), 2) << "with {.threads = 2} two fibers work at the same instant";
}

TEST(MaxParallelismTest, NeverExceedsTheNumberOfFibers) {
  EXPECT_EQ(ch01::max_parallelism(4, 3), 3) << "three fibers on four threads: all three work at once, no more";
}

// ---------------------------------------------------------------------------------------------
// fetch_all_blocking

TEST(FetchAllBlockingTest, KeepsEveryFetchInFlightOnOneWorker) {
  const std::vector<std::string> urls{"/a", "/b", "/c", "/d", "/e", "/f"};
  thread_gate all_fetching{6};
  const std::function<std::string(const std::string&)> fetch = [&](const std::string& url) {
    all_fetching.arrive_and_wait();  // blocks the calling thread, as a socket read would
    return "page " + url;
  };
  go::testing::run([&] { (void)ch01::fetch_all_blocking(urls, fetch); });
  EXPECT_EQ(all_fetching.peak(), 6) << "only " << all_fetching.peak() << " of 6 fetches were in flight at once: "
                                    << "a blocking call stalls its worker thread; hand it to go::blocking";
}

TEST(FetchAllBlockingTest, OtherFibersRunWhileAFetchBlocks) {
  const std::vector<std::string> urls{"/slow"};
  const auto fetch_started = go::make_chan<go::empty>(1);
  thread_flag heartbeat;
  bool fetch_saw_heartbeat = false;
  const std::function<std::string(const std::string&)> fetch = [&](const std::string& url) {
    fetch_started.send({});
    fetch_saw_heartbeat = heartbeat.wait_for(2s);  // blocks the calling thread
    return "page " + url;
  };
  go::testing::run([&] {
    go::spawn([&] {  // another fiber on the same, only, worker thread
      fetch_started.recv();
      heartbeat.set();
    });
    (void)ch01::fetch_all_blocking(urls, fetch);
  });
  EXPECT_TRUE(fetch_saw_heartbeat) << "while the fetch blocked, no other fiber could run: the fetch stalled "
                                      "the worker thread; hand it to go::blocking";
}

TEST(FetchAllBlockingTest, ReturnsPagesInInputOrder) {
  const std::vector<std::string> urls{"/0", "/1", "/2", "/3", "/4"};
  reverse_finish last_first{5};
  const std::function<std::string(const std::string&)> fetch = [&](const std::string& url) {
    last_first.finish(url[1] - '0');  // "/4" finishes first, "/0" last
    return "page " + url;
  };
  std::vector<std::string> pages;
  go::testing::run([&] { pages = ch01::fetch_all_blocking(urls, fetch); });
  EXPECT_EQ(pages, (std::vector<std::string>{"page /0", "page /1", "page /2", "page /3", "page /4"}))
      << "pages must come back in the order of the urls, whatever order the fetches finish in";
}
