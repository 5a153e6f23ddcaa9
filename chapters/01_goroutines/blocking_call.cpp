// blocking_call.cpp - a blocking call in a fiber stalls its worker thread; go::blocking does not.
//
//   ./build/bin/ch01_blocking_call
//
// Four fibers each make a 200 ms blocking call (std::this_thread::sleep_for stands in for a
// socket read or a database driver) on ONE worker thread. Go's runtime notices a goroutine
// stuck in a system call and moves the others to a new thread; Boost.Fiber cannot, so the
// calls run one after the other - unless each is handed to go::blocking's thread pool.
#include <chrono>
#include <cstdio>
#include <thread>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

constexpr int calls = 4;

// query_database: a blocking call - it holds the calling *thread* for 200 ms.
void query_database() { std::this_thread::sleep_for(200ms); }

// time_calls: runs `calls` fibers that each run `one_call`, on one worker; prints the time.
template <class Call>
void time_calls(const char* how, Call one_call) {
  const auto started = go::clock::now();
  go::run([&] {
    for (int i = 0; i < calls; ++i) go::spawn(one_call);
  });
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - started);
  std::printf("  %-40s %4lld ms\n", how, static_cast<long long>(took.count()));
}

}  // namespace

int main() {
  std::printf("%d fibers, each making one 200 ms blocking call, on one worker thread:\n", calls);
  // [snippet: stall_vs_blocking]
  time_calls("called in the fiber (stalls the worker):", [] { query_database(); });
  time_calls("wrapped in go::blocking:", [] { go::blocking(query_database); });
  // [end-snippet]
  std::printf("In the first run no other fiber could run during a call, not even to start its own.\n");
}
