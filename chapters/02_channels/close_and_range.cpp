// close_and_range.cpp - closing a channel, and the two ways a receiver sees that it is closed.
//
//   ./build/bin/ch02_close_and_range
//
// Go:  go func() {
//          for i := 0; i < 5; i++ { ch <- i }
//          close(ch) // Signal: no more values
//      }()
//      for value := range ch { fmt.Println(value) } // ends when ch is closed
//
//      value, ok := <-ch // Method 1: ok is false once ch is closed and drained
//      for value := range ch {} // Method 2: range stops by itself
#include <cstdio>
#include <optional>

#include <go/go.hpp>

int main() {
  go::run([] {
    // [snippet: range]
    auto ch = go::make_chan<int>();
    go::spawn([out = go::send_chan<int>{ch}] {  // the producer holds the send end
      for (int i = 0; i < 5; ++i) out.send(i);
      out.close();  // Signal: no more values
    });
    for (int value : ch) std::printf("%d ", value);  // Prints: 0 1 2 3 4
    std::printf("- the loop ended: ch is closed\n");
    // [end-snippet]

    // [snippet: ok]
    auto buffered = go::make_chan<int>(2);
    buffered.send(10);
    buffered.send(20);
    buffered.close();  // closed, but two values are still in the buffer
    for (int attempt = 1; attempt <= 3; ++attempt) {
      const std::optional<int> value = buffered.recv();  // Go: value, ok := <-buffered
      if (value) {
        std::printf("recv %d: %d (ok: the buffer drains first)\n", attempt, *value);
      } else {
        std::printf("recv %d: empty optional (!ok: closed and drained)\n", attempt);
      }
    }
    // [end-snippet]
  });
}
