// The timeline trace (GO_TRACE=out.json): Chrome Trace Event Format, which ui.perfetto.dev and
// chrome://tracing open. Track "worker threads" shows which fiber each worker runs; track
// "fibers" shows each fiber running, runnable, or blocked in an operation ("chan receive").
//
// Every event is recorded by the thread it happens on into that thread's own buffer (no lock
// per event), and the file is written when the run ends - also when it ends by a deadlock
// report, a panic or a timeout, since spans still open then are closed at the last timestamp.
// Memory is bounded: at most max_events_per_thread events (48 bytes each) per worker thread,
// plus one name-and-site record per spawned fiber; later events are dropped and the file says
// how many. A context switch records two events, a wake-up one.
//
// When GO_TRACE is unset every hook costs one load of a thread-local pointer and a branch; built
// with GO_TRACING=OFF (CMake), none is compiled at all.
//
// Thread safety: hooks are called by worker threads for their own buffer; start/finish by the
// runtime while no worker runs.
#pragma once

#include <boost/fiber/context.hpp>

#include "go/detail/fiber_record.hpp"

namespace go::detail {

class runtime;

inline constexpr std::size_t max_events_per_thread = 1 << 20;

// thread_trace and trace_wake are declared in go/detail/fiber_record.hpp (wait_op::wake uses them).

void trace_attach_worker(unsigned index);  // on a worker thread of the current run
void trace_switch(boost::fibers::context* next) noexcept;
void trace_spawned(const fiber_record& record) noexcept;
void trace_started(fiber_record& record) noexcept;
void trace_exited() noexcept;
void trace_instant(const char* what) noexcept;  // "deadlock", "panic": a mark across every track
void trace_span(char phase, const char* stage) noexcept;  // go::testing::stage_span: 'b' begins, 'e' ends

// trace_cancel: context `context` of run `rt` was cancelled for `reason` ("canceled"); from any
// thread (a deadline is cancelled by the timer thread). Rare, so it takes a lock.
void trace_cancel(const runtime* rt, const void* context, const char* reason) noexcept;

void start_trace(runtime& rt);
void finish_trace(runtime& rt) noexcept;

}  // namespace go::detail
