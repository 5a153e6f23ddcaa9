// pools_test.cpp - chapter 06's worker pool tests: worker_pool, image_processor, match_rides.
//
// A pool's size is read from the run's timeline (go::testing::run_traced): the calls in progress
// at once (each marked by ch06_test::busy, which yields so that every worker able to start
// does), or the fibers the pool started. Completeness is checked by comparing multisets of ids.
#include "pools.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <go/testing_trace.hpp>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using ch06_test::filled;
using ch06_test::range;
using ch06_test::sorted;

constexpr auto never_closed = "ranging over the results never ended: close results once every worker has returned";

std::vector<ch06::task> make_tasks(int n) {
  std::vector<ch06::task> tasks;
  for (int id = 0; id < n; ++id) tasks.push_back({id, "Task " + std::to_string(id)});
  return tasks;
}

// run_worker_pool: runs worker_pool as the guide's main does - the pool and a feeder in fibers of
// their own, the results ranged over here - and returns the results and the run's timeline.
struct pool_run {
  std::vector<ch06::task_result> results;
  go::testing::run_trace trace;
};
pool_run run_worker_pool(int tasks, int workers, const std::function<std::string(const ch06::task&)>& process,
                         go::run_options options = {}) {
  pool_run run;
  run.trace = ch06_test::run_expecting_completion(
      [&] {
        auto task_queue = go::make_chan<ch06::task>();
        auto result_queue = go::make_chan<ch06::task_result>();
        go::spawn([&, task_queue, result_queue] { ch06::worker_pool(task_queue, result_queue, workers, process); });
        go::spawn([task_queue, tasks] {
          for (const ch06::task& t : make_tasks(tasks)) task_queue.send(t);
          task_queue.close();
        });
        for (ch06::task_result& r : result_queue) run.results.push_back(std::move(r));
      },
      never_closed, options);
  return run;
}

std::vector<int> task_ids(const std::vector<ch06::task_result>& results) {
  std::vector<int> ids;
  for (const auto& r : results) ids.push_back(r.task_id);
  return ids;
}

// gradient: a test picture whose bytes all differ from their neighbours.
ch06::image gradient(int width, int height, int channels) {
  ch06::image picture = ch06::image::filled(width, height, channels, 0);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < channels; ++c) {
        picture.at(x, y, c) = static_cast<std::uint8_t>((x * 7 + y * 13 + c * 50) % 256);
      }
    }
  }
  return picture;
}

// process_images: runs image_processor on `jobs` and returns its results by job id.
std::map<int, ch06::image_result> process_images(const std::vector<ch06::image_job>& jobs, int workers,
                                                 go::run_options options = {}) {
  std::map<int, ch06::image_result> by_id;
  int results = 0;
  ch06_test::run_expecting_completion(
      [&] {
        auto job_queue = filled(jobs);
        auto result_queue = go::make_chan<ch06::image_result>();
        go::spawn([job_queue, result_queue, workers] { ch06::image_processor(job_queue, result_queue, workers); });
        for (ch06::image_result& r : result_queue) {
          ++results;
          by_id[r.job_id] = std::move(r);
        }
      },
      never_closed, options);
  EXPECT_EQ(results, static_cast<int>(jobs.size())) << "image_processor must send exactly one result per job";
  return by_id;
}

// run_match_rides: sends `requests` to match_rides and returns its matches and unmatched ids.
struct matching {
  std::vector<ch06::ride_match> matches;  // in the order assign_ride was called
  std::vector<int> unmatched;
  go::testing::run_trace trace;
};
matching run_match_rides(const std::vector<ch06::ride_request>& requests, int workers,
                         const std::vector<ch06::driver>& drivers, const std::function<void()>& while_assigning = {},
                         go::run_options options = {}) {
  matching result;
  std::mutex matches_mutex;  // never held across a suspension
  result.trace = ch06_test::run_expecting_completion(
      [&] {
        result.unmatched = ch06::match_rides(filled(requests), workers, drivers, [&](const ch06::ride_match& m) {
          if (while_assigning) while_assigning();
          std::lock_guard lock{matches_mutex};
          result.matches.push_back(m);
        });
      },
      "match_rides never returned", options);
  return result;
}

std::vector<ch06::driver> drivers_on_a_line(int n) {
  std::vector<ch06::driver> drivers;
  for (int id = 0; id < n; ++id) drivers.push_back({id, {static_cast<double>(id), 0}});
  return drivers;
}

