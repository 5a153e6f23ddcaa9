// pipeline.hpp - chapter 06's pipeline exercises: stages joined by channels, fan-out, fan-in.
//
// Each function below is one exercise; its comment is the statement (what to build, the Go it
// mirrors, what the tests check). Write the bodies in pipeline.cpp, then run
//
//   ./workbook check 06                 # every exercise of the chapter
//   ./workbook check 06 square          # one exercise
//
// A stage returns its output channel at once and does its work in a fiber of its own. It closes
// that channel when it has sent its last value, and it stops early - closing it too - as soon as
// `done` is closed, so a consumer that stops reading leaks no fiber. Call stages from a fiber:
//
//   go::run([] {
//     auto done = go::make_chan<go::empty>();
//     auto evens = ch06::filter_even(done, ch06::square(done, ch06::generate(done, {1, 2, 3, 4})));
//     for (int n : evens) std::cout << n << '\n';   // 4, 16
//     done.close();                                 // Go: defer close(done)
//   });
//
// Exercises here, easiest first: generate, square, filter_even, merge, find_primes, map_ordered.
// The rest of the chapter: logs.hpp (the log pipeline), pools.hpp (worker pools) and
// bounded.hpp (bounded parallelism).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <go/go.hpp>

namespace ch06 {

// done_chan: the receive end of a done channel (Go: done <-chan struct{}). Nothing is ever sent
// on it; closing it tells every stage holding it to stop.
using done_chan = go::recv_chan<go::empty>;

// generate: the source stage. Sends each of `nums`, in order, on the returned unbuffered
// channel, then closes it. The guide's Pattern 5:
//
//   func generate(done <-chan struct{}, nums ...int) <-chan int {
//       out := make(chan int)
//       go func() {
//           defer close(out)
//           for _, n := range nums {
//               select {
//               case out <- n:
//               case <-done:
//                   return
//               }
//           }
//       }()
//       return out
//   }
//
// Tests: the values arrive in order and the channel is closed after the last (a consumer that
// ranges over it finishes); no values means a channel closed at once; when the consumer takes
// two values and closes `done`, the sending fiber ends (go::testing::expect_no_leaks).
go::recv_chan<int> generate(done_chan done, std::vector<int> nums);

// square: sends n * n for each n received from `in`, in order; closes its output once `in` is
// closed and drained, or as soon as `done` is closed (Go's square(done, in)).
//
// Tests: squares in order; the output is closed when the input is; a consumer that stops early
// and closes `done` leaves no fiber behind, although `in` still holds values; and it streams:
// while the consumer takes 3 squares, at most 4 values leave `in` (a stage that reads all its
// input before sending takes all 100 - the run's timeline counts them).
go::recv_chan<int> square(done_chan done, go::recv_chan<int> in);

// filter_even: forwards the even values of `in`, in order, and drops the odd ones; closes its
// output as square does (Go's filterEven(done, in)).
//
// Tests: only even values, in order; closed when `in` is; stops on `done` without leaking; takes
// at most 6 values of 1..100 to give 2 and 4; generate -> square -> filter_even over 1..10 gives
// the guide's 4, 16, 36, 64, 100, and over 1..1000 has its three fibers alive at once and lets
// fewer than 10 numbers out of generate for its first 2 results.
go::recv_chan<int> filter_even(done_chan done, go::recv_chan<int> in);

// merge: fan-in. Sends every value of every input on one output channel, in whatever order they
// come, and closes the output once every input is closed and drained - or stops (and closes)
// when `done` is closed. The guide's fanIn:
//
//   func fanIn(done <-chan struct{}, channels ...<-chan int) <-chan int {
//       var wg sync.WaitGroup
//       out := make(chan int)
//       for _, ch := range channels {
//           wg.Add(1)
//           go func(c <-chan int) {
//               defer wg.Done()
//               for n := range c {
//                   select {
//                   case out <- n:
//                   case <-done:
//                       return
//                   }
//               }
//           }(ch)
//       }
//       go func() { wg.Wait(); close(out) }()
//       return out
//   }
//
// merge returns before its fibers end, so whatever they share (the wait_group) must outlive it.
//
// Tests: no value lost or duplicated (multisets compared, inputs of different lengths, two
// worker threads); the output closes only after the last input does, and at once for no inputs;
// inputs are read at the same time (one input's sender waits for another input's value to be
// taken, so reading them one after the other deadlocks); stopping early leaks no fiber.
go::recv_chan<int> merge(done_chan done, std::vector<go::recv_chan<int>> inputs);

// is_prime: trial division (given; the guide's isPrime).
inline bool is_prime(int n) {
  if (n < 2) return false;
  for (int i = 2; i * i <= n; ++i) {
    if (n % i == 0) return false;
  }
  return true;
}

// find_primes: the guide's prime number finder. Generates 1..up_to with generate, fans out to
// `workers` stages that each forward the numbers for which `check` is true (the guide's
// findPrimes(done, nums), all reading the same channel), fans their outputs in with merge, and
// returns what arrives, in arrival order. `check` stands in for the expensive test; it is
// is_prime unless a test passes its own.
//
//   numWorkers := runtime.NumCPU()
//   for i := 0; i < numWorkers; i++ { primeChannels[i] = findPrimes(done, nums) }
//   primes := fanIn(done, primeChannels...)
//
// Tests: the 168 primes up to 1000, each once, on two threads; `workers` checks run at once
// (the first `workers` calls wait for each other) and never more; no fiber is left when it
// returns.
std::vector<int> find_primes(int up_to, int workers, const std::function<bool(int)>& check = is_prime);

// map_ordered: ordered fan-in. Sends fn(v) for every v received from `in`, computing up to
// `workers` of them at once, yet in the order the inputs arrived: number each input, let
// `workers` fibers compute, and re-sequence their results by number before sending (a result
// that overtakes an earlier one waits in a buffer). Closes the output after the last result, or
// stops when `done` is closed. merge is the unordered fan-in; this one pays a buffer for order.
//
// Tests: the outputs come in input order although the calls finish last-first (which only
// concurrent calls can do: the first call waits for the later ones); at most `workers` calls
// run at once, and that many do; 500 inputs on two threads come out complete and in order; the
// output closes, at once for no input; stopping early leaks no fiber; 3 results take fewer than
// 20 of 1001 inputs (collecting the input first takes them all).
go::recv_chan<std::string> map_ordered(done_chan done, go::recv_chan<int> in, int workers,
                                       std::function<std::string(int)> fn);

}  // namespace ch06
