// go/err_group.hpp - run tasks in fibers, wait for all, keep the first error
// (Go's golang.org/x/sync/errgroup).
//
//   go::err_group group{parent_ctx};                 // errgroup.WithContext(parent)
//   group.set_limit(4);                              // at most 4 tasks at once
//   for (auto& url : urls) {
//     group.go([&, url] { fetch(group.ctx(), url); });  // a task fails by throwing
//   }
//   group.wait();                                    // rethrows the first task's exception
//
// - The first exception a task throws is kept; ctx() is cancelled at that moment, so the other
//   tasks can stop early. Later exceptions are dropped, as Go drops later errors.
// - wait() blocks until every task has returned, cancels ctx(), then rethrows the first
//   exception if there was one.
// - set_limit(n) makes go() block while n tasks are running (bounded parallelism); call it
//   before the first go().
//
// Thread safety: go() and wait() may be called from any fiber of the run.
#pragma once

#include <exception>
#include <mutex>
#include <optional>
#include <source_location>

#include "go/chan.hpp"
#include "go/context.hpp"
#include "go/runtime.hpp"
#include "go/wait_group.hpp"

namespace go {

class err_group {
 public:
  // err_group: a group whose ctx() is a child of `parent`.
  explicit err_group(const context& parent = background()) {
    auto [child, cancel] = with_cancel(parent);
    ctx_ = std::move(child);
    cancel_ = std::move(cancel);
  }
  err_group(const err_group&) = delete;
  err_group& operator=(const err_group&) = delete;
  ~err_group() { cancel_(); }

  // ctx: cancelled when a task fails or wait() returns.
  [[nodiscard]] const context& ctx() const noexcept { return ctx_; }

  // set_limit: at most `n` tasks run at once; go() blocks until one finishes.
  void set_limit(std::size_t n) { slots_ = make_chan<empty>(n); }

  // go: runs `task` in a new fiber (Go: g.Go(f)).
  template <class F>
  void go(F&& task, std::source_location site = std::source_location::current()) {
    if (!slots_.is_nil()) slots_.send(empty{});
    running_.add(1);
    spawn_named("err_group task", [this, body = std::forward<F>(task)]() mutable {
      try {
        body();
      } catch (const detail::fiber_unwind&) {
        throw;  // the run is torn down and the group may be gone with its owner: touch nothing
      } catch (...) {
        keep_first(std::current_exception());
      }
      finish_one();
    }, site);
  }

  // wait: blocks until every task has returned; rethrows the first task's exception.
  void wait() {
    running_.wait();
    cancel_();
    std::lock_guard lock{mutex_};
    if (first_error_) std::rethrow_exception(first_error_);
  }

 private:
  void keep_first(std::exception_ptr error) {
    {
      std::lock_guard lock{mutex_};
      if (first_error_) return;
      first_error_ = std::move(error);
    }
    cancel_();
  }
  void finish_one() {
    if (!slots_.is_nil()) (void)slots_.try_recv();
    running_.done();
  }

  context ctx_;
  cancel_func cancel_;
  wait_group running_;
  chan<empty> slots_;  // nil: no limit
  std::mutex mutex_;
  std::exception_ptr first_error_;  // guarded by mutex_
};

}  // namespace go
