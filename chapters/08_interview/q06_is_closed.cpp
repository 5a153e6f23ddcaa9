// q06_is_closed.cpp - Q6: how do you check if a channel is closed? By receiving.
//
// Go: v, ok := <-ch; if !ok { /* closed */ }      for v := range ch { ... }
// go::: recv() returns an empty optional once closed and drained; range-for ends there. As in
// Go there is no is_closed(): its answer could be stale before the caller acted on it.
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

namespace {

// produce: a fiber that sends `values`, then closes the channel it returns - the sender closes.
go::recv_chan<int> produce(const std::vector<int>& values) {
  const auto ch = go::make_chan<int>();
  go::spawn([ch, values] {
    for (int v : values) ch.send(v);
    ch.close();
  });
  return ch;
}

}  // namespace

// [snippet: two_ways]
std::vector<int> drain_with_recv(const std::vector<int>& values) {
  std::vector<int> received;
  go::run([&] {
    const go::recv_chan<int> ch = produce(values);
    while (std::optional<int> v = ch.recv()) {  // Go: v, ok := <-ch; ok is the optional's bool
      received.push_back(*v);
    }  // empty optional: closed, and nothing left in it
  });
  return received;
}

std::vector<int> drain_with_range(const std::vector<int>& values) {
  std::vector<int> received;
  go::run([&] {
    for (int v : produce(values)) received.push_back(v);  // Go: for v := range ch
  });
  return received;
}
// [end-snippet]

void show_q06() {
  std::printf("  recv() loop received %zu values, then an empty optional: closed\n", drain_with_recv({1, 2, 3}).size());
  std::printf("  range-for received %zu values, then ended at the close\n", drain_with_range({1, 2, 3}).size());
}

}  // namespace ch08