std::vector<ch06::ride_request> requests_at_origin(int n) {
  std::vector<ch06::ride_request> requests;
  for (int id = 0; id < n; ++id) requests.push_back({id, {0, 0}});
  return requests;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// worker_pool

TEST(WorkerPoolTest, GivesOneResultPerTaskOnTwoThreads) {
  const auto results = run_worker_pool(1000, 4, [](const ch06::task& t) { return t.data; }, {.threads = 2}).results;
  EXPECT_EQ(sorted(task_ids(results)), range(0, 999)) << "results were lost or duplicated";
}

TEST(WorkerPoolTest, ClosesResultsOnlyAfterTheLastResult) {
  const auto results = run_worker_pool(50, 5, [](const ch06::task& t) {
    go::yield();  // a task takes a while: the workers are still busy when the tasks run out
    return t.data + " done";
  }).results;
  EXPECT_EQ(sorted(task_ids(results)), range(0, 49))
      << "results closed before every worker had finished: wait for the workers, then close";
  for (const auto& r : results) EXPECT_EQ(r.output, "Task " + std::to_string(r.task_id) + " done");
}

TEST(WorkerPoolTest, ProcessesExactlyWorkersTasksAtOnce) {
  const pool_run run = run_worker_pool(50, 5, [](const ch06::task& t) {
    ch06_test::busy("task");
    return t.data;
  });
  EXPECT_EQ(run.trace.max_at_once("task"), 5) << "a pool of 5 workers processes 5 tasks at once: more means a fiber "
                                                 "per task (unbounded), fewer means the workers do not run "
                                                 "concurrently";
}

TEST(WorkerPoolTest, NumbersTheWorkersFromZeroAndUsesEach) {
  const auto results = run_worker_pool(30, 3, [](const ch06::task& t) {
    ch06_test::busy("task");
    return t.data;
  }).results;
  std::set<int> workers;
  for (const auto& r : results) workers.insert(r.worker_id);
  EXPECT_EQ(workers, (std::set<int>{0, 1, 2}));
}

// ---------------------------------------------------------------------------------------------
// image_processor

TEST(ImageProcessorTest, GivesOneResultPerJobOnTwoThreads) {
  const std::vector<std::string> operations{"grayscale", "blur", "resize"};
  std::vector<ch06::image_job> jobs;
  for (int id = 0; id < 60; ++id) {
    jobs.push_back({id, operations[static_cast<std::size_t>(id) % 3], gradient(16, 12, 3)});
  }
  const auto results = process_images(jobs, 4, {.threads = 2});
  std::vector<int> ids;
  for (const auto& [id, result] : results) {
    ids.push_back(id);
    EXPECT_EQ(result.error, "") << "job " << id;
  }
  EXPECT_EQ(ids, range(0, 59));
}

TEST(ImageProcessorTest, OutputsAreTheOperationsApplied) {
  const auto photo = gradient(10, 8, 3);
  const auto results = process_images({{0, "grayscale", photo}, {1, "blur", photo}, {2, "resize", photo}}, 2);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results.at(0).output, ch06::to_grayscale(photo));
  EXPECT_EQ(results.at(1).output, ch06::box_blur(photo));
  EXPECT_EQ(results.at(2).output, ch06::half_size(photo));
}

TEST(ImageProcessorTest, ReportsAnUnknownOperationAndCarriesOn) {
  const auto photo = gradient(8, 8, 3);
  const auto results = process_images({{0, "blur", photo}, {1, "sharpen", photo}, {2, "resize", photo}}, 2);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results.at(1).error, "unknown operation: sharpen");
  EXPECT_EQ(results.at(0).error, "");
  EXPECT_EQ(results.at(2).error, "");
}

TEST(ImageProcessorTest, ReportsAFailingOperationAndCarriesOn) {
  const auto grey = gradient(8, 8, 1);
  const auto results = process_images({{0, "grayscale", grey}, {1, "blur", grey}}, 1);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results.at(0).error, "grayscale needs an RGB image")
      << "an exception escaping a worker ends the whole run: catch it and report it in the result";
  EXPECT_EQ(results.at(1).output, ch06::box_blur(grey));
}

TEST(ImageProcessorTest, StartsExactlyWorkersFibers) {
  const go::testing::run_trace trace = ch06_test::run_expecting_completion(
      [&] {
        std::vector<ch06::image_job> jobs;
        for (int id = 0; id < 20; ++id) jobs.push_back({id, "blur", gradient(8, 8, 1)});
        auto job_queue = filled(jobs);
        auto result_queue = go::make_chan<ch06::image_result>();
        go::spawn_named("results reader", [result_queue] {  // named: not counted among the pool's
          for (const auto& r : result_queue) (void)r;
        });
        ch06::image_processor(job_queue, result_queue, 3);  // in this fiber, as the guide's runs in its own
      },
      never_closed);
  EXPECT_EQ(trace.spawned(ch06_test::unnamed), 3)
      << "a pool of 3 is 3 worker fibers for all 20 jobs; image_processor started "
      << trace.spawned(ch06_test::unnamed) << ": start `workers` fibers, not one per job";
}

// ---------------------------------------------------------------------------------------------
// match_rides

