// fan_out_fan_in.cpp - four workers share one input channel; who gets which value is not fixed.
//
//   ./build/bin/ch06_fan_out_fan_in
//
// The guide draws fan-out as a round robin ([R1,R5] [R2,R6] ...). It is not: every worker
// receives from the same channel, and whichever is free takes the next value. Here the workers
// also share one output channel, so fan-in is a wait_group and a fiber that closes the output
// when the last worker is done - the other way to fan in besides a merge of one channel per
// worker (exercise merge). Results arrive in whatever order the workers finish.
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <vector>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

struct result {
  int worker = 0;
  int input = 0;
  int output = 0;
};

// expensive_computation: a square that takes 1-3 ms, as a call to another service would.
int expensive_computation(int n) {
  go::sleep(std::chrono::milliseconds{1 + n % 3});
  return n * n;
}

// [snippet: fan_out_shared_output]
// fan_out: `workers` fibers take numbers from `in`; all send to one output channel, which the
// last worker to finish closes (through the wait_group and a closing fiber).
go::recv_chan<result> fan_out(go::recv_chan<int> in, int workers) {
  auto out = go::make_chan<result>();
  auto running = std::make_shared<go::wait_group>();  // outlives fan_out: the fibers share it
  running->add(workers);
  for (int w = 1; w <= workers; ++w) {
    go::spawn([in, out, running, w] {
      for (int n : in) out.send({w, n, expensive_computation(n)});
      running->done();
    });
  }
  go::spawn([out, running] {
    running->wait();  // every worker has returned: nobody sends any more
    out.close();
  });
  return out;
}
// [end-snippet]

}  // namespace

int main() {
  go::run(
      [] {
        auto numbers = go::make_chan<int>();
        go::spawn([numbers] {
          for (int n = 1; n <= 12; ++n) numbers.send(n);
          numbers.close();
        });

        std::map<int, std::vector<int>> taken_by;  // worker -> the inputs it took
        std::printf("results in arrival order:\n  ");
        for (const result& r : fan_out(numbers, 4)) {
          std::printf("%d ", r.output);
          taken_by[r.worker].push_back(r.input);
        }
        std::printf("\n\nwhich worker took which input:\n");
        for (const auto& [worker, inputs] : taken_by) {
          std::printf("  worker %d:", worker);
          for (int n : inputs) std::printf(" %d", n);
          std::printf("\n");
        }
      },
      {.threads = 2});
}
