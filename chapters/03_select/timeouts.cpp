// timeouts.cpp - the guide's two timeouts (time.After and a context), and where the timer is
// made: inside a for-select loop or before it.
//
//   ./build/bin/ch03_timeouts
//
// Go:  select {                                  // Q8, method 1
//      case result := <-ch:               fmt.Println("Got result:", result)
//      case <-time.After(5 * time.Second): fmt.Println("Operation timed out")
//      }
//      ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
//      defer cancel()
//      select {                                  // Q8, method 2
//      case result := <-ch:    fmt.Println("Got result:", result)
//      case <-ctx.Done():      fmt.Println("Timeout:", ctx.Err())
//      }
//
// The times are a hundredth of the guide's: a 50 ms budget for an operation that takes 20 ms,
// then for one that takes 200 ms.
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

// start_operation: a fiber that delivers "done after <ms> ms" once `takes` has passed.
go::recv_chan<std::string> start_operation(go::clock::duration takes) {
  auto result = go::make_chan<std::string>(1);  // room for the result: a late one never blocks
  go::spawn([result, takes] {
    go::sleep(takes);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(takes).count();
    result.send("done after " + std::to_string(ms) + " ms");
  });
  return result;
}

// [snippet: method1]
void with_time_after(go::recv_chan<std::string> ch) {
  go::select(go::recv(ch, [](std::optional<std::string>&& result) { std::printf("Got result: %s\n", result->c_str()); }),
             go::recv(go::after(50ms), [] { std::printf("Operation timed out\n"); }));
}
// [end-snippet]

// [snippet: method2]
void with_context(go::recv_chan<std::string> ch) {
  auto [ctx, cancel] = go::with_timeout(go::background(), 50ms);
  go::defer_cancel cancel_on_return{cancel};  // Go: defer cancel()
  go::select(go::recv(ch, [](std::optional<std::string>&& result) { std::printf("Got result: %s\n", result->c_str()); }),
             go::recv(ctx.done(), [&] { std::printf("Timeout: %s\n", ctx.err().message().c_str()); }));
}
// [end-snippet]

// start_ticking_producer: a fiber that sends 0..count-1, one every `every`, then closes. Room
// for every message: a reader that gives up early leaves no sender stuck.
go::recv_chan<int> start_ticking_producer(int count, go::clock::duration every) {
  auto out = go::make_chan<int>(static_cast<std::size_t>(count));
  go::spawn([out, count, every] {
    for (int i = 0; i < count; ++i) {
      go::sleep(every);
      out.send(i);
    }
    out.close();
  });
  return out;
}

// [snippet: idle_timeout]
// idle_timeout: a new timer in every round - it fires only after `limit` *without a message*.
int idle_timeout(go::recv_chan<int> messages, go::clock::duration limit) {
  int received = 0;
  bool more = true;
  const auto count = [&](std::optional<int>&& message) {
    if (message) {
      ++received;
    } else {
      more = false;  // closed: the producer is done
    }
  };
  while (more) go::select(go::recv(messages, count), go::recv(go::after(limit), [&] { more = false; }));
  return received;
}
// [end-snippet]

// [snippet: overall_deadline]
// overall_deadline: one timer for the whole loop - it fires `limit` after the start.
int overall_deadline(go::recv_chan<int> messages, go::clock::duration limit) {
  int received = 0;
  bool more = true;
  const auto count = [&](std::optional<int>&& message) {
    if (message) {
      ++received;
    } else {
      more = false;  // closed: the producer is done
    }
  };
  go::timer deadline{limit};  // made once, before the loop; its destructor stops it
  while (more) go::select(go::recv(messages, count), go::recv(deadline.c(), [&] { more = false; }));
  return received;
}
// [end-snippet]

}  // namespace

int main() {
  go::run([] {
    // [snippet: main]
    std::printf("time.After, fast operation:  ");
    with_time_after(start_operation(20ms));
    std::printf("time.After, slow operation:  ");
    with_time_after(start_operation(200ms));
    std::printf("context,    fast operation:  ");
    with_context(start_operation(20ms));
    std::printf("context,    slow operation:  ");
    with_context(start_operation(200ms));

    // Ten messages, one every 20 ms: 200 ms in all. Both loops allow 50 ms.
    std::printf("timer made in every round:   %d messages\n", idle_timeout(start_ticking_producer(10, 20ms), 50ms));
    std::printf("timer made before the loop:  %d messages\n", overall_deadline(start_ticking_producer(10, 20ms), 50ms));
    // [end-snippet]
  });
}
