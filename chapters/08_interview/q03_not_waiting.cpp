// q03_not_waiting.cpp - Q3: what if you don't wait for the fibers you spawn?
//
// Go: main returns and the program exits, killing its goroutines mid-work.
// go::: go::run waits for every fiber anyway (a blocked one is reported as go::fiber_leak), so no
// work is cut off - but code after the spawn still cannot use the results until it waits.
#include <atomic>
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

using namespace std::chrono_literals;

namespace {

// spawn_workers: `workers` fibers that each work 1 ms, then count themselves in `finished`.
void spawn_workers(int workers, std::atomic<int>& finished, go::wait_group* wg) {
  for (int i = 0; i < workers; ++i) {
    if (wg != nullptr) wg->add(1);  // before the spawn, never inside the fiber
    go::spawn([&finished, wg] {
      go::sleep(1ms);
      ++finished;
      if (wg != nullptr) wg->done();
    });
  }
}

}  // namespace

// [snippet: not_waiting]
completion finish_without_waiting(int workers) {
  std::atomic<int> finished{0};
  completion seen;
  go::run([&] {
    spawn_workers(workers, finished, nullptr);
    seen.when_main_went_on = finished;  // the results are not there yet
  });  // Go would exit here and kill the workers; go::run waits for them
  seen.after_run = finished;
  return seen;
}

completion finish_with_wait_group(int workers) {
  std::atomic<int> finished{0};
  completion seen;
  go::run([&] {
    go::wait_group wg;
    spawn_workers(workers, finished, &wg);
    seen.when_main_went_on = finished;
    wg.wait();  // Go: wg.Wait()
    seen.after_wait = finished;
  });
  seen.after_run = finished;
  return seen;
}
// [end-snippet]

void show_q03() {
  const completion bare = finish_without_waiting(2);
  std::printf("  no wait:        %d of 2 finished when main went on; %d when go::run returned\n",
              bare.when_main_went_on, bare.after_run);
  const completion waited = finish_with_wait_group(2);
  std::printf("  wait_group:     %d of 2 finished when main went on; %d after wg.wait()\n",
              waited.when_main_went_on, waited.after_wait);
  std::printf("  In Go the first program would exit with 0 finished; go::run waits for every fiber\n");
}

}  // namespace ch08
