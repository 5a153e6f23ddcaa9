#include "go/mutex.hpp"

#include <stdexcept>
#include <vector>

namespace go {

namespace {

// Parks the calling fiber in `queue` until a waker hands it the lock.
void wait_in(detail::waiter_queue& queue, std::unique_lock<std::mutex>& lock, const char* what, const void* object) {
  detail::wait_op op{what, object};
  detail::waiter me{op};
  op.track(me);
  queue.push_back(me);
  op.block(lock);
}

}  // namespace

void mutex::lock() {
  std::unique_lock lock{state_mutex_};
  if (!locked_) {
    locked_ = true;
    return;
  }
  wait_in(waiters_, lock, "mutex.lock", this);  // woken as the new owner
}

bool mutex::try_lock() {
  std::lock_guard lock{state_mutex_};
  if (locked_) return false;
  locked_ = true;
  return true;
}

void mutex::unlock() {
  detail::waiter* next = nullptr;
  {
    std::lock_guard lock{state_mutex_};
    if (!locked_) throw std::logic_error{"sync: unlock of unlocked mutex"};
    next = detail::take_first(waiters_);
    locked_ = next != nullptr;  // hand-off: the waiter owns it from here
  }
  if (next != nullptr) next->op->wake();
}

void rw_mutex::lock() {
  std::unique_lock lock{state_mutex_};
  if (!writer_ && readers_ == 0) {
    writer_ = true;
    return;
  }
  wait_in(writers_waiting_, lock, "rw_mutex.lock", this);
}

bool rw_mutex::try_lock() {
  std::lock_guard lock{state_mutex_};
  if (writer_ || readers_ != 0) return false;
  writer_ = true;
  return true;
}

void rw_mutex::unlock() {
  std::vector<detail::wait_op*> wake;
  {
    std::lock_guard lock{state_mutex_};
    if (!writer_) throw std::logic_error{"sync: unlock of unlocked rw_mutex"};
    writer_ = false;
    // Readers that queued during the write go first; otherwise the next writer.
    while (detail::waiter* reader = detail::take_first(readers_waiting_)) {
      ++readers_;
      wake.push_back(reader->op);
    }
    if (wake.empty()) {
      if (detail::waiter* writer = detail::take_first(writers_waiting_)) {
        writer_ = true;
        wake.push_back(writer->op);
      }
    }
  }
  for (detail::wait_op* op : wake) op->wake();
}

void rw_mutex::lock_shared() {
  std::unique_lock lock{state_mutex_};
  if (!writer_ && writers_waiting_.empty()) {
    ++readers_;
    return;
  }
  wait_in(readers_waiting_, lock, "rw_mutex.lock_shared", this);  // admitted by the waker
}

bool rw_mutex::try_lock_shared() {
  std::lock_guard lock{state_mutex_};
  if (writer_ || !writers_waiting_.empty()) return false;
  ++readers_;
  return true;
}

void rw_mutex::unlock_shared() {
  detail::waiter* writer = nullptr;
  {
    std::lock_guard lock{state_mutex_};
    if (readers_ == 0) throw std::logic_error{"sync: unlock_shared of unlocked rw_mutex"};
    if (--readers_ == 0) {
      writer = detail::take_first(writers_waiting_);
      writer_ = writer != nullptr;
    }
  }
  if (writer != nullptr) writer->op->wake();
}

}  // namespace go
