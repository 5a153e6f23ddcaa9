// random_choice.cpp - when several cases are ready, select picks one at random; a priority
// takes two selects.
//
//   ./build/bin/ch03_random_choice
//
// Go:  Select Behavior: "If multiple cases are ready, chooses one at random."
//
//      select {                       // both always ready: each wins about half the time
//      case <-a:
//      case <-b:
//      }
//
//      select {                       // a first, whenever it is ready
//      case <-a:
//      default:
//          select { case <-a: case <-b: }
//      }
//
// Both channels are refilled after every round, so both are ready in every round. A select that
// tried its cases in the order written would pick `a` every time and starve `b`.
#include <cstdio>

#include <go/go.hpp>

namespace {

constexpr int rounds = 10'000;

// refill: puts a value back into the channel a select just took one from.
void refill(int index, const go::chan<int>& a, const go::chan<int>& b) { (index == 0 ? a : b).send(0); }

}  // namespace

int main() {
  go::run([] {
    const auto a = go::make_chan<int>(1);
    const auto b = go::make_chan<int>(1);
    a.send(0);
    b.send(0);

    // [snippet: histogram]
    int wins[2] = {0, 0};
    for (int round = 0; round < rounds; ++round) {
      const int index = go::select(go::recv(a), go::recv(b));  // both are ready
      ++wins[index];
      refill(index, a, b);
    }
    std::printf("one select:  a won %5d times, b won %5d times\n", wins[0], wins[1]);
    // [end-snippet]

    // [snippet: priority]
    int first[2] = {0, 0};
    for (int round = 0; round < rounds; ++round) {
      int index = 0;
      if (go::select(go::recv(a), go::otherwise()) != 0) {  // a alone, without waiting...
        index = go::select(go::recv(a), go::recv(b));       // ...and only then both
      }
      ++first[index];
      refill(index, a, b);
    }
    std::printf("a, then b:   a won %5d times, b won %5d times\n", first[0], first[1]);
    // [end-snippet]
  });
}
