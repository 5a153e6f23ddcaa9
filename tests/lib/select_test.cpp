// select_test.cpp - go::select: which case runs and its index, the default case, send cases,
// closed and nil channels, uniform choice among ready cases, go::after timeouts, move-only
// values, and that a select never loses or duplicates a value across worker threads.
#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

using namespace std::chrono_literals;

constexpr go::run_options one_thread{.threads = 1};

// ---------------------------------------------------------------------------------------------
// Which case runs.

TEST(SelectTest, ReturnsIndexOfTheCaseThatRan) {
  go::testing::run([] {
    auto empty = go::make_chan<int>(1);
    auto ready = go::make_chan<int>(1);
    ready.send(9);
    std::optional<int> got;
    bool wrong_case_ran = false;
    const int index = go::select(go::recv(empty, [&] { wrong_case_ran = true; }),
                                 go::recv(ready, [&](std::optional<int> v) { got = v; }));
    EXPECT_EQ(index, 1);
    EXPECT_EQ(got, 9);
    EXPECT_FALSE(wrong_case_ran) << "only the chosen case's handler may run";
  });
}

TEST(SelectTest, BlocksUntilOneCaseIsReady) {
  go::testing::run([] {
    auto a = go::make_chan<int>();
    auto b = go::make_chan<int>();
    go::spawn([b] { b.send(3); });
    std::optional<int> got;
    EXPECT_EQ(go::select(go::recv(a), go::recv(b, [&](std::optional<int> v) { got = v; })), 1);
    EXPECT_EQ(got, 3);
  });
}

TEST(SelectTest, HandlerWithoutParameterRuns) {
  go::testing::run([] {
    auto signal = go::make_chan<go::empty>(1);
    signal.send({});
    bool ran = false;
    go::select(go::recv(signal, [&] { ran = true; }));
    EXPECT_TRUE(ran);
  });
}

// ---------------------------------------------------------------------------------------------
// The default case.

TEST(SelectTest, DefaultRunsWhenNoCaseIsReady) {
  go::testing::run([] {
    auto unbuffered = go::make_chan<int>();  // no partner: neither side is ready
    auto full = go::make_chan<int>(1);
    full.send(1);
    bool default_ran = false;
    const int index = go::select(go::recv(unbuffered), go::send(unbuffered, 1), go::send(full, 2),
                                 go::otherwise([&] { default_ran = true; }));
    EXPECT_EQ(index, 3) << "select returns the default's position when it runs";
    EXPECT_TRUE(default_ran);
    EXPECT_EQ(full.len(), 1u) << "a send case that did not run must not send";
  });
}

TEST(SelectTest, DefaultIndexIsItsPositionWherePlaced) {
  go::testing::run([] {
    auto ch = go::make_chan<int>();
    EXPECT_EQ(go::select(go::otherwise(), go::recv(ch)), 0);
  });
}

TEST(SelectTest, DefaultDoesNotRunWhenACaseIsReady) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(1);
    ch.send(1);
    for (int i = 0; i < 100; ++i) {
      bool default_ran = false;
      EXPECT_EQ(go::select(go::otherwise([&] { default_ran = true; }), go::recv(ch)), 1);
      EXPECT_FALSE(default_ran);
      ch.send(1);
    }
  });
}

TEST(SelectTest, DefaultNeverBlocksOnNilChannels) {
  go::testing::run([] {
    const go::chan<int> nil;
    EXPECT_EQ(go::select(go::recv(nil), go::send(nil, 1), go::otherwise()), 2);
  });
}

// ---------------------------------------------------------------------------------------------
// Send cases.

TEST(SelectTest, SendCaseDeliversValue) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(1);
    bool sent = false;
    EXPECT_EQ(go::select(go::send(ch, 5, [&] { sent = true; })), 0);
    EXPECT_TRUE(sent);
    EXPECT_EQ(ch.try_recv(), 5);
  });
}

