// q17_forgotten_cancel.cpp - Q17: what if the cancel function is never called?
//
// Go: ctx, _ := context.WithTimeout(ctx, 5*time.Second)   // BAD: a leak until the deadline
//     ctx, cancel := context.WithTimeout(ctx, 5*time.Second); defer cancel()
// Whatever watches the context - here a watcher fiber, as a client library would start - stays
// alive until the deadline (or forever, without one), holding its stack and everything it
// captured. go::testing::expect_no_leaks reports it; `go vet` (lostcancel) warns in Go.
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

namespace {

// start_watcher: a fiber that waits for `ctx` to end, then cleans up.
void start_watcher(const go::context& ctx) {
  go::spawn_named("watcher", [ctx] { ctx.done().recv(); });
}

}  // namespace

// [snippet: forgotten_cancel]
void handle_request_forgetting_cancel(const go::context& parent, go::clock::duration timeout) {
  auto [ctx, cancel] = go::with_timeout(parent, timeout);  // Go: ctx, _ := context.WithTimeout(...)
  start_watcher(ctx);
}  // cancel is never called: the watcher waits for the deadline

void handle_request(const go::context& parent, go::clock::duration timeout) {
  auto [ctx, cancel] = go::with_timeout(parent, timeout);
  go::defer_cancel cancel_on_return{cancel};  // Go: defer cancel()
  start_watcher(ctx);
}  // cancel runs here: the watcher wakes up and ends
// [end-snippet]

void show_q17() {
  using namespace std::chrono_literals;
  const auto started = go::clock::now();
  go::run([] {
    handle_request(go::background(), 200ms);
    let_others_run();
    std::printf("  with defer_cancel:   %ld fiber alive after the request (main)\n", go::live_fibers());
    handle_request_forgetting_cancel(go::background(), 200ms);
    let_others_run();
    std::printf("  cancel forgotten:    %ld fibers alive after the request (main + the watcher)\n",
                go::live_fibers());
  });
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - started);
  std::printf("  go::run returned after %lld ms: the forgotten watcher lived until its 200 ms deadline\n",
              static_cast<long long>(took.count()));
  std::printf("  (in a test, go::testing::expect_no_leaks() fails naming the fiber \"watcher\")\n");
}

}  // namespace ch08
