// unbounded_vs_pool.cpp - a fiber per item versus a pool: how many fibers are alive at once.
//
//   ./build/bin/ch06_unbounded_vs_pool
//
// The guide's "Limit Goroutine Creation": `go process(item)` for every item "could be millions";
// a worker pool keeps a fixed number. Both finish the same work. The difference is how many
// fibers - each with its own stack, 64 KiB here - exist at the same time.
#include <algorithm>
#include <cstdio>
#include <vector>

#include <go/go.hpp>

namespace {

constexpr int item_count = 2000;
constexpr int pool_size = 4;
constexpr long stack_kib = 64;  // go::run_options::stack_size

// process: waits once, as a call to another service would, and records the fibers alive.
void process(int /*item*/, long& most_alive) {
  most_alive = std::max(most_alive, go::live_fibers());
  go::yield();
}

// [snippet: unbounded]
// BAD: one fiber per item.
void process_items_unbounded(const std::vector<int>& items, long& most_alive) {
  go::wait_group wg;
  for (int item : items) {
    wg.add(1);
    go::spawn([&, item] {
      process(item, most_alive);
      wg.done();
    });
  }
  wg.wait();
}
// [end-snippet]

// [snippet: pool]
// GOOD: a fixed number of workers take items from a channel.
void process_items_pooled(const std::vector<int>& items, long& most_alive) {
  auto jobs = go::make_chan<int>(items.size());
  for (int item : items) jobs.send(item);
  jobs.close();

  go::wait_group wg;
  wg.add(pool_size);
  for (int w = 0; w < pool_size; ++w) {
    go::spawn([&] {
      for (int item : jobs) process(item, most_alive);
      wg.done();
    });
  }
  wg.wait();
}
// [end-snippet]

void report(const char* name, long most_alive) {
  std::printf("  %-10s at most %5ld fibers alive, %7ld KiB of stacks\n", name, most_alive,
              most_alive * stack_kib);
}

}  // namespace

int main() {
  std::vector<int> items(item_count);
  for (int i = 0; i < item_count; ++i) items[static_cast<std::size_t>(i)] = i;

  std::printf("%d items, one worker thread:\n", item_count);
  long most_alive = 0;
  go::run([&] { process_items_unbounded(items, most_alive); });
  report("unbounded", most_alive);
  most_alive = 0;
  go::run([&] { process_items_pooled(items, most_alive); });
  report("pool of 4", most_alive);
}
