// directions.cpp - send-only and receive-only channel ends, checked by the compiler.
//
//   ./build/bin/ch02_directions
//
// Go:  func sender(ch chan<- int)   { ch <- 42 }        // value := <-ch would not compile
//      func receiver(ch <-chan int) { value := <-ch }   // ch <- 42 would not compile
//      func processor(ch chan int)  { ch <- 42; value := <-ch }
//
// go::send_chan<T> and go::recv_chan<T> are Go's chan<- T and <-chan T: a go::chan<T> converts
// to either, and each offers only its side's operations. The static_asserts below are the
// "compile error" comments of the guide, checked on every build.
#include <cstdio>

#include <go/go.hpp>

namespace {

// [snippet: directions]
// sender: may send and close; a receive does not compile.
void sender(go::send_chan<int> ch) {
  ch.send(42);
  // ch.recv();  // error: go::chan<int>::recv() is inaccessible within this context
}

// receiver: may receive and range; a send or a close does not compile.
int receiver(go::recv_chan<int> ch) {
  // ch.send(42);  // error: go::chan<int>::send(int) is inaccessible within this context
  return ch.recv().value();
}

// processor: a bidirectional channel can do both. (Given a buffered channel: on an unbuffered
// one the send would wait forever for a receiver - this fiber is the only one.)
int processor(go::chan<int> ch) {
  ch.send(42);
  return ch.recv().value();
}
// [end-snippet]

// [snippet: checked]
template <class Channel>
concept can_send = requires(Channel ch) { ch.send(1); };
template <class Channel>
concept can_receive = requires(Channel ch) { ch.recv(); };
template <class Channel>
concept can_close = requires(Channel ch) { ch.close(); };

static_assert(can_send<go::send_chan<int>> && !can_receive<go::send_chan<int>>);
static_assert(can_receive<go::recv_chan<int>> && !can_send<go::recv_chan<int>>);
static_assert(!can_close<go::recv_chan<int>>, "only the sending side may close");
static_assert(can_send<go::chan<int>> && can_receive<go::chan<int>> && can_close<go::chan<int>>);
// [end-snippet]

}  // namespace

int main() {
  go::run([] {
    // [snippet: convert]
    auto ch = go::make_chan<int>();
    go::spawn([ch] { sender(ch); });  // chan<int> converts to send_chan<int>, as in Go
    std::printf("receiver got %d\n", receiver(ch));
    std::printf("processor got %d back\n", processor(go::make_chan<int>(1)));
    // [end-snippet]
  });
}
