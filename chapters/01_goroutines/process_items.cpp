// process_items.cpp - the guide's Pattern 1: a WaitGroup waits for a batch of goroutines.
//
//   ./build/bin/ch01_process_items
//
// Five items that take 100 ms each: one after the other they take 500 ms; each in its own
// fiber, about 100 ms. go::sleep stands in for waiting on a disk or a network: it suspends only
// the calling fiber, so on a single worker thread all five items wait at the same time.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

// process_item: 100 ms of waiting, as a call to another service would be.
void process_item(const std::string& /*item*/) { go::sleep(100ms); }

// process_items_sequential: each item waits for the one before it.
void process_items_sequential(const std::vector<std::string>& items) {
  for (const auto& item : items) process_item(item);
}

// [snippet: process_items]
void process_items(const std::vector<std::string>& items) {
  go::wait_group wg;
  for (const auto& item : items) {
    wg.add(1);                          // before the spawn, never inside the fiber
    go::spawn([&wg, &item] {            // go func(i string) { ... }(item)
      process_item(item);
      wg.done();                        // defer wg.Done()
    });
  }
  wg.wait();                            // block until the counter reaches zero
  std::printf("  All items processed!\n");
}
// [end-snippet]

// timed: runs `fn` inside go::run and prints how long it took.
template <class F>
void timed(const char* name, F fn) {
  const auto started = go::clock::now();
  go::run(fn);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - started);
  std::printf("  %-12s %4lld ms\n", name, static_cast<long long>(took.count()));
}

}  // namespace

int main() {
  const std::vector<std::string> items{"apples", "bread", "cheese", "dates", "eggs"};
  std::printf("%zu items, 100 ms each, one worker thread:\n", items.size());
  timed("sequential", [&] { process_items_sequential(items); });
  timed("concurrent", [&] { process_items(items); });
}
