// nil_channels.cpp - a closed channel is always ready; a nil channel never is. Switching a
// select's case off by setting its channel to nil.
//
//   ./build/bin/ch03_nil_channels
//
// Go:  for a != nil || b != nil {
//          select {
//          case v, ok := <-a:
//              if !ok { a = nil; continue }   // closed: switch this case off
//              fmt.Println("a:", v)
//          case v, ok := <-b:
//              if !ok { b = nil; continue }
//              fmt.Println("b:", v)
//          }
//      }
//
// First the trap: a select loop over a closed channel. Its case is ready every time, with
// nothing in it - in Go with a zero value - so the loop never waits: a busy loop. The demo stops
// it after five rounds; the guide's monitor would spin for ever. Then the fix: merging two
// channels until both are closed, each case switched off by a nil channel once its input ends.
#include <cstdio>
#include <optional>

#include <go/go.hpp>

namespace {

// producer: a fiber that sends `first`, `first + 1`, ..., `count` values in all, then closes.
go::recv_chan<int> producer(int first, int count) {
  auto out = go::make_chan<int>();
  go::spawn([out, first, count] {
    for (int i = 0; i < count; ++i) out.send(first + i);
    out.close();
  });
  return out;
}

}  // namespace

int main() {
  go::run([] {
    // [snippet: always_ready]
    const auto closed = go::make_chan<int>();
    closed.close();
    const auto quiet = go::make_chan<int>();  // open, and nobody sends
    for (int round = 1; round <= 5; ++round) {
      go::select(go::recv(closed, [&](std::optional<int>&& v) {
                   std::printf("round %d: the closed channel is ready again, holding %s\n", round,
                               v ? "a value" : "nothing");
                 }),
                 go::recv(quiet, [](std::optional<int>&&) { std::printf("never: nobody sends on quiet\n"); }));
    }
    // [end-snippet]

    // [snippet: merge]
    go::recv_chan<int> a = producer(100, 3);
    go::recv_chan<int> b = producer(200, 2);
    const auto from = [](go::recv_chan<int>& input, const char* name) {
      return go::recv(input, [&input, name](std::optional<int>&& v) {
        if (v) {
          std::printf("%s: %d\n", name, *v);
        } else {
          std::printf("%s is closed: its case is switched off\n", name);
          input = {};  // a nil channel: never ready again
        }
      });
    };
    while (!a.is_nil() || !b.is_nil()) go::select(from(a, "a"), from(b, "b"));
    std::printf("both closed: the loop ends, having waited at every step\n");
    // [end-snippet]
  });
}
