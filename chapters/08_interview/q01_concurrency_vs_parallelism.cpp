// q01_concurrency_vs_parallelism.cpp - Q1: concurrency is structure, parallelism is execution.
//
// Go: go task1(); go task2()          // concurrent; parallel only if GOMAXPROCS > 1
// C++: go::spawn(task1); go::spawn(task2) inside go::run(main, {.threads = N})
#include <atomic>
#include <cstdio>
#include <string>
#include <vector>

#include "interview.hpp"

namespace ch08 {

using namespace std::chrono_literals;

// [snippet: interleaved]
std::vector<std::string> interleaved_steps() {
  std::vector<std::string> steps;  // one worker thread: the fibers take turns, no lock needed
  go::run([&steps] {
    for (const char* task : {"A", "B"}) {
      go::spawn([&steps, task] {
        for (int step = 1; step <= 3; ++step) {
          steps.push_back(task + std::to_string(step));
          go::yield();  // a scheduling point: the other task gets the thread
        }
      });
    }
  });  // {.threads = 1}, the default: concurrent, never parallel
  return steps;
}
// [end-snippet]

int peak_running(unsigned threads, int fibers) {
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  const int all_threads_busy = std::min(static_cast<int>(threads), fibers);
  go::run(
      [&] {
        for (int i = 0; i < fibers; ++i) {
          go::spawn([&] {
            const int now = ++running;
            for (int seen = peak.load(); seen < now && !peak.compare_exchange_weak(seen, now);) {
            }
            // CPU-bound: spin without yielding, so only another worker thread can run a fiber
            // meanwhile. Spin until every thread has been seen busy; the one-second limit is a
            // safety net for an overloaded machine, never the answer.
            const auto give_up = go::clock::now() + 1s;
            while (peak.load() < all_threads_busy && go::clock::now() < give_up) {
            }
            --running;
          });
        }
      },
      {.threads = threads});
  return peak.load();
}

void show_q01() {
  std::printf("  one worker thread, two tasks that yield between steps:");
  for (const std::string& step : interleaved_steps()) std::printf(" %s", step.c_str());
  std::printf("\n  -> both tasks are in progress at once (concurrency) on one thread (no parallelism)\n");
  for (unsigned threads : {1u, 2u}) {
    std::printf("  %u worker thread(s), 8 CPU-bound fibers: at most %d running at the same instant\n", threads,
                peak_running(threads, 8));
  }
}

}  // namespace ch08
