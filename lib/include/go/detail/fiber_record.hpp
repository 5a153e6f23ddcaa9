// go/detail/fiber_record.hpp - what the runtime knows about one fiber: who, where, waiting on what.
//
// A record is created by go::spawn (and for the main fiber by go::run) and registered with its
// runtime, which lists the records in deadlock reports, leak reports and fiber dumps. Code that
// runs outside go::run (a plain thread, a raw Boost fiber) gets an anonymous record with no
// runtime, so the toolkit's primitives work there too, without deadlock detection.
//
// Thread safety: id, name, site and runtime are fixed at creation; waiting_on and object are
// atomics written by the owning fiber and read by reporters.
#pragma once

#include <atomic>
#include <cstdint>
#include <source_location>
#include <string>

#include <boost/intrusive/list_hook.hpp>

#include "go/detail/parker.hpp"

namespace go::detail {

class runtime;
struct fiber_record;
struct trace_buffer;

// GO_TRACING: 1 unless CMake's GO_TRACING=OFF (only bench/ uses it, to measure what the hooks
// cost): then thread_trace is a constant null and every `if (thread_trace != nullptr)` hook
// compiles away.
#ifndef GO_TRACING
#define GO_TRACING 1
#endif
#if GO_TRACING
extern constinit thread_local trace_buffer* thread_trace;  // null unless this worker's run is traced
#else
inline constexpr trace_buffer* thread_trace = nullptr;
#endif
void trace_wake(fiber_record& woken) noexcept;             // GO_TRACE: see lib/src/observe/trace.hpp
void trace_value(const void* channel, const char* what) noexcept;  // a value "sent" into or "received" from it

// count_block: go::stats() counts `fiber` blocking in `operation` ("chan receive", "sleep"), and
// the time until it runs again (lib/src/observe/counters.hpp).
void count_block(fiber_record& fiber, const char* operation) noexcept;

struct fiber_record : boost::intrusive::list_base_hook<boost::intrusive::link_mode<boost::intrusive::normal_link>> {
  fiber_record(runtime* owner, std::uint64_t fiber_id, std::string fiber_name, std::source_location where)
      : rt{owner}, id{fiber_id}, name{std::move(fiber_name)}, site{where} {}

  runtime* const rt;  // null outside go::run
  const std::uint64_t id;
  const std::string name;
  const std::source_location site;
  parker park;
  std::atomic<const char*> waiting_on{nullptr};  // static text such as "chan receive"; null when running
  std::atomic<const void*> object{nullptr};      // the channel, mutex ... it waits on
  // go::stats(), written only by the worker running the fiber (a fiber moves between workers
  // through the ready queue, whose synchronisation orders these writes):
  unsigned last_worker = ~0u;        // where it ran last, to count it as stolen when it moves
  std::uint64_t blocked_since = 0;   // ticks (counters.hpp) when it blocked; 0 while not blocked
  std::uint8_t blocked_kind = 0;     // the go::block_kind it blocked in
};

// current_fiber: the record of the calling fiber (an anonymous one outside go::run).
fiber_record& current_fiber();

// Set by the runtime for the fibers it starts; the record must outlive the fiber's run.
void set_current_fiber(fiber_record* record);

// The exception that unwinds a fiber when its run is torn down. It does not derive from
// std::exception, so `catch (const std::exception&)` in user code lets it pass; code that
// catches `...` must rethrow it (go::recover does).
struct fiber_unwind {};

// unwind_fiber: throws fiber_unwind for `self`, an aborted fiber. When its run is being torn
// down it first waits until every fiber spawned after it has exited: those may still use its
// locals (a wait_group, a channel, a buffer), so its frame must outlive them.
[[noreturn]] void unwind_fiber(fiber_record& self);

}  // namespace go::detail
