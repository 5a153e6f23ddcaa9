// go/observe.hpp - look inside a running program: which fibers exist and what each waits on.
//
// Go: the goroutine dump that SIGQUIT (or runtime.Stack(buf, true)) prints.
//
//   go::spawn_named("receiver", [jobs] { (void)jobs.recv(); });
//   ...
//   go::dump_fibers(std::cerr);
//
//   fiber 1 "main" [running]:
//       spawned at main.cpp:12 in int main()
//   fiber 2 "receiver" [chan receive on chan #1]:
//       spawned at main.cpp:14 in main()::<lambda()>
//
// - Each fiber shows its id, its name (go::spawn_named; "main" for the main fiber), its state -
//   "running" for the caller, "running or runnable" for one that is not blocked (it may be on
//   another worker now), or the operation it is blocked in - and the line that spawned it.
// - A blocked fiber names the object it waits on by kind and a number ("chan #1"): fibers
//   waiting on the same object show the same number within one dump.
// - The deadlock report, the leak report and go::testing::expect_no_leaks print the same lines.
// - `kill -QUIT <pid>` prints the dump of every go::run in the process to stderr, and the
//   program goes on (Go exits instead). go::run installs this on first use.
//
// go::stats() counts what the run did so far (Go: runtime.NumGoroutine, GODEBUG=schedtrace):
//
//   const go::run_stats now = go::stats();
//   std::cout << now.spawned << " fibers, " << now.switches() << " context switches\n";
//
// - Counts, which tests may assert on (spawned == finished + live), and the time fibers spent
//   blocked by kind: from the block until a worker resumes the fiber (so it includes the wait
//   for a free worker). A fiber resumed by another worker than the one it ran on last counts as
//   a steal by the worker that took it.
// - GO_SCHEDTRACE=500ms (or 2s) in the environment prints one line of it to stderr at that
//   interval while a run lasts, as Go's GODEBUG=schedtrace=500 does (blocks as count/time):
//     SCHED 1000ms: gomaxprocs=2 live=3 spawned=12 finished=9 switches=[140 96] steals=[4 7] blocks: chan=80/1.5ms ...
//
// The trace: GO_TRACE=out.json in the environment, or go::run(fn, {.trace = "out.json"}), writes
// a timeline of the run when it ends (also by a deadlock report or a panic) in the Chrome Trace
// Event Format: open it in ui.perfetto.dev. One track per worker thread shows which fiber runs
// there; one per fiber shows it running, runnable (from its wake-up), or blocked in which
// operation on which object ("chan #1"); an arrow goes from each fiber that wakes another (a
// channel hand-off, an unlock) to the woken fiber's next run; deadlock, leak and panic reports
// are marks across every track, a context's cancellation a mark naming it. With GO_TRACE, the
// n-th run of a process writes out.n.json (the first out.json). Memory: at most 2^20 events
// (48 MB) per worker thread, later ones dropped (the file counts them).
//
// Thread safety: dump_fibers and stats may be called from any fiber or thread at any time.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

namespace go {

// block_kind: what a fiber blocked on, for go::run_stats::blocks.
enum class block_kind { chan, select, mutex, wait_group, sleep, blocking, other };
inline constexpr std::size_t block_kinds = 7;
inline constexpr std::array<std::string_view, block_kinds> block_kind_names{"chan",  "select",   "mutex", "wait_group",
                                                                            "sleep", "blocking", "other"};

// run_stats: a snapshot of one run's counters.
struct run_stats {
  unsigned gomaxprocs = 0;
  long live = 0;               // fibers not finished, main included (go::live_fibers())
  std::uint64_t spawned = 0;   // fibers started, main included
  std::uint64_t finished = 0;  // spawned - live
  std::vector<std::uint64_t> switches_per_worker;  // fibers resumed by each worker thread
  std::vector<std::uint64_t> steals_per_worker;    // of those, fibers that ran on another worker last
  std::array<std::uint64_t, block_kinds> blocks{};  // times a fiber blocked, by block_kind
  std::array<std::uint64_t, block_kinds> blocked_ns{};  // time fibers spent blocked, by block_kind

  [[nodiscard]] std::uint64_t switches() const noexcept;
  [[nodiscard]] std::uint64_t steals() const noexcept;
  [[nodiscard]] std::uint64_t blocked(block_kind kind) const noexcept { return blocks[static_cast<std::size_t>(kind)]; }
  [[nodiscard]] std::chrono::nanoseconds blocked_time(block_kind kind) const noexcept {
    return std::chrono::nanoseconds{blocked_ns[static_cast<std::size_t>(kind)]};
  }
};

// stats: the calling fiber's run's counters; all zero outside a run.
[[nodiscard]] run_stats stats();

// operator<<: the one-line form GO_SCHEDTRACE prints (without its "SCHED <time>: " prefix).
std::ostream& operator<<(std::ostream& out, const run_stats& stats);

// dump_fibers: prints every live fiber of the calling fiber's run; outside a run, of every run
// in the process, each headed by the line of its go::run.
void dump_fibers(std::ostream& out);

}  // namespace go
