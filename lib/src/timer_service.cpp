#include "go/detail/timer_service.hpp"

#include "go/detail/runtime.hpp"

namespace go::detail {

timer_service::timer_service(runtime* owner) : owner_{owner}, thread_{[this] { loop(); }} {}

timer_service::~timer_service() { shutdown(); }

std::uint64_t timer_service::add(clock::time_point when, clock::duration period, callback fn) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock{mutex_};
    if (stopping_) return 0;
    id = next_id_++;
    due_.emplace(key{when, id}, entry{period, std::move(fn)});
    when_.emplace(id, when);
    if (owner_ != nullptr) owner_->live_added();
  }
  changed_.notify_one();
  return id;
}

bool timer_service::cancel(std::uint64_t id) {
  {
    std::lock_guard lock{mutex_};
    auto found = when_.find(id);
    if (found == when_.end()) return false;
    due_.erase(key{found->second, id});
    when_.erase(found);
  }
  forget(id);
  return true;
}

void timer_service::forget(std::uint64_t) {
  if (owner_ != nullptr) owner_->live_removed();
}

void timer_service::shutdown() {
  {
    std::lock_guard lock{mutex_};
    if (stopping_) return;
    stopping_ = true;
    due_.clear();
    when_.clear();
  }
  changed_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void timer_service::loop() {
  std::unique_lock lock{mutex_};
  while (!stopping_) {
    if (due_.empty()) {
      changed_.wait(lock);
      continue;
    }
    auto first = due_.begin();
    if (clock::now() < first->first.first) {
      changed_.wait_until(lock, first->first.first);
      continue;
    }
    auto [when, id] = first->first;
    entry fired = std::move(first->second);
    due_.erase(first);
    const bool periodic = fired.period > clock::duration::zero();
    if (periodic) {
      auto next = std::max(when + fired.period, clock::now());
      due_.emplace(key{next, id}, entry{fired.period, fired.fn});
      when_[id] = next;
    } else {
      when_.erase(id);
    }
    lock.unlock();
    fired.fn();  // outside the lock: the callback may add or cancel timers
    if (!periodic) forget(id);
    lock.lock();
  }
}

std::shared_ptr<timer_service> timer_service::for_current() {
  if (runtime* rt = runtime::current()) return rt->timers_shared();
  static auto process_wide = std::make_shared<timer_service>(nullptr);
  return process_wide;
}

}  // namespace go::detail
