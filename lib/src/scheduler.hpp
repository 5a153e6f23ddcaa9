// The scheduling algorithm of a go::run: one ready queue shared by the run's worker threads.
//
// Boost.Fiber's own shared_work and work_stealing keep their queues in static members, so every
// pool in a process would share them and all threads must register before work starts. This
// algorithm keeps the queue in the run (ready_queue), so runs with different thread counts may
// follow each other or overlap. Idle workers sleep on a condition variable instead of spinning.
//
// Pinned contexts (a thread's main context and its dispatcher) never migrate: they stay in the
// worker's local queue. Every other fiber is detached when it becomes ready and attached to
// whichever worker picks it - that is how fibers move between threads.
//
// Finished fibers are freed by the worker's dispatcher context, which Boost resumes only when
// pick_next has nothing else to offer. A run that always has ready fibers (skynet: a million of
// them) would keep every finished fiber's stack until the end, so pick_next lets the dispatcher
// go first once a few fibers have finished on its worker.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/context.hpp>
#include <boost/fiber/scheduler.hpp>

namespace go::detail {

struct ready_queue {
  std::mutex mutex;
  std::condition_variable idle;                // idle workers wait here
  std::deque<boost::fibers::context*> fibers;  // guarded by mutex
  std::atomic<std::size_t> size{0};            // fibers.size(), readable without the mutex
};

class shared_queue_algorithm final : public boost::fibers::algo::algorithm {
 public:
  shared_queue_algorithm(ready_queue& queue, unsigned index) : queue_{queue}, index_{index} {}

  void awakened(boost::fibers::context* ctx) noexcept override;
  boost::fibers::context* pick_next() noexcept override;
  bool has_ready_fibers() const noexcept override;
  void suspend_until(std::chrono::steady_clock::time_point const& when) noexcept override;
  void notify() noexcept override;

  [[nodiscard]] unsigned index() const noexcept { return index_; }

 private:
  ready_queue& queue_;
  const unsigned index_;
  boost::fibers::scheduler::ready_queue_type pinned_;  // this thread's own contexts
  std::atomic<bool> notified_{false};                  // set by notify(), cleared on waking
};

// note_fiber_finished: a fiber of the calling worker is about to finish (its stack is freed the
// next time the worker's dispatcher runs).
void note_fiber_finished() noexcept;

// The index of the calling worker thread within its run (0 outside a run's workers).
unsigned current_worker_index() noexcept;
void set_current_worker_index(unsigned index) noexcept;

}  // namespace go::detail
