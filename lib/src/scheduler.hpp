// The scheduling algorithm of a go::run: a ready queue shared by the run's worker threads, and
// beside it per worker a run-next slot (Go's runnext) and a stack of new fibers.
//
// Boost.Fiber's own shared_work and work_stealing keep their queues in static members, so every
// pool in a process would share them and all threads must register before work starts. This
// algorithm keeps the queues in the run (ready_queue), so runs with different thread counts may
// follow each other or overlap. Idle workers sleep on a condition variable instead of spinning.
//
// Run-next: a fiber that a worker wakes (a channel hand-off, an unlock) goes into that worker's
// run-next slot (run_next_scope marks those calls) and runs there as soon as the current fiber
// blocks, as Go's goready does. Two fibers handing values back and forth then stay on one
// worker, warm in its cache, instead of bouncing between threads through the shared queue. The
// slot holds one fiber; the one it displaces goes to the back of the worker's local queue (Go's
// runq), which the worker runs before the shared queue. So a group of fibers that trade values
// (a pipeline's stages, a select's producers, a pool's workers) stays on the worker that wakes
// them: sent to the shared queue, a displaced fiber was taken at once by the idle worker, and
// from then on nearly every hand-off crossed threads (pipeline3 2.5 us per value against 0.35 us
// on one worker). An idle worker steals from another's slot or local queue only once the same
// fiber has waited there for a millisecond (its owner is busy), and every few picks the shared
// queue or the local queue (in turn) goes first, so a pair handing work to each other cannot
// starve the rest.
//
// New fibers (new_fiber_scope marks go::spawn's) go onto the spawning worker's stack of new
// fibers: the worker starts the newest first, and an idle worker takes the oldest from another's
// stack at once (a fiber that never ran has no partner to stay near). That is depth-first, as
// Go's runnext makes it for a new goroutine: a tree of fibers such as skynet's million descends
// to its leaves and finishes them before it spawns the next branch, so a few hundred fibers
// exist at once instead of the whole tree (the shared FIFO queue held 1.1 million fibers, 12 GB).
// Like Go, this starts fibers spawned in a loop in no particular order: code must not rely on it.
//
// Pinned contexts (a thread's main context and its dispatcher) never migrate: they stay in the
// worker's local queue. Every other fiber is detached when it becomes ready and attached to
// whichever worker picks it - that is how fibers move between threads.
//
// A fiber that parks with no deadline (the parker, go/detail/parker.hpp) detaches itself from
// its worker before it switches out, so that it belongs to no worker while it waits. Whoever
// wakes it then puts it into the waker's own run-next slot (or, from a thread that is not one of
// the run's workers, into the shared queue) without going through Boost's remote wake-up, which
// would send it back to the worker it parked on. Boost allows a context to be detached and
// attached only by the thread it is attached to, which this keeps: the fiber detaches itself.
//
// The dispatcher context frees finished fibers and takes in fibers woken from other threads;
// Boost resumes it only when pick_next has nothing else to offer. So pick_next lets it go first
// once a few fibers have finished on its worker (else a run that always has ready fibers, like
// skynet's million, would keep every finished stack until the end) and as soon as another thread
// has woken one of its fibers (else that fiber could wait behind the run-next chain forever).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/context.hpp>
#include <boost/fiber/detail/spinlock.hpp>
#include <boost/fiber/scheduler.hpp>

namespace go::detail {

// run_next_slot: one worker's run-next fiber, and how many fibers have been put there (so that
// an idle worker can tell a fiber left waiting from the same fiber put there again).
struct alignas(64) run_next_slot {
  std::atomic<boost::fibers::context*> fiber{nullptr};
  std::atomic<std::uint64_t> puts{0};
};

// spawned_stack: one worker's new fibers, newest at the back (its owner's end), oldest at the
// front (where other workers steal).
struct alignas(64) spawned_stack {
  std::mutex mutex;
  std::deque<boost::fibers::context*> fibers;  // guarded by mutex
  std::atomic<std::size_t> size{0};            // fibers.size(), readable without the mutex
};

// local_queue: one worker's ready fibers displaced from its run-next slot, oldest at the front.
// A mutex rather than Go's lock-free ring: only its owner uses it, unless it has left a fiber
// there for a millisecond, so the lock is uncontended.
struct alignas(64) local_queue {
  std::mutex mutex;
  std::deque<boost::fibers::context*> fibers;  // guarded by mutex
  std::atomic<std::size_t> size{0};            // fibers.size(), readable without the mutex
  std::atomic<std::uint64_t> takes{0};         // fibers taken so far, to tell a queue left waiting
};

struct ready_queue {
  explicit ready_queue(unsigned workers) : run_next(workers), spawned(workers), local(workers) {}
  std::mutex mutex;
  std::condition_variable idle;                // idle workers wait here
  std::deque<boost::fibers::context*> fibers;  // guarded by mutex
  std::atomic<std::size_t> size{0};            // fibers.size(), readable without the mutex
  std::vector<run_next_slot> run_next;  // one per worker
  std::vector<spawned_stack> spawned;   // one per worker
  std::vector<local_queue> local;       // one per worker
  std::atomic<unsigned> deep_sleepers{0};      // idle workers asleep with no time limit
  std::atomic<unsigned> sleepers{0};           // idle workers asleep (or about to be), deep or not
};

class shared_queue_algorithm final : public boost::fibers::algo::algorithm {
 public:
  shared_queue_algorithm(ready_queue& queue, unsigned index);
  ~shared_queue_algorithm() override;

