#include "go/wait_group.hpp"

#include <stdexcept>
#include <vector>

namespace go {

void wait_group::add(long delta) {
  std::vector<detail::wait_op*> wake;
  {
    std::lock_guard lock{mutex_};
    if (count_ + delta < 0) throw std::logic_error{"sync: negative wait_group counter"};
    count_ += delta;
    if (count_ != 0) return;
    while (detail::waiter* w = detail::take_first(waiters_)) wake.push_back(w->op);
  }
  for (detail::wait_op* op : wake) op->wake();
}

void wait_group::wait() {
  std::unique_lock lock{mutex_};
  if (count_ == 0) return;
  detail::wait_op op{"wait_group.wait", this};
  detail::waiter me{op};
  op.track(me);
  waiters_.push_back(me);
  op.block(lock);
}

long wait_group::count() const {
  std::lock_guard lock{mutex_};
  return count_;
}

}  // namespace go
