// spawn_memory.cpp - what 100,000 fibers cost in memory (the guide: "~200MB for 100K goroutines").
//
//   ./build/bin/ch01_spawn_memory                  # 100,000 fibers, 64 KiB stacks (the default)
//   ./build/bin/ch01_spawn_memory 100000 16384     # fibers, stack size in bytes
//
// Every fiber blocks on one channel, so all of them are alive at the same moment; the resident
// memory (pages actually in RAM, from /proc/self/statm) is read before and while they wait.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <unistd.h>

#include <go/go.hpp>

namespace {

// resident_bytes: this process's resident set size (second field of /proc/self/statm, in pages).
long resident_bytes() {
  std::ifstream statm{"/proc/self/statm"};
  long total_pages = 0;
  long resident_pages = 0;
  statm >> total_pages >> resident_pages;
  return resident_pages * sysconf(_SC_PAGESIZE);
}

double mebibytes(long bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

// [snippet: spawn_waiting]
// spawn_waiting: starts `count` fibers that stay alive, blocked on `release` until it is closed.
void spawn_waiting(int count, const go::chan<go::empty>& release) {
  go::wait_group all_started;
  all_started.add(count);
  for (int i = 0; i < count; ++i) {
    go::spawn([&all_started, release] {
      all_started.done();
      release.recv();  // blocks until the channel is closed: the fiber stays alive
    });
  }
  all_started.wait();  // every fiber has run up to its recv, so its stack is in use
}
// [end-snippet]

}  // namespace

int main(int argc, char** argv) {
  const int fibers = argc > 1 ? std::atoi(argv[1]) : 100'000;
  const std::size_t stack_size = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 64 * 1024;

  go::run(
      [fibers, stack_size] {
        const long before = resident_bytes();
        const auto started = go::clock::now();
        const auto release = go::make_chan<go::empty>();
        spawn_waiting(fibers, release);
        const long during = resident_bytes();
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - started);

        std::printf("%d fibers with %zu KiB stacks, all blocked on one channel\n", fibers, stack_size / 1024);
        std::printf("  resident memory before: %8.1f MiB\n", mebibytes(before));
        std::printf("  resident memory during: %8.1f MiB\n", mebibytes(during));
        std::printf("  per fiber:              %8.2f KiB (reserved: %zu KiB of address space)\n",
                    static_cast<double>(during - before) / fibers / 1024.0, stack_size / 1024);
        std::printf("  spawned and started in  %8lld ms\n", static_cast<long long>(took.count()));
        release.close();  // wakes them all; go::run returns once every fiber has finished
      },
      {.stack_size = stack_size});
}
