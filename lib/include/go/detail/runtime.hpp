// go/detail/runtime.hpp - the state of one go::run: its worker threads, fibers and timers.
//
// The public face is go/runtime.hpp; this header holds what its templates need. A runtime owns
// its scheduler state (see scheduler.cpp), so several go::run calls - one after another, or at
// once on different threads, each with its own thread count - never share a ready queue.
//
// Accounting for deadlock detection lives in one 64-bit word: live (fibers and pending timers)
// in the high half, blocked (fibers parked with no deadline) in the low half. Every change is one
// atomic add, so the value it returns is an exact snapshot: blocked == live means that at that
// instant nothing could ever run again.
//
// Thread safety: every member function may be called from any worker thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <source_location>
#include <string>

#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/mutex.hpp>
#include <boost/context/stack_context.hpp>
#include <boost/intrusive/list.hpp>

#include "go/detail/fiber_record.hpp"

namespace go {
struct run_options;
}

namespace go::detail {

class timer_service;
struct run_counters;
struct ready_queue;

class stack_pool;

// stack_allocator: the fibers' stacks, from the run's stack_pool (lib/src/stack_pool.hpp): page-
// aligned, carved from large mappings, reused by the worker that freed them. With guard pages
// each stack has an inaccessible page below it, so an overflow crashes at once instead of
// corrupting memory - but Linux allows only about 32,000 such stacks per process
// (vm.max_map_count: two mappings each). Boost copies it into every fiber: it is a handle.
class stack_allocator {
 public:
  explicit stack_allocator(stack_pool& pool) noexcept : pool_{&pool} {}
  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& stack) noexcept;

 private:
  stack_pool* pool_;
};

class runtime {
 public:
  runtime(const run_options& options, std::source_location site);
  ~runtime();
  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;

  // current: the runtime of the calling fiber, or null outside go::run.
  static runtime* current() noexcept;
  static runtime& current_or_throw(const char* what);

  // execute: runs `main` on the worker threads until every fiber has finished; rethrows the
  // run's failure (a panic, a deadlock, a leak, a timeout).
  void execute(std::function<void()> main);

  // Fiber life cycle, used by go::spawn.
  fiber_record* new_fiber(std::string name, std::source_location site);
  void fiber_exited(fiber_record* record) noexcept;
  void panicked(fiber_record& record, std::exception_ptr error) noexcept;
  [[nodiscard]] stack_allocator stacks() const noexcept { return stack_allocator{*stacks_}; }

  // Deadlock accounting (see the header comment). The returned bool is true when this change
  // left every live fiber and timer blocked.
  bool blocked_added() noexcept;
  void blocked_removed() noexcept;
  void live_added() noexcept;
  void live_removed() noexcept;
  void report_stuck();  // builds the deadlock or leak report and tears the run down

  // fail: ends the run with `error` (first failure wins) and aborts every parked fiber.
  void fail(std::exception_ptr error) noexcept;
  // await_younger_fibers: if the run is being torn down, suspends `self` until every fiber
  // spawned after it has exited (see unwind_fiber).
  void await_younger_fibers(const fiber_record& self);
  // abort_others: aborts every fiber but `keep` (used by the leak check).
  void abort_others(const fiber_record& keep) noexcept;
  // describe_fibers: one block per fiber, as in a deadlock report; `skip` is left out.
  std::string describe_fibers(const fiber_record* skip = nullptr) const;

  // blocking_started / blocking_finished: a go::blocking call of this run went to the pool /
  // has woken its fiber and is done. The pool thread's wake-up goes on touching the run's
  // scheduler after the fiber may have run on to the end of the run, so the workers do not exit
  // (and the run is not destroyed) until every call has finished.
  void blocking_started();
  void blocking_finished() noexcept;

  [[nodiscard]] long fibers() const noexcept { return fibers_.load(); }
  [[nodiscard]] unsigned threads() const noexcept { return threads_; }
  [[nodiscard]] std::source_location site() const noexcept { return site_; }
  [[nodiscard]] std::uint64_t spawned() const noexcept { return next_id_.load() - 1; }
  [[nodiscard]] const std::string& trace_path() const noexcept { return trace_path_; }  // "" : $GO_TRACE
  run_counters& counters() noexcept { return *counters_; }  // go::stats()
  [[nodiscard]] bool main_returned() const noexcept { return main_returned_.load(); }
  [[nodiscard]] std::uint64_t accounting() const noexcept { return accounting_.load(); }
  std::shared_ptr<timer_service> timers_shared() { return timers_; }
  ready_queue& queue() { return *queue_; }

 private:
  void worker(unsigned index, const std::function<void()>& main);
  void finished_one() noexcept;

  const unsigned threads_;
  const std::source_location site_;
  const std::chrono::milliseconds timeout_;
  const std::string trace_path_;
  std::unique_ptr<stack_pool> stacks_;
  std::unique_ptr<ready_queue> queue_;
  std::shared_ptr<timer_service> timers_;
  std::unique_ptr<run_counters> counters_;

  std::atomic<std::uint64_t> accounting_{0};  // live << 32 | blocked
  std::atomic<long> fibers_{0};
  std::atomic<std::uint64_t> next_id_{1};
  std::atomic<bool> main_returned_{false};
  std::atomic<bool> aborting_{false};

  mutable std::mutex registry_mutex_;
  boost::intrusive::list<fiber_record> registry_;  // guarded by registry_mutex_

  std::mutex failure_mutex_;
  std::exception_ptr failure_;  // guarded by failure_mutex_

  std::mutex done_mutex_;
  std::condition_variable done_cv_;  // wakes the thread that called go::run
  bool run_done_ = false;            // guarded by done_mutex_
  long blocking_calls_ = 0;          // guarded by done_mutex_: go::blocking calls not finished
  boost::fibers::mutex fiber_done_mutex_;
  boost::fibers::condition_variable fiber_done_cv_;  // wakes the workers' main contexts
  // Set under fiber_done_mutex_; atomic only for ThreadSanitizer, which cannot see inside
  // Boost's (compiled) fiber mutex.
  std::atomic<bool> fibers_done_{false};
  boost::fibers::mutex exit_mutex_;
  boost::fibers::condition_variable exit_cv_;  // while tearing down: a fiber has exited
};

// new_fiber_scope: while one lives, the fiber the calling worker makes ready next is a new one
// (go::spawn's): the scheduler starts it depth-first (see lib/src/scheduler.hpp).
class new_fiber_scope {
 public:
  new_fiber_scope() noexcept;
  ~new_fiber_scope();
  new_fiber_scope(const new_fiber_scope&) = delete;
  new_fiber_scope& operator=(const new_fiber_scope&) = delete;
};

// fiber_main: the body of every fiber the runtime starts.
// The function object is moved in and destroyed before the fiber counts as exited, so that
// everything it captured is released while the run still waits for this fiber.
template <class F>
void fiber_main(fiber_record& record, F&& fn) noexcept {
  set_current_fiber(&record);
  try {
    std::decay_t<F> body = std::move(fn);
    body();
  } catch (const fiber_unwind&) {
    // the run is being torn down; this fiber has unwound
  } catch (...) {
    record.rt->panicked(record, std::current_exception());
  }
  set_current_fiber(nullptr);
  record.rt->fiber_exited(&record);
}

// post_blocking: runs `task` on the blocking-call thread pool.
void post_blocking(std::function<void()> task);

}  // namespace go::detail
