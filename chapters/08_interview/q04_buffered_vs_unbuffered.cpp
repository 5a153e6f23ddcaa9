// q04_buffered_vs_unbuffered.cpp - Q4: an unbuffered send waits for its receiver; a buffered one
// waits only when the buffer is full.
//
// Go: ch := make(chan int)      // ch <- 42 blocks until someone receives
//     ch := make(chan int, 3)   // three sends return at once, the fourth blocks
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

// [snippet: sends_before_any_receive]
int sends_before_any_receive(std::size_t capacity, int sends) {
  int returned = 0;  // one worker thread: no lock needed
  int seen = 0;
  go::run([&] {
    const auto ch = go::make_chan<int>(capacity);  // capacity 0: unbuffered
    go::spawn([&returned, ch, sends] {
      for (int i = 0; i < sends; ++i) {
        ch.send(i);
        ++returned;
      }
    });
    let_others_run();  // the sender runs until it blocks: nobody receives yet
    seen = returned;
    for (int i = 0; i < sends; ++i) ch.recv();  // now receive, so the sender can finish
  });
  return seen;
}
// [end-snippet]

void show_q04() {
  std::printf("  unbuffered, 4 sends, no receiver yet: %d returned (each waits for a receiver)\n",
              sends_before_any_receive(0, 4));
  std::printf("  buffered(3), 4 sends, no receiver yet: %d returned (the 4th waits for room)\n",
              sends_before_any_receive(3, 4));
}

}  // namespace ch08
