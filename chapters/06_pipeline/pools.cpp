// pools.cpp - your answers to chapter 06's worker pool exercises (statements in pools.hpp).
//
// Replace each TODO(exercise) body, then run `./workbook check 06 worker_pool`.
#include "pools.hpp"

namespace ch06 {

void worker_pool(go::recv_chan<task> /*tasks*/, go::send_chan<task_result> /*results*/, int /*workers*/,
                 const std::function<std::string(const task&)>& /*process*/) {
  // TODO(exercise): `workers` fibers ranging over tasks, a wait_group, then close results.
  throw go::not_implemented{"worker_pool"};
}

void image_processor(go::recv_chan<image_job> /*jobs*/, go::send_chan<image_result> /*results*/,
                     int /*workers*/) {
  // TODO(exercise): as worker_pool; each job's operation by name, its failure caught into the result.
  throw go::not_implemented{"image_processor"};
}

std::vector<int> match_rides(go::recv_chan<ride_request> /*requests*/, int /*workers*/,
                             std::vector<driver> /*drivers*/,
                             const std::function<void(const ride_match&)>& /*assign_ride*/) {
  // TODO(exercise): `workers` fibers; find-and-claim the nearest free driver under one go::mutex
  // lock; call assign_ride after unlocking; collect the unmatched request ids.
  throw go::not_implemented{"match_rides"};
}

}  // namespace ch06