  void awakened(boost::fibers::context* ctx) noexcept override;
  boost::fibers::context* pick_next() noexcept override;
  bool has_ready_fibers() const noexcept override;
  void suspend_until(std::chrono::steady_clock::time_point const& when) noexcept override;
  void notify() noexcept override;

  [[nodiscard]] unsigned index() const noexcept { return index_; }
  [[nodiscard]] ready_queue& queue() const noexcept { return queue_; }

  // put_run_next: `ctx` (detached, ready) runs next on this worker.
  void put_run_next(boost::fibers::context* ctx) noexcept;

 private:
  boost::fibers::context* take_dispatcher() noexcept;
  boost::fibers::context* take_shared() noexcept;
  boost::fibers::context* take_run_next(unsigned worker, boost::fibers::context* expected) noexcept;
  boost::fibers::context* take_local(unsigned worker) noexcept;
  boost::fibers::context* take_spawned(unsigned worker, bool newest) noexcept;
  boost::fibers::context* steal_spawned() noexcept;
  void push_local(boost::fibers::context* ctx) noexcept;
  void push_spawned(boost::fibers::context* ctx) noexcept;
  void wake_deep_sleeper() noexcept;
  bool other_spawned_ready() const noexcept;
  bool found_stale_run_next(std::chrono::steady_clock::time_point now) noexcept;
  bool found_stale_local(std::chrono::steady_clock::time_point now) noexcept;
  bool other_worker_holds_fibers() const noexcept;

  ready_queue& queue_;
  const unsigned index_;
  boost::fibers::scheduler* const scheduler_;  // this thread's; fibers are attached to it to run
  boost::fibers::scheduler::ready_queue_type pinned_;  // this thread's own contexts
  std::atomic<bool> notified_{false};  // set by notify(), cleared before the dispatcher runs
  unsigned shared_streak_ = 0;                         // picks since the shared queue last went first
  bool local_turn_ = false;  // whether the local queue, not the shared one, went first last time
  // Stealing: the put last seen in each other worker's slot, and since when.
  std::vector<std::uint64_t> seen_;
  std::vector<std::chrono::steady_clock::time_point> seen_since_;
  unsigned steal_from_ = 0;
  boost::fibers::context* steal_ = nullptr;  // found stale by suspend_until, taken by pick_next
  // The same for each other worker's local queue: the takes last seen, since when, and the queue
  // found stale (a worker index, or -1).
  std::vector<std::uint64_t> local_seen_;
  std::vector<std::chrono::steady_clock::time_point> local_seen_since_;
  int steal_local_from_ = -1;
};

// run_next_scope: while one lives, the fiber the calling worker thread makes ready next (the one
// a wake-up resumes) goes into the calling worker's run-next slot.
class run_next_scope {
 public:
  run_next_scope() noexcept;
  ~run_next_scope();
  run_next_scope(const run_next_scope&) = delete;
  run_next_scope& operator=(const run_next_scope&) = delete;
};

// make_room_for_new_fiber: called by go::spawn before it creates a fiber. When the calling
// worker already holds many new fibers that have not started, the caller yields so that they
// start: a loop of spawns then never piles up more than that many fibers (each holding a stack
// page) ahead of the workers, and their stacks are reused while still in memory. Go gets the
// same from preemption, which stops a goroutine that spawns for too long.
void make_room_for_new_fiber(ready_queue& queue) noexcept;

// new_fiber_scope (declared in go/detail/runtime.hpp, for go::spawn): while one lives, the fiber
// the calling worker thread makes ready next is a new one, for its stack of new fibers.

// detachable_worker_queue: the ready queue of the run whose worker thread calls, if `self` (the
// calling context) may park detached: a fiber, on a worker of a go::run. Null otherwise.
ready_queue* detachable_worker_queue(boost::fibers::context* self) noexcept;

// park_detached: detaches `self`, the calling fiber, from its worker and switches to the next
// ready fiber; `lock` is released once `self` has switched out (so a waker that takes it sees
// `self` fully suspended). Returns when make_ready has been called for `self` and it is picked.
void park_detached(boost::fibers::context* self, boost::fibers::detail::spinlock_lock& lock) noexcept;

// make_ready: `fiber`, parked detached by its run `queue`'s worker, is ready: it runs next on the
// calling worker if that belongs to the same run, else it joins the run's shared queue.
void make_ready(boost::fibers::context* fiber, ready_queue& queue) noexcept;

// The index of the calling worker thread within its run (0 outside a run's workers).
unsigned current_worker_index() noexcept;
void set_current_worker_index(unsigned index) noexcept;

// note_fiber_finished: a fiber of the calling worker is about to finish (its stack is freed the
// next time the worker's dispatcher runs).
void note_fiber_finished() noexcept;

}  // namespace go::detail
