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
// Thread safety: dump_fibers may be called from any fiber or thread at any time.
#pragma once

#include <ostream>

namespace go {

// dump_fibers: prints every live fiber of the calling fiber's run; outside a run, of every run
// in the process, each headed by the line of its go::run.
void dump_fibers(std::ostream& out);

}  // namespace go
