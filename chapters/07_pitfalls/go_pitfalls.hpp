// go_pitfalls.hpp - the guide's anti-patterns as broken programs for you to repair.
//
// Each function or class below is one exercise, and its stub in go_pitfalls.cpp is not empty: it
// is the anti-pattern, written out, compiling and running - and failing its tests the way the
// anti-pattern fails in production. Read the statement, watch it fail, then repair it:
//
//   ./build/bin/ch07_show run_jobs      # what the broken version does, reported by the toolkit
//   ./workbook check 07 run_jobs        # the tests
//
// Call them from inside go::run (config_cache from any thread):
//
//   go::run([] {
//     auto failures = ch07::run_jobs({[] { upload("a"); }, [] { upload("b"); }});
//     for (const auto& failure : failures) std::cerr << failure << '\n';
//   });
//
// Exercises, in the guide's order: run_jobs (an exception that ends everything), fan_in (a
// channel closed twice), config_cache (the race nobody looked for), parse_in_background (main
// waits for ever), add (a fiber for everything), process_items (a fiber per item). The C++-only
// pitfalls are in fiber_pitfalls.hpp.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <go/go.hpp>

namespace ch07 {

// run_jobs: runs each job in a fiber of its own, waits for them all, and returns the what() of
// every job that threw, in the order of `jobs` (empty when all succeeded).
//
// The guide's anti-pattern 1, "Not Handling Goroutine Panics":
//
//   go func() { riskyOperation() }()   // BAD: if this panics, the program crashes
//   go func() {                        // GOOD
//       defer func() { if r := recover(); r != nil { log.Printf("Recovered: %v", r) } }()
//       riskyOperation()
//   }()
//
// An exception escaping a fiber is the toolkit's panic: go::run prints it, unwinds every other
// fiber and rethrows it - one failed job ends the whole run, the other jobs' work with it. Catch
// it inside the fiber (go::recover does, and never swallows the toolkit's own unwinding) and
// keep its message in the job's own slot.
//
// Tests: five jobs, the third throws "disk full": the other four ran, the result is
// {"disk full"}; two failing jobs of six give both messages in job order; go::run throws nothing.
std::vector<std::string> run_jobs(const std::vector<std::function<void()>>& jobs);

// fan_in: merges every input into one channel, which it returns; the channel is closed once
// every input has been closed and drained.
//
// The guide's anti-pattern 2, "Closing Channels Multiple Times": close(ch); close(ch) panics.
// The stub closes `out` in each forwarding fiber, when its own input ends: the second close
// throws go::channel_closed - and a forwarder still sending after the first close throws the
// same. The guide's fix, sync.Once (go::once), would silence the second close but not the
// first, too-early one: once is for a close that is a signal (chapter 04's cancel_signal). A
// channel of data has one owner that closes it when the last sender is done - a go::wait_group
// counting the forwarders and one more fiber that waits for it and closes.
//
// Tests: three inputs of 100 values each deliver all 300, and the channel is closed at the end;
// no exception escapes any fiber.
go::recv_chan<int> fan_in(const std::vector<go::recv_chan<int>>& inputs);

// config_cache: loads a configuration the first time any thread asks for it, and never again.
//
// The guide's anti-pattern 3, "Ignoring Race Conditions": the code looks right and works in
// every single-threaded test, because the race needs two threads at the same moment:
//
//   if config == nil { config = loadConfig() }   // BAD: two threads both see nil
//
// The stub loads when the configuration is still empty: two threads that look before either
// has stored it both load, and both write config_ at once - a data race, undefined behaviour in
// C++, that ThreadSanitizer names even on a run where nothing visibly went wrong. The
// check and the load must be one step: std::call_once (Go: sync.Once; go::once in fibers).
// This one runs on plain std::thread, so ThreadSanitizer can watch it.
//
// Tests: eight threads that start together all get the loaded text, and `load` ran once - 20
// rounds. Under --tsan: no data race.
//
// Thread safety: get may be called from any thread at once.
class config_cache {
 public:
  explicit config_cache(std::function<std::string()> load) : load_{std::move(load)} {}
  config_cache(const config_cache&) = delete;
  config_cache& operator=(const config_cache&) = delete;

  // get: the configuration, loaded by the first call.
  [[nodiscard]] const std::string& get();

 private:
  std::function<std::string()> load_;
  std::once_flag loaded_once_;  // for std::call_once
  std::string config_;          // written once, before any get returns it
};

// parse_in_background: parses `text` as a decimal int in a fiber of its own and waits for the
// answer: the number, or nothing when `text` is not a number.
//
// The guide's anti-pattern 4, "Blocking Main Goroutine":
//
//   ch := make(chan int)
//   <-ch // Deadlock! No one sending
//
// Nobody writes a receive with no sender on purpose; it happens on a path that was forgotten.
// The stub's worker sends the number, but returns without a word when parsing fails - and
// the caller waits for ever on the channel. Every path of the worker must answer: send an
// empty optional on failure (or close the channel, which a receive sees as empty).
//
// Tests: "42" gives 42 and "forty-two" gives nothing, with no go::deadlock.
std::optional<int> parse_in_background(const std::string& text);

// add: a + b.
//
// The guide's anti-pattern 5, "Using Goroutines for Everything":
//
//   func add(a, b int) int {            // BAD: a goroutine and a channel for one addition
//       result := make(chan int)
//       go func() { result <- a + b }()
//       return <-result
//   }
//   func add(a, b int) int { return a + b }   // GOOD
//
// The stub is the BAD one: a fiber, a channel and two context switches per addition,
// thousands of times the cost (the demo ch07_add_overhead measures it). Concurrency pays when the
// work is long or waits; an addition does neither.
//
// Tests: adding 1..1,000 with add gives 500,500 and spawns no fiber.
long add(long a, long b);

// process_items: calls process(item) for every item, with at most `workers` calls in progress
// at any moment, and returns when every call has finished. `workers` is at least 1.
//
// The guide's best practice 5, "Limit Goroutine Creation":
//
//   for _, item := range items { go process(item) }   // BAD: could be millions!
//   for w := 0; w < runtime.NumCPU(); w++ { go worker(jobs, results) }   // GOOD: a worker pool
//
// The stub spawns a fiber per item: a million items, a million stacks (64 KiB each here), and a
// million calls at once on whatever `process` talks to. Start `workers` fibers that take items
// from a channel instead.
//
// Tests: 1,000 items, 4 workers: each item processed exactly once, never more than 4 calls at
// once, never more than 4 + 2 fibers alive; also on two threads.
void process_items(const std::vector<int>& items, std::size_t workers, const std::function<void(int)>& process);

}  // namespace ch07
