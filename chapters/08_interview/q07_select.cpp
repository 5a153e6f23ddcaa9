// q07_select.cpp - Q7: select waits on several channel operations and runs one.
//
// Go: select { case v := <-ch1: ...; case v := <-ch2: ...; default: ... }
// go::: go::select(go::recv(ch1, ...), go::recv(ch2, ...), go::otherwise(...))
// It blocks until a case is ready; if several are, it picks one at random; with a default it
// never blocks.
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

// [snippet: random_choice]
choices select_between_ready(int rounds) {
  choices counted;
  go::run([&] {
    const auto ch1 = go::make_chan<int>(1);
    const auto ch2 = go::make_chan<int>(1);
    for (int round = 0; round < rounds; ++round) {
      ch1.try_send(1);  // refill: both channels hold a value before every select
      ch2.try_send(2);
      go::select(go::recv(ch1, [&] { ++counted.first; }),  //
                 go::recv(ch2, [&] { ++counted.second; }));
    }
  });
  return counted;
}
// [end-snippet]

std::size_t select_with_nothing_ready() {
  return go::run([] {
    const auto ch1 = go::make_chan<int>();
    const auto ch2 = go::make_chan<int>();
    return go::select(go::recv(ch1), go::recv(ch2), go::otherwise());  // default's index: 2
  });
}

std::string select_waits() {
  return go::run([] {
    const auto ch1 = go::make_chan<int>();
    const auto ch2 = go::make_chan<int>();
    go::spawn([ch2] { ch2.send(42); });
    std::string what;
    go::select(go::recv(ch1, [&](std::optional<int> v) { what = "first: " + std::to_string(*v); }),
               go::recv(ch2, [&](std::optional<int> v) { what = "second: " + std::to_string(*v); }));
    return what;
  });
}

void show_q07() {
  const choices counted = select_between_ready(1000);
  std::printf("  both cases ready, 1000 selects: first ran %d times, second %d (random, not in order)\n",
              counted.first, counted.second);
  std::printf("  nothing ready, with a default: case %zu ran (the default) without blocking\n",
              select_with_nothing_ready());
  std::printf("  nothing ready, no default: blocked until a fiber sent, then ran \"%s\"\n", select_waits().c_str());
}

}  // namespace ch08
