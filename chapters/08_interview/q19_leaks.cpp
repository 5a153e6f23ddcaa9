// q19_leaks.cpp - Q19: how do you prevent leaks? Give every fiber a way to finish.
//
// Go: go func() { ch <- 42 }()   // blocks forever if no receiver: the goroutine leaks
// go::: go::run reports such a fiber as go::fiber_leak when main returns (Go keeps it silently
// until the process exits); go::testing::expect_no_leaks does in a test what goleak does in Go.
// The fixes: room for the value, a done channel, a context, a timeout, a close.
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

// [snippet: leak]
void leak() {
  const auto ch = go::make_chan<int>();
  go::spawn_named("sender", [ch] { ch.send(42); });  // blocks forever: nobody receives
}

void fixed_with_buffer() {
  const auto ch = go::make_chan<int>(1);  // room for the one value
  go::spawn_named("sender", [ch] { ch.send(42); });
}
// [end-snippet]

// [snippet: fixes]
void fixed_with_done(go::recv_chan<go::empty> done) {
  const auto ch = go::make_chan<int>();
  go::spawn_named("sender", [ch, done] { go::select(go::send(ch, 42), go::recv(done)); });
}

void fixed_with_context(const go::context& ctx) {
  const auto ch = go::make_chan<int>();
  go::spawn_named("sender", [ch, ctx] { go::select(go::send(ch, 42), go::recv(ctx.done())); });
}

void fixed_with_timeout(go::clock::duration timeout) {
  const auto ch = go::make_chan<int>();
  go::spawn_named("sender", [ch, timeout] { go::select(go::send(ch, 42), go::recv(go::after(timeout))); });
}

void leak_receiver() {
  const auto ch = go::make_chan<int>();
  go::spawn_named("receiver", [ch] { for (int v : ch) (void)v; });
  for (int i = 0; i < 3; ++i) ch.send(i);
}  // the sender forgot ch.close(): the receiver's range never ends

void fixed_by_closing() {
  const auto ch = go::make_chan<int>();
  go::spawn_named("receiver", [ch] { for (int v : ch) (void)v; });
  for (int i = 0; i < 3; ++i) ch.send(i);
  ch.close();  // the range ends
}
// [end-snippet]

namespace {

// first_lines: the first `n` lines of a report.
std::string first_lines(const std::string& text, int n) {
  std::size_t end = 0;
  for (int i = 0; i < n && end != std::string::npos; ++i) end = text.find('\n', end + 1);
  return text.substr(0, end);
}

}  // namespace

void show_q19() {
  try {
    go::run([] { leak(); });
  } catch (const go::fiber_leak& e) {
    std::printf("  leak(): go::run throws go::fiber_leak:\n%s\n", first_lines(e.what(), 4).c_str());
  }
  try {
    go::run([] { leak_receiver(); });
  } catch (const go::fiber_leak&) {
    std::printf("  leak_receiver(): go::fiber_leak too - a range over a channel nobody closes\n");
  }
  go::run([] {
    fixed_with_buffer();
    const auto done = go::make_chan<go::empty>();
    fixed_with_done(done);
    auto [ctx, cancel] = go::with_cancel(go::background());
    fixed_with_context(ctx);
    fixed_with_timeout(std::chrono::milliseconds{10});
    fixed_by_closing();
    let_others_run();
    std::printf("  the five fixes: %ld fibers still waiting until done/cancel/timeout end them\n",
                go::live_fibers() - 1);
    done.close();
    cancel();
  });
  std::printf("  ... and go::run returned: every fiber finished\n");
}

}  // namespace ch08
