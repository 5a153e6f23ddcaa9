// Compiled only in the tsan build (GO_TSAN_FIBERS): see tsan_fibers.hpp for why and how.
#include "tsan_fibers.hpp"

#include <sanitizer/tsan_interface.h>

#include "fiber_link.hpp"

// Emitted by the compiler at every instrumented function's entry and exit; not in
// tsan_interface.h.
extern "C" void __tsan_func_entry(void* call_pc);
extern "C" void __tsan_func_exit();

namespace go::detail::tsan_fibers {

namespace {

using boost::fibers::context;

// The calling thread's TSan fibers. All plain pointers: they must outlive every other
// thread_local, since the scheduler is destroyed last, at thread exit.
thread_local const void* algorithm_of_thread = nullptr;  // the scheduling algorithm they serve
thread_local void* main_fiber = nullptr;        // the thread's own, for its main context
thread_local void* dispatcher_fiber = nullptr;  // for its dispatcher context
// While Boost frees a finished fiber (see fiber_released): its TSan fiber, and the one to go back to.
thread_local void* finishing_fiber = nullptr;
thread_local void* return_to = nullptr;
// The lock Boost unlocks once the calling fiber has switched out (see released_after_switch).
thread_local void* released_at_switch = nullptr;

void* fiber_of(context* ctx) noexcept {
  if (ctx->is_context(boost::fibers::type::main_context)) return main_fiber;
  if (ctx->is_context(boost::fibers::type::dispatcher_context)) {
    if (dispatcher_fiber == nullptr) {
      dispatcher_fiber = __tsan_create_fiber(0);
      __tsan_set_fiber_name(dispatcher_fiber, "boost.fiber dispatcher");
    }
    return dispatcher_fiber;
  }
  // First picked: the context belongs to this thread now, so its link is ours to set.
  fiber_link& link = link_of(ctx);
  if (link.tsan_fiber == nullptr) link.tsan_fiber = __tsan_create_fiber(0);
  return link.tsan_fiber;
}

}  // namespace

GO_TSAN_SWITCH_POINT void before_switch(const void* algorithm, context* next) noexcept {
  if (algorithm_of_thread == nullptr) {
    // A thread's first switch leaves its main context, which keeps the thread's TSan fiber.
    algorithm_of_thread = algorithm;
    main_fiber = __tsan_get_current_fiber();
  }
  if (released_at_switch != nullptr) {
    // Released here, not when suspend was handed the lock: the switch-out's bookkeeping
    // (go::stats(), the trace) writes the parked fiber's record first, and Boost unlocks after.
    __tsan_release(released_at_switch);
    released_at_switch = nullptr;
  }
  if (next != nullptr) __tsan_switch_to_fiber(fiber_of(next), 0);
}

void algorithm_created(void* algorithm) noexcept { __tsan_release(algorithm); }

void notifying(void* algorithm) noexcept { __tsan_acquire(algorithm); }

GO_TSAN_SWITCH_POINT void notified(const void* algorithm) noexcept {
  // Boost's dispatcher notifies its own algorithm only when shutting down, right before it may
  // switch to the main context (scheduler::dispatch); other threads notify to wake it.
  if (algorithm != algorithm_of_thread || !context::active()->is_context(boost::fibers::type::dispatcher_context)) {
    return;
  }
  __tsan_switch_to_fiber(main_fiber, 0);
}

GO_TSAN_SWITCH_POINT void algorithm_destroyed(const void* algorithm) noexcept {
  if (algorithm != algorithm_of_thread) return;
  if (dispatcher_fiber != nullptr) __tsan_destroy_fiber(dispatcher_fiber);
  algorithm_of_thread = main_fiber = dispatcher_fiber = nullptr;
}

// fiber_released: Boost releases a context for the last time (its thread's dispatcher, or the
// spawner's detach if the fiber has already ended on another worker): it deletes the context's
// link, then resumes the finished fiber once more - its remaining instrumented frames return,
// popping its own shadow stack, and Boost's fiber_exit frees its stack (stack_freed). So that
// this tail runs as the fiber, we switch to it here; stack_freed switches back. The switches
// also order the fiber's whole life before whatever the releasing thread does next, as Boost's
// reference count (compiled, so invisible to TSan) does.
GO_TSAN_SWITCH_POINT void fiber_released(void* fiber) noexcept {
  if (fiber == nullptr) return;  // never picked: a thread's main context
  return_to = __tsan_get_current_fiber();
  finishing_fiber = fiber;
  __tsan_switch_to_fiber(fiber, 0);
}

void released_after_switch(void* lock) noexcept {
  __tsan_release(lock);  // on a thread outside a run, Boost's own scheduler switches: no before_switch
  released_at_switch = lock;
}

void stack_allocated() noexcept { __tsan_func_exit(); }

GO_TSAN_SWITCH_POINT void stack_freed() noexcept {
  if (finishing_fiber == nullptr) return;  // a stack whose fiber never ran (none do today)
  __tsan_switch_to_fiber(return_to, 0);
  __tsan_destroy_fiber(finishing_fiber);
  finishing_fiber = return_to = nullptr;
  // fiber_exit, our caller, entered as the finished fiber; it returns as return_to.
  __tsan_func_entry(__builtin_return_address(0));
}

}  // namespace go::detail::tsan_fibers