TEST(MatchRidesTest, GivesEachRequestADifferentDriverOnTwoThreads) {
  std::vector<ch06::ride_request> requests;
  std::vector<ch06::driver> drivers;
  for (int id = 0; id < 200; ++id) {
    requests.push_back({id, {static_cast<double>(id % 17), static_cast<double>(id % 11)}});
    drivers.push_back({id, {static_cast<double>(id % 13), static_cast<double>(id % 7)}});
  }
  const auto result = run_match_rides(requests, 8, drivers, {}, {.threads = 2});
  std::vector<int> matched_requests;
  std::set<int> assigned_drivers;
  for (const auto& m : result.matches) {
    matched_requests.push_back(m.request_id);
    assigned_drivers.insert(m.driver_id);
  }
  EXPECT_EQ(sorted(matched_requests), range(0, 199)) << "every request must be assigned exactly once";
  EXPECT_EQ(assigned_drivers.size(), 200u) << "a driver was assigned to two requests";
  EXPECT_TRUE(result.unmatched.empty());
}

TEST(MatchRidesTest, NeverAssignsADriverTwiceOnTwoThreads) {
  // Every request wants the same nearest driver, so two workers that search at the same instant
  // without a lock find the same one. A data race shows only when the threads happen to overlap,
  // so this tries five times (the yielding test below catches a split find and claim every time).
  for (int round = 0; round < 5; ++round) {
    const auto result = run_match_rides(requests_at_origin(3000), 4, drivers_on_a_line(3000), {}, {.threads = 2});
    std::set<int> assigned;
    for (const auto& m : result.matches) assigned.insert(m.driver_id);
    ASSERT_EQ(result.matches.size(), 3000u) << "round " << round;
    ASSERT_EQ(assigned.size(), result.matches.size())
        << "a driver was assigned to two requests: on two worker threads, two fibers search the free drivers "
           "at the same instant; guard the search and the claim with one go::mutex";
  }
}

TEST(MatchRidesTest, WithOneWorkerGivesTheNearestFreeDriver) {
  const std::vector<ch06::driver> drivers{{1, {1, 0}}, {2, {5, 0}}, {3, {0, 2}}, {4, {2, 0}}};
  const std::vector<ch06::ride_request> requests{{10, {0, 0}}, {11, {0, 0}}, {12, {0, 0}}, {13, {6, 0}}};
  const auto result = run_match_rides(requests, 1, drivers);
  // Request 11: drivers 3 and 4 are both 2 away; the one listed first wins.
  EXPECT_EQ(result.matches, (std::vector<ch06::ride_match>{{10, 1}, {11, 3}, {12, 4}, {13, 2}}));
}

TEST(MatchRidesTest, NeverAssignsADriverTwiceWhileAssignmentsYield) {
  const auto result = run_match_rides(requests_at_origin(20), 4, drivers_on_a_line(20),
                                      [] { ch06_test::busy("assignment"); });  // notifying the phone takes a while
  std::multiset<int> assigned;
  for (const auto& m : result.matches) assigned.insert(m.driver_id);
  std::multiset<int> each_once;
  for (int id = 0; id < 20; ++id) each_once.insert(id);
  EXPECT_EQ(assigned, each_once) << "find the nearest free driver and claim it in one locked step, before "
                                    "assign_ride: otherwise another worker finds the same driver still free";
}

TEST(MatchRidesTest, ReturnsTheRequestsNoDriverWasLeftFor) {
  const auto result = run_match_rides(requests_at_origin(5), 2, drivers_on_a_line(3));
  std::vector<int> handled = result.unmatched;
  for (const auto& m : result.matches) handled.push_back(m.request_id);
  EXPECT_EQ(result.matches.size(), 3u);
  EXPECT_EQ(result.unmatched.size(), 2u);
  EXPECT_EQ(sorted(handled), range(0, 4)) << "each request is either assigned or returned, once";
}

TEST(MatchRidesTest, RunsExactlyWorkersAssignmentsAtOnce) {
  const auto result =
      run_match_rides(requests_at_origin(30), 3, drivers_on_a_line(30), [] { ch06_test::busy("assignment"); });
  EXPECT_EQ(result.trace.max_at_once("assignment"), 3) << "3 workers assign 3 rides at once: more means a fiber per "
                                                          "request, fewer that a lock is held while assign_ride runs";
}

TEST(MatchRidesTest, ReturnsOnlyWhenEveryRequestIsHandled) {
  std::atomic<std::size_t> assigned{0};
  std::size_t assigned_at_return = 0;
  const auto drivers = drivers_on_a_line(12);
  go::testing::run([&] {
    (void)ch06::match_rides(filled(requests_at_origin(12)), 4, drivers, [&](const ch06::ride_match&) {
      go::yield();
      ++assigned;
    });
    assigned_at_return = assigned.load();
  });
  EXPECT_EQ(assigned_at_return, 12u) << "match_rides returned while assignments were still running";
}
