// trace_bench.cpp - what the GO_TRACE hooks cost: a ping-pong and a three-stage pipeline, timed
// from inside the run, so that starting the run and writing the trace file are not counted.
//
//   build-release/bin/trace_bench pingpong 100000 2    # program, items, worker threads
//   412.7                                               # ns per item
//
// bench/trace/run.py builds it with and without the tracing code (GO_TRACING=ON / OFF) and runs
// it three ways. Under callgrind the measured part is bracketed by client requests, so that an
// instruction count per item leaves out the start and the file too.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include <go/go.hpp>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS
#endif

namespace {

// ping_pong: one item is a round trip over two unbuffered channels (as BM_Chan_PingPong).
void ping_pong(std::int64_t items) {
  auto ping = go::make_chan<std::int64_t>();
  auto pong = go::make_chan<std::int64_t>();
  go::spawn([ping, pong] {
    for (std::int64_t v : ping) pong.send(v);
  });
  for (std::int64_t i = 0; i < items; ++i) {
    ping.send(i);
    (void)pong.recv();
  }
  ping.close();
}

go::recv_chan<std::int64_t> square(go::recv_chan<std::int64_t> in) {
  auto out = go::make_chan<std::int64_t>();
  go::spawn([in, out] {
    for (std::int64_t v : in) out.send(v * v);
    out.close();
  });
  return out;
}

// pipeline: one item is a value through generate -> square -> square (as BM_Pipeline_ThreeStages).
std::int64_t pipeline(std::int64_t items) {
  auto numbers = go::make_chan<std::int64_t>();
  go::spawn([numbers, items] {
    for (std::int64_t i = 0; i < items; ++i) numbers.send(i & 0xff);
    numbers.close();
  });
  std::int64_t sum = 0;
  for (std::int64_t v : square(square(numbers))) sum += v;
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || (std::string_view{argv[1]} != "pingpong" && std::string_view{argv[1]} != "pipeline")) {
    std::cerr << "usage: trace_bench pingpong|pipeline ITEMS THREADS\n";
    return 2;
  }
  const bool pingpong = std::string_view{argv[1]} == "pingpong";
  const std::int64_t items = std::atoll(argv[2]);
  const auto threads = static_cast<unsigned>(std::atoi(argv[3]));
  std::chrono::nanoseconds took{};
  std::int64_t sum = 0;
  go::run([&] {
    const auto start = std::chrono::steady_clock::now();
    CALLGRIND_ZERO_STATS;
    if (pingpong) {
      ping_pong(items);
    } else {
      sum = pipeline(items);
    }
    CALLGRIND_DUMP_STATS;
    took = std::chrono::steady_clock::now() - start;
  }, {.threads = threads});
  std::cout << static_cast<double>(took.count()) / static_cast<double>(items) << '\n';
  return sum < 0 ? 1 : 0;  // the sum is used, so the pipeline is not optimised away
}
