// q18_how_many_fibers.cpp - Q18: how many fibers is too many? Measured.
//
// Go: CPU-bound: numWorkers := runtime.NumCPU(); I/O-bound: thousands, bounded by what they use.
// A fiber's memory is the part of its fixed stack it touches (64 KiB reserved by default, a few
// KiB resident) plus its bookkeeping; a goroutine starts at 2 KiB and grows. So the limit is
// memory and what the work needs - not the scheduler: CPU-bound fibers beyond the worker
// threads add no speed, while fibers that wait cost only their memory.
//
//   ./build/bin/ch08_interview 18     # the figures on this machine
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "interview.hpp"

namespace ch08 {

namespace {

// resident_bytes: this process's resident set (second field of /proc/self/statm, in pages).
// malloc_trim first gives back the free heap pages earlier runs left resident, so that the
// difference measured next is what the new fibers use, not what they reuse.
long resident_bytes() {
  malloc_trim(0);
  std::ifstream statm{"/proc/self/statm"};
  long total_pages = 0;
  long resident_pages = 0;
  statm >> total_pages >> resident_pages;
  return resident_pages * sysconf(_SC_PAGESIZE);
}

// page_faults: minor page faults of the whole process so far: each is the kernel mapping in a
// fresh zeroed page, such as the first touch of a new stack's top.
long page_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

double nanoseconds_since(go::clock::time_point start) {
  return std::chrono::duration<double, std::nano>(go::clock::now() - start).count();
}

}  // namespace

// [snippet: measure_fibers]
spawn_cost measure_fibers(int count, std::size_t stack_size) {
  spawn_cost cost{.count = count, .stack_size = stack_size};
  go::run(
      [&] {
        const long before = resident_bytes();
        const long faults_before = page_faults();
        const auto started = go::clock::now();
        const auto release = go::make_chan<go::empty>();
        go::wait_group all_blocked;
        all_blocked.add(count);
        for (int i = 0; i < count; ++i) {
          go::spawn([&all_blocked, release] {
            all_blocked.done();
            release.recv();  // alive and blocked, like a fiber waiting for I/O
          });
        }
        all_blocked.wait();
        cost.spawn_ns_per_one = nanoseconds_since(started) / count;
        cost.page_faults_per_one = static_cast<double>(page_faults() - faults_before) / count;
        cost.resident_per_one = static_cast<double>(resident_bytes() - before) / count;
        release.close();
      },
      {.stack_size = stack_size});
  return cost;
}
// [end-snippet]

spawn_cost measure_threads(int count) {
  spawn_cost cost{.count = count, .stack_size = default_thread_stack_bytes()};
  std::mutex mu;
  std::condition_variable all_blocked;  // main waits on it: the last thread in notifies
  std::condition_variable release;      // the threads wait on it: one notify_all at the end
  int blocked = 0;                      // guarded by mu
  bool released = false;                // guarded by mu
  const long before = resident_bytes();
  const long faults_before = page_faults();
  const auto started = go::clock::now();
  std::vector<std::jthread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&] {
      std::unique_lock lock{mu};
      if (++blocked == count) all_blocked.notify_one();
      release.wait(lock, [&] { return released; });
    });
  }
  {
    std::unique_lock lock{mu};
    all_blocked.wait(lock, [&] { return blocked == count; });
  }
  cost.spawn_ns_per_one = nanoseconds_since(started) / count;
  cost.page_faults_per_one = static_cast<double>(page_faults() - faults_before) / count;
  cost.resident_per_one = static_cast<double>(resident_bytes() - before) / count;
  {
    std::lock_guard lock{mu};
    released = true;
  }
  release.notify_all();
  return cost;  // the jthreads join on the way out
}

long waiting_at_once(int fibers) {
  return go::run([fibers] {
    long peak = 0;
    std::vector<go::chan<int>> replies;
    for (int i = 0; i < fibers; ++i) {
      replies.push_back(go::make_chan<int>());
      go::spawn([reply = replies.back()] { reply.recv(); });  // waits for its "I/O" to complete
    }
    let_others_run();
    peak = go::live_fibers() - 1;  // every one of them waiting, on one worker thread
    for (const go::chan<int>& reply : replies) reply.send(0);
    return peak;
  });
}

void show_q18() {
  const unsigned cores = std::thread::hardware_concurrency();
  std::printf("  CPU-bound: 100 busy fibers on %u worker threads (the cores): at most %d run at once -\n"
              "    more fibers than threads add no speed, so size CPU pools by the cores\n",
              cores, peak_running(cores, 100));
  std::printf("  I/O-bound: %ld fibers waiting at once on one thread - a waiting fiber costs memory only\n",
              waiting_at_once(10'000));
  std::printf("  what one costs, measured here (resident memory while blocked; spawn + first run, and the\n"
              "  page faults in that time - on a VM most of the spawn cost):\n");
  for (std::size_t stack : {std::size_t{16 * 1024}, std::size_t{64 * 1024}, std::size_t{256 * 1024}}) {
    const spawn_cost cost = measure_fibers(20'000, stack);
    std::printf("    fiber, %3zu KiB stack: %5.1f KiB resident, %6.0f ns to spawn, %3.1f page faults -> %3.0f thousand per GiB\n",
                stack / 1024, cost.resident_per_one / 1024, cost.spawn_ns_per_one, cost.page_faults_per_one,
                (1 << 30) / cost.resident_per_one / 1000);
  }
  const spawn_cost thread = measure_threads(1000);
  std::printf("    std::thread, %zu KiB stack: %5.1f KiB resident, %6.0f ns to spawn, %3.1f page faults (1000 of them)\n",
              thread.stack_size / 1024, thread.resident_per_one / 1024, thread.spawn_ns_per_one,
              thread.page_faults_per_one);
  std::printf("  Go, for comparison: 2 KiB to start (growing), well under 1 us to spawn. A million\n"
              "  fibers fit in RAM at ~4 KiB each (~4 GiB) but reserve stack_size each in address space.\n");
}

}  // namespace ch08
