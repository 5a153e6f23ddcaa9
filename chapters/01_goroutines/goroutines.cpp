// goroutines.cpp - your answers to chapter 01's exercises (statements in goroutines.hpp).
//
// Replace each TODO(exercise) body, then run `./workbook check 01`.
#include "goroutines.hpp"

#include <go/go.hpp>

namespace ch01 {

void process_orders_sequential(std::span<const order> /*orders*/,
                               const std::function<void(const order&)>& /*process*/) {
  // TODO(exercise): call process on each order, in order.
  throw go::not_implemented{"process_orders_sequential"};
}

void process_orders_concurrent(std::span<const order> /*orders*/,
                               const std::function<void(const order&)>& /*process*/) {
  // TODO(exercise): one fiber per order (go::spawn), a go::wait_group to wait for them all.
  throw go::not_implemented{"process_orders_concurrent"};
}

int spawn_many(int /*n*/, const std::function<void(int)>& /*work*/) {
  // TODO(exercise): spawn n fibers calling work(i), count them as they run, wait, return the count.
  throw go::not_implemented{"spawn_many"};
}

int finished_before_wait(int /*n*/, const std::function<void()>& /*work*/) {
  // TODO(exercise): spawn n fibers (work, then count), read the count, wait, return what you read.
  throw go::not_implemented{"finished_before_wait"};
}

// TODO(exercise): your prediction of finished_before_wait(10, [] {}) on one worker thread.
const int predicted_finished_before_wait = -1;

void run_all_and_wait(std::span<const std::function<void()>> /*tasks*/) {
  // TODO(exercise): run each task in a fiber; wait for all with a go::wait_group, not a sleep.
  throw go::not_implemented{"run_all_and_wait"};
}

std::vector<send_failure> send_batch_emails(std::span<const email> /*emails*/,
                                            const std::function<void(const email&)>& /*send_email*/) {
  // TODO(exercise): a fiber per email; catch its failure and collect it safely; wait for all.
  throw go::not_implemented{"send_batch_emails"};
}

int max_parallelism(unsigned /*threads*/, int /*fibers*/) {
  // TODO(exercise): go::run with {.threads = threads}; count the fibers working at once.
  throw go::not_implemented{"max_parallelism"};
}

std::vector<std::string> fetch_all_blocking(std::span<const std::string> /*urls*/,
                                            const std::function<std::string(const std::string&)>& /*fetch*/) {
  // TODO(exercise): a fiber per url; each hands the blocking fetch to go::blocking.
  throw go::not_implemented{"fetch_all_blocking"};
}

}  // namespace ch01