TEST(SelectTest, SendCaseHandsValueToWaitingReceiver) {
  go::testing::run([] {
    auto out = go::make_chan<int>();
    auto in = go::make_chan<int>();
    std::optional<int> got;
    go::spawn([&, out] { got = out.recv(); });
    EXPECT_EQ(go::select(go::recv(in), go::send(out, 8)), 1);
    test::yield_until([&] { return got.has_value(); });
    EXPECT_EQ(got, 8);
  });
}

TEST(SelectTest, SendCaseOnClosedChannelThrows) {
  go::testing::run([] {
    auto ch = go::make_chan<int>(1);
    ch.close();
    EXPECT_THROW(go::select(go::send(ch, 1), go::otherwise()), go::channel_closed);
  });
}

// ---------------------------------------------------------------------------------------------
// Closed and nil channels.

TEST(SelectTest, RecvCaseOnClosedChannelGetsEmptyOptional) {
  go::testing::run([] {
    auto ch = go::make_chan<int>();
    ch.close();
    bool saw_close = false;
    go::select(go::recv(ch, [&](std::optional<int> v) { saw_close = !v; }));
    EXPECT_TRUE(saw_close);
  });
}

TEST(SelectTest, CloseWakesBlockedSelect) {
  go::testing::run([] {
    auto a = go::make_chan<int>();
    auto b = go::make_chan<int>();
    bool started = false;
    int index = -1;
    bool saw_close = false;
    go::spawn([&, a, b] {
      started = true;
      index = go::select(go::recv(a), go::recv(b, [&](std::optional<int> v) { saw_close = !v; }));
    });
    test::yield_until([&] { return started; });
    b.close();
    test::yield_until([&] { return index != -1; });
    EXPECT_EQ(index, 1);
    EXPECT_TRUE(saw_close);
  }, one_thread);
}

TEST(SelectTest, CloseMakesBlockedSendCaseThrow) {
  go::testing::run([] {
    auto in = go::make_chan<int>();
    auto out = go::make_chan<int>();
    bool started = false;
    bool threw = false;
    go::spawn([&, in, out] {
      started = true;
      try {
        go::select(go::recv(in), go::send(out, 1));
      } catch (const go::channel_closed&) {
        threw = true;
      }
    });
    test::yield_until([&] { return started; });
    out.close();
    test::yield_until([&] { return threw; });  // the run's timeout fails the test if it never throws
  }, one_thread);
}

