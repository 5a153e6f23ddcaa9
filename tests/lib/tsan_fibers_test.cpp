// tsan_fibers_test.cpp - ThreadSanitizer follows the toolkit's fibers (the tsan preset only;
// lib/src/tsan_fibers.hpp tells TSan about every fiber switch).
//
//   cmake --preset tsan && cmake --build build-tsan --target lib_test
//   ./build-tsan/bin/lib_test --gtest_filter='TsanFibersTest.*'
//
// Two fibers run at once on the two workers of a go::run. Each case runs them in a child process
// (a GoogleTest death test) and reads the child's stderr, where TSan writes its report; TSan also
// makes a process that reported exit with 66. So the racy pair must produce "WARNING:
// ThreadSanitizer: data race" in its function, and the pairs synchronised by the toolkit must
// exit cleanly with 0.
// Chapter 08's race_tsan_test.cpp does the same for plain threads.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>

#include <go/go.hpp>
#include <gtest/gtest.h>

namespace {

// on_two_workers: runs body(0) and body(1) in two fibers that run at the same time on different
// workers of a two-thread go::run; a run in which both land on one worker (where the switches
// order them, so TSan rightly sees no race) is repeated.
template <class Body>
void on_two_workers(Body body) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    bool split = false;
    go::run([&] {
      // Relaxed only: they must not order the fibers for TSan.
      std::atomic<int> started{0};
      std::atomic<int> set{0};
      std::array<unsigned, 2> worker{};
      go::wait_group wg;
      wg.add(2);
      for (int fiber = 0; fiber < 2; ++fiber) {
        go::spawn([&, fiber] {
          started.fetch_add(1, std::memory_order_relaxed);
          while (started.load(std::memory_order_relaxed) < 2) go::yield();
          // Then start together, with no switch (which could order them) in between; fibers on
          // one worker cannot both spin, so the first gives up after a while.
          worker[fiber] = go::worker_index();
          set.fetch_add(1, std::memory_order_relaxed);
          const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds{100};
          while (set.load(std::memory_order_relaxed) < 2 && std::chrono::steady_clock::now() < give_up) {
          }
          body(fiber);
          wg.done();
        });
      }
      wg.wait();
      split = worker[0] != worker[1];
    }, {.threads = 2});
    if (split) return;
  }
}

// The three pairs of fibers, each run in a child process.

void count_without_a_lock() {
  int counter = 0;
  on_two_workers([&](int) {
    for (int i = 0; i < 1000; ++i) ++counter;
  });
}

void count_with_a_mutex() {
  int counter = 0;  // guarded by mu
  go::mutex mu;
  on_two_workers([&](int) {
    for (int i = 0; i < 1000; ++i) {
      std::lock_guard lock{mu};
      ++counter;
    }
  });
}

void hand_messages_over_a_channel() {
  auto ch = go::make_chan<int>();
  std::array<int, 100> messages{};  // each written by the sender before it sends the index
  on_two_workers([&](int fiber) {
    for (int round = 0; round < 100; ++round) {
      if (fiber == 0) {
        messages[round] = round + 1;
        ch.send(round);
      } else if (messages[*ch.recv()] == 0) {
        std::abort();  // the receiver read the message before the sender wrote it
      }
    }
  });
}

// child_exits: always true - the racy child's exit code is TSan's business; its report is ours.
bool child_exits(int) { return true; }

class TsanFibersTest : public ::testing::Test {
 protected:
  // "threadsafe": the child re-runs this binary up to the test instead of fork()ing a process
  // that may hold other threads (TSan warns about fork in a multi-threaded process).
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST_F(TsanFibersTest, ReportsTwoFibersWritingOneIntWithoutALock) {
  EXPECT_EXIT(
      {
        count_without_a_lock();
        std::exit(0);
      },
      child_exits, "WARNING: ThreadSanitizer: data race.*count_without_a_lock");
}

TEST_F(TsanFibersTest, MutexGuardedCounterRunsWithoutAReport) {
  EXPECT_EXIT(
      {
        count_with_a_mutex();
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST_F(TsanFibersTest, ChannelOrdersTheSendersWritesBeforeTheReceiversReads) {
  EXPECT_EXIT(
      {
        hand_messages_over_a_channel();
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
