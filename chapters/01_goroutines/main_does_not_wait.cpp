// main_does_not_wait.cpp - reading results too early: the guide's "spawn thousands, then sleep".
//
//   ./build/bin/ch01_main_does_not_wait
//
// Go:  for i := 0; i < 10000; i++ { go func(id int) { doWork(id) }(i) }
//      time.Sleep(5 * time.Second) // Wait (not recommended - use WaitGroup!)
//
// A Go program ends when main returns, killing goroutines mid-work. go::run instead waits for
// every fiber - but main still sees unfinished work if it reads before it waits.
#include <atomic>
#include <chrono>
#include <cstdio>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

constexpr int workers = 10'000;

// do_work: work of different lengths: 0 to 9 ms, depending on the id.
void do_work(int id) { go::sleep(std::chrono::milliseconds{id % 10}); }

// [snippet: read_too_early]
// spawn_then_read: spawns the workers, then reads `done` three times: too early, after a guess, and
// after a wait.
void spawn_then_read(std::atomic<int>& done) {
  go::wait_group wg;
  wg.add(workers);
  for (int i = 0; i < workers; ++i) {
    go::spawn([&wg, &done, i] {  // i by value: each fiber keeps its own id
      do_work(i);
      ++done;
      wg.done();
    });
  }
  std::printf("right after spawning:  %5d of %d done\n", done.load(), workers);
  go::sleep(5ms);  // the guide's time.Sleep: a guess at how long the work takes
  std::printf("after sleeping 5 ms:   %5d of %d done\n", done.load(), workers);
  wg.wait();  // a wait_group knows
  std::printf("after wg.wait():       %5d of %d done\n", done.load(), workers);
}
// [end-snippet]

}  // namespace

int main() {
  std::atomic<int> done{0};  // outlives go::run, so also every fiber
  go::run([&] { spawn_then_read(done); });

  done = 0;
  // [snippet: run_waits]
  go::run([&] {
    for (int i = 0; i < workers; ++i) {
      go::spawn([&done, i] {
        do_work(i);
        ++done;
      });
    }
  });  // main returned at once; in Go the program would end here, with no work done
  std::printf("main did not wait, go::run did: %d of %d done\n", done.load(), workers);
  // [end-snippet]
}
