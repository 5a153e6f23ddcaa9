// foo_bar_test.cpp - the drill foo_bar: strict alternation under every schedule.
#include "foo_bar.hpp"

#include <go/go.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using drill_test::schedule;
using drill_test::transcript;

// run_foo_bar: one round - two fibers call foo and bar of `alternate`, bar first if `bar_first`.
bool run_foo_bar(ch10::foo_bar& alternate, transcript& out, schedule& random, bool bar_first) {
  return drill_test::run_round(
      [&] {
        auto call_foo = [&] { alternate.foo([&] { random.jitter(); out.append("foo"); }); };
        auto call_bar = [&] { alternate.bar([&] { random.jitter(); out.append("bar"); }); };
        if (bar_first) go::spawn(call_bar);
        go::spawn(call_foo);
        if (!bar_first) go::spawn(call_bar);
      },
      "foo and bar waited for each other forever: after printing, hand the turn to the other");
}

}  // namespace

TEST(FooBarTest, PrintsFooBarNTimesWhateverTheSchedule) {
  for (int round = 0; round < drill_test::rounds; ++round) {
    schedule random{round};
    const int n = 1 + random.below(12);
    ch10::foo_bar alternate{n};
    transcript out;
    if (!run_foo_bar(alternate, out, random, random.below(2) == 0)) return;
    ASSERT_EQ(out.text(), drill_test::repeated("foobar", n)) << "n = " << n << ", round " << round;
  }
}

TEST(FooBarTest, BarWaitsForFooWhenItStartsFirst) {
  ch10::foo_bar alternate{2};
  transcript out;
  schedule random{0};
  if (!run_foo_bar(alternate, out, random, true)) return;
  EXPECT_EQ(out.text(), "foobarfoobar") << "bar started first: it must wait for foo's turn to end";
}

TEST(FooBarTest, ZeroPairsPrintNothingAndReturn) {
  ch10::foo_bar alternate{0};
  transcript out;
  schedule random{0};
  if (!run_foo_bar(alternate, out, random, false)) return;
  EXPECT_EQ(out.text(), "");
}
