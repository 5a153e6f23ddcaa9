// pools.cpp - reference solutions to chapter 06's worker pool exercises (statements in pools.hpp).
#include "pools.hpp"

#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

namespace ch06 {

namespace {

// run_workers: starts `workers` fibers running work(worker number) and waits for all of them -
// the frame of every pool below.
template <class Work>
void run_workers(int workers, Work work) {
  go::wait_group running;
  running.add(workers);
  for (int id = 0; id < workers; ++id) {
    go::spawn([&running, &work, id] {  // by reference: this frame outlives them (running.wait())
      work(id);
      running.done();
    });
  }
  running.wait();
}

// apply_operation: the guide's switch on job.Operation.
image apply_operation(const std::string& operation, const image& input) {
  if (operation == "grayscale") return to_grayscale(input);
  if (operation == "blur") return box_blur(input);
  if (operation == "resize") return half_size(input);
  throw std::invalid_argument{"unknown operation: " + operation};
}

// driver_pool: the free drivers; claim_nearest finds one and takes it in a single locked step.
class driver_pool {
 public:
  explicit driver_pool(std::vector<driver> drivers) : free_{std::move(drivers)} {}

  // claim_nearest: removes and returns the free driver nearest to `pickup`, if any is left.
  std::optional<driver> claim_nearest(point pickup) {
    std::lock_guard lock{mutex_};  // find and claim at once: nobody claims between the two
    auto nearest = free_.end();
    double nearest_distance = 0;
    for (auto it = free_.begin(); it != free_.end(); ++it) {
      const double dx = it->location.x - pickup.x;
      const double dy = it->location.y - pickup.y;
      const double distance = dx * dx + dy * dy;  // squared: same order, no sqrt
      if (nearest == free_.end() || distance < nearest_distance) {
        nearest = it;
        nearest_distance = distance;
      }
    }
    if (nearest == free_.end()) return std::nullopt;
    driver claimed = *nearest;
    free_.erase(nearest);  // keeps the others in order, so ties still go to the first listed
    return claimed;
  }

 private:
  go::mutex mutex_;
  std::vector<driver> free_;  // guarded by mutex_
};

}  // namespace

void worker_pool(go::recv_chan<task> tasks, go::send_chan<task_result> results, int workers,
                 const std::function<std::string(const task&)>& process) {
  run_workers(workers, [&](int worker_id) {
    for (const task& each : tasks) results.send({each.id, worker_id, process(each)});
  });
  results.close();  // every worker has returned: nobody can send any more
}

void image_processor(go::recv_chan<image_job> jobs, go::send_chan<image_result> results, int workers) {
  run_workers(workers, [&](int /*worker_id*/) {
    for (image_job& job : jobs) {
      image_result result{job.id, {}, {}};
      // An exception escaping a fiber ends the whole run (Go's panic); one bad job must not.
      try {
        result.output = apply_operation(job.operation, job.input);
      } catch (const std::exception& failure) {
        result.error = failure.what();
      }
      results.send(std::move(result));
    }
  });
  results.close();
}

std::vector<int> match_rides(go::recv_chan<ride_request> requests, int workers, std::vector<driver> drivers,
                             const std::function<void(const ride_match&)>& assign_ride) {
  driver_pool free_drivers{std::move(drivers)};
  go::mutex unmatched_mutex;
  std::vector<int> unmatched;  // guarded by unmatched_mutex
  run_workers(workers, [&](int /*worker_id*/) {
    for (const ride_request& request : requests) {
      if (std::optional<driver> nearest = free_drivers.claim_nearest(request.pickup)) {
        assign_ride({request.id, nearest->id});  // no lock held: it may block
      } else {
        std::lock_guard lock{unmatched_mutex};
        unmatched.push_back(request.id);
      }
    }
  });
  return unmatched;
}

}  // namespace ch06
