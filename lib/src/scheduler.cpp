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

// How long a fiber waits in another worker's run-next slot (or local queue) before an idle worker
// steals it: its owner is then busy with a fiber that does not block. Go steals after 3 us, because in Go a
// stolen goroutine's partner follows it back: a wake-up puts the woken goroutine on the waker's
// P. Boost instead sends a wake-up of a fiber attached to another worker to that worker, so a
// pair split by a steal stays split and every hand-off crosses threads (pingpong went from
// 0.5 us to 1.3-2.2 us whenever the OS paused a worker for 5 us). So steal only a fiber that
// has been stuck for a long time. (A fiber parked detached does follow its waker now, but 20 us
// still split select2's and workerpool's fibers: 0.16 to 0.2 us per value, 24 to 35 ns per task.)
constexpr auto steal_after = std::chrono::milliseconds{1};

// How long an idle worker sleeps at most while another worker's run-next slot or local queue
// holds a fiber, to come back and check whether it has been left waiting (no wake-up is sent).
constexpr auto recheck_run_next = std::chrono::milliseconds{1};

// At most this many picks in a row come from the run-next slot or the spawned stacks; then the
// shared queue or the local queue goes first (Go looks at its global queue every 61 picks for
// the same reason).
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
      seen_since_(queue.run_next.size()),
      local_seen_(queue.local.size()),
      local_seen_since_(queue.local.size()) {
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
    push_local(ctx);  // the fiber it displaces
    return;
  }
  wake_deep_sleeper();
}

void shared_queue_algorithm::push_local(context* ctx) noexcept {
  local_queue& mine = queue_.local[index_];
  {
    std::lock_guard lock{mine.mutex};
    mine.fibers.push_back(ctx);
    mine.size.store(mine.fibers.size(), std::memory_order_seq_cst);
  }
  wake_deep_sleeper();
}

// wake_deep_sleeper: after a fiber was put into this worker's run-next slot or local queue, a
// worker sleeping without a time limit comes to look, in case this one stays busy. Only that
// one: a worker asleep with a limit comes back by itself, and waking it for a fiber it may not
// take yet cost a futex wake-up per hand-off (pipeline3: a third of its time). The sleeper counts
// itself before it reads the slots and queues, this wrote them before it reads the count (all
// sequentially consistent), so at least one of them sees the other; taking the mutex first
// means the sleeper is in its wait, not about to enter it.
void shared_queue_algorithm::wake_deep_sleeper() noexcept {
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

// take_local: the oldest fiber of `worker`'s local queue, or null.
context* shared_queue_algorithm::take_local(unsigned worker) noexcept {
  local_queue& local = queue_.local[worker];
  if (local.size.load(std::memory_order_acquire) == 0) return nullptr;
  std::lock_guard lock{local.mutex};
  if (local.fibers.empty()) return nullptr;
  context* ctx = local.fibers.front();
  local.fibers.pop_front();
  local.size.store(local.fibers.size(), std::memory_order_release);
  local.takes.fetch_add(1, std::memory_order_relaxed);
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
    local_turn_ = !local_turn_;  // in turn, so that neither queue can keep the other waiting
    ctx = local_turn_ ? take_local(index_) : take_shared();
    if (ctx == nullptr) ctx = local_turn_ ? take_shared() : take_local(index_);
  }
  if (ctx == nullptr) ctx = take_run_next(index_, nullptr);
  if (ctx == nullptr) ctx = take_local(index_);
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
  if (ctx == nullptr && steal_local_from_ >= 0 && is_dispatcher(active)) {
    ctx = take_local(static_cast<unsigned>(steal_local_from_));
    steal_local_from_ = -1;
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
         queue_.local[index_].size.load(std::memory_order_acquire) != 0 ||
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

// found_stale_local: true when another worker's local queue has held fibers while its owner took
// none for steal_after; that worker is then remembered in steal_local_from_ for pick_next.
bool shared_queue_algorithm::found_stale_local(steady::time_point now) noexcept {
  for (unsigned worker = 0; worker < queue_.local.size(); ++worker) {
    if (worker == index_) continue;
    const local_queue& local = queue_.local[worker];
    const std::uint64_t takes = local.takes.load(std::memory_order_relaxed);
    if (local.size.load(std::memory_order_acquire) == 0 || takes != local_seen_[worker]) {
      local_seen_[worker] = takes;
      local_seen_since_[worker] = now;
    } else if (now - local_seen_since_[worker] >= steal_after) {
      steal_local_from_ = static_cast<int>(worker);
      local_seen_since_[worker] = now;
      return true;
    }
  }
  return false;
}

// other_worker_holds_fibers: another worker's run-next slot or local queue holds a fiber, which
// it may leave waiting there (no wake-up is sent for those).
bool shared_queue_algorithm::other_worker_holds_fibers() const noexcept {
  for (unsigned worker = 0; worker < queue_.run_next.size(); ++worker) {
    if (worker == index_) continue;
    if (queue_.run_next[worker].fiber.load(std::memory_order_seq_cst) != nullptr ||
        queue_.local[worker].size.load(std::memory_order_seq_cst) != 0) {
      return true;
    }
  }
  return false;
}

void shared_queue_algorithm::suspend_until(steady::time_point const& when) noexcept {
  auto work_or_notified = [this] {
    return notified_.load(std::memory_order_acquire) || queue_.size.load(std::memory_order_acquire) != 0 ||
           other_spawned_ready();
  };
  // Other workers' run-next slots and local queues are looked at once per call, not in every
  // round of the spin: their owners write those cache lines at every hand-off, and a spinning
  // reader makes each of those writes a cache miss (pingpong 233 to 215 ns, select2 164 to
  // 158 ns). A fiber left there is stolen after a millisecond, and the dispatcher calls again
  // at least that often while one is, so looking once per call is soon enough.
  const auto start = steady::now();
  const auto stop_spinning = std::min(when, start + idle_spin);
  bool found = found_stale_run_next(start) || found_stale_local(start);
  for (auto now = start; !found && now < stop_spinning; now = steady::now()) {
    if (work_or_notified()) {
      found = true;
      break;
    }
    spin_pause();
  }
  if (!found) {
    // Sleep once (the dispatcher calls again): until woken or `when`, and while another worker's
    // run-next slot or local queue holds a fiber, at most recheck_run_next. A worker in the deep
    // sleep, with no such limit, is woken by the next fiber put into a run-next slot or local
    // queue (see wake_deep_sleeper).
    std::unique_lock lock{queue_.mutex};
    queue_.sleepers.fetch_add(1, std::memory_order_seq_cst);  // before work_or_notified: see push_spawned
    queue_.deep_sleepers.fetch_add(1, std::memory_order_seq_cst);
    auto until = when;
    const bool deep = !other_worker_holds_fibers();
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
