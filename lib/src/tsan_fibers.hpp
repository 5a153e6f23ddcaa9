// tsan_fibers: tells ThreadSanitizer about Boost.Fiber's stack switches, in the tsan build only
// (GO_TSAN_FIBERS, set when WORKBOOK_SANITIZER=thread), so that the toolkit's fibers can run
// under TSan and a data race between two fibers is reported like one between two threads.
//
//   GO_TSAN_SWITCH_POINT context* pick_next() noexcept override {
//     context* next = inner_.pick_next();
//     tsan_fibers::before_switch(this, next);  // the last call: Boost switches once we return
//     return next;
//   }
//
// Debian builds Boost.Context on fcontext, which has no TSan hooks (its ucontext flavour calls
// __tsan_switch_to_fiber under BOOST_USE_TSAN). TSan then sees one thread's code jump between
// unrelated stacks and reports nonsense. But every switch Boost.Fiber 1.81 makes goes to the
// context our algorithm's pick_next returned (scheduler.cpp: dispatch, suspend, yield,
// terminate), except the dispatcher's last switch back to the thread's main context at shutdown,
// which follows a notify() from the dispatcher itself. So we switch TSan's fiber at those two
// points, each context getting its own TSan fiber:
// - the thread's main context keeps the thread's own; its dispatcher gets one when first picked;
// - every other context (a go::spawn fiber) gets one when first picked, kept in its Boost
//   fiber_link (fiber_link.hpp, beside its record). The link's destructor runs right before
//   Boost resumes the finished fiber one last time to free its stack: that tail runs as the
//   fiber, and once the stack is back in the pool (stack_freed), TSan forgets the fiber. Reuse of the stack by
//   another fiber is ordered by the switches and the pool's mutex.
//
// TSan also keeps a shadow call stack per fiber, pushed and popped by every instrumented
// function. A switch inside an instrumented function would pop its frame from the next fiber's
// shadow stack, so the functions that switch are GO_TSAN_SWITCH_POINT (not instrumented) and
// call the switch last. Creating a fiber runs Boost's fiber_entry (instrumented, in our code)
// up to its first jump back, which leaves one frame on the creator's shadow stack: see
// stack_allocated.
//
// Synchronisation: a switch orders everything before it on the thread before everything the
// next fiber does (TSan's release/acquire on the fiber). What orders a waker before the fiber it
// wakes is our own code (the ready queue's mutex and atomics, the parker's lock). Boost.Fiber's
// compiled code is invisible to TSan: its remote ready queue, the unlock of a lock handed to
// suspend (see released_after_switch), and boost::fibers::mutex and futures (runtime.hpp's
// fibers_done_ is atomic for that reason; go::blocking uses the parker, not a future).
//
// Thread safety: each function acts on the calling thread's fibers only.
#pragma once

#include <boost/fiber/context.hpp>

#if defined(GO_TSAN_FIBERS)
#define GO_TSAN_SWITCH_POINT __attribute__((no_sanitize("thread"), noinline))
#else
#define GO_TSAN_SWITCH_POINT
#endif

namespace go::detail::tsan_fibers {

#if defined(GO_TSAN_FIBERS)

// before_switch: `algorithm`'s pick_next returns `next`, which Boost resumes at once (null: the
// dispatcher sleeps instead). Call it last, from a GO_TSAN_SWITCH_POINT.
void before_switch(const void* algorithm, boost::fibers::context* next) noexcept;

// algorithm_created / notifying: other threads reach an algorithm to notify() it through Boost's
// compiled code (a context's scheduler), which TSan cannot see; these order the algorithm's
// construction before their notify(). Call notifying first thing in notify().
void algorithm_created(void* algorithm) noexcept;
void notifying(void* algorithm) noexcept;

// notified: `algorithm`'s notify() was called. From this thread's own dispatcher that means the
// scheduler is shutting down: the dispatcher may switch to the main context next. Call it last,
// from a GO_TSAN_SWITCH_POINT.
void notified(const void* algorithm) noexcept;

// algorithm_destroyed: `algorithm` is destroyed, after its thread's dispatcher ended: frees the
// thread's fibers. Call it from a GO_TSAN_SWITCH_POINT.
void algorithm_destroyed(const void* algorithm) noexcept;

// stack_allocated: a fiber is being created on a stack just allocated; Boost will enter its
// fiber_entry once and jump back, leaving one frame on the caller's shadow stack. This pops it.
void stack_allocated() noexcept;

// stack_freed: the stack of a finished fiber went back to the pool, from Boost's fiber_exit
// (whose frame is the only instrumented one above the caller). Call it last, from a
// GO_TSAN_SWITCH_POINT.
void stack_freed() noexcept;

// released_after_switch: Boost unlocks the spinlock `lock` once the calling fiber has switched
// out, in its compiled code; before_switch tells TSan right before that switch (nobody can take
// the lock before it).
void released_after_switch(void* lock) noexcept;

// fiber_released: Boost is about to free a finished context whose TSan fiber is `fiber` (null if
// it never had one). Call it last, from a GO_TSAN_SWITCH_POINT (fiber_link's destructor).
void fiber_released(void* fiber) noexcept;

#else

inline void before_switch(const void*, boost::fibers::context*) noexcept {}
inline void algorithm_created(void*) noexcept {}
inline void notifying(void*) noexcept {}
inline void notified(const void*) noexcept {}
inline void algorithm_destroyed(const void*) noexcept {}
inline void stack_allocated() noexcept {}
inline void stack_freed() noexcept {}
inline void released_after_switch(void*) noexcept {}
inline void fiber_released(void*) noexcept {}

#endif

}  // namespace go::detail::tsan_fibers
