// go/runtime.hpp - run fibers on N worker threads, spawn them, wait for them (Go's runtime).
//
// Go: func main() { ... }, go f(), runtime.GOMAXPROCS(n), recover(), a blocking syscall.
//
//   int main() {
//     go::run([] {                              // the main fiber
//       go::wait_group wg;
//       wg.add(2);
//       go::spawn([&] { work(1); wg.done(); });  // go work(1)
//       go::spawn([&] { work(2); wg.done(); });
//       wg.wait();
//     }, {.threads = 2});                         // GOMAXPROCS=2
//   }
//
// - go::run returns when the main fiber *and every fiber it spawned* have finished (Go instead
//   ends the program when main returns; see chapter 01). It returns what main returns.
// - An exception escaping a fiber is Go's panic: it is reported on stderr with the fiber's spawn
//   site, the run is torn down, and go::run rethrows it. go::recover catches it inside a fiber.
//   Tearing down unwinds every fiber at its next toolkit call (a fiber that is running goes on
//   until then), youngest first: a fiber unwinds only after every fiber spawned after it has
//   exited, so a fiber never outlives the locals (a wait_group, a channel) it was given by an
//   older one. Go ends the whole program instead; here go::run returns once all have unwound.
//   The panicking fiber's own frame unwinds at once, so keep what others use out of it.
// - When every fiber is blocked on toolkit primitives and no timer is pending, go::run throws
//   go::deadlock listing each fiber, its spawn site and what it waits on; if main had already
//   returned, the blocked fibers are leaked and go::run throws go::fiber_leak.
// - Fibers are cooperative: a fiber runs until it blocks on the toolkit, calls go::yield, or
//   returns - or calls go::spawn while 1,024 fibers of its worker wait to start: it yields then,
//   so that a loop of spawns cannot pile up a million unstarted fibers (Go preempts such a loop).
//   A blocking system call (read, sleep_for, a database query) stalls its whole worker
//   thread and every fiber queued there; wrap it in go::blocking(fn).
//
// Thread safety: go::run may be called from any thread, also several at once; go::spawn,
// go::yield, go::blocking, go::live_fibers and go::gomaxprocs from inside a run.
#pragma once

#include <boost/fiber/fiber.hpp>
#include <boost/fiber/operations.hpp>

#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <type_traits>
#include <utility>

#include "go/detail/runtime.hpp"
#include "go/errors.hpp"

namespace go {

// run_options: how go::run runs.
struct run_options {
  unsigned threads = 1;                 // worker threads: Go's GOMAXPROCS
  std::size_t stack_size = 64 * 1024;   // bytes of stack per fiber (Go grows stacks; fibers can't)
  bool guard_pages = false;             // crash at once on stack overflow; at most ~32k fibers
  std::chrono::milliseconds timeout{0};  // 0: none; else end the run with go::run_timeout
  std::string trace{};                   // a timeline file (go/observe.hpp); "": $GO_TRACE if set
};

// run: runs `main_fiber` as the main fiber on options.threads worker threads and waits for it
// and every fiber it spawned. Returns main's result; rethrows a panic, go::deadlock,
// go::fiber_leak or go::run_timeout.
template <class F>
auto run(F&& main_fiber, run_options options = {},
         std::source_location site = std::source_location::current()) -> std::invoke_result_t<F&> {
  using result_type = std::invoke_result_t<F&>;
  detail::runtime rt{options, site};
  if constexpr (std::is_void_v<result_type>) {
    rt.execute([&] { main_fiber(); });
  } else {
    std::optional<result_type> result;
    rt.execute([&] { result.emplace(main_fiber()); });
    return std::move(*result);
  }
}

// spawn_named: starts `fn` as a new fiber named `name` (Go: go fn()). It runs later, on any
// worker thread; the caller goes on at once. Fibers spawned one after another start in no
// particular order (the newest usually first, as in Go): synchronise if order matters.
template <class F>
void spawn_named(std::string name, F&& fn, std::source_location site = std::source_location::current()) {
  auto& rt = detail::runtime::current_or_throw("go::spawn");
  detail::fiber_record* record = rt.new_fiber(std::move(name), site);
  try {
    detail::new_fiber_scope as_new;
    boost::fibers::fiber{boost::fibers::launch::post, std::allocator_arg, rt.stacks(),
                         [record, body = std::forward<F>(fn)]() mutable {
                           detail::fiber_main(*record, std::move(body));
                         }}
        .detach();
  } catch (...) {
    rt.fiber_exited(record);
    throw;
  }
}

// spawn: starts `fn` as a new fiber (Go: go fn()).
template <class F>
void spawn(F&& fn, std::source_location site = std::source_location::current()) {
  spawn_named({}, std::forward<F>(fn), site);
}

// yield: lets other fibers on this worker run (Go: runtime.Gosched()).
inline void yield() { boost::this_fiber::yield(); }

// live_fibers: fibers of the current run that have not finished, the caller included
// (Go: runtime.NumGoroutine()). 0 outside go::run.
[[nodiscard]] long live_fibers() noexcept;

// gomaxprocs: the current run's worker thread count (Go: runtime.GOMAXPROCS(0)).
[[nodiscard]] unsigned gomaxprocs() noexcept;

// worker_index: which worker thread (0 .. gomaxprocs()-1) the calling fiber runs on now.
[[nodiscard]] unsigned worker_index() noexcept;

// fiber_id: the calling fiber's id in its run (main is 1); 0 outside go::run.
[[nodiscard]] std::uint64_t fiber_id() noexcept;

// recover: runs `fn` and returns the exception it threw, or null (Go: defer + recover()).
// Never swallows the internal unwinding of a torn-down run.
template <class F>
std::exception_ptr recover(F&& fn) {
  try {
    std::forward<F>(fn)();
    return nullptr;
  } catch (const detail::fiber_unwind&) {
    throw;
  } catch (...) {
    return std::current_exception();
  }
}

// blocking: runs `fn` on a separate thread pool while the calling fiber waits, so that a
// blocking system call does not stall the fiber's worker thread. Returns fn's result (a value,
// not a reference) or rethrows its exception.
template <class F>
auto blocking(F&& fn) -> std::invoke_result_t<F&> {
  using result_type = std::invoke_result_t<F&>;
  static_assert(!std::is_reference_v<result_type>, "go::blocking: make fn return a value, not a reference");
  // The pool thread leaves the result in this frame and wakes the fiber through its parker, as a
  // channel does, not through a boost::fibers::future: the future synchronises inside compiled
  // Boost code, which ThreadSanitizer cannot see (it reported races that are none).
  std::optional<std::conditional_t<std::is_void_v<result_type>, bool, result_type>> result;
  std::exception_ptr error;
  auto& self = detail::current_fiber();
  self.park.prepare();
  detail::post_blocking([&] {
    try {
      if constexpr (std::is_void_v<result_type>) {
        fn();
        result.emplace(true);
      } else {
        result.emplace(fn());
      }
    } catch (...) {
      error = std::current_exception();
    }
    self.park.unpark();  // the last touch of this frame: the fiber may return at once
  });
  self.waiting_on = "blocking call";
  detail::count_block(self, "blocking call");
  self.park.wait_woken();  // not park(): fn runs to the end even if the run is torn down
  self.waiting_on = nullptr;
  if (error) std::rethrow_exception(error);
  if constexpr (!std::is_void_v<result_type>) return std::move(*result);
}

}  // namespace go
