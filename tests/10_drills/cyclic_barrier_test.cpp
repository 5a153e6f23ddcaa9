// cyclic_barrier_test.cpp - the drill cyclic_barrier: nobody leaves a phase early, phase after
// phase.
#include "cyclic_barrier.hpp"

#include <array>
#include <atomic>
#include <string>

#include <go/go.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using drill_test::schedule;
using drill_test::transcript;

// settle: on one worker thread, lets every other fiber run until it blocks or ends.
void settle() {
  for (int round = 0; round < 100; ++round) go::yield();
}

}  // namespace

TEST(CyclicBarrierTest, NobodyLeavesAPhaseBeforeEveryoneHasArrived) {
  constexpr int parties = 4;
  constexpr int phases = 30;
  for (int round = 0; round < drill_test::rounds / 10; ++round) {
    ch10::cyclic_barrier phase_end{parties};
    std::array<std::atomic<int>, phases> arrived{};
    std::atomic<int> finished{0};
    transcript early;  // the first fiber seen leaving early
    std::atomic<bool> reported{false};
    schedule random{round};
    if (!drill_test::run_round(
            [&] {
              for (int worker = 0; worker < parties; ++worker) {
                go::spawn([&, worker] {
                  for (int phase = 0; phase < phases; ++phase) {
                    random.jitter();
                    ++arrived[phase];
                    phase_end.arrive_and_wait();
                    const int there = arrived[phase];
                    if (there != parties && !reported.exchange(true)) {
                      early.append("worker " + std::to_string(worker) + " left phase " + std::to_string(phase) +
                                   " when only " + std::to_string(there) + " had arrived\n");
                    }
                  }
                  ++finished;
                });
              }
            },
            "the workers waited at the barrier forever: once all have arrived, all must go on - "
            "and the barrier must be ready for the next phase")) {
      return;
    }
    ASSERT_EQ(early.text(), "") << "round " << round;
    ASSERT_EQ(finished, parties);
  }
}

TEST(CyclicBarrierTest, WaitsForTheLastToArrive) {
  ch10::cyclic_barrier phase_end{3};
  std::atomic<int> through{0};
  int through_before_the_last = -1;
  if (!drill_test::run_round(
          [&] {
            for (int i = 0; i < 2; ++i) {
              go::spawn([&] {
                phase_end.arrive_and_wait();
                ++through;
              });
            }
            settle();
            through_before_the_last = through;
            phase_end.arrive_and_wait();
          },
          "the barrier did not open when the third party arrived", 1)) {
    return;
  }
  EXPECT_EQ(through_before_the_last, 0) << "two of three arrived: both must still wait";
  EXPECT_EQ(through, 2);
}

TEST(CyclicBarrierTest, OnePartyNeverWaits) {
  ch10::cyclic_barrier alone{1};
  EXPECT_TRUE(drill_test::run_round([&] { for (int phase = 0; phase < 3; ++phase) alone.arrive_and_wait(); },
                                    "a barrier for one party must let its only party through at once", 1));
}
