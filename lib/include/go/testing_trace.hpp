// go/testing_trace.hpp - assert concurrency properties from a run's recorded timeline instead
// of wall-clock times: how many fibers of a stage were live at once (bounded parallelism holds),
// whether two stages overlapped (a pipeline really is one), how many values crossed a channel,
// that no fiber was left blocked.
//
//   const go::testing::run_trace trace = go::testing::run_traced([] {
//     auto numbers = go::make_chan<int>();
//     go::testing::name_channel(numbers, "numbers");
//     ...  // stages spawned with go::spawn_named("square", ...)
//   });
//   EXPECT_LE(trace.max_at_once("square"), 4);
//   EXPECT_TRUE(trace.overlapped("generate", "square"));
//   EXPECT_EQ(trace.values_received("numbers"), 20);
//   EXPECT_TRUE(trace.left_blocked().empty());
//
// - The trace is the one GO_TRACE writes (go/observe.hpp), kept in memory: no file.
// - A fiber is live from its first run to its exit (or to the end of the run); a stage is the
//   fibers of one name, and the calls marked with a stage_span of that name while they last.
// - A channel is counted once named with name_channel, from then on: a value is sent when the
//   channel takes it (a receiver or the buffer), received when a receiver takes it. A value
//   still buffered at the end was sent, never received. Channels named alike add up.
// - A run that fails (deadlock, leak, panic) still returns its trace, with the error in `error`.
//
// Thread safety: call run_traced from any thread; a run_trace is a plain value.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "go/chan.hpp"
#include "go/runtime.hpp"
#include "go/testing.hpp"

namespace go::testing {

// traced_fiber: one fiber's life in a recorded run (times in ns since the run started).
struct traced_fiber {
  std::uint64_t id = 0;
  std::string name;
  std::int64_t started_ns = -1;  // -1: never ran
  std::int64_t ended_ns = -1;    // -1: still live when the run ended
  std::string last_state;        // at the run's end or failure: "running", "runnable" or an operation
};

// traced_channel: the values that went into and out of one named channel during a run.
struct traced_channel {
  std::string name;
  long sent = 0;
  long received = 0;
};

// traced_span: one stage_span's time in a recorded run (end_ns -1: still open when the run ended).
struct traced_span {
  std::string stage;
  std::uint64_t fiber = 0;
  std::int64_t begin_ns = -1;
  std::int64_t end_ns = -1;
};

class run_trace {
 public:
  // spawned: how many fibers named `stage` the run started (go::spawn_named; "" for go::spawn).
  [[nodiscard]] long spawned(std::string_view stage) const;
  // max_at_once: the most fibers named `stage` live at one instant, stage_spans of it included.
  [[nodiscard]] long max_at_once(std::string_view stage) const;
  // overlapped: whether a fiber (or stage_span) of stage `a` and one of stage `b` were ever live
  // at once.
  [[nodiscard]] bool overlapped(std::string_view a, std::string_view b) const;
  // left_blocked: the fibers blocked in an operation when the run ended or failed.
  [[nodiscard]] std::vector<traced_fiber> left_blocked() const;
  // values_sent / values_received: the values that went into / came out of the channels named
  // `channel` (0 for a name never given).
  [[nodiscard]] long values_sent(std::string_view channel) const;
  [[nodiscard]] long values_received(std::string_view channel) const;

  std::vector<traced_fiber> fibers;
  std::vector<traced_channel> channels;  // in the order they were named
  std::vector<traced_span> spans;        // in the order they began
  std::int64_t end_ns = 0;
  std::int64_t final_ns = 0;  // the run's end, or its deadlock, leak or panic report
  std::exception_ptr error;  // what the run threw, if anything

  // error_message: what() of `error`, for a test's failure message; empty if the run did not throw.
  [[nodiscard]] std::string error_message() const;
};

namespace detail {
// capture_next_run: the next go::run started on this thread records into `into`.
void capture_next_run(run_trace* into) noexcept;
void name_channel(const void* channel, std::string name);
}  // namespace detail

// stage_span: counts the calling fiber as one of `stage` while the span lasts, in the trace of
// the run it is made in (no effect outside a traced run). Put one in a callback that the code
// under test calls, and max_at_once tells how many calls ran at once - whatever fibers the code
// made. `stage` is static text (a string literal).
//
//   const auto check = [](int n) { go::testing::stage_span checking{"check"}; return is_prime(n); };
class stage_span {
 public:
  explicit stage_span(const char* stage) noexcept;
  ~stage_span();
  stage_span(const stage_span&) = delete;
  stage_span& operator=(const stage_span&) = delete;

 private:
  const char* stage_;
};

// name_channel: counts the values of `channel` (a chan, send_chan or recv_chan) under `name` in
// the trace of the run it is called in; no effect outside a traced run.
template <class Channel>
void name_channel(const Channel& channel, std::string name) {
  detail::name_channel(static_cast<const go::detail::chan_core*>(channel.state().get()), std::move(name));
}

// run_traced: go::testing::run with the timeline recorded in memory; never throws the run's error.
template <class F>
run_trace run_traced(F&& main_fiber, run_options options = {},
                     std::source_location site = std::source_location::current()) {
  run_trace trace;
  detail::capture_next_run(&trace);
  try {
    go::testing::run([&] { main_fiber(); }, options, site);
  } catch (...) {
    trace.error = std::current_exception();
  }
  detail::capture_next_run(nullptr);
  return trace;
}

}  // namespace go::testing
