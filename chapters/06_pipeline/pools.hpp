// pools.hpp - chapter 06's worker pools: a fixed number of fibers share one channel of work.
//
// Three exercises: worker_pool (the guide's Pattern 4), image_processor (its image service) and
// match_rides (Uber's ride matching). Write the bodies in pools.cpp, then run
// `./workbook check 06 worker_pool`.
//
// Each pool runs in the calling fiber and returns when the work channel is closed and every job
// is done; the caller starts it with go::spawn, as the guide starts it with `go`:
//
//   go::run([] {
//     auto tasks = go::make_chan<ch06::task>(100);
//     auto results = go::make_chan<ch06::task_result>(100);
//     go::spawn([=] { ch06::worker_pool(tasks, results, 5, [](const ch06::task& t) { return t.data; }); });
//     go::spawn([=] {
//       for (int i = 0; i < 50; ++i) tasks.send({i, "Task " + std::to_string(i)});
//       tasks.close();
//     });
//     for (const ch06::task_result& r : results) std::cout << r.output << '\n';
//   });
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <go/go.hpp>

#include "image.hpp"

namespace ch06 {

// task / task_result: one unit of work and what came of it (the guide's Task and Result).
struct task {
  int id = 0;
  std::string data;
};
struct task_result {
  int task_id = 0;
  int worker_id = 0;  // which worker, 0 .. workers-1, processed it (the guide logs this)
  std::string output;
};

// worker_pool: starts `workers` fibers, numbered 0 .. workers-1, that each take tasks from
// `tasks` until it is closed and drained and send {task.id, worker number, process(task)} on
// `results`; once every worker has finished, closes `results`. The guide's Pattern 4:
//
//   func workerPool(tasks <-chan Task, results chan<- Result, numWorkers int) {
//       var wg sync.WaitGroup
//       for i := 0; i < numWorkers; i++ {
//           wg.Add(1)
//           go func(workerID int) {
//               defer wg.Done()
//               for task := range tasks {
//                   results <- processTask(task)
//               }
//           }(i)
//       }
//       wg.Wait()
//       close(results)
//   }
//
// Tests: each of 1,000 tasks gives exactly one result, on two threads (multisets compared);
// `results` is closed after the last result, never before (a consumer ranging over it ends, and
// no result is lost to an early close); exactly `workers` tasks are processed at once - a fiber
// per task shows up as 50 at once; every worker number is in 0 .. workers-1 and each is used.
void worker_pool(go::recv_chan<task> tasks, go::send_chan<task_result> results, int workers,
                 const std::function<std::string(const task&)>& process);

// image_job / image_result: the guide's ImageJob, with the picture in memory instead of paths.
// `error` is empty when the operation succeeded.
struct image_job {
  int id = 0;
  std::string operation;  // "grayscale", "blur" or "resize"
  image input;
};
struct image_result {
  int job_id = 0;
  image output;
  std::string error;
};

// image_processor: the guide's image processing service. Starts exactly `workers` fibers that
// take jobs until `jobs` is closed and drained; each applies the job's operation -
// "grayscale": to_grayscale, "blur": box_blur, "resize": half_size (image.hpp) - and sends one
// result per job. An unknown operation gives the error "unknown operation: <name>"; an operation
// that throws gives its what() as the error. A failed job must not stop the pool. Once every
// worker has finished, closes `results`.
//
//   for job := range jobs {
//       switch job.Operation {
//       case "resize":  err = resizeImage(job.InputPath, job.OutputPath)
//       ...
//       default:        err = fmt.Errorf("unknown operation: %s", job.Operation)
//       }
//       results <- err
//   }
//
// Tests: each of 60 jobs gives exactly one result, on two threads; outputs equal the operations
// applied directly; an unknown operation and a throwing one (grayscale of a grey image) give
// their errors while the other jobs succeed; the results channel closes; the pool starts exactly
// `workers` fibers for 20 jobs (counted on the run's timeline).
void image_processor(go::recv_chan<image_job> jobs, go::send_chan<image_result> results, int workers);

// point / ride_request / driver / ride_match: Uber's matching, on a flat map.
struct point {
  double x = 0;
  double y = 0;
};
struct ride_request {
  int id = 0;
  point pickup;
};
struct driver {
  int id = 0;
  point location;
};
struct ride_match {
  int request_id = 0;
  int driver_id = 0;
  friend bool operator==(const ride_match&, const ride_match&) = default;
};

// match_rides: Uber's ride matching. Starts `workers` fibers that take requests until
// `requests` is closed and drained. For each request a worker claims the free driver nearest to
// the pickup (straight-line distance; on a tie, the one listed first in `drivers`) - a claimed
// driver is never offered again - and calls assign_ride({request.id, driver.id}). A request
// that finds no free driver is not assigned; match_rides returns the ids of those requests, in
// any order, once every request is handled.
//
//   for request := range requests {
//       driver := findNearestDriver(request)
//       if driver != nil {
//           assignRide(driver, request)
//       }
//   }
//
// Finding the nearest free driver and claiming it must be one step: two workers that both find
// driver 7 free before either claims it assign driver 7 twice - the kind of race Uber's race
// detector found by the thousand. assign_ride may block (it notifies the driver's phone), so do
// not hold a lock while calling it.
//
// Tests: 200 requests on two threads each get a different driver, and 3,000 that all want the
// same nearest driver never get one driver twice, in five tries (two threads searching without
// a lock do, nearly always);
// with one worker each request gets the nearest driver still free; no driver is assigned twice
// although assign_ride yields to the other workers; surplus requests come back unassigned;
// exactly `workers` assignments are in progress at once; it returns only once every request is
// handled.
std::vector<int> match_rides(go::recv_chan<ride_request> requests, int workers, std::vector<driver> drivers,
                             const std::function<void(const ride_match&)>& assign_ride);

}  // namespace ch06
