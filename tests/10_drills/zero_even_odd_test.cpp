// zero_even_odd_test.cpp - the drill zero_even_odd: 0 1 0 2 ... 0 n under every schedule.
#include "zero_even_odd.hpp"

#include <functional>
#include <string>
#include <vector>

#include <go/go.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using drill_test::schedule;
using drill_test::transcript;

// expected: "0 1 0 2 ... 0 n ", each number tagged with who must print it.
std::string expected(int n) {
  std::string text;
  for (int i = 1; i <= n; ++i) {
    text += "zero:0 ";
    text += (i % 2 == 1 ? "odd:" : "even:") + std::to_string(i) + " ";
  }
  return text;
}

// printer: the print callback of `who`, recording "who:x ".
std::function<void(int)> printer(transcript& out, schedule& random, const char* who) {
  return [&out, &random, who](int x) {
    random.jitter();
    out.append(std::string{who} + ":" + std::to_string(x) + " ");
  };
}

// run_numbers: one round - three fibers call zero, even and odd, spawned in `order`.
bool run_numbers(ch10::zero_even_odd& numbers, transcript& out, schedule& random, const std::vector<int>& order) {
  return drill_test::run_round(
      [&] {
        drill_test::spawn_in_order(random, order,
                                   {[&] { numbers.zero(printer(out, random, "zero")); },
                                    [&] { numbers.even(printer(out, random, "even")); },
                                    [&] { numbers.odd(printer(out, random, "odd")); }});
      },
      "zero, even and odd waited forever: each must return once its own numbers are printed");
}

}  // namespace

TEST(ZeroEvenOddTest, PrintsZeroBeforeEachNumberWhateverTheSchedule) {
  for (int round = 0; round < drill_test::rounds; ++round) {
    schedule random{round};
    const int n = 1 + random.below(12);
    ch10::zero_even_odd numbers{n};
    transcript out;
    if (!run_numbers(numbers, out, random, random.shuffled(3))) return;
    ASSERT_EQ(out.text(), expected(n)) << "n = " << n << ", round " << round
                                       << " (each entry is who:printed)";
  }
}

TEST(ZeroEvenOddTest, OneNumberLeavesEvenNothingToPrint) {
  ch10::zero_even_odd numbers{1};
  transcript out;
  schedule random{0};
  if (!run_numbers(numbers, out, random, {1, 2, 0})) return;
  EXPECT_EQ(out.text(), "zero:0 odd:1 ") << "for n = 1 even prints nothing: it must return, not wait";
}
