// add_overhead.cpp - the guide's "Using Goroutines for Everything", measured: a fiber per add.
//
//   ./build/bin/ch07_add_overhead
//
// Go:  func add(a, b int) int {                  // BAD
//          result := make(chan int)
//          go func() { result <- a + b }()
//          return <-result
//      }
//      func add(a, b int) int { return a + b }   // GOOD
//
// The fiber version pays for a channel, a fiber with its stack, and two switches - to give away
// an addition that takes a fraction of a nanosecond. Times vary with the machine; the ratio is
// the point, and it is large everywhere.
#include <chrono>
#include <cstdio>

#include <go/go.hpp>

namespace {

constexpr long additions = 100'000;

// [snippet: add_in_a_fiber]
// BAD: a fiber and a channel for one addition.
long add_in_a_fiber(long a, long b) {
  auto result = go::make_chan<long>();
  go::spawn([a, b, result] { result.send(a + b); });
  return *result.recv();
}

// GOOD: simple is better.
long add(long a, long b) { return a + b; }
// [end-snippet]

// nanoseconds_per_add: the average cost of one call of `add_fn`, summing 1..additions in the
// main fiber (the run's start and end are not timed).
template <class Add>
double nanoseconds_per_add(Add add_fn) {
  return go::run([&] {
    long total = 0;
    const auto started = std::chrono::steady_clock::now();
    for (long i = 1; i <= additions; ++i) total = add_fn(total, i);
    const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - started;
    if (total != additions * (additions + 1) / 2) std::printf("wrong total %ld\n", total);
    return took.count() / additions;
  });
}

}  // namespace

int main() {
  const double with_fibers = nanoseconds_per_add(add_in_a_fiber);
  // volatile keeps the compiler from folding the plain loop into one formula: it must add.
  const double without = nanoseconds_per_add([](long a, long b) {
    const volatile long sum = add(a, b);
    return static_cast<long>(sum);
  });
  std::printf("%ld additions, one worker thread:\n", additions);
  std::printf("  a fiber and a channel per add: %9.1f ns per add\n", with_fibers);
  std::printf("  a plain function call:         %9.1f ns per add\n", without);
  std::printf("  the fiber version is %.0f times slower\n", with_fibers / without);
}
