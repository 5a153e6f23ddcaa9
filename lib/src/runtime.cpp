#include "go/detail/runtime.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include <boost/fiber/context.hpp>
#include <boost/fiber/fss.hpp>
#include <boost/fiber/operations.hpp>

#include "go/detail/observe.hpp"
#include "go/detail/timer_service.hpp"
#include "go/errors.hpp"
#include "go/runtime.hpp"
#include "fiber_link.hpp"
#include "observe/counters.hpp"
#include "observe/trace.hpp"
#include "scheduler.hpp"
#include "stack_pool.hpp"

namespace go::detail {

namespace {

constexpr std::uint64_t one_live = std::uint64_t{1} << 32;
constexpr std::uint64_t blocked_mask = one_live - 1;

bool all_blocked(std::uint64_t accounting) {
  const std::uint64_t live = accounting >> 32;
  return live > 0 && live == (accounting & blocked_mask);
}

thread_local runtime* runtime_of_thread = nullptr;

// Outside go::run the scheduler is not ours and may keep properties of its own
// (algorithm_with_properties), so a plain thread or raw fiber keeps its record (owned, deleted
// when that fiber or thread ends) where Boost's docs put such data.
boost::fibers::fiber_specific_ptr<fiber_record> outside_record;

fiber_record* new_anonymous_record() { return new fiber_record(nullptr, 0, {}, std::source_location::current()); }

std::string describe_exception(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

fiber_record& current_fiber() {
  if (runtime_of_thread == nullptr) [[unlikely]] {
    if (outside_record.get() == nullptr) outside_record.reset(new_anonymous_record());
    return *outside_record;
  }
  fiber_link& link = link_of(boost::fibers::context::active());
  if (link.record == nullptr) [[unlikely]] {
    link.anonymous.reset(new_anonymous_record());
    link.record = link.anonymous.get();
  }
  return *link.record;
}

void set_current_fiber(fiber_record* record) {
  link_of(boost::fibers::context::active()).record = record;
  note_fiber_running(record);
  if (thread_trace != nullptr) [[unlikely]] {
    record != nullptr ? trace_started(*record) : trace_exited();
  }
}

fiber_record* record_of(boost::fibers::context* ctx) noexcept {
  auto* link = static_cast<fiber_link*>(ctx->get_properties());  // a context of a run: ours, or none yet
  return link != nullptr ? link->record : nullptr;
}

void unwind_fiber(fiber_record& self) {
  if (self.rt != nullptr) self.rt->await_younger_fibers(self);
  throw fiber_unwind{};
}

runtime::runtime(const run_options& options, std::source_location site)
    : threads_{std::max(1u, options.threads)},
      site_{site},
      timeout_{options.timeout},
      trace_path_{options.trace},
      stacks_{std::make_unique<stack_pool>(options.stack_size, options.guard_pages, threads_)},
      queue_{std::make_unique<ready_queue>(threads_)},
      timers_{std::make_shared<timer_service>(this)},
      counters_{std::make_unique<run_counters>(threads_)} {
  run_started(*this);
}

runtime::~runtime() {
  run_ended(*this);
  timers_->shutdown();
}

runtime* runtime::current() noexcept { return runtime_of_thread; }

runtime& runtime::current_or_throw(const char* what) {
  if (runtime* rt = current()) return *rt;
  throw std::logic_error(std::string{what} + " called outside go::run");
}

void runtime::execute(std::function<void()> main) {
  if (current() != nullptr) throw std::logic_error("go::run called inside go::run: use go::spawn");
  std::vector<std::thread> workers;
  workers.reserve(threads_);
  for (unsigned index = 0; index < threads_; ++index) {
    workers.emplace_back([this, index, &main] { worker(index, main); });
  }
  if (timeout_.count() > 0) {
    std::unique_lock lock{done_mutex_};
    if (!done_cv_.wait_for(lock, timeout_, [this] { return run_done_; })) {
      lock.unlock();
      std::ostringstream report;
      report << "go::run timed out after " << timeout_.count() << " ms; fibers still live:\n\n"
             << describe_fibers();
      fail(std::make_exception_ptr(run_timeout{report.str()}));
    }
  }
  for (auto& worker_thread : workers) worker_thread.join();
  timers_->shutdown();
  std::lock_guard lock{failure_mutex_};
  if (failure_) std::rethrow_exception(failure_);
}

void runtime::worker(unsigned index, const std::function<void()>& main) {
  runtime_of_thread = this;
  set_current_worker_index(index);
  stacks_->attach_worker(index);
  boost::fibers::use_scheduling_algorithm<counting_algorithm>(*queue_, index, counters_->workers[index]);
  if (index == 0) {
    fiber_record* record = new_fiber("main", site_);
    boost::fibers::fiber{boost::fibers::launch::post, std::allocator_arg, stacks(), [this, record, &main] {
                           fiber_main(*record, [this, &main] {
                             main();
                             main_returned_ = true;
                           });
                         }}
        .detach();
  }
  {
    std::unique_lock lock{fiber_done_mutex_};
    fiber_done_cv_.wait(lock, [this] { return fibers_done_.load(); });
  }
  // The last fiber woke this thread's main context from another worker, and that wake-up
  // (Boost's schedule_from_remote, then our algorithm's notify) may still be touching this
  // thread's scheduler, which the thread destroys as it exits. finished_one sets run_done_ once
  // its notify_all has returned (ThreadSanitizer reported the race). A go::blocking call's pool
  // thread wakes its fiber the same way: see blocking_started.
  {
    std::unique_lock lock{done_mutex_};
    done_cv_.wait(lock, [this] { return run_done_ && blocking_calls_ == 0; });
  }
  runtime_of_thread = nullptr;
}

fiber_record* runtime::new_fiber(std::string name, std::source_location site) {
  make_room_for_new_fiber(*queue_);
  auto* record = new fiber_record(this, next_id_++, std::move(name), site);
  ++fibers_;
  live_added();
  std::lock_guard lock{registry_mutex_};
  registry_.push_back(*record);
  if (aborting_) record->park.abort();
  if (thread_trace != nullptr) [[unlikely]] trace_spawned(*record);
  return record;
}

void runtime::fiber_exited(fiber_record* record) noexcept {
  {
    std::lock_guard lock{registry_mutex_};
    registry_.erase(registry_.iterator_to(*record));
  }
  delete record;
  note_fiber_finished();
  if (aborting_) {
    std::lock_guard lock{exit_mutex_};  // orders this exit before a waiter's check of the registry
    exit_cv_.notify_all();
  }
  live_removed();
  if (--fibers_ == 0) finished_one();
}

void runtime::finished_one() noexcept {
  {
    std::lock_guard lock{fiber_done_mutex_};
    fibers_done_ = true;
  }
  fiber_done_cv_.notify_all();
  {
    std::lock_guard lock{done_mutex_};
    run_done_ = true;
  }
  done_cv_.notify_all();
}

void runtime::blocking_started() {
  std::lock_guard lock{done_mutex_};
  ++blocking_calls_;
}

void runtime::blocking_finished() noexcept {
  std::lock_guard lock{done_mutex_};
  --blocking_calls_;
  done_cv_.notify_all();  // under the lock: once it is released, the run may end and be freed
}

void runtime::panicked(fiber_record& record, std::exception_ptr error) noexcept {
  std::ostringstream report;
  report << "panic: " << describe_exception(error) << "\n\n"
         << "fiber " << record.id << " [running]:\n"
         << "    spawned at " << record.site.file_name() << ':' << record.site.line() << " in "
         << record.site.function_name() << "\n";
  std::cerr << report.str() << std::flush;
  if (thread_trace != nullptr) [[unlikely]] trace_instant("panic");
  fail(std::move(error));
}

bool runtime::blocked_added() noexcept { return all_blocked(accounting_.fetch_add(1) + 1); }

void runtime::blocked_removed() noexcept { accounting_.fetch_sub(1); }

void runtime::live_added() noexcept { accounting_.fetch_add(one_live); }

void runtime::live_removed() noexcept {
  if (all_blocked(accounting_.fetch_sub(one_live) - one_live)) report_stuck();
}

void runtime::report_stuck() {
  if (aborting_) return;
  const bool leaked = main_returned_;
  std::ostringstream report;
  if (leaked) {
    report << "fiber leak: main returned, but these fibers are blocked forever:\n\n";
  } else {
    report << "all fibers are asleep - deadlock!\n\n";
  }
  report << describe_fibers();
  if (thread_trace != nullptr) [[unlikely]] trace_instant(leaked ? "fiber leak" : "deadlock");
  fail(leaked ? std::make_exception_ptr(fiber_leak{report.str()}) : std::make_exception_ptr(deadlock{report.str()}));
}

void runtime::fail(std::exception_ptr error) noexcept {
  {
    std::lock_guard lock{failure_mutex_};
    if (!failure_) failure_ = std::move(error);
  }
  aborting_ = true;
  std::lock_guard lock{registry_mutex_};
  for (fiber_record& record : registry_) record.park.abort();
}

void runtime::await_younger_fibers(const fiber_record& self) {
  // Tear down in reverse spawn order, like the destructors of a scope: Go would end the whole
  // program at a panic, but here the program goes on, so a frame must not be freed while a
  // fiber that may point into it still runs (issue: a job calling wg.done() on main's unwound
  // wait_group). Fibers still running go on until their next toolkit call, then unwind too.
  if (!aborting_) return;  // the leak check aborts single fibers; their frames are not shared
  auto younger_live = [&] {
    std::lock_guard lock{registry_mutex_};
    return std::any_of(registry_.begin(), registry_.end(), [&](const fiber_record& r) { return r.id > self.id; });
  };
  std::unique_lock lock{exit_mutex_};
  exit_cv_.wait(lock, [&] { return !younger_live(); });
}

void runtime::abort_others(const fiber_record& keep) noexcept {
  std::lock_guard lock{registry_mutex_};
  for (fiber_record& record : registry_) {
    if (&record != &keep) record.park.abort();
  }
}

std::string runtime::describe_fibers(const fiber_record* skip) const {
  std::ostringstream out;
  object_numbers objects;
  std::lock_guard lock{registry_mutex_};
  for (const fiber_record& record : registry_) {
    if (&record != skip) print_fiber(out, record, objects);
  }
  return out.str();
}

}  // namespace go::detail

namespace go {

long live_fibers() noexcept {
  detail::runtime* rt = detail::runtime::current();
  return rt != nullptr ? rt->fibers() : 0;
}

unsigned gomaxprocs() noexcept {
  detail::runtime* rt = detail::runtime::current();
  return rt != nullptr ? rt->threads() : 0;
}

unsigned worker_index() noexcept { return detail::current_worker_index(); }

std::uint64_t fiber_id() noexcept {
  detail::runtime* rt = detail::runtime::current();
  return rt != nullptr ? detail::current_fiber().id : 0;
}

}  // namespace go
