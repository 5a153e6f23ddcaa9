// pipeline_test.cpp - chapter 06's pipeline tests, built against your chapters/ and against
// solutions/.
//
// One suite per exercise (SquareTest checks square). A stage that never closes its output makes
// the consumer's range-for wait forever: go::run sees every fiber blocked and throws go::deadlock,
// which these tests report as "the channel was never closed". A stage that ignores `done` stays
// blocked on a send nobody will take: go::testing::expect_no_leaks names it. That a stage streams
// - passes each value on before it takes the next, as a pipeline must - is read from the run's
// timeline: how many values crossed its input channel while the consumer took only a few.
#include "pipeline.hpp"

#include <string>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <go/testing_trace.hpp>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using ch06_test::collect;
using ch06_test::filled;
using ch06_test::range;
using ch06_test::sorted;
using ch06_test::take;

constexpr auto never_closed = "ranging over the output never ended: close the output channel after the last value";

}  // namespace

// ---------------------------------------------------------------------------------------------
// generate

TEST(GenerateTest, SendsTheValuesInOrderThenCloses) {
  std::vector<int> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::generate(done, {3, 1, 4, 1, 5}));
      },
      never_closed);
  EXPECT_EQ(received, (std::vector<int>{3, 1, 4, 1, 5}));
}

TEST(GenerateTest, ClosesAtOnceWhenThereAreNoValues) {
  std::vector<int> received{-1};
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::generate(done, {}));
      },
      never_closed);
  EXPECT_TRUE(received.empty());
}

TEST(GenerateTest, StopsWhenDoneIsClosed) {
  std::vector<int> received;
  go::testing::run([&] {
    auto done = go::make_chan<go::empty>();
    received = take(ch06::generate(done, range(1, 1000)), 2);
    done.close();  // the consumer has had enough
    go::testing::expect_no_leaks();
  });
  EXPECT_EQ(received, (std::vector<int>{1, 2}));
}

// ---------------------------------------------------------------------------------------------
// square

TEST(SquareTest, SquaresEachValueInOrder) {
  std::vector<int> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::square(done, filled<int>({1, 2, 3, -4, 0})));
      },
      never_closed);
  EXPECT_EQ(received, (std::vector<int>{1, 4, 9, 16, 0}));
}

TEST(SquareTest, ClosesItsOutputWhenTheInputCloses) {
  std::vector<int> received{-1};
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::square(done, filled<int>({})));
      },
      never_closed);
  EXPECT_TRUE(received.empty());
}

TEST(SquareTest, StopsWhenDoneIsClosedAlthoughInputHasValuesLeft) {
  std::vector<int> received;
  go::testing::run([&] {
    auto done = go::make_chan<go::empty>();
    received = take(ch06::square(done, filled(range(1, 100))), 3);
    done.close();  // square must not wait forever to send 16 to nobody
    go::testing::expect_no_leaks();
  });
  EXPECT_EQ(received, (std::vector<int>{1, 4, 9}));
}

TEST(SquareTest, TakesTheNextValueOnlyAfterPassingTheLastOneOn) {
  std::vector<int> received;
  const go::testing::run_trace trace = ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        auto input = filled(range(1, 100));
        go::testing::name_channel(input, "input");
        received = take(ch06::square(done, input), 3);
        done.close();
      },
      never_closed);
  EXPECT_EQ(received, (std::vector<int>{1, 4, 9}));
  EXPECT_LE(trace.values_received("input"), 4)
      << "square took " << trace.values_received("input") << " of its 100 input values while its consumer took 3 "
      << "squares: a stage sends n * n before it receives the next n (the 4th may wait in its hands), so that "
         "values stream through the pipeline instead of piling up in one stage";
}

// ---------------------------------------------------------------------------------------------
// filter_even

TEST(FilterEvenTest, ForwardsOnlyTheEvenValuesInOrder) {
  std::vector<int> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::filter_even(done, filled<int>({1, 2, 3, 4, 6, 7, 8, -2, 0})));
      },
      never_closed);
  EXPECT_EQ(received, (std::vector<int>{2, 4, 6, 8, -2, 0}));
}

TEST(FilterEvenTest, ClosesItsOutputWhenTheInputCloses) {
  std::vector<int> received{-1};
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::filter_even(done, filled<int>({1, 3, 5})));
      },
      never_closed);
  EXPECT_TRUE(received.empty()) << "no even value came in, so none may come out";
}

TEST(FilterEvenTest, StopsWhenDoneIsClosed) {
  go::testing::run([] {
    auto done = go::make_chan<go::empty>();
    (void)take(ch06::filter_even(done, filled(range(1, 100))), 1);
    done.close();
    go::testing::expect_no_leaks();
  });
}

