// q02_fibers_vs_threads.cpp - Q2: a fiber is a lightweight thread scheduled by the toolkit.
//
// Go: for i := 0; i < 10000; i++ { go func(id int) { doWork(id) }(i) }
//
//                stack                   scheduled by
//   goroutine    2 KiB, grows            the Go runtime, M:N, preemptive
//   go:: fiber   fixed, 64 KiB reserved  go::run's worker threads, M:N, cooperative
//   std::thread  8 MiB reserved          the kernel, preemptive
//
// Q18 measures what each costs.
#include <pthread.h>

#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "interview.hpp"

namespace ch08 {

// [snippet: spawn_blocked]
fiber_census spawn_blocked(int fibers, unsigned threads) {
  fiber_census census;
  std::mutex ids_mutex;  // a std::mutex is fine here: never held across a fiber switch
  std::set<std::thread::id> os_threads;  // guarded by ids_mutex
  go::run(
      [&] {
        const auto release = go::make_chan<go::empty>();
        go::wait_group started;
        started.add(fibers);
        for (int i = 0; i < fibers; ++i) {
          go::spawn([&, release] {
            {
              std::lock_guard lock{ids_mutex};
              os_threads.insert(std::this_thread::get_id());
            }
            started.done();
            release.recv();  // stays alive, blocked, until release is closed
          });
        }
        started.wait();
        census.alive_at_once = go::live_fibers() - 1;  // all but main
        release.close();
      },
      {.threads = threads});
  census.os_threads_used = os_threads.size();
  return census;
}
// [end-snippet]

std::size_t default_thread_stack_bytes() {
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  std::size_t size = 0;
  pthread_attr_getstacksize(&attributes, &size);
  pthread_attr_destroy(&attributes);
  return size;
}

void show_q02() {
  const fiber_census census = spawn_blocked(10'000, 2);
  std::printf("  10,000 fibers alive and blocked at once: %ld, on %zu OS thread(s) (M:N scheduling)\n",
              census.alive_at_once, census.os_threads_used);
  std::printf("  stack reserved per fiber: %zu KiB (go::run_options::stack_size); per std::thread: %zu KiB\n",
              go::run_options{}.stack_size / 1024, default_thread_stack_bytes() / 1024);
  std::printf("  a fiber switch happens only where the fiber blocks or yields; threads are preempted\n");
}

}  // namespace ch08
