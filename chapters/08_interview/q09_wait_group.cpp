// q09_wait_group.cpp - Q9: a wait_group waits for a collection of fibers to finish.
//
// Go: var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done(); ... }(); wg.Wait()
// add() before the spawn (inside the fiber, wait() could see zero before it runs); done() when
// the fiber ends; wait() returns once the count is back to zero. Use it instead of a sleep that
// hopes the work is done.
#include <atomic>
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

// [snippet: wait_group]
int finished_at_wait(int workers, unsigned threads) {
  std::atomic<int> finished{0};
  int seen = 0;
  go::run(
      [&] {
        go::wait_group wg;
        for (int id = 0; id < workers; ++id) {
          wg.add(1);  // Go: wg.Add(1), before `go`
          go::spawn([&wg, &finished, id] {
            go::sleep(std::chrono::milliseconds{id});  // different amounts of work
            ++finished;
            wg.done();  // Go: defer wg.Done()
          });
        }
        wg.wait();  // Go: wg.Wait()
        seen = finished;
      },
      {.threads = threads});
  return seen;
}
// [end-snippet]

void show_q09() {
  std::printf("  5 fibers, 0-4 ms of work each: %d finished when wg.wait() returned\n", finished_at_wait(5, 2));
}

}  // namespace ch08
