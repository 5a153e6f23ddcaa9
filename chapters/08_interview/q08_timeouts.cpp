// q08_timeouts.cpp - Q8: a timeout is one more case in a select.
//
// Go: select { case r := <-ch: ...; case <-time.After(5 * time.Second): ... }
//     ctx, cancel := context.WithTimeout(ctx, 5*time.Second); defer cancel()
//     select { case r := <-ch: ...; case <-ctx.Done(): return ctx.Err() }
// The context version composes: the caller's deadline and cancellation reach every callee.
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

using namespace std::chrono_literals;

// [snippet: timeouts]
reply receive_with_time_after(go::recv_chan<int> results, go::clock::duration timeout) {
  reply r;
  go::select(go::recv(results, [&](std::optional<int> v) { r.value = v; }),
             go::recv(go::after(timeout), [&] { r.error = std::make_error_code(std::errc::timed_out); }));
  return r;
}

reply receive_with_context(go::recv_chan<int> results, const go::context& ctx) {
  reply r;
  go::select(go::recv(results, [&](std::optional<int> v) { r.value = v; }),
             go::recv(ctx.done(), [&] { r.error = ctx.err(); }));  // canceled or deadline_exceeded
  return r;
}
// [end-snippet]

namespace {

// describe: a reply in words.
std::string describe(const reply& r) {
  return r.value ? "got " + std::to_string(*r.value) : "error: " + r.error.message();
}

}  // namespace

void show_q08() {
  go::run([] {
    const auto slow = go::make_chan<int>();
    go::spawn([slow] {
      go::sleep(50ms);
      slow.try_send(1);  // nobody may be listening any more: do not block
    });
    std::printf("  result after 50 ms, time.After(10 ms):     %s\n", describe(receive_with_time_after(slow, 10ms)).c_str());
    auto [ctx, cancel] = go::with_timeout(go::background(), 10ms);
    go::defer_cancel cancel_on_return{cancel};
    std::printf("  result after 50 ms, context timeout 10 ms: %s\n", describe(receive_with_context(slow, ctx)).c_str());
    const auto ready = go::make_chan<int>(1);
    ready.send(7);
    std::printf("  result already there, time.After(10 ms):   %s\n", describe(receive_with_time_after(ready, 10ms)).c_str());
  });
}

}  // namespace ch08
