// confinement_test.cpp - tests of chapter 04's confinement exercises (confinement.hpp), on plain
// threads.
//
// One suite per exercise. The spawner handed to double_in_background is the test's: it decides
// when the task runs, so "the caller changed its data before the task ran" happens every time,
// not once in a while. Under ThreadSanitizer (./workbook check 04 --tsan) a process_records that
// shares its results vector unsafely is reported as a data race.
#include "confinement.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

// ---------------------------------------------------------------------------------------------
// Helpers

// held_tasks: a spawner that keeps the tasks it is given; run_all() runs them later, each on a
// thread of its own, and joins them.
class held_tasks {
 public:
  [[nodiscard]] ch04::spawner spawner() {
    return [this](ch04::task work) { tasks_.push_back(std::move(work)); };
  }
  void run_all() {
    std::vector<std::jthread> threads;
    for (ch04::task& work : tasks_) threads.emplace_back(std::move(work));
    tasks_.clear();
  }
  [[nodiscard]] std::size_t count() const { return tasks_.size(); }

 private:
  std::vector<ch04::task> tasks_;
};

// thread_gate: arrive_and_wait() blocks the calling thread until `expected` callers are in at
// once, or until a deadline shared by all callers - a safety net, so that code running the
// calls one at a time fails the test instead of hanging it.
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

// reverse_finish: makes calls finish last-first: finish(k) blocks its thread until calls
// k+1 .. count-1 have finished (or a shared deadline passes).
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

std::vector<ch04::record> make_records(int n) {
  std::vector<ch04::record> records;
  for (int id = 0; id < n; ++id) records.push_back({id, "row " + std::to_string(id)});
  return records;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// double_in_background

TEST(DoubleInBackgroundTest, ReportsTheNumbersDoubled) {
  const std::vector<int> data{1, 2, 3, 4, 5};
  std::vector<int> reported;
  held_tasks tasks;
  ch04::double_in_background(data, tasks.spawner(), [&](std::vector<int> doubled) { reported = std::move(doubled); });
  tasks.run_all();
  EXPECT_EQ(reported, (std::vector<int>{2, 4, 6, 8, 10}));
}

TEST(DoubleInBackgroundTest, WorksOnItsOwnCopyOfTheData) {
  std::vector<int> data{1, 2, 3, 4, 5};
  std::vector<int> reported;
  held_tasks tasks;
  ch04::double_in_background(data, tasks.spawner(), [&](std::vector<int> doubled) { reported = std::move(doubled); });
  data.assign({100, 200});  // the caller moves on; the task has not run yet
  tasks.run_all();
  EXPECT_EQ(reported, (std::vector<int>{2, 4, 6, 8, 10}))
      << "the task read the caller's vector as it was when the task ran, not when it was spawned: "
         "capture a copy of data (by value), so that the task owns what it works on";
}

TEST(DoubleInBackgroundTest, ReportsOnlyFromTheSpawnedTask) {
  const std::vector<int> data{1, 2, 3};
  bool reported = false;
  held_tasks tasks;
  ch04::double_in_background(data, tasks.spawner(), [&](std::vector<int>) { reported = true; });
  EXPECT_FALSE(reported) << "report was called before the spawned task ran: do the work in the task";
  EXPECT_EQ(tasks.count(), 1U) << "spawn exactly one task";
  tasks.run_all();
  EXPECT_TRUE(reported);
}

// ---------------------------------------------------------------------------------------------
// process_records

TEST(ProcessRecordsTest, KeepsTheOrderOfTheRecords) {
  const auto records = make_records(8);
  reverse_finish last_first{8};
  const auto results = ch04::process_records(records, [&](const ch04::record& r) {
    last_first.finish(r.id);
    return r.data + " done";
  });
  std::vector<ch04::processed_record> expected;
  for (const auto& r : records) expected.push_back({r.id, r.data + " done", ""});
  EXPECT_EQ(results, expected) << "the records finished in reverse order, yet results[i] must be the result of "
                                  "records[i]: size the results first and let thread i write only results[i]";
}

TEST(ProcessRecordsTest, ProcessesAllRecordsAtOnce) {
  const auto records = make_records(10);
  thread_gate all_in{10};
  const auto results = ch04::process_records(records, [&](const ch04::record&) {
    all_in.arrive_and_wait();
    return std::string{"ok"};
  });
  EXPECT_EQ(all_in.peak(), 10) << "each record waits until all 10 are being processed: give each its own thread";
  EXPECT_EQ(results.size(), records.size());
}

TEST(ProcessRecordsTest, StoresAFailureInItsOwnResult) {
  const auto records = make_records(5);
  const auto results = ch04::process_records(records, [](const ch04::record& r) -> std::string {
    if (r.id == 3) throw std::runtime_error{"bad row"};
    return "ok";
  });
  const std::vector<ch04::processed_record> expected{
      {0, "ok", ""}, {1, "ok", ""}, {2, "ok", ""}, {3, "", "bad row"}, {4, "ok", ""}};
  EXPECT_EQ(results, expected) << "a failure's what() goes in the error of that record's own result";
}

TEST(ProcessRecordsTest, ProcessesEveryRecordExactlyOnce) {
  const auto records = make_records(64);
  std::vector<std::atomic<int>> times_processed(records.size());
  const auto results = ch04::process_records(records, [&](const ch04::record& r) {
    ++times_processed[static_cast<std::size_t>(r.id)];
    return std::string{"ok"};
  });
  for (std::size_t id = 0; id < records.size(); ++id) {
    EXPECT_EQ(times_processed[id].load(), 1) << "record " << id << " was processed " << times_processed[id].load()
                                             << " times";
  }
  ASSERT_EQ(results.size(), records.size());
  for (std::size_t i = 0; i < results.size(); ++i) EXPECT_EQ(results[i].id, records[i].id);
}
