#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

TEST(ChanTest, UnbufferedHandsOverValue) {
  int got = go::testing::run([] {
    auto ch = go::make_chan<int>();
    go::spawn([ch] { ch.send(42); });
    return *ch.recv();
  });
  EXPECT_EQ(got, 42);
}
