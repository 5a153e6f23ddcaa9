// read_ahead: a ring of blocks between an inflating thread and a parsing thread.
#include "read_ahead.hpp"

#include <algorithm>
#include <cstring>

namespace xlsx::detail {

read_ahead::read_ahead(zip_entry& entry, std::size_t blocks) : blocks_(blocks) {
  for (auto& each : blocks_) each.bytes.resize(block_bytes);
  inflater_ = std::thread([this, &entry] { inflate_all(entry); });
}

read_ahead::~read_ahead() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  inflater_.join();
}

void read_ahead::inflate_all(zip_entry& entry) {
  for (;;) {
    block* next = nullptr;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || filled_ - emptied_ < blocks_.size(); });
      if (stopping_) return;
      next = &blocks_[filled_ % blocks_.size()];
    }
    // Inflate outside the lock: this block belongs to this thread until filled_ counts it.
    std::exception_ptr failure;
    try {
      next->size = entry.read(next->bytes.data(), next->bytes.size());
    } catch (...) {
      failure = std::current_exception();
      next->size = 0;
    }
    next->consumed = 0;
    {
      std::lock_guard lock(mutex_);
      if (failure) failure_ = failure;
      ++filled_;
    }
    changed_.notify_all();
    if (next->size == 0) return;  // the end, or a failure: either way, nothing more to inflate
  }
}

std::size_t read_ahead::read(char* buffer, std::size_t size) {
  if (ended_) return 0;
  block* current = nullptr;
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return filled_ > emptied_; });
    current = &blocks_[emptied_ % blocks_.size()];
    if (current->size == 0) {
      ended_ = true;
      if (failure_) std::rethrow_exception(failure_);
      return 0;
    }
  }
  const std::size_t copied = std::min(size, current->size - current->consumed);
  std::memcpy(buffer, current->bytes.data() + current->consumed, copied);
  current->consumed += copied;
  if (current->consumed == current->size) {
    {
      std::lock_guard lock(mutex_);
      ++emptied_;
    }
    changed_.notify_all();
  }
  return copied;
}

}  // namespace xlsx::detail