TEST(SelectTest, NilChannelCaseNeverFires) {
  go::testing::run([] {
    const go::chan<int> nil;
    auto ready = go::make_chan<int>(1);
    for (int i = 0; i < 100; ++i) {
      ready.send(i);
      EXPECT_EQ(go::select(go::recv(nil), go::send(nil, 1), go::recv(ready)), 2);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Fairness: among ready cases, each is chosen equally often. With 10,000 selects a side's share
// is 50% +- 0.5% (one standard deviation), so 45%..55% fails only if the choice is biased.

TEST(SelectTest, ChoosesUniformlyBetweenTwoReadyCases) {
  go::testing::run([] {
    constexpr int rounds = 10'000;
    auto a = go::make_chan<int>(1);
    auto b = go::make_chan<int>(1);
    a.send(0);
    b.send(0);
    int wins[2] = {0, 0};
    for (int i = 0; i < rounds; ++i) {
      const int index = go::select(go::recv(a), go::recv(b));
      ++wins[index];
      (index == 0 ? a : b).send(0);  // refill: both cases stay ready
    }
    EXPECT_GE(wins[0], rounds * 45 / 100) << "case 0 won " << wins[0] << " of " << rounds;
    EXPECT_LE(wins[0], rounds * 55 / 100) << "case 0 won " << wins[0] << " of " << rounds;
  });
}

TEST(SelectTest, ChoosesUniformlyBetweenTwoReadyOfThreeCases) {
  go::testing::run([] {
    constexpr int rounds = 10'000;
    auto a = go::make_chan<int>(1);
    auto never = go::make_chan<int>(1);
    auto b = go::make_chan<int>(1);
    a.send(0);
    b.send(0);
    int wins[3] = {0, 0, 0};
    for (int i = 0; i < rounds; ++i) {
      const int index = go::select(go::recv(a), go::recv(never), go::recv(b));
      ++wins[index];
      (index == 0 ? a : b).send(0);
    }
    EXPECT_EQ(wins[1], 0) << "a case that is not ready must never win";
    EXPECT_GE(wins[0], rounds * 45 / 100) << "case 0 won " << wins[0] << " of " << rounds;
    EXPECT_LE(wins[0], rounds * 55 / 100) << "case 0 won " << wins[0] << " of " << rounds;
  });
}

// ---------------------------------------------------------------------------------------------
// Timeouts with go::after.

TEST(SelectTest, AfterTimesOutWaitingSelect) {
  go::testing::run([] {
    auto never = go::make_chan<int>();
    bool timed_out = false;
    EXPECT_EQ(go::select(go::recv(never), go::recv(go::after(5ms), [&] { timed_out = true; })), 1);
    EXPECT_TRUE(timed_out);
  });
}

TEST(SelectTest, ReadyCaseWinsOverPendingTimeout) {
  go::testing::run([] {
    auto ready = go::make_chan<int>(1);
    ready.send(1);
    EXPECT_EQ(go::select(go::recv(ready), go::recv(go::after(1h))), 0);
  });
}

// ---------------------------------------------------------------------------------------------
// Move-only values.

TEST(SelectTest, MoveOnlyValuesPassThroughRecvAndSendCases) {
  go::testing::run([] {
    auto ch = go::make_chan<std::unique_ptr<int>>(1);
    EXPECT_EQ(go::select(go::send(ch, std::make_unique<int>(4))), 0);
    std::unique_ptr<int> got;
    go::select(go::recv(ch, [&](std::optional<std::unique_ptr<int>> v) { got = std::move(*v); }));
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, 4);
  });
}

// ---------------------------------------------------------------------------------------------
// No value lost or duplicated: consumers select over two channels fed from several worker
// threads; the values received, sorted, must be exactly the values sent.

void expect_every_value_once(unsigned threads) {
  constexpr int producers = 4;  // two per channel
  constexpr int consumers = 4;
  constexpr int per_producer = 5'000;
  const std::vector<int> received = go::testing::run([] {
    auto a = go::make_chan<int>();
    auto b = go::make_chan<int>(8);
    go::wait_group producing;
    producing.add(producers);
    for (int p = 0; p < producers; ++p) {
      go::spawn([&, p, out = p % 2 == 0 ? a : b] {
        for (int i = 0; i < per_producer; ++i) out.send(p * per_producer + i);
        producing.done();
      });
    }
    go::spawn([&, a, b] {
      producing.wait();
      a.close();
      b.close();
    });
    std::vector<std::vector<int>> got(consumers);
    go::wait_group consuming;
    consuming.add(consumers);
    for (int c = 0; c < consumers; ++c) {
      go::spawn([&, c, a, b] {
        bool a_open = true;
        bool b_open = true;
        auto take_into = [&](bool& open) {
          return [&, c](std::optional<int> v) {
            if (v) {
              got[c].push_back(*v);
            } else {
              open = false;
            }
          };
        };
        const go::chan<int> nil;  // a closed channel's case is switched off by a nil channel
        while (a_open || b_open) {
          go::select(go::recv(a_open ? a : nil, take_into(a_open)), go::recv(b_open ? b : nil, take_into(b_open)));
        }
        consuming.done();
      });
    }
    consuming.wait();
    std::vector<int> all;
    for (auto& part : got) all.insert(all.end(), part.begin(), part.end());
    return all;
  }, {.threads = threads});
  std::vector<int> sorted = received;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(sorted.size(), std::size_t{producers * per_producer}) << "values were lost or duplicated";
  for (int i = 0; i < producers * per_producer; ++i) {
    ASSERT_EQ(sorted[i], i) << "value " << i << " was lost or duplicated";
  }
}

TEST(SelectTest, NeverLosesOrDuplicatesValuesOnTwoThreads) { expect_every_value_once(2); }

TEST(SelectTest, NeverLosesOrDuplicatesValuesOnFourThreads) { expect_every_value_once(4); }

}  // namespace
