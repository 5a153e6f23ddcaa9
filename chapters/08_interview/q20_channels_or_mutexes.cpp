// q20_channels_or_mutexes.cpp - Q20: channels or mutexes? Both count right; they differ in
// what they say and what they cost.
//
// Go: "Share memory by communicating; don't communicate by sharing memory."
// Channels: hand data over, distribute work, connect stages, signal events - ownership moves.
// Mutexes: guard a piece of shared state that many touch often (counters, caches) - cheaper.
#include <cstdio>
#include <mutex>
#include <utility>

#include "interview.hpp"

namespace ch08 {

// [snippet: two_counters]
long count_with_mutex_fibers(int fibers, int each, unsigned threads) {
  long count = 0;  // guarded by mu
  go::run(
      [&] {
        go::mutex mu;
        go::wait_group wg;
        wg.add(fibers);
        for (int f = 0; f < fibers; ++f) {
          go::spawn([&] {
            for (int i = 0; i < each; ++i) {
              std::lock_guard lock{mu};
              ++count;
            }
            wg.done();
          });
        }
        wg.wait();
      },
      {.threads = threads});
  return count;
}

long count_by_communicating(int fibers, int each, unsigned threads) {
  return go::run(
      [&] {
        const auto increments = go::make_chan<int>(64);
        const auto total = go::make_chan<long>(1);
        go::spawn([increments, total] {  // the owner: the only fiber that touches the count
          long count = 0;
          for (int n : increments) count += n;
          total.send(count);
        });
        go::wait_group wg;
        wg.add(fibers);
        for (int f = 0; f < fibers; ++f) {
          go::spawn([&wg, increments, each] {
            for (int i = 0; i < each; ++i) increments.send(1);
            wg.done();
          });
        }
        wg.wait();
        increments.close();
        return *total.recv();
      },
      {.threads = threads});
}
// [end-snippet]

void show_q20() {
  constexpr int fibers = 8;
  constexpr int each = 20'000;
  for (auto [name, count] : {std::pair{"go::mutex", &count_with_mutex_fibers},
                             std::pair{"channel to an owner", &count_by_communicating}}) {
    const auto started = go::clock::now();
    const long counted = count(fibers, each, 2);
    const double ns = std::chrono::duration<double, std::nano>(go::clock::now() - started).count();
    std::printf("  %-20s %ld of %d, %5.0f ns per increment\n", name, counted, fibers * each, ns / (fibers * each));
  }
  std::printf("  Both are right; for a shared counter the mutex is simpler and cheaper.\n");
}

}  // namespace ch08
