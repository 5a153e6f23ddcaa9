// q05_send_on_closed.cpp - Q5: what does sending on a closed channel do?
//
// Go: close(ch); ch <- 42     // panic: send on closed channel
//     v, ok := <-ch           // 0, false once closed and drained
// go::: send throws go::channel_closed; uncaught in a fiber it ends go::run like a panic ends a
// Go program (go::run rethrows it; go::recover catches it inside the fiber). recv returns the
// values still buffered, then an empty optional.
#include <cstdio>
#include <exception>

#include "interview.hpp"

namespace ch08 {

// [snippet: send_on_closed]
void send_on_closed_channel() {
  const auto ch = go::make_chan<int>(1);  // even with room in the buffer
  ch.close();
  ch.send(42);  // throws go::channel_closed
}
// [end-snippet]

void send_on_closed_in_a_fiber() {
  go::run([] {
    go::spawn([] { send_on_closed_channel(); });  // nothing catches it
  });  // go::run waits for the fiber, and rethrows what escaped it
}

std::vector<std::optional<int>> receives_after_close() {
  std::vector<std::optional<int>> received;
  go::run([&received] {
    const auto ch = go::make_chan<int>(2);
    ch.send(7);
    ch.send(8);
    ch.close();
    for (int i = 0; i < 3; ++i) received.push_back(ch.recv());
  });
  return received;
}

void show_q05() {
  go::run([] {
    try {
      send_on_closed_channel();
    } catch (const go::channel_closed& e) {
      std::printf("  send after close: throws go::channel_closed (\"%s\"); Go panics\n", e.what());
    }
  });
  std::printf("  the same in a fiber that does not catch it (the toolkit prints the panic on stderr):\n");
  try {
    send_on_closed_in_a_fiber();
  } catch (const go::channel_closed&) {
    std::printf("  -> go::run rethrows go::channel_closed: the whole run ends, as a panic ends a Go program\n");
  }
  std::printf("  receive after close, 7 and 8 still buffered:");
  for (const auto& v : receives_after_close()) {
    if (v) {
      std::printf(" %d", *v);
    } else {
      std::printf(" (empty: closed and drained)\n");
    }
  }
}

}  // namespace ch08
