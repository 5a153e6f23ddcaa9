// select_basics.cpp - the guide's select statement, run in four situations.
//
//   ./build/bin/ch03_select_basics
//
// Go:  select {
//      case msg1 := <-ch1:                  fmt.Println("Received from ch1:", msg1)
//      case msg2 := <-ch2:                  fmt.Println("Received from ch2:", msg2)
//      case ch3 <- 42:                      fmt.Println("Sent to ch3")
//      case <-time.After(1 * time.Second):  fmt.Println("Timeout after 1 second")
//      default:                             fmt.Println("No channel ready - non-blocking")
//      }
//
// The same select runs while nothing is ready, while ch1 holds a value, and while a receiver
// waits on ch3; then without its default, so that the timeout can fire. go::select returns the
// index of the case that ran, which the demo prints. Last, the guide's non-blocking receive and
// send: a select with one case and a default.
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

// [snippet: guide_select]
int guide_select(const go::chan<std::string>& ch1, const go::chan<std::string>& ch2, const go::chan<int>& ch3) {
  return go::select(
      go::recv(ch1, [](std::optional<std::string>&& msg1) {  // empty: ch1 is closed (Go: ok == false)
        std::printf("Received from ch1: %s\n", msg1.value_or("").c_str());
      }),
      go::recv(ch2, [](std::optional<std::string>&& msg2) {
        std::printf("Received from ch2: %s\n", msg2.value_or("").c_str());
      }),
      go::send(ch3, 42, [] { std::printf("Sent to ch3\n"); }),
      go::recv(go::after(1s), [] { std::printf("Timeout after 1 second\n"); }),
      go::otherwise([] { std::printf("No channel ready - non-blocking\n"); }));
}
// [end-snippet]

// let_others_run: yields a few times, so that every other ready fiber runs until it blocks.
void let_others_run() {
  for (int i = 0; i < 10; ++i) go::yield();
}

}  // namespace

int main() {
  go::run([] {
    // [snippet: situations]
    const auto ch1 = go::make_chan<std::string>(1);
    const auto ch2 = go::make_chan<std::string>(1);
    const auto ch3 = go::make_chan<int>();  // unbuffered: a send needs a receiver waiting

    std::printf("1. nothing is ready:        ");
    std::printf("   -> case %d ran\n", guide_select(ch1, ch2, ch3));

    ch1.send("hello");
    std::printf("2. ch1 holds a value:       ");
    std::printf("   -> case %d ran\n", guide_select(ch1, ch2, ch3));

    go::spawn([ch3] { std::printf("   (the receiver got %d)\n", ch3.recv().value()); });
    let_others_run();  // the receiver now waits on ch3
    std::printf("3. a receiver waits on ch3: ");
    std::printf("   -> case %d ran\n", guide_select(ch1, ch2, ch3));
    let_others_run();
    // [end-snippet]

    // [snippet: without_default]
    std::printf("4. no default, nothing ready: ");
    const int fired = go::select(go::recv(ch1), go::recv(ch2), go::send(ch3, 42),
                                 go::recv(go::after(100ms), [] { std::printf("Timeout after 100 ms\n"); }));
    std::printf("   -> case %d ran\n", fired);
    // [end-snippet]

    // [snippet: non_blocking]
    const auto ch = go::make_chan<std::string>(1);
    for (const char* value : {"first", "second"}) {
      go::select(go::send(ch, value, [&] { std::printf("Sent %s successfully\n", value); }),
                 go::otherwise([&] { std::printf("Channel full, cannot send %s\n", value); }));
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
      go::select(go::recv(ch, [](std::optional<std::string>&& msg) { std::printf("Received: %s\n", msg->c_str()); }),
                 go::otherwise([] { std::printf("No message available\n"); }));
    }
    // [end-snippet]
  });
}
