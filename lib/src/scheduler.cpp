#include "scheduler.hpp"

#include "go/detail/runtime.hpp"

#include <chrono>

#include <boost/fiber/operations.hpp>

namespace go::detail {

namespace {

using boost::fibers::context;
using steady = std::chrono::steady_clock;

thread_local unsigned worker_index_of_thread = 0;

// The scheduling algorithm of the calling thread, if it is a worker of a go::run.
thread_local shared_queue_algorithm* algorithm_of_thread = nullptr;

// Set by run_next_scope: the next fiber this thread makes ready goes into its run-next slot.
thread_local bool run_next_requested = false;

// Set by new_fiber_scope: the next fiber this thread makes ready is new, for its spawned stack.
thread_local bool new_fiber_requested = false;

// Fibers finished on this thread since its dispatcher last freed them. After this many the
// dispatcher runs next: a few stacks wait to be freed, never a million, and the extra switch to
// the dispatcher is paid once per batch.
thread_local unsigned finished_since_release = 0;
constexpr unsigned release_batch = 16;

// A fiber that spawns while this many new fibers of its worker wait to start yields first, so
// that they start (see make_room_for_new_fiber).
constexpr std::size_t max_waiting_new_fibers = 1024;

// How long an idle worker polls before it sleeps. A fiber woken by another thread is usually
// ready within microseconds, while a futex sleep and wake-up costs more than that (Go's idle
// Ps spin for the same reason). Short, so an idle run costs almost no CPU.
constexpr auto idle_spin = std::chrono::microseconds{50};

// How long a fiber waits in another worker's run-next slot before an idle worker steals it: its
// owner is then busy with a fiber that does not block. Go steals after 3 us, because in Go a
// stolen goroutine's partner follows it back: a wake-up puts the woken goroutine on the waker's
// P. Boost instead sends a wake-up of a fiber attached to another worker to that worker, so a
// pair split by a steal stays split and every hand-off crosses threads (pingpong went from
// 0.5 us to 1.3-2.2 us whenever the OS paused a worker for 5 us). So steal only a fiber that
// has been stuck for a long time.
constexpr auto steal_after = std::chrono::milliseconds{1};

// How long an idle worker sleeps at most while another worker's run-next slot is taken, to come
// back and check whether that fiber has been left waiting (no wake-up is sent for it).
constexpr auto recheck_run_next = std::chrono::milliseconds{1};

// At most this many picks in a row come from the run-next slot or the spawned stacks; then the
// shared queue goes first (Go looks at its global queue every 61 picks for the same reason).
constexpr unsigned shared_streak_limit = 32;

inline void spin_pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

bool is_dispatcher(const context* ctx) noexcept {
  return ctx->is_context(boost::fibers::type::dispatcher_context);
}

void push_shared(ready_queue& queue, context* ctx) noexcept {
  {
    std::lock_guard lock{queue.mutex};
    queue.fibers.push_back(ctx);
    queue.size.store(queue.fibers.size(), std::memory_order_release);
  }
  queue.idle.notify_one();
}

}  // namespace

unsigned current_worker_index() noexcept { return worker_index_of_thread; }
void set_current_worker_index(unsigned index) noexcept { worker_index_of_thread = index; }

void note_fiber_finished() noexcept { ++finished_since_release; }

run_next_scope::run_next_scope() noexcept { run_next_requested = true; }
run_next_scope::~run_next_scope() { run_next_requested = false; }

void make_room_for_new_fiber(ready_queue& queue) noexcept {
  if (queue.spawned[worker_index_of_thread].size.load(std::memory_order_relaxed) >= max_waiting_new_fibers) {
    boost::this_fiber::yield();
  }
}

new_fiber_scope::new_fiber_scope() noexcept { new_fiber_requested = true; }
new_fiber_scope::~new_fiber_scope() { new_fiber_requested = false; }

ready_queue* detachable_worker_queue(context* self) noexcept {
  if (algorithm_of_thread == nullptr || self->is_context(boost::fibers::type::pinned_context)) return nullptr;
  return &algorithm_of_thread->queue();
}

void park_detached(context* self, boost::fibers::detail::spinlock_lock& lock) noexcept {
  boost::fibers::scheduler* const worker = self->get_scheduler();
  worker->detach_worker_context(self);
  worker->suspend(lock);
}

void make_ready(context* fiber, ready_queue& queue) noexcept {
  if (algorithm_of_thread != nullptr && &algorithm_of_thread->queue() == &queue) {
    algorithm_of_thread->put_run_next(fiber);
  } else {
    push_shared(queue, fiber);
  }
}

shared_queue_algorithm::shared_queue_algorithm(ready_queue& queue, unsigned index)
    : queue_{queue},
      index_{index},
      scheduler_{context::active()->get_scheduler()},
      seen_(queue.run_next.size()),
      seen_since_(queue.run_next.size()) {
  algorithm_of_thread = this;
}

shared_queue_algorithm::~shared_queue_algorithm() {
  if (algorithm_of_thread == this) algorithm_of_thread = nullptr;
}

void shared_queue_algorithm::awakened(context* ctx) noexcept {
  if (ctx->is_context(boost::fibers::type::pinned_context)) {
    pinned_.push_back(*ctx);
    return;
  }
  ctx->detach();
  if (new_fiber_requested) {
    new_fiber_requested = false;  // one fiber per request
    push_spawned(ctx);
    return;
  }
  if (run_next_requested) {
    run_next_requested = false;  // one fiber per request
    put_run_next(ctx);
    return;
  }
  push_shared(queue_, ctx);
}

void shared_queue_algorithm::put_run_next(context* ctx) noexcept {
  run_next_slot& slot = queue_.run_next[index_];
  slot.puts.fetch_add(1, std::memory_order_relaxed);
  ctx = slot.fiber.exchange(ctx, std::memory_order_seq_cst);
  if (ctx != nullptr) {
    push_shared(queue_, ctx);  // the fiber it displaces
    return;
  }
  // A worker sleeping without a time limit comes to look, in case this one stays busy.
  // Taking the mutex first means it is in its wait, not about to enter it.
  if (queue_.deep_sleepers.load(std::memory_order_seq_cst) != 0) {
    { std::lock_guard lock{queue_.mutex}; }
    queue_.idle.notify_one();
  }
}

void shared_queue_algorithm::push_spawned(context* ctx) noexcept {
  spawned_stack& mine = queue_.spawned[index_];
  {
    std::lock_guard lock{mine.mutex};
    mine.fibers.push_back(ctx);
    mine.size.store(mine.fibers.size(), std::memory_order_seq_cst);
  }
  // An idle worker asleep comes to take it. The sleeper counts itself before it looks at the
  // stacks, this writes the size before it reads the count (all sequentially consistent), so at
  // least one of them sees the other; taking the mutex first means the sleeper is in its wait.
  if (queue_.sleepers.load(std::memory_order_seq_cst) != 0) {
    { std::lock_guard lock{queue_.mutex}; }
    queue_.idle.notify_one();
  }
}

context* shared_queue_algorithm::take_spawned(unsigned worker, bool newest) noexcept {
  spawned_stack& stack = queue_.spawned[worker];
  if (stack.size.load(std::memory_order_acquire) == 0) return nullptr;
  std::lock_guard lock{stack.mutex};
  if (stack.fibers.empty()) return nullptr;
  context* ctx = nullptr;
  if (newest) {
    ctx = stack.fibers.back();
    stack.fibers.pop_back();
  } else {
    ctx = stack.fibers.front();
    stack.fibers.pop_front();
  }
  stack.size.store(stack.fibers.size(), std::memory_order_release);
  return ctx;
}

// steal_spawned: the oldest new fiber of another worker, or null.
context* shared_queue_algorithm::steal_spawned() noexcept {
  const auto workers = static_cast<unsigned>(queue_.spawned.size());
  for (unsigned step = 1; step < workers; ++step) {
    if (context* ctx = take_spawned((index_ + step) % workers, false)) return ctx;
  }
  return nullptr;
}

bool shared_queue_algorithm::other_spawned_ready() const noexcept {
  for (unsigned worker = 0; worker < queue_.spawned.size(); ++worker) {
    if (worker != index_ && queue_.spawned[worker].size.load(std::memory_order_seq_cst) != 0) return true;
  }
  return false;
}

context* shared_queue_algorithm::take_dispatcher() noexcept {
  for (context& ctx : pinned_) {
    if (is_dispatcher(&ctx)) {
      pinned_.erase(pinned_.iterator_to(ctx));
      return &ctx;
    }
  }
  return nullptr;
}

context* shared_queue_algorithm::take_shared() noexcept {
  if (queue_.size.load(std::memory_order_acquire) == 0) return nullptr;
  std::unique_lock lock{queue_.mutex};
  if (queue_.fibers.empty()) return nullptr;
  context* ctx = queue_.fibers.front();
  queue_.fibers.pop_front();
  queue_.size.store(queue_.fibers.size(), std::memory_order_release);
  return ctx;
}

context* shared_queue_algorithm::take_run_next(unsigned worker, context* expected) noexcept {
  std::atomic<context*>& slot = queue_.run_next[worker].fiber;
  if (expected == nullptr) return slot.exchange(nullptr, std::memory_order_acq_rel);
  return slot.compare_exchange_strong(expected, nullptr, std::memory_order_acq_rel) ? expected : nullptr;
}

context* shared_queue_algorithm::pick_next() noexcept {
  context* const active = context::active();
  if (is_dispatcher(active)) {
    finished_since_release = 0;  // it has just freed the finished fibers
  } else if (finished_since_release >= release_batch || notified_.load(std::memory_order_acquire)) {
    if (context* dispatcher = take_dispatcher()) {
      notified_.store(false, std::memory_order_release);  // before the dispatcher takes them in
      return dispatcher;
    }
  }
  context* ctx = nullptr;
  if (++shared_streak_ > shared_streak_limit) {
    shared_streak_ = 0;
    ctx = take_shared();
  }
  if (ctx == nullptr) ctx = take_run_next(index_, nullptr);
  if (ctx == nullptr) ctx = take_spawned(index_, true);
  if (ctx == nullptr) {
    shared_streak_ = 0;
    ctx = take_shared();
  }
  if (ctx == nullptr) ctx = steal_spawned();
  if (ctx == nullptr && steal_ != nullptr && is_dispatcher(active)) {
    ctx = take_run_next(steal_from_, steal_);
    steal_ = nullptr;
  }
  if (ctx != nullptr) {
    scheduler_->attach_worker_context(ctx);  // not active->attach: a parking fiber has left the worker
    return ctx;
  }
  if (pinned_.empty()) return nullptr;
  ctx = &pinned_.front();
  pinned_.pop_front();
  return ctx;
}

bool shared_queue_algorithm::has_ready_fibers() const noexcept {
  return queue_.size.load(std::memory_order_acquire) != 0 ||
         queue_.run_next[index_].fiber.load(std::memory_order_acquire) != nullptr ||
         queue_.spawned[index_].size.load(std::memory_order_acquire) != 0 || !pinned_.empty();
}

// found_stale_run_next: true when another worker's slot has held the same put for steal_after;
// it is then remembered in steal_ for pick_next.
bool shared_queue_algorithm::found_stale_run_next(steady::time_point now) noexcept {
  for (unsigned worker = 0; worker < queue_.run_next.size(); ++worker) {
    if (worker == index_) continue;
    const std::uint64_t puts = queue_.run_next[worker].puts.load(std::memory_order_relaxed);
    context* waiting = queue_.run_next[worker].fiber.load(std::memory_order_acquire);
    if (waiting == nullptr || puts != seen_[worker]) {
      seen_[worker] = puts;
      seen_since_[worker] = now;
    } else if (now - seen_since_[worker] >= steal_after) {
      steal_from_ = worker;
      steal_ = waiting;
      seen_since_[worker] = now;
      return true;
    }
  }
  return false;
}

bool shared_queue_algorithm::other_run_next_taken() const noexcept {
  for (unsigned worker = 0; worker < queue_.run_next.size(); ++worker) {
    if (worker != index_ && queue_.run_next[worker].fiber.load(std::memory_order_seq_cst) != nullptr) return true;
  }
  return false;
}

void shared_queue_algorithm::suspend_until(steady::time_point const& when) noexcept {
  auto work_or_notified = [this] {
    return notified_.load(std::memory_order_acquire) || queue_.size.load(std::memory_order_acquire) != 0 ||
           other_spawned_ready();
  };
  const auto stop_spinning = std::min(when, steady::now() + idle_spin);
  bool found = false;
  for (auto now = steady::now(); now < stop_spinning; now = steady::now()) {
    if (work_or_notified() || found_stale_run_next(now)) {
      found = true;
      break;
    }
    spin_pause();
  }
  if (!found) {
    // Sleep once (the dispatcher calls again): until woken or `when`, and while another worker's
    // run-next slot holds a fiber, at most recheck_run_next. A worker in the deep sleep, with no
    // such limit, is woken by the next fiber put into an empty run-next slot (see awakened): the
    // count goes up before the slots are read, awakened writes the slot before it reads the
    // count, both sequentially consistent, so at least one of them sees the other.
    std::unique_lock lock{queue_.mutex};
    queue_.sleepers.fetch_add(1, std::memory_order_seq_cst);  // before work_or_notified: see push_spawned
    queue_.deep_sleepers.fetch_add(1, std::memory_order_seq_cst);
    auto until = when;
    const bool deep = !other_run_next_taken();
    if (!deep) {
      queue_.deep_sleepers.fetch_sub(1, std::memory_order_relaxed);
      until = std::min(until, steady::now() + recheck_run_next);
    }
    if (!work_or_notified()) {
      if (until == steady::time_point::max()) {
        queue_.idle.wait(lock);
      } else {
        queue_.idle.wait_until(lock, until);
      }
    }
    if (deep) queue_.deep_sleepers.fetch_sub(1, std::memory_order_relaxed);
    queue_.sleepers.fetch_sub(1, std::memory_order_relaxed);
  }
  notified_.store(false, std::memory_order_release);  // the dispatcher takes in what it announced
}

void shared_queue_algorithm::notify() noexcept {
  // Called by another thread, this may be the last touch before the worker sees notified_ and
  // exits, destroying this algorithm: after the unlock use only the run's queue, which outlives
  // every worker (ThreadSanitizer reported the read of queue_ racing with the delete).
  ready_queue& queue = queue_;
  {
    std::lock_guard lock{queue.mutex};
    notified_.store(true, std::memory_order_release);
  }
  queue.idle.notify_all();
}

}  // namespace go::detail
