// fizz_buzz_test.cpp - the drill fizz_buzz: 1 .. n with the right words under every schedule.
#include "fizz_buzz.hpp"

#include <string>
#include <vector>

#include <go/go.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using drill_test::schedule;
using drill_test::transcript;

// expected: the game up to n, one word or number and a space each.
std::string expected(int n) {
  std::string text;
  for (int i = 1; i <= n; ++i) {
    text += i % 15 == 0 ? "fizzbuzz" : i % 3 == 0 ? "fizz" : i % 5 == 0 ? "buzz" : std::to_string(i);
    text += ' ';
  }
  return text;
}

// run_game: one round - four fibers call fizz, buzz, fizzbuzz and number, spawned in `order`.
bool run_game(ch10::fizz_buzz& game, transcript& out, schedule& random, const std::vector<int>& order) {
  // print outlives the run's fibers: it is declared out here, not in the run's body.
  auto print = [&](const std::string& text) {
    random.jitter();
    out.append(text);
  };
  return drill_test::run_round(
      [&] {
        drill_test::spawn_in_order(random, order,
                                   {[&] { game.fizz([&] { print("fizz "); }); },
                                    [&] { game.buzz([&] { print("buzz "); }); },
                                    [&] { game.fizzbuzz([&] { print("fizzbuzz "); }); },
                                    [&] { game.number([&](int i) { print(std::to_string(i) + " "); }); }});
      },
      "the four methods waited forever: each must return once every number up to n is printed");
}

}  // namespace

TEST(FizzBuzzTest, PrintsTheGameInOrderWhateverTheSchedule) {
  for (int round = 0; round < drill_test::rounds; ++round) {
    schedule random{round};
    const int n = 1 + random.below(35);
    ch10::fizz_buzz game{n};
    transcript out;
    if (!run_game(game, out, random, random.shuffled(4))) return;
    ASSERT_EQ(out.text(), expected(n)) << "n = " << n << ", round " << round;
  }
}

TEST(FizzBuzzTest, FifteenEndsWithFizzBuzz) {
  ch10::fizz_buzz game{15};
  transcript out;
  schedule random{0};
  if (!run_game(game, out, random, {3, 2, 1, 0})) return;
  EXPECT_EQ(out.text(), "1 2 fizz 4 buzz fizz 7 8 fizz buzz 11 fizz 13 14 fizzbuzz ");
}

TEST(FizzBuzzTest, MethodsWithNothingToPrintReturn) {
  ch10::fizz_buzz game{2};
  transcript out;
  schedule random{0};
  if (!run_game(game, out, random, {0, 1, 2, 3})) return;
  EXPECT_EQ(out.text(), "1 2 ") << "up to 2 only number prints: fizz, buzz and fizzbuzz must still return";
}
