#include "scheduler.hpp"

#include <chrono>

namespace go::detail {

namespace {

thread_local unsigned worker_index_of_thread = 0;

// Fibers finished on this thread since its dispatcher last freed them. After this many the
// dispatcher runs next: a few stacks wait to be freed, never a million, and the extra switch to
// the dispatcher is paid once per batch.
thread_local unsigned finished_since_release = 0;
constexpr unsigned release_batch = 16;

// How long an idle worker polls before it sleeps. A fiber woken by another thread is usually
// ready within microseconds, while a futex sleep and wake-up costs more than that (Go's idle
// Ps spin for the same reason). Short, so an idle run costs almost no CPU.
constexpr auto idle_spin = std::chrono::microseconds{50};

inline void spin_pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

}  // namespace

unsigned current_worker_index() noexcept { return worker_index_of_thread; }
void set_current_worker_index(unsigned index) noexcept { worker_index_of_thread = index; }

void note_fiber_finished() noexcept { ++finished_since_release; }

void shared_queue_algorithm::awakened(boost::fibers::context* ctx) noexcept {
  if (ctx->is_context(boost::fibers::type::pinned_context)) {
    pinned_.push_back(*ctx);
    return;
  }
  ctx->detach();
  {
    std::lock_guard lock{queue_.mutex};
    queue_.fibers.push_back(ctx);
    queue_.size.store(queue_.fibers.size(), std::memory_order_release);
  }
  queue_.idle.notify_one();
}

boost::fibers::context* shared_queue_algorithm::pick_next() noexcept {
  if (boost::fibers::context::active()->is_context(boost::fibers::type::dispatcher_context)) {
    finished_since_release = 0;  // the dispatcher has just freed the finished fibers
  } else if (finished_since_release >= release_batch) {
    for (boost::fibers::context& ctx : pinned_) {
      if (ctx.is_context(boost::fibers::type::dispatcher_context)) {
        pinned_.erase(pinned_.iterator_to(ctx));
        return &ctx;
      }
    }
  }
  {
    std::unique_lock lock{queue_.mutex};
    if (!queue_.fibers.empty()) {
      boost::fibers::context* ctx = queue_.fibers.front();
      queue_.fibers.pop_front();
      queue_.size.store(queue_.fibers.size(), std::memory_order_release);
      lock.unlock();
      boost::fibers::context::active()->attach(ctx);
      return ctx;
    }
  }
  if (pinned_.empty()) return nullptr;
  boost::fibers::context* ctx = &pinned_.front();
  pinned_.pop_front();
  return ctx;
}

bool shared_queue_algorithm::has_ready_fibers() const noexcept {
  std::lock_guard lock{queue_.mutex};
  return !queue_.fibers.empty() || !pinned_.empty();
}

void shared_queue_algorithm::suspend_until(std::chrono::steady_clock::time_point const& when) noexcept {
  auto work_or_notified = [this] {
    return notified_.load(std::memory_order_acquire) || queue_.size.load(std::memory_order_acquire) != 0;
  };
  const auto stop_spinning = std::min(when, std::chrono::steady_clock::now() + idle_spin);
  while (!work_or_notified() && std::chrono::steady_clock::now() < stop_spinning) spin_pause();
  std::unique_lock lock{queue_.mutex};
  if (when == std::chrono::steady_clock::time_point::max()) {
    queue_.idle.wait(lock, work_or_notified);
  } else {
    queue_.idle.wait_until(lock, when, work_or_notified);
  }
  notified_.store(false, std::memory_order_release);
}

void shared_queue_algorithm::notify() noexcept {
  {
    std::lock_guard lock{queue_.mutex};
    notified_.store(true, std::memory_order_release);
  }
  queue_.idle.notify_all();
}

}  // namespace go::detail
