// spawn_basics.cpp - `go f()` is go::spawn(f): it starts a fiber and returns at once.
//
//   ./build/bin/ch01_spawn_basics
//
// Three tasks of 100 ms each, called one after the other, then each spawned as a fiber. The
// spawning function returns before any task has even started; go::run waits for them.
#include <chrono>
#include <cstdio>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

const go::clock::time_point program_start = go::clock::now();

long long elapsed_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - program_start).count();
}

// task: 100 ms of waiting (a call to another service, say), then a line of output.
void task(const char* name) {
  go::sleep(100ms);
  std::printf("    %s done at %4lld ms\n", name, elapsed_ms());
}

// [snippet: sequential]
void sequential() {
  task("task1");  // waits for completion
  task("task2");  // waits for completion
  task("task3");  // waits for completion
}
// [end-snippet]

// [snippet: concurrent]
void concurrent() {
  go::spawn([] { task("task1"); });  // starts and returns immediately
  go::spawn([] { task("task2"); });  // starts and returns immediately
  go::spawn([] { task("task3"); });  // starts and returns immediately
}
// [end-snippet]

}  // namespace

int main() {
  go::run([] {
    std::printf("sequential() called at %4lld ms\n", elapsed_ms());
    sequential();
    std::printf("sequential() returned at %4lld ms\n\n", elapsed_ms());
  });
  go::run([] {
    std::printf("concurrent() called at %4lld ms\n", elapsed_ms());
    concurrent();
    std::printf("concurrent() returned at %4lld ms; its fibers run once main waits or ends\n", elapsed_ms());
  });  // go::run returns when the three fibers have finished
  std::printf("go::run returned at %4lld ms\n", elapsed_ms());
}
