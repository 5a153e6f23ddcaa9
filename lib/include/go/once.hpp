// go/once.hpp - run an initialisation exactly once (Go's sync.Once).
//
//   go::once init_config;
//   init_config.call([] { config = load_config(); });  // any number of fibers; loads once
//
// - The first call runs `fn`; concurrent callers wait until it has finished, later callers
//   return at once. Everything fn did happens before any call returns.
// - As in Go (and unlike std::call_once), if fn throws, the once still counts as done and the
//   exception propagates to that first caller only.
//
// Thread safety: call may be used from any fiber or thread at once.
#pragma once

#include <atomic>
#include <mutex>

#include "go/mutex.hpp"

namespace go {

class once {
 public:
  once() = default;
  once(const once&) = delete;
  once& operator=(const once&) = delete;

  // call: runs fn if no call has run it before (Go: once.Do(f)).
  template <class F>
  void call(F&& fn) {
    if (done_.load(std::memory_order_acquire)) return;
    std::lock_guard lock{mutex_};
    if (done_.load(std::memory_order_relaxed)) return;
    struct mark_done {
      std::atomic<bool>& done;
      ~mark_done() { done.store(true, std::memory_order_release); }
    } mark{done_};
    std::forward<F>(fn)();
  }

  // done: whether a call has run (or is running past) fn.
  [[nodiscard]] bool done() const noexcept { return done_.load(std::memory_order_acquire); }

 private:
  std::atomic<bool> done_{false};
  go::mutex mutex_;
};

}  // namespace go
