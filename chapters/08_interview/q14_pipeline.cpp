// q14_pipeline.cpp - Q14: stages connected by channels, each closing its output when done.
//
// Go: func generate(nums ...int) <-chan int; func square(in <-chan int) <-chan int
//     for s := range square(generate(1, 2, 3, 4)) { fmt.Println(s) }
// Each stage is a fiber that owns - and closes - its output channel, so the close flows down
// the pipeline and the final range ends.
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

namespace {

// [snippet: stages]
go::recv_chan<int> generate(std::vector<int> nums) {
  const auto out = go::make_chan<int>();
  go::spawn([out, nums = std::move(nums)] {
    for (int n : nums) out.send(n);
    out.close();
  });
  return out;
}

go::recv_chan<int> square(go::recv_chan<int> in) {
  const auto out = go::make_chan<int>();
  go::spawn([in, out] {
    for (int n : in) out.send(n * n);  // ends when generate closes `in`
    out.close();
  });
  return out;
}
// [end-snippet]

}  // namespace

std::vector<int> square_pipeline(const std::vector<int>& nums, unsigned threads) {
  std::vector<int> squares;
  go::run([&] { for (int s : square(generate(nums))) squares.push_back(s); }, {.threads = threads});
  return squares;
}

void show_q14() {
  std::printf("  square(generate(1, 2, 3, 4)):");
  for (int s : square_pipeline({1, 2, 3, 4}, 1)) std::printf(" %d", s);
  std::printf(" - then the range ended: each stage closed its output\n");
}

}  // namespace ch08
