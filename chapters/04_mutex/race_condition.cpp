// race_condition.cpp - the guide's race condition (Q11): threads that increment one counter.
//
//   ./build/bin/ch04_race_condition          # counts come up short
//   ./build-tsan/bin/ch04_race_condition     # the tsan preset: ThreadSanitizer names the race
//
// Go:  counter := 0
//      for i := 0; i < 1000; i++ {
//          go func() { counter++ }()   // Not atomic!
//      }
//
// counter++ is three steps - read, add one, write back. Two threads that read the same value
// both write value + 1, and one increment is lost. The window between read and write is a few
// nanoseconds, so here it is held open with a yield, as the chapter's exercise stubs do: the
// race is the same, it just loses updates on every run instead of now and then.
//
// This runs on std::thread, not fibers: the race needs no toolkit (the tsan build follows fibers
// too). Go's `go run -race` is the same idea, built into the Go toolchain.
#include <cstdio>
#include <thread>
#include <vector>

namespace {

constexpr int workers = 8;
constexpr int increments_each = 10'000;

// [snippet: racy_increment]
long count_racy() {
  long counter = 0;  // shared by every worker, guarded by nothing
  std::vector<std::jthread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&counter] {
      for (int i = 0; i < increments_each; ++i) {
        const long seen = counter;  // read
        std::this_thread::yield();  // ...another thread increments here...
        counter = seen + 1;         // write: that increment is overwritten
      }
    });
  }
  threads.clear();  // joins every worker
  return counter;
}
// [end-snippet]

}  // namespace

int main() {
  constexpr long expected = static_cast<long>(workers) * increments_each;
  std::printf("%d threads x %d increments of one shared counter:\n", workers, increments_each);
  for (int run = 1; run <= 3; ++run) {
    const long counted = count_racy();
    std::printf("  run %d: counted %6ld of %ld - %ld increments lost\n", run, counted, expected, expected - counted);
  }
  std::printf("Fix it three ways in the exercises: counter (a mutex), count_with_atomic, count_confined.\n");
}
