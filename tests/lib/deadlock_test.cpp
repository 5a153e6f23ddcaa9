// deadlock_test.cpp - what go::run reports when fibers can never run again: go::deadlock while
// main is among them, go::fiber_leak once main has returned, and go::testing::expect_no_leaks
// failing a test. Each report lists every stuck fiber with its spawn site (file:line) and the
// operation it waits on.
//
// A spawn site is the line of the go::spawn call, so each spawn below is on one line and the
// line before it records `__LINE__ + 1`.
//
// The mutexes and wait groups that stuck fibers wait on live outside go::testing::run: when a
// run is torn down its fibers unwind in any order, and none may outlive what it waits on.
#include <chrono>
#include <map>
#include <string>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

using namespace std::chrono_literals;

// site: how a report names a line of this file.
std::string site(int line) { return "deadlock_test.cpp:" + std::to_string(line); }

// fiber_entry: the part of `report` about the fiber spawned at `spawn_site`, from its
// "fiber N [...]" header to the site; empty if no fiber was spawned there.
std::string fiber_entry(const std::string& report, const std::string& spawn_site) {
  const std::size_t at = report.find(spawn_site);
  if (at == std::string::npos) return {};
  const std::size_t header = report.rfind("fiber ", at);
  return report.substr(header, at + spawn_site.size() - header);
}

// ---------------------------------------------------------------------------------------------
// Deadlock: every fiber, main included, is blocked.

TEST(DeadlockTest, MainBlockedAloneIsReported) {
  const int run_line = __LINE__ + 1;
  const std::string report = test::what_of<go::deadlock>([] { (void)go::make_chan<int>().recv(); });
  EXPECT_TRUE(test::contains(report, "all fibers are asleep - deadlock!"));
  EXPECT_TRUE(test::contains(fiber_entry(report, site(run_line)), "fiber 1 \"main\" [chan receive on "));
}

TEST(DeadlockTest, ReportListsEveryFiberWithSpawnSiteAndOperation) {
  std::map<std::string, int> spawn_lines;  // expected "[operation" -> line of its go::spawn
  go::mutex mu;
  go::rw_mutex rw;
  go::wait_group wg;
  const std::string report = test::what_of<go::deadlock>([&] {
    auto ch = go::make_chan<int>();
    auto other = go::make_chan<int>();
    auto idle_a = go::make_chan<int>();
    auto idle_b = go::make_chan<int>();
    mu.lock();
    rw.lock();
    wg.add(1);
    spawn_lines["[chan send on "] = __LINE__ + 1;
    go::spawn([ch] { ch.send(1); });
    spawn_lines["[mutex.lock on "] = __LINE__ + 1;
    go::spawn([&] { mu.lock(); });
    spawn_lines["[rw_mutex.lock on "] = __LINE__ + 1;
    go::spawn([&] { rw.lock(); });
    spawn_lines["[rw_mutex.lock_shared on "] = __LINE__ + 1;
    go::spawn([&] { rw.lock_shared(); });
    spawn_lines["[wait_group.wait on "] = __LINE__ + 1;
    go::spawn([&] { wg.wait(); });
    spawn_lines["[select]"] = __LINE__ + 1;
    go::spawn([idle_a, idle_b] { go::select(go::recv(idle_a), go::send(idle_b, 1)); });
    spawn_lines["\"worker\" [chan receive on "] = __LINE__ + 1;
    go::spawn_named("worker", [other] { (void)other.recv(); });
    (void)other.recv();
  }, {.threads = 2});
  EXPECT_TRUE(test::contains(report, "all fibers are asleep - deadlock!"));
  EXPECT_TRUE(test::contains(report, "fiber 1 \"main\" [chan receive on "));
  for (const auto& [operation, line] : spawn_lines) {
    EXPECT_TRUE(test::contains(fiber_entry(report, site(line)), operation))
        << "the fiber spawned at line " << line << " must be listed as waiting on " << operation;
  }
}

TEST(DeadlockTest, LockOrderDeadlockAcrossThreadsIsReported) {
  go::mutex first;
  go::mutex second;
  go::wait_group both_hold_one;
  go::wait_group finished;
  const std::string report = test::what_of<go::deadlock>([&] {
    both_hold_one.add(2);
    finished.add(2);
    go::spawn([&] {
      std::lock_guard a{first};
      both_hold_one.done();
      both_hold_one.wait();
      std::lock_guard b{second};
      finished.done();
    });
    go::spawn([&] {
      std::lock_guard b{second};
      both_hold_one.done();
      both_hold_one.wait();
      std::lock_guard a{first};  // the opposite order: each now waits for the other
      finished.done();
    });
    finished.wait();
  }, {.threads = 4});
  EXPECT_TRUE(test::contains(report, "[wait_group.wait on "));
  const std::size_t first_lock = report.find("[mutex.lock on ");
  ASSERT_NE(first_lock, std::string::npos) << report;
  EXPECT_NE(report.find("[mutex.lock on ", first_lock + 1), std::string::npos)
      << "both fibers must be listed as waiting on a mutex:\n" << report;
}

