#include "go/detail/wait.hpp"

#include "go/detail/runtime.hpp"
#include "observe/counters.hpp"

namespace go::detail {

wait_op::wait_op(const char* what, const void* object) : fiber_{current_fiber()}, what_{what}, object_{object} {
  fiber_.park.prepare();
}

bool wait_op::try_fire(int index) noexcept {
  int expected = pending;
  if (!state_.compare_exchange_strong(expected, index, std::memory_order_acq_rel)) return false;
  end_blocking_();
  return true;
}

bool wait_op::begin_blocking_() {
  fiber_.waiting_on = what_;
  fiber_.object = object_;
  count_block(fiber_, what_);
  if (fiber_.rt == nullptr) return false;
  counted_ = true;
  return fiber_.rt->blocked_added();
}

void wait_op::end_blocking_() noexcept {
  if (counted_) fiber_.rt->blocked_removed();
}

void wait_op::report_stuck_() { fiber_.rt->report_stuck(); }

}  // namespace go::detail
