// concurrency_vs_parallelism.cpp - the same CPU-bound fibers on one worker thread, then on two.
//
//   ./build/bin/ch01_concurrency_vs_parallelism
//
// Go: runtime.GOMAXPROCS(2); go task1(); go task2()   C++: go::run(main, {.threads = 2})
// Concurrency is the structure (four independent tasks); parallelism is the execution (how
// many run at the same instant), chosen by the worker thread count, not by the code.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <vector>

#include <go/go.hpp>

namespace {

// random_walk: CPU work that never blocks and never yields, like a tight loop in Go: `steps`
// steps of a linear congruential random-number generator. Returns where the walk ends.
std::uint64_t random_walk(std::uint64_t steps) {
  std::uint64_t x = 1;
  for (std::uint64_t i = 0; i < steps; ++i) x = x * 6364136223846793005u + 1442695040888963407u;
  return x;
}

constexpr int tasks = 4;
constexpr std::uint64_t work_size = 40'000'000;

// run_tasks: runs the four tasks with `threads` workers and prints how long they took.
void run_tasks(unsigned threads) {
  std::mutex results_mutex;
  std::vector<unsigned> workers;  // guarded by results_mutex: which worker ran each task
  std::uint64_t walked_to = 0;    // guarded by results_mutex: where one task ended up
  const auto started = go::clock::now();
  // [snippet: gomaxprocs]
  go::run(
      [&] {
        for (int task = 0; task < tasks; ++task) {
          go::spawn([&] {  // go task()
            const std::uint64_t end = random_walk(work_size);
            std::lock_guard lock{results_mutex};
            workers.push_back(go::worker_index());
            walked_to = end;
          });
        }
      },  // main returns at once; go::run still waits for every fiber it spawned
      {.threads = threads});  // runtime.GOMAXPROCS(threads)
  // [end-snippet]
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - started);
  std::printf("  threads = %u: %4lld ms   (each walk ended at %016llx; tasks ran on workers", threads,
              static_cast<long long>(took.count()), static_cast<unsigned long long>(walked_to));
  for (unsigned worker : workers) std::printf(" %u", worker);
  std::printf(")\n");
}

}  // namespace

int main() {
  std::printf("%d CPU-bound tasks, each %llu steps of a random walk\n", tasks,
              static_cast<unsigned long long>(work_size));
  run_tasks(1);  // concurrent, not parallel: the tasks take turns on one thread
  run_tasks(2);  // concurrent and parallel: two run at every instant (given two cores)
  std::printf("Same code, same fibers: only the number of worker threads changed.\n");
}
