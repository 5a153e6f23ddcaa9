// q11_race.cpp - Q11: a race condition, how to detect it, and two fixes.
//
// Go: counter++ from 1000 goroutines; detected by `go run -race`; fixed with a sync.Mutex or
//     atomic.AddInt64.
// C++: the same on std::threads; detected by ThreadSanitizer, the tsan preset:
//
//   cmake --preset tsan && cmake --build build-tsan --target ch08_interview
//   ./build-tsan/bin/ch08_interview 11     # "WARNING: ThreadSanitizer: data race" in count_racy
//
// Plain threads, as in chapter 04: the race needs no toolkit. (The tsan build follows fibers too;
// tests/lib/tsan_fibers_test.cpp reports the same race between two fibers.)
// counter++ is read, add, write: two threads that read the same value both write value + 1,
// and one increment is lost. The read-write window is held open with a yield (as in chapter 04)
// so that updates are lost on every run, not now and then.
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "interview.hpp"

namespace ch08 {

namespace {

// on_threads: runs `work` on `threads` threads at once and joins them.
template <class Work>
void on_threads(int threads, const Work& work) {
  std::vector<std::jthread> running;
  for (int t = 0; t < threads; ++t) running.emplace_back(work);
}  // the jthreads join here

}  // namespace

// [snippet: race_and_fixes]
long count_racy(int threads, int increments) {
  long counter = 0;  // shared, guarded by nothing
  on_threads(threads, [&counter, increments] {
    for (int i = 0; i < increments; ++i) {
      const long seen = counter;  // read
      std::this_thread::yield();  // ...another thread increments here...
      counter = seen + 1;         // write: that increment is overwritten
    }
  });
  return counter;
}

long count_with_mutex(int threads, int increments) {
  std::mutex mu;
  long counter = 0;  // guarded by mu
  on_threads(threads, [&mu, &counter, increments] {
    for (int i = 0; i < increments; ++i) {
      std::lock_guard lock{mu};  // Go: mu.Lock(); counter++; mu.Unlock()
      const long seen = counter;
      std::this_thread::yield();  // the same window, but no other thread can enter it
      counter = seen + 1;
    }
  });
  return counter;
}

long count_with_atomic(int threads, int increments) {
  std::atomic<long> counter{0};
  on_threads(threads, [&counter, increments] {
    for (int i = 0; i < increments; ++i) counter.fetch_add(1);  // Go: atomic.AddInt64(&counter, 1)
  });
  return counter.load();
}
// [end-snippet]

void show_q11() {
  constexpr int threads = 4;
  constexpr int increments = 10'000;
  std::printf("  %d threads x %d increments, expected %d:\n", threads, increments, threads * increments);
  std::printf("    racy:   %ld (lost updates; the tsan build reports the data race)\n", count_racy(threads, increments));
  std::printf("    mutex:  %ld\n", count_with_mutex(threads, increments));
  std::printf("    atomic: %ld\n", count_with_atomic(threads, increments));
}

}  // namespace ch08
