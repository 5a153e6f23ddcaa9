// unbuffered.cpp - an unbuffered channel hands a value over: the sender waits for the receiver.
//
//   ./build/bin/ch02_unbuffered
//
// Go:  ch := make(chan int)
//      go func() { ch <- 42 }()  // blocks here until someone receives
//      value := <-ch             // blocks here until someone sends
//
// The demo watches the sender instead of guessing with sleeps: on one worker thread fibers run
// in a fixed order, and go::yield lets the sender run as far as it can - up to its send.
#include <cstdio>
#include <string>

#include <go/go.hpp>

namespace {

// let_others_run: yields a few times, so that every other ready fiber runs until it blocks.
void let_others_run() {
  for (int i = 0; i < 10; ++i) go::yield();
}

}  // namespace

int main() {
  go::run([] {
    // [snippet: handoff]
    auto ch = go::make_chan<int>();  // unbuffered: there is no room to leave a value in
    std::string sender = "not started";
    go::spawn([ch, &sender] {
      sender = "blocked in ch.send(42)";
      ch.send(42);  // blocks here until someone receives
      sender = "done: the receiver took 42";
    });

    let_others_run();
    std::printf("receiver: not receiving yet;  sender is %s\n", sender.c_str());
    const int value = ch.recv().value();  // a sender is waiting, so this returns at once
    std::printf("receiver: got %d\n", value);  // the sender is woken; it runs when we yield
    let_others_run();
    std::printf("receiver: after yielding;     sender is %s\n", sender.c_str());
    // [end-snippet]

    // The other way round: the receiver arrives first and waits for the sender.
    // [snippet: receiver_first]
    std::string receiver = "not started";
    go::spawn([ch, &receiver] {
      receiver = "blocked in ch.recv()";
      const int got = ch.recv().value();
      receiver = "done: got " + std::to_string(got);
    });
    let_others_run();
    std::printf("\nsender:   not sending yet;    receiver is %s\n", receiver.c_str());
    ch.send(7);  // the receiver is waiting: the value goes straight to it
    let_others_run();
    std::printf("sender:   sent 7;             receiver is %s\n", receiver.c_str());
    // [end-snippet]
  });
}
