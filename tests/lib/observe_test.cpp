// observe_test.cpp - go::dump_fibers: the exact lines it prints for fibers blocked on a channel,
// a mutex and a wait_group, the same lines in a deadlock report, and the dump outside a run.
// (tests/lib/sigquit_test.py checks `kill -QUIT` on a running program.)
//
// A spawn site is the line of the go::spawn call, so each spawn below is on one line that also
// records its __LINE__.
#include <atomic>
#include <future>
#include <source_location>
#include <sstream>
#include <string>
#include <thread>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

// spawned_at: the second line of a fiber's entry, for a spawn on `line` of the function `where`.
std::string spawned_at(unsigned line, const std::source_location& where) {
  return std::string{"    spawned at "} + where.file_name() + ':' + std::to_string(line) + " in " +
         where.function_name() + "\n";
}

TEST(ObserveTest, DumpShowsEachFibersNameStateAndWhatItWaitsOn) {
  go::mutex mu;  // outside the run: its fibers are unwound, and none may outlive what it waits on
  go::wait_group wg;
  const std::source_location test_body = std::source_location::current();
  std::source_location in_main;
  unsigned receiver_line = 0, second_line = 0, locker_line = 0, waiter_line = 0;
  const unsigned run_line = __LINE__ + 1;
  const std::string dump = go::testing::run([&] {
    in_main = std::source_location::current();
    auto jobs = go::make_chan<int>();
    std::atomic<int> blocked{0};
    mu.lock();
    wg.add(1);
    go::spawn_named("receiver", [&, jobs] { ++blocked; (void)jobs.recv(); }); receiver_line = __LINE__;
    go::spawn_named("second receiver", [&, jobs] { ++blocked; (void)jobs.recv(); }); second_line = __LINE__;
    go::spawn([&] { ++blocked; mu.lock(); mu.unlock(); }); locker_line = __LINE__;
    go::spawn_named("waiter", [&] { ++blocked; wg.wait(); }); waiter_line = __LINE__;
    test::yield_until([&] { return blocked == 4; });  // one worker: each has blocked by now

    std::ostringstream out;
    go::dump_fibers(out);
    jobs.close();
    mu.unlock();
    wg.done();
    return out.str();
  });
  EXPECT_EQ(dump, "fiber 1 \"main\" [running]:\n" + spawned_at(run_line, test_body) +
                      "fiber 2 \"receiver\" [chan receive on chan #1]:\n" + spawned_at(receiver_line, in_main) +
                      "fiber 3 \"second receiver\" [chan receive on chan #1]:\n" + spawned_at(second_line, in_main) +
                      "fiber 4 [mutex.lock on mutex #2]:\n" + spawned_at(locker_line, in_main) +
                      "fiber 5 \"waiter\" [wait_group.wait on wait_group #3]:\n" + spawned_at(waiter_line, in_main));
}

TEST(ObserveTest, DeadlockReportPrintsTheSameFiberLines) {
  go::wait_group wg;
  const std::string report = test::what_of<go::deadlock>([&] {
    auto never = go::make_chan<int>();
    wg.add(1);
    go::spawn_named("stuck", [never] { (void)never.recv(); });
    wg.wait();
  });
  EXPECT_TRUE(test::contains(report, "fiber 1 \"main\" [wait_group.wait on wait_group #1]:\n    spawned at "));
  EXPECT_TRUE(test::contains(report, "fiber 2 \"stuck\" [chan receive on chan #2]:\n    spawned at "));
}

TEST(ObserveTest, DumpOutsideARunSaysSoOrListsEachRun) {
  std::ostringstream none;
  go::dump_fibers(none);
  EXPECT_EQ(none.str(), "no go::run is running\n");

  // A run on another thread, its main fiber waiting in a blocking call until the dump is taken.
  std::promise<void> dumped;
  std::atomic<bool> waiting{false};
  const std::source_location test_body = std::source_location::current();
  const unsigned run_line = __LINE__ + 1;
  std::thread other{[&, done = dumped.get_future()] { go::testing::run([&] { waiting = true; go::blocking([&] { done.wait(); }); }); }};
  while (!waiting) std::this_thread::yield();
  std::ostringstream out;
  go::dump_fibers(out);
  dumped.set_value();
  other.join();
  const std::string file = test_body.file_name();
  const std::string lambda_site = file + ':' + std::to_string(run_line);
  EXPECT_TRUE(test::contains(out.str(), "go::run at " + lambda_site + " on 1 worker thread(s):\nfiber 1 \"main\" ["));
}

}  // namespace
