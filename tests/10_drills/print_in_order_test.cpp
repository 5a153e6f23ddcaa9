// print_in_order_test.cpp - the drill print_in_order: the order holds under every schedule.
#include "print_in_order.hpp"

#include <string>
#include <vector>

#include <go/go.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using drill_test::schedule;
using drill_test::transcript;

// run_printer: one round - three fibers call first, second and third, spawned in `order`.
bool run_printer(ch10::print_in_order& printer, transcript& out, schedule& random, const std::vector<int>& order) {
  return drill_test::run_round(
      [&] {
        drill_test::spawn_in_order(random, order,
                                   {[&] { printer.first([&] { random.jitter(); out.append("first "); }); },
                                    [&] { printer.second([&] { random.jitter(); out.append("second "); }); },
                                    [&] { printer.third([&] { random.jitter(); out.append("third "); }); }});
      },
      "the three calls waited for each other forever: each must wait only for the one before it");
}

}  // namespace

// [snippet: many_schedules]
TEST(PrintInOrderTest, PrintsFirstSecondThirdWhateverOrderTheCallsStartIn) {
  for (int round = 0; round < drill_test::rounds; ++round) {
    ch10::print_in_order printer;
    transcript out;
    schedule random{round};
    if (!run_printer(printer, out, random, random.shuffled(3))) return;
    ASSERT_EQ(out.text(), "first second third ") << "round " << round << " of random schedules";
  }
}
// [end-snippet]

TEST(PrintInOrderTest, PrintsInOrderWhenTheCallsStartInReverse) {
  ch10::print_in_order printer;
  transcript out;
  schedule random{0};
  if (!run_printer(printer, out, random, {2, 1, 0})) return;
  EXPECT_EQ(out.text(), "first second third ") << "third and second started first: they must wait";
}
