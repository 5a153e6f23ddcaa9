// toolkit_bench.cpp - the toolkit's core operations, timed the way bench/go/toolkit_test.go times
// the same programs in Go, so that `./workbook bench toolkit` can put them side by side.
//
//   build-release/bin/toolkit_bench --benchmark_filter=PingPong
//
// Every benchmark runs inside go::run on 2 worker threads (Go: GOMAXPROCS=2) and times n items
// in one batch (Go: b.N), so that starting and stopping the run is not timed. An item is what
// the row's name says: a round trip, a value, a whole skynet tree, a fiber, an increment.
#include <benchmark/benchmark.h>

#include <go/go.hpp>

#include <cstdint>
#include <stdexcept>

namespace {

constexpr go::run_options two_workers{.threads = 2};

// in_run: times `work(n)` for n items in the main fiber of a run on two workers. The batch is
// repeated as often as Google Benchmark asks (usually once, with n = max_iterations).
template <class Work>
void in_run(benchmark::State& state, Work work, std::int64_t items_per_iteration = 1) {
  go::run([&] {
    const auto n = state.max_iterations;
    while (state.KeepRunningBatch(n)) work(static_cast<std::int64_t>(n));
  }, two_workers);
  state.SetItemsProcessed(state.iterations() * items_per_iteration);
}

// ---------------------------------------------------------------------------------------------
// Channels

// A round trip over two unbuffered channels: the echo fiber's receive, send, and both wake-ups.
void BM_Chan_PingPong(benchmark::State& state) {
  in_run(state, [](std::int64_t n) {
    auto ping = go::make_chan<std::int64_t>();
    auto pong = go::make_chan<std::int64_t>();
    go::spawn([ping, pong] {
      for (std::int64_t v : ping) pong.send(v);
    });
    for (std::int64_t i = 0; i < n; ++i) {
      ping.send(i);
      benchmark::DoNotOptimize(pong.recv());
    }
    ping.close();
  });
}
BENCHMARK(BM_Chan_PingPong)->UseRealTime();

// One value from a producer fiber to the consumer through a buffer of 128.
void BM_Chan_Buffered(benchmark::State& state) {
  in_run(state, [](std::int64_t n) {
    auto values = go::make_chan<std::int64_t>(128);
    go::spawn([values, n] {
      for (std::int64_t i = 0; i < n; ++i) values.send(i);
      values.close();
    });
    for (std::int64_t v : values) benchmark::DoNotOptimize(v);
  });
}
BENCHMARK(BM_Chan_Buffered)->UseRealTime();

// One value received by a select over two unbuffered channels, each fed by its own producer.
void BM_Select_TwoProducers(benchmark::State& state) {
  in_run(state, [](std::int64_t n) {
    auto a = go::make_chan<std::int64_t>();
    auto b = go::make_chan<std::int64_t>();
    auto produce = [](go::chan<std::int64_t> out, std::int64_t count) {
      for (std::int64_t i = 0; i < count; ++i) out.send(i);
    };
    go::spawn([=] { produce(a, n - n / 2); });
    go::spawn([=] { produce(b, n / 2); });
    std::int64_t sum = 0;
    auto add = [&](std::optional<std::int64_t> v) { sum += *v; };
    for (std::int64_t i = 0; i < n; ++i) go::select(go::recv(a, add), go::recv(b, add));
    benchmark::DoNotOptimize(sum);
  });
}
BENCHMARK(BM_Select_TwoProducers)->UseRealTime();

// ---------------------------------------------------------------------------------------------
// Fibers

// skynet: every node of a 10-ary tree is a fiber; the 1,000,000 leaves send their numbers up,
// each inner node sums its children's (https://github.com/atemerev/skynet). One item: one tree.
void skynet(const go::chan<std::int64_t>& out, std::int64_t num, std::int64_t size, std::int64_t div) {
  if (size == 1) {
    out.send(num);
    return;
  }
  auto results = go::make_chan<std::int64_t>();
  for (std::int64_t i = 0; i < div; ++i) {
    const std::int64_t sub = num + i * (size / div);
    go::spawn([=] { skynet(results, sub, size / div, div); });
  }
  std::int64_t sum = 0;
  for (std::int64_t i = 0; i < div; ++i) sum += *results.recv();
  out.send(sum);
}

void BM_Fiber_Skynet(benchmark::State& state) {
  in_run(state, [](std::int64_t n) {
    for (std::int64_t tree = 0; tree < n; ++tree) {
      auto result = go::make_chan<std::int64_t>();
      go::spawn([result] { skynet(result, 0, 1'000'000, 10); });
      if (*result.recv() != 499'999'500'000) throw std::logic_error{"skynet: wrong sum"};
    }
  });
}
BENCHMARK(BM_Fiber_Skynet)->UseRealTime()->Iterations(1);

// 1,000,000 fibers that only say done, and the wait for them. One item: one fiber.
constexpr std::int64_t spawned_per_batch = 1'000'000;

void BM_Fiber_SpawnAndWait(benchmark::State& state) {
  in_run(state, [](std::int64_t n) {
    for (std::int64_t batch = 0; batch < n; ++batch) {
      go::wait_group wg;
      wg.add(spawned_per_batch);
      for (std::int64_t i = 0; i < spawned_per_batch; ++i) go::spawn([&wg] { wg.done(); });
      wg.wait();
    }
  }, spawned_per_batch);
}
BENCHMARK(BM_Fiber_SpawnAndWait)->UseRealTime()->Iterations(1);

// ---------------------------------------------------------------------------------------------
// Synchronisation

// 4 fibers increment one counter under a go::mutex. One item: one increment.
void BM_Mutex_FourFibers(benchmark::State& state) {
  in_run(state, [](std::int64_t n) {
    constexpr int fibers = 4;
    go::mutex mu;
    std::int64_t counter = 0;  // guarded by mu
    go::wait_group wg;
    wg.add(fibers);
    for (int f = 0; f < fibers; ++f) {
      const std::int64_t share = n / fibers + (f == 0 ? n % fibers : 0);
      go::spawn([&, share] {
        for (std::int64_t i = 0; i < share; ++i) {
          std::lock_guard lock{mu};
          ++counter;
        }
        wg.done();
      });
    }
    wg.wait();
    if (counter != n) throw std::logic_error{"mutex: lost increments"};
  });
}
BENCHMARK(BM_Mutex_FourFibers)->UseRealTime();

// Creating a child of a cancelable context and cancelling it. One item: one child.
void BM_Context_WithCancel(benchmark::State& state) {
  in_run(state, [](std::int64_t n) {
    auto [parent, cancel_parent] = go::with_cancel(go::background());
    for (std::int64_t i = 0; i < n; ++i) {
      auto [child, cancel] = go::with_cancel(parent);
      cancel();
      benchmark::DoNotOptimize(child);
    }
    cancel_parent();
  });
}
BENCHMARK(BM_Context_WithCancel)->UseRealTime();

// ---------------------------------------------------------------------------------------------
// Patterns

// generate -> square -> square over unbuffered channels. One item: one value through all three.
go::recv_chan<std::int64_t> square(go::recv_chan<std::int64_t> in) {
  auto out = go::make_chan<std::int64_t>();
  go::spawn([in, out] {
    for (std::int64_t v : in) out.send(v * v);
    out.close();
  });
  return out;
}

void BM_Pipeline_ThreeStages(benchmark::State& state) {
  in_run(state, [](std::int64_t n) {
    auto numbers = go::make_chan<std::int64_t>();
    go::spawn([numbers, n] {
      for (std::int64_t i = 0; i < n; ++i) numbers.send(i & 0xff);
      numbers.close();
    });
    std::int64_t sum = 0;
    for (std::int64_t v : square(square(numbers))) sum += v;
    benchmark::DoNotOptimize(sum);
  });
}
BENCHMARK(BM_Pipeline_ThreeStages)->UseRealTime();

// 1,000,000 small tasks through a jobs channel of 100 to a pool of 4 workers. One item: one task.
constexpr std::int64_t tasks_per_batch = 1'000'000;

void BM_WorkerPool_FourWorkers(benchmark::State& state) {
  in_run(state, [](std::int64_t n) {
    for (std::int64_t batch = 0; batch < n; ++batch) {
      constexpr int workers = 4;
      auto jobs = go::make_chan<std::int64_t>(100);
      auto sums = go::make_chan<std::int64_t>(workers);
      for (int w = 0; w < workers; ++w) {
        go::spawn([jobs, sums] {
          std::int64_t sum = 0;
          for (std::int64_t job : jobs) sum += job * job;
          sums.send(sum);
        });
      }
      for (std::int64_t i = 0; i < tasks_per_batch; ++i) jobs.send(i & 0xff);
      jobs.close();
      std::int64_t total = 0;
      for (int w = 0; w < workers; ++w) total += *sums.recv();
      benchmark::DoNotOptimize(total);
    }
  }, tasks_per_batch);
}
BENCHMARK(BM_WorkerPool_FourWorkers)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