TEST(FilterEvenTest, TakesTheNextValueOnlyAfterPassingTheLastOneOn) {
  std::vector<int> received;
  const go::testing::run_trace trace = ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        auto input = filled(range(1, 100));
        go::testing::name_channel(input, "input");
        received = take(ch06::filter_even(done, input), 2);
        done.close();
      },
      never_closed);
  EXPECT_EQ(received, (std::vector<int>{2, 4}));
  EXPECT_LE(trace.values_received("input"), 6)
      << "filter_even took " << trace.values_received("input") << " of its 100 input values while its consumer took "
      << "2 even ones: 1 to 4 give those, 5 and 6 may be in its hands; it must not read ahead";
}

TEST(FilterEvenTest, ComposesIntoTheGuidesPipeline) {
  std::vector<int> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::filter_even(done, ch06::square(done, ch06::generate(done, range(1, 10)))));
        done.close();
      },
      never_closed);
  EXPECT_EQ(received, (std::vector<int>{4, 16, 36, 64, 100}));
}

// [snippet: pipeline_streams]
TEST(FilterEvenTest, TheGuidesPipelineRunsItsStagesAtOnceAndStreams) {
  std::vector<int> received;
  const go::testing::run_trace trace = ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        auto numbers = ch06::generate(done, range(1, 1000));
        go::testing::name_channel(numbers, "numbers");
        received = take(ch06::filter_even(done, ch06::square(done, numbers)), 2);
        done.close();
      },
      never_closed);
  EXPECT_EQ(received, (std::vector<int>{4, 16}));
  EXPECT_GE(trace.max_at_once(ch06_test::unnamed), 3)
      << "generate, square and filter_even each run in a fiber of their own, all three alive at the same time";
  EXPECT_LT(trace.values_received("numbers"), 10)
      << trace.values_received("numbers") << " of the 1000 numbers left generate for 2 results: in a pipeline each "
      << "stage passes a value on before taking the next, so only a few values are on their way at any time";
}
// [end-snippet]

// ---------------------------------------------------------------------------------------------
// merge

TEST(MergeTest, DeliversEveryValueExactlyOnceOnTwoThreads) {
  std::vector<int> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::merge(done, {ch06_test::source(done, range(1, 100)),
                                              ch06_test::source(done, range(101, 150)),
                                              ch06_test::source(done, range(151, 400))}));
      },
      never_closed, {.threads = 2});
  EXPECT_EQ(sorted(received), range(1, 400)) << "values were lost or duplicated on the way through merge";
}

TEST(MergeTest, ClosesOnlyAfterTheLastInputCloses) {
  std::vector<int> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        auto late = go::make_chan<int>();  // sends only after the early input's value is taken
        auto first_taken = go::make_chan<go::empty>();
        go::spawn([late, first_taken] {
          first_taken.recv();
          late.send(2);
          late.send(3);
          late.close();
        });
        for (int v : ch06::merge(done, {filled<int>({1}), late})) {
          received.push_back(v);
          if (received.size() == 1) first_taken.close();
        }
      },
      never_closed);
  EXPECT_EQ(sorted(received), (std::vector<int>{1, 2, 3}))
      << "the output closed when the first input did: close it only once every input is drained";
}

TEST(MergeTest, ClosesAtOnceWithNoInputs) {
  std::vector<int> received{-1};
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::merge(done, {}));
      },
      never_closed);
  EXPECT_TRUE(received.empty());
}

TEST(MergeTest, ReadsItsInputsAtTheSameTime) {
  std::vector<int> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        auto first = go::make_chan<int>();
        auto second = go::make_chan<int>();
        auto second_taken = go::make_chan<go::empty>();
        go::spawn([first, second_taken] {  // the first input waits for the second's value
          second_taken.recv();
          first.send(1);
          first.close();
        });
        go::spawn([second] {
          second.send(2);
          second.close();
        });
        for (int v : ch06::merge(done, {first, second})) {
          received.push_back(v);
          if (v == 2) second_taken.close();
        }
      },
      "the first input sends only after the second input's value has been received: a merge that "
      "drains its inputs one after the other waits forever. Start a forwarding fiber per input");
  EXPECT_EQ(received, (std::vector<int>{2, 1}));
}

TEST(MergeTest, StopsWhenDoneIsClosed) {
  go::testing::run([] {
    auto done = go::make_chan<go::empty>();
    auto merged = ch06::merge(done, {ch06_test::source(done, range(1, 1000)), ch06_test::source(done, range(1, 1000)),
                                     ch06_test::source(done, range(1, 1000))});
    EXPECT_EQ(take(merged, 5).size(), 5u);
    done.close();
    go::testing::expect_no_leaks();
  });
}

// ---------------------------------------------------------------------------------------------
// find_primes

TEST(FindPrimesTest, FindsThe168PrimesUpTo1000OnTwoThreads) {
  std::vector<int> primes;
  ch06_test::run_expecting_completion([&] { primes = ch06::find_primes(1000, 4); }, never_closed, {.threads = 2});
  std::vector<int> expected;
  for (int n = 1; n <= 1000; ++n) {
    if (ch06::is_prime(n)) expected.push_back(n);
  }
  ASSERT_EQ(expected.size(), 168u);
  EXPECT_EQ(sorted(primes), expected) << "primes were lost or found twice";
}

