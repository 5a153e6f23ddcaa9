// pipeline_leak.cpp - a pipeline without a done channel leaks when its consumer stops early.
//
//   ./build/bin/ch06_pipeline_leak
//
// The guide's simplest pipeline (interview question Q14) has no done channel. Consumed to the
// end, it is fine. A consumer that stops after the first value leaves both stages blocked on a
// send that nobody will ever receive. Go would keep those goroutines forever; go::run finds them
// when main returns and throws go::fiber_leak, naming each one and what it waits on.
#include <cstdio>
#include <exception>
#include <vector>

#include <go/go.hpp>

namespace {

// [snippet: stages_without_done]
// generate: sends each number, then closes. Nothing can make it stop early.
go::recv_chan<int> generate(std::vector<int> nums) {
  auto out = go::make_chan<int>();
  go::spawn([out, nums = std::move(nums)] {
    for (int n : nums) out.send(n);  // blocks until someone receives
    out.close();
  });
  return out;
}

// square: sends the square of each number it receives.
go::recv_chan<int> square(go::recv_chan<int> in) {
  auto out = go::make_chan<int>();
  go::spawn([in, out] {
    for (int n : in) out.send(n * n);
    out.close();
  });
  return out;
}
// [end-snippet]

}  // namespace

int main() {
  std::printf("consumed to the end:\n  ");
  // [snippet: consume_all]
  go::run([] {
    for (int s : square(generate({1, 2, 3, 4}))) std::printf("%d ", s);  // 1 4 9 16
  });
  // [end-snippet]
  std::printf("\n\nstopped after the first value:\n");
  try {
    // [snippet: stop_early]
    go::run([] {
      auto squares = square(generate({1, 2, 3, 4}));
      std::printf("  first square: %d\n", squares.recv().value_or(-1));
      // main returns here: square waits to send 4, generate waits to send 3
    });
    // [end-snippet]
  } catch (const go::fiber_leak& leak) {
    std::printf("\ngo::run threw go::fiber_leak:\n%s\n", leak.what());
    std::printf("The fix is a done channel: each stage selects between sending and <-done,\n"
                "and the consumer closes done when it stops (exercises generate, square, filter_even).\n");
  }
}
