// q16_context.cpp - Q16: a context carries a deadline, a cancellation signal and request-scoped
// values down a call tree.
//
// Go: ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second); defer cancel()
//     select { case result := <-processingChan: ...; case <-ctx.Done(): return ctx.Err() }
// go::: the same names (go::with_timeout, ctx.done(), ctx.err()); go::defer_cancel is
// `defer cancel()`. Pass it as the first parameter; never store it in a long-lived object.
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

using namespace std::chrono_literals;

const go::context_key<std::string> request_id{"request id"};

// [snippet: do_work]
reply do_work(const go::context& ctx, go::recv_chan<int> processing) {
  reply r;
  go::select(go::recv(processing, [&](std::optional<int> result) { r.value = result; }),
             go::recv(ctx.done(), [&] { r.error = ctx.err(); }));
  return r;
}
// [end-snippet]

namespace {

std::string describe(const reply& r) {
  return r.value ? "result " + std::to_string(*r.value) : r.error.message();
}

}  // namespace

void show_q16() {
  go::run([] {
    const auto processing = go::make_chan<int>(1);
    processing.send(42);
    auto [ctx, cancel] = go::with_timeout(go::background(), 5s);
    go::defer_cancel cancel_on_return{cancel};
    std::printf("  result ready, 5 s timeout:        %s\n", describe(do_work(ctx, processing)).c_str());

    auto [short_ctx, short_cancel] = go::with_timeout(go::background(), 10ms);
    go::defer_cancel short_cancel_on_return{short_cancel};
    std::printf("  nothing comes, 10 ms timeout:     %s\n", describe(do_work(short_ctx, processing)).c_str());

    auto [parent, cancel_parent] = go::with_cancel(go::background());
    auto [child, cancel_child] = go::with_timeout(go::with_value(parent, request_id, "req-7"), 5s);
    go::defer_cancel child_cancel_on_return{cancel_child};
    go::spawn([cancel_parent] { cancel_parent(); });  // e.g. the client hung up
    std::printf("  parent cancelled, child waiting:  %s (request %s)\n", describe(do_work(child, processing)).c_str(),
                child.value(request_id).value_or("?").c_str());
  });
}

}  // namespace ch08
