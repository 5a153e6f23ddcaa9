// forgotten_cancel.cpp - the guide's interview question 17: what if cancel is never called?
//
//   ./build/bin/ch05_forgotten_cancel
//
// A context is usually watched by fibers you never see: a client library, a helper, a timer.
// start_watcher plays that part. Three scenes:
//   1. with_timeout without cancel: the watcher outlives the request until the deadline.
//   2. the same with go::defer_cancel (Go's `defer cancel()`): the watcher ends with the request.
//   3. with_cancel without cancel: nothing will ever end the watcher; go::run reports the leak,
//      where a Go program would keep the goroutine until the process exits.
#include <chrono>
#include <cstdio>
#include <string>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

// start_watcher: a fiber that waits for `ctx` to end, then cleans up.
void start_watcher(const go::context& ctx) {
  go::spawn([ctx] { ctx.done().recv(); });
}

// [snippet: forgotten]
void handle_request_forgetting_cancel() {
  auto [ctx, cancel] = go::with_timeout(go::background(), 500ms);  // Go: ctx, _ := context.WithTimeout(...)
  start_watcher(ctx);
}  // cancel is never called: the watcher waits for the deadline, 500 ms from now

void handle_request() {
  auto [ctx, cancel] = go::with_timeout(go::background(), 500ms);
  go::defer_cancel cancel_on_return{cancel};  // Go: defer cancel()
  start_watcher(ctx);
}  // cancel runs here: the watcher wakes up and ends
// [end-snippet]

long long ms_since(go::clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - start).count();
}

}  // namespace

int main() {
  const auto start = go::clock::now();
  go::run([] {
    // [snippet: count_fibers]
    handle_request_forgetting_cancel();
    go::yield();  // let the watcher run up to its wait
    std::printf("scene 1, cancel forgotten:  %ld fibers alive (main + a watcher waiting for the deadline)\n",
                go::live_fibers());

    handle_request();
    go::yield();  // let the second watcher run: its context is already cancelled
    std::printf("scene 2, defer_cancel:      %ld fibers alive (its watcher has ended; scene 1's still waits)\n",
                go::live_fibers());
    // [end-snippet]
  });
  std::printf("go::run returned after %lld ms: it waited for scene 1's watcher until its deadline\n\n",
              ms_since(start));

  try {
    go::run([] {
      auto [ctx, cancel] = go::with_cancel(go::background());  // no deadline, and cancel never called
      start_watcher(ctx);
    });
  } catch (const go::fiber_leak& leak) {
    std::printf("scene 3, with_cancel and no cancel: go::run throws go::fiber_leak:\n%s", leak.what());
  }
}
