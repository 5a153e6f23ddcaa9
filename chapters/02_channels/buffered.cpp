// buffered.cpp - a buffered channel: sends complete at once until the buffer is full.
//
//   ./build/bin/ch02_buffered
//
// Go:  ch := make(chan int, 3)
//      ch <- 1 // doesn't block
//      ch <- 2 // doesn't block
//      ch <- 3 // doesn't block
//      ch <- 4 // blocks - buffer full
//      val1 := <-ch // gets 1
//
// A sender fiber sends 1, 2, 3, 4 and records how far it got; the main fiber looks at the
// buffer (ch.len(), Go's len(ch)) without sleeping: on one worker thread go::yield lets the
// sender run until it blocks.
#include <cstdio>

#include <go/go.hpp>

namespace {

// let_others_run: yields a few times, so that every other ready fiber runs until it blocks.
void let_others_run() {
  for (int i = 0; i < 10; ++i) go::yield();
}

// show: one line per step - the buffer as slots, and how far the sender got.
void show(const char* step, const go::chan<int>& ch, int sent) {
  std::printf("%-14s buffer [", step);
  for (std::size_t slot = 0; slot < ch.cap(); ++slot) std::fputs(slot < ch.len() ? " #" : " _", stdout);
  std::printf(" ]  %zu of %zu used; sends completed: %d\n", ch.len(), ch.cap(), sent);
}

}  // namespace

int main() {
  go::run([] {
    // [snippet: fill_the_buffer]
    auto ch = go::make_chan<int>(3);  // room for 3 values
    int sent = 0;
    go::spawn([ch, &sent] {
      for (int value = 1; value <= 4; ++value) {
        ch.send(value);  // the 4th blocks: the buffer is full
        sent = value;
      }
    });

    show("start", ch, sent);
    let_others_run();
    show("sender ran", ch, sent);  // 3 sends completed, the 4th is waiting
    std::printf("%-14s got %d\n", "receive", ch.recv().value());
    let_others_run();
    show("sender ran", ch, sent);  // the freed slot let the 4th send through
    // [end-snippet]
    for (int i = 0; i < 3; ++i) std::printf("%-14s got %d\n", "receive", ch.recv().value());
    show("drained", ch, sent);
  });
}
