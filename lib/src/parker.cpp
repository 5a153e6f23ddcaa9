// The parker: a flag pair guarded by a std::mutex, and a fiber condition variable to sleep on.
// condition_variable_any never suspends in notify, which is what lets unpark() run under locks.
#include "go/detail/parker.hpp"

#include "scheduler.hpp"

namespace go::detail {

park_result parker::park(clock::time_point deadline) {
  std::unique_lock lock{mutex_};
  while (!woken_ && !aborted_) {
    if (deadline == clock::time_point::max()) {
      wake_.wait(lock);
    } else if (wake_.wait_until(lock, deadline) == boost::fibers::cv_status::timeout) {
      if (!woken_ && !aborted_) return park_result::timed_out;
    }
  }
  return woken_ ? park_result::woken : park_result::aborted;
}

void parker::wait_woken() {
  std::unique_lock lock{mutex_};
  wake_.wait(lock, [this] { return woken_; });
}

void parker::unpark() noexcept {
  std::lock_guard lock{mutex_};
  woken_ = true;
  run_next_scope run_next;  // the woken fiber runs next on this worker (Go's goready)
  wake_.notify_all();
}

void parker::abort() noexcept {
  std::lock_guard lock{mutex_};
  aborted_ = true;
  wake_.notify_all();
}

}  // namespace go::detail