TEST(DeadlockTest, NilChannelOperationsAreReportedAsChannelOperations) {
  std::string report = test::what_of<go::deadlock>([] { (void)go::chan<int>{}.recv(); });
  EXPECT_TRUE(test::contains(report, "fiber 1 \"main\" [chan receive]"));
  report = test::what_of<go::deadlock>([] { go::chan<int>{}.send(1); });
  EXPECT_TRUE(test::contains(report, "fiber 1 \"main\" [chan send]"));
}

TEST(DeadlockTest, EmptySelectIsReported) {
  const std::string report = test::what_of<go::deadlock>([] { go::select(); });
  EXPECT_TRUE(test::contains(report, "fiber 1 \"main\" [select (no cases)]"));
}

TEST(DeadlockTest, PendingTimerDefersTheVerdictUntilItFires) {
  // While the timer is pending it could still wake someone, so this is not yet a deadlock;
  // once it has fired with nobody waiting for it, it is.
  const std::string report = test::what_of<go::deadlock>([] {
    const go::recv_chan<go::clock::time_point> unused = go::after(5ms);
    (void)go::make_chan<int>().recv();
  });
  EXPECT_TRUE(test::contains(report, "[chan receive on "));
}

// ---------------------------------------------------------------------------------------------
// Leaks: main returned, but fibers it spawned are blocked forever.

TEST(DeadlockTest, BlockedFiberAfterMainReturnedIsReportedAsLeak) {
  int spawn_line = 0;
  const std::string report = test::what_of<go::fiber_leak>([&] {
    auto never = go::make_chan<int>();
    spawn_line = __LINE__ + 1;
    go::spawn([never] { (void)never.recv(); });
  });
  EXPECT_TRUE(test::contains(report, "fiber leak: main returned, but these fibers are blocked forever"));
  EXPECT_TRUE(test::contains(fiber_entry(report, site(spawn_line)), "[chan receive on "));
  EXPECT_FALSE(test::contains(report, "\"main\"")) << "main has returned, so it is not listed";
}

// leak_a_blocked_fiber: a test body that leaves a fiber blocked forever on a mutex; returns
// the line of its spawn.
int leak_a_blocked_fiber() {
  int spawn_line = 0;
  go::mutex held;
  go::testing::run([&] {
    held.lock();
    spawn_line = __LINE__ + 1;
    go::spawn([&held] { held.lock(); });
    go::testing::expect_no_leaks(10ms);  // fails, then unwinds the fiber so the run can end
  });
  return spawn_line;
}

TEST(DeadlockTest, ExpectNoLeaksFailsTheTestWhenAFiberIsLeft) {
  // The failure is raised on a worker thread, hence the _ON_ALL_THREADS form.
  EXPECT_NONFATAL_FAILURE_ON_ALL_THREADS(leak_a_blocked_fiber(), "fiber leak: 1 fiber(s) outlived the test");
}

TEST(DeadlockTest, ExpectNoLeaksNamesSpawnSiteAndOperation) {
  ::testing::TestPartResultArray failures;
  int spawn_line = 0;
  {
    const ::testing::ScopedFakeTestPartResultReporter intercept{
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ALL_THREADS, &failures};
    spawn_line = leak_a_blocked_fiber();
  }
  ASSERT_EQ(failures.size(), 1) << "expect_no_leaks must report one failure";
  const std::string message = failures.GetTestPartResult(0).message();
  EXPECT_TRUE(test::contains(fiber_entry(message, site(spawn_line)), "[mutex.lock on "));
  EXPECT_FALSE(test::contains(message, "\"main\"")) << "the caller itself is not a leak";
}

TEST(DeadlockTest, ExpectNoLeaksWaitsForFibersThatFinish) {
  go::testing::run([] {
    auto ch = go::make_chan<int>();
    go::spawn([ch] { (void)ch.recv(); });  // blocked when the check starts...
    go::spawn([ch] {                        // ...until this one, still running then, sends
      for (int i = 0; i < 10; ++i) go::yield();
      ch.send(1);
    });
    go::testing::expect_no_leaks();
    EXPECT_EQ(go::live_fibers(), 1) << "expect_no_leaks must return once the others have finished";
  });
}

}  // namespace
