// show.cpp - runs your version of one pitfall and shows what it does, in the toolkit's words.
//
//   ./build/bin/ch07_show                    # lists the pitfalls
//   ./build/bin/ch07_show parse_in_background
//   ./build-tsan/bin/ch07_show config_cache  # the tsan preset: ThreadSanitizer names the race
//   ./build-asan/bin/ch07_show total_in_background   # the asan preset: also a use after free
//
// It is linked with YOUR chapters/07_pitfalls code: before you repair a pitfall it shows the
// failure (the panic, the deadlock report, the hang), afterwards the repaired behaviour.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <go/go.hpp>

#include "fiber_pitfalls.hpp"
#include "go_pitfalls.hpp"

namespace {

using namespace std::chrono_literals;

// in_a_run: runs `body` in go::run on `threads` workers and prints what escaped, if anything -
// a panic, go::deadlock's report of every blocked fiber.
void in_a_run(const std::function<void()>& body, unsigned threads = 1) {
  try {
    go::run(body, {.threads = threads});
  } catch (const std::exception& escaped) {
    std::printf("\ngo::run threw: %s\n", escaped.what());
  }
}

// watchdog: a thread that ends the program with `message` unless the program ends first - for
// the pitfall that blocks a worker thread in std::mutex::lock, where no report can come.
void start_watchdog(const char* message) {
  std::thread{[message] {
    std::this_thread::sleep_for(3s);
    std::printf("\nstill running after 3 s: %s\n", message);
    std::fflush(stdout);
    std::_Exit(1);
  }}.detach();
}

void show_run_jobs() {
  in_a_run([] {
    std::vector<std::function<void()>> jobs;
    for (int i = 0; i < 4; ++i) {
      jobs.emplace_back([i] {
        if (i == 1) throw std::runtime_error{"disk full"};
        std::printf("job %d done\n", i);
      });
    }
    for (const std::string& failure : ch07::run_jobs(jobs)) std::printf("a job failed: %s\n", failure.c_str());
  });
}

void show_fan_in() {
  in_a_run([] {
    std::vector<go::recv_chan<int>> inputs;
    for (int input = 0; input < 3; ++input) {
      auto values = go::make_chan<int>(3);
      for (int i = 0; i < 3; ++i) values.send(input * 10 + i);
      values.close();
      inputs.emplace_back(values);
    }
    int received = 0;
    for (int value : ch07::fan_in(inputs)) {
      std::printf("received %d\n", value);
      ++received;
    }
    std::printf("received %d of 9 values; the channel is closed\n", received);
  });
}

void show_config_cache() {
  std::atomic<int> loads{0};
  ch07::config_cache cache{[&loads] {
    ++loads;
    std::this_thread::sleep_for(5ms);  // reading a file
    return std::string{"mode=fast"};
  }};
  {
    std::vector<std::jthread> askers;
    for (int t = 0; t < 8; ++t) askers.emplace_back([&cache] { (void)cache.get(); });
  }
  std::printf("8 threads asked; the configuration was loaded %d time(s)\n", loads.load());
}

void show_parse_in_background() {
  in_a_run([] {
    for (const char* text : {"42", "forty-two"}) {
      const auto number = ch07::parse_in_background(text);
      std::printf("%-10s -> %s\n", text, number ? std::to_string(*number).c_str() : "not a number");
    }
  });
}

void show_add() {
  in_a_run([] {
    long total = 0;
    for (long i = 1; i <= 1'000; ++i) total = ch07::add(total, i);
    long fibers_spawned = 0;
    go::wait_group probed;
    probed.add(1);
    go::spawn([&] {
      fibers_spawned = static_cast<long>(go::fiber_id()) - 2;  // main is fiber 1, this one next
      probed.done();
    });
    probed.wait();
    std::printf("1 + 2 + ... + 1000 = %ld, using %ld fibers\n", total, fibers_spawned);
  });
}

void show_process_items() {
  long most_alive = 0;
  in_a_run([&] {
    std::vector<int> items(2'000);
    ch07::process_items(items, 4, [&](int) {
      most_alive = std::max(most_alive, go::live_fibers());
      go::yield();  // waiting on a service
    });
  });
  std::printf("2000 items, 4 workers asked for: at most %ld fibers alive at once (%ld KiB of stacks)\n",
              most_alive, most_alive * 64);
}

void show_query_all() {
  in_a_run([] {
    const auto started = go::clock::now();
    const auto answers = ch07::query_all({"q1", "q2", "q3", "q4"}, [](const std::string& sql) {
      std::this_thread::sleep_for(200ms);  // a database driver waiting for the server
      return "rows of " + sql;
    });
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - started);
    std::printf("4 queries of 200 ms each, one worker thread: %lld ms\n", static_cast<long long>(took.count()));
  });
}

void show_price_cache() {
  start_watchdog("both fibers are stuck.\n"
                 "  One holds the std::mutex and can never run again to unlock it: the other has blocked\n"
                 "  their only worker thread in std::mutex::lock(). No deadlock report - the toolkit\n"
                 "  cannot see into a std::mutex.");
  in_a_run([] {
    ch07::price_cache prices{[](const std::string& item) {
      go::sleep(10ms);  // a call to the pricing service
      return static_cast<int>(item.size());
    }};
    go::wait_group asked;
    asked.add(2);
    for (const char* item : {"apple", "pear"}) {
      go::spawn([&prices, &asked, item] {
        std::printf("%s costs %d\n", item, prices.price(item));
        asked.done();
      });
    }
    asked.wait();
  });
}

void show_total_in_background() {
  in_a_run([] {
    std::vector<int> values(1'000, 1);
    auto total = ch07::total_in_background(values);
    values.assign(1'000, 7);  // the caller moves on
    std::printf("the total of 1,000 ones: %ld\n", *total.recv());
#if defined(__SANITIZE_ADDRESS__)
    // Destroying the vector instead is a use after free. Without AddressSanitizer it may print
    // anything or crash; with it, the program stops with a report.
    {
      std::vector<int> doomed(1'000, 1);
      total = ch07::total_in_background(doomed);
    }
    std::printf("the total of 1,000 ones, the vector destroyed: %ld\n", *total.recv());
#endif
  });
}

struct pitfall {
  std::string_view name;
  void (*show)();
};

constexpr pitfall pitfalls[] = {
    {"run_jobs", show_run_jobs},
    {"fan_in", show_fan_in},
    {"config_cache", show_config_cache},
    {"parse_in_background", show_parse_in_background},
    {"add", show_add},
    {"process_items", show_process_items},
    {"query_all", show_query_all},
    {"price_cache", show_price_cache},
    {"total_in_background", show_total_in_background},
};

}  // namespace

int main(int argc, char** argv) {
  // Line by line also into a pipe, so that our lines and the toolkit's reports on stderr keep
  // their order.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const std::string_view wanted = argc > 1 ? argv[1] : "";
  for (const pitfall& one : pitfalls) {
    if (one.name == wanted) {
      one.show();
      return 0;
    }
  }
  std::printf("usage: ch07_show PITFALL - one of:");
  for (const pitfall& one : pitfalls) std::printf(" %s", one.name.data());
  std::printf("\n");
  return wanted.empty() ? 0 : 2;
}
