// dining_philosophers_test.cpp - the drill dining_philosophers: no shared fork, no deadlock.
//
// The callbacks keep the table's books: who holds each fork, and how often each philosopher
// ate. A callback that finds a fork in the wrong hands writes it down as a violation.
#include "dining_philosophers.hpp"

#include <array>
#include <atomic>
#include <string>

#include <go/go.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using drill_test::schedule;
using drill_test::transcript;
constexpr int seats = ch10::dining_philosophers::seats;

// table_books: the forks' holders (-1: on the table), the meals eaten, the violations seen.
struct table_books {
  std::array<std::atomic<int>, seats> holder{-1, -1, -1, -1, -1};
  std::array<std::atomic<int>, seats> meals{};
  transcript violations;

  void pick(int philosopher, int fork) {
    const int was = holder[fork].exchange(philosopher);
    if (was != -1) {
      violations.append("philosopher " + std::to_string(philosopher) + " picked up fork " + std::to_string(fork) +
                        " while philosopher " + std::to_string(was) + " held it\n");
    }
  }
  void put(int philosopher, int fork) {
    int expected = philosopher;
    if (!holder[fork].compare_exchange_strong(expected, -1)) {
      violations.append("philosopher " + std::to_string(philosopher) + " put down fork " + std::to_string(fork) +
                        " that it did not hold\n");
    }
  }
  void eat(int philosopher) {
    const int left = philosopher;
    const int right = (philosopher + 1) % seats;
    if (holder[left] != philosopher || holder[right] != philosopher) {
      violations.append("philosopher " + std::to_string(philosopher) + " ate without holding both forks\n");
    }
    ++meals[philosopher];
  }
};

// dine: one round - five philosopher fibers eat `meals` times each; `pause` runs inside every
// callback (a yield, or random jitter), so that the others get to move meanwhile.
template <class Pause>
bool dine(ch10::dining_philosophers& table, table_books& books, int meals, Pause pause, unsigned threads) {
  return drill_test::run_round(
      [&] {
        for (int i = 0; i < seats; ++i) {
          go::spawn([&, i] {
            const int left = i;
            const int right = (i + 1) % seats;
            for (int meal = 0; meal < meals; ++meal) {
              table.wants_to_eat(
                  i, [&] { books.pick(i, left); pause(); }, [&] { books.pick(i, right); pause(); },
                  [&] { books.eat(i); pause(); }, [&] { books.put(i, left); }, [&] { books.put(i, right); });
            }
          });
        }
      },
      "the table deadlocked: each philosopher holds one fork and waits for the other, all round the "
      "table. Take the forks in an order that cannot form such a circle.",
      threads);
}

}  // namespace

TEST(DiningPhilosophersTest, NoForkIsEverHeldByTwoPhilosophers) {
  for (int round = 0; round < drill_test::rounds / 4; ++round) {
    schedule random{round};
    ch10::dining_philosophers table;
    table_books books;
    const int meals = 1 + random.below(5);
    if (!dine(table, books, meals, [&] { random.jitter(); }, drill_test::parallel_threads)) return;
    ASSERT_EQ(books.violations.text(), "") << "round " << round;
    for (int i = 0; i < seats; ++i) ASSERT_EQ(books.meals[i], meals) << "philosopher " << i << ", round " << round;
  }
}

TEST(DiningPhilosophersTest, NoDeadlockWhenEveryonePicksUpAForkAtOnce) {
  // On one worker thread, a yield after each pick-up lets every other philosopher pick up its
  // first fork before anyone reaches for a second: "everyone takes the left fork" deadlocks
  // here every time.
  ch10::dining_philosophers table;
  table_books books;
  if (!dine(table, books, 3, [] { go::yield(); }, 1)) return;
  EXPECT_EQ(books.violations.text(), "");
  for (int i = 0; i < seats; ++i) EXPECT_EQ(books.meals[i], 3) << "philosopher " << i;
}