TEST(FindPrimesTest, RunsAsManyChecksAtOnceAsThereAreWorkers) {
  ch06_test::rendezvous first_four{4};
  std::vector<int> primes;
  ch06_test::run_expecting_completion(
      [&] {
        primes = ch06::find_primes(50, 4, [&](int n) {
          first_four.arrive();
          return ch06::is_prime(n);
        });
      },
      never_closed);
  EXPECT_EQ(first_four.gave_up(), 0) << "the first 4 checks wait for each other, so 4 must run at once: fan out "
                                        "to 4 stages that all read the one channel of numbers";
  EXPECT_EQ(sorted(primes), (std::vector<int>{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47}));
}

TEST(FindPrimesTest, NeverRunsMoreChecksThanWorkers) {
  const go::testing::run_trace trace = ch06_test::run_expecting_completion(
      [] {
        (void)ch06::find_primes(200, 3, [](int n) {
          ch06_test::busy("check");
          return ch06::is_prime(n);
        });
      },
      never_closed);
  EXPECT_LE(trace.max_at_once("check"), 3) << "more checks ran at once than there are workers: fan out to a fixed "
                                              "number of stages, not a fiber per number";
}

TEST(FindPrimesTest, LeavesNoFiberBehind) {
  go::testing::run([] {
    EXPECT_EQ(ch06::find_primes(100, 4).size(), 25u);
    go::testing::expect_no_leaks();
  });
}

// ---------------------------------------------------------------------------------------------
// map_ordered

TEST(MapOrderedTest, KeepsInputOrderWhenCallsFinishLastFirst) {
  ch06_test::last_first order{3};
  std::vector<std::string> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::map_ordered(done, filled<int>({0, 1, 2}), 3, [&](int k) {
          order.finish(k);  // call 2 finishes first, call 0 last
          return std::to_string(k * 10);
        }));
      },
      never_closed);
  EXPECT_EQ(order.gave_up(), 0) << "call 0 finishes only after calls 1 and 2: with 3 workers the 3 calls must "
                                   "run at once";
  EXPECT_EQ(received, (std::vector<std::string>{"0", "10", "20"}))
      << "results must leave in input order, whatever order the calls finish in";
}

TEST(MapOrderedTest, RunsExactlyWorkersCallsAtOnce) {
  ch06_test::rendezvous first_four{4};
  const go::testing::run_trace trace = ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        const auto received = collect(ch06::map_ordered(done, filled(range(1, 40)), 4, [&](int v) {
          first_four.arrive();
          ch06_test::busy("call");
          return std::to_string(v);
        }));
        EXPECT_EQ(received.size(), 40u);
      },
      never_closed);
  EXPECT_EQ(first_four.gave_up(), 0) << "the first 4 calls wait for each other, so 4 workers must compute at once";
  EXPECT_LE(trace.max_at_once("call"), 4) << "more calls ran at once than there are workers";
}

TEST(MapOrderedTest, KeepsFiveHundredInOrderOnTwoThreads) {
  std::vector<std::string> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::map_ordered(done, ch06_test::source(done, range(0, 499)), 8, [](int v) {
          if (v % 7 == 0) go::yield();  // some calls take longer, so results overtake each other
          return std::to_string(v);
        }));
      },
      never_closed, {.threads = 2});
  std::vector<std::string> expected;
  for (int v = 0; v < 500; ++v) expected.push_back(std::to_string(v));
  EXPECT_EQ(received, expected);
}

TEST(MapOrderedTest, ClosesAtOnceForAnEmptyInput) {
  std::vector<std::string> received{"not yet"};
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::map_ordered(done, filled<int>({}), 3, [](int v) { return std::to_string(v); }));
      },
      never_closed);
  EXPECT_TRUE(received.empty());
}

TEST(MapOrderedTest, StopsWhenDoneIsClosed) {
  std::vector<std::string> received;
  go::testing::run([&] {
    auto done = go::make_chan<go::empty>();
    auto out = ch06::map_ordered(done, ch06_test::source(done, range(0, 1000)), 4,
                                 [](int v) { return std::to_string(v); });
    received = take(out, 3);
    done.close();
    go::testing::expect_no_leaks();
  });
  EXPECT_EQ(received, (std::vector<std::string>{"0", "1", "2"}));
}

TEST(MapOrderedTest, TakesOnlyAFewInputsAheadOfItsConsumer) {
  std::vector<std::string> received;
  const go::testing::run_trace trace = ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        auto input = ch06_test::source(done, range(0, 1000));
        go::testing::name_channel(input, "input");
        received = take(ch06::map_ordered(done, input, 4, [](int v) { return std::to_string(v); }), 3);
        done.close();
      },
      never_closed);
  EXPECT_EQ(received, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_LT(trace.values_received("input"), 20)
      << "map_ordered took " << trace.values_received("input") << " of 1001 inputs to give 3 results: its fibers "
      << "hold one value each (the re-sequencer a few that overtook), so it runs only a little ahead of its "
         "consumer - it must not collect the input before it sends";
}
