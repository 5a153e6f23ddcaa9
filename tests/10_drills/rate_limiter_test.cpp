// rate_limiter_test.cpp - the drill rate_limiter: token counts under a fake clock.
//
// No test waits for real time: the limiter reads a fake_clock that only the test moves.
#include "rate_limiter.hpp"

#include <atomic>
#include <chrono>

#include <go/go.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using namespace std::chrono_literals;

// fake_clock: a time that moves only when advance() is called. Thread safety: any thread.
class fake_clock {
 public:
  [[nodiscard]] go::clock::time_point now() const { return go::clock::time_point{go::clock::duration{ticks_.load()}}; }
  void advance(go::clock::duration by) { ticks_ += by.count(); }
  [[nodiscard]] ch10::rate_limiter::clock_function function() {
    return [this] { return now(); };
  }

 private:
  std::atomic<go::clock::rep> ticks_{std::chrono::duration_cast<go::clock::duration>(1000h).count()};
};

// allowed: how many of `calls` calls to allow() return true.
int allowed(ch10::rate_limiter& limiter, int calls) {
  int yes = 0;
  for (int i = 0; i < calls; ++i) yes += limiter.allow() ? 1 : 0;
  return yes;
}

}  // namespace

TEST(RateLimiterTest, StartsFullWithBurstTokens) {
  fake_clock clock;
  ch10::rate_limiter limiter{1, 3, clock.function()};
  EXPECT_EQ(allowed(limiter, 5), 3) << "a new bucket holds `burst` tokens, and no time has passed";
}

TEST(RateLimiterTest, RefillsAtTheRate) {
  fake_clock clock;
  ch10::rate_limiter limiter{2, 2, clock.function()};
  ASSERT_EQ(allowed(limiter, 2), 2);
  clock.advance(500ms);
  EXPECT_EQ(allowed(limiter, 3), 1) << "2 tokens a second: half a second brings one";
  clock.advance(1s);
  EXPECT_EQ(allowed(limiter, 3), 2) << "2 tokens a second: one second brings two";
}

TEST(RateLimiterTest, NeverHoldsMoreThanBurst) {
  fake_clock clock;
  ch10::rate_limiter limiter{10, 3, clock.function()};
  ASSERT_EQ(allowed(limiter, 3), 3);
  clock.advance(1h);
  EXPECT_EQ(allowed(limiter, 10), 3) << "an hour idle refills the bucket to `burst`, no more";
}

TEST(RateLimiterTest, FractionsOfATokenAddUp) {
  fake_clock clock;
  ch10::rate_limiter limiter{1, 1, clock.function()};
  ASSERT_TRUE(limiter.allow());
  clock.advance(400ms);
  EXPECT_FALSE(limiter.allow()) << "0.4 of a token is not a token";
  clock.advance(400ms);
  EXPECT_FALSE(limiter.allow()) << "0.8 of a token is not a token";
  clock.advance(200ms);
  EXPECT_TRUE(limiter.allow()) << "0.4 + 0.4 + 0.2 is a whole token: calls that found too little must not "
                                  "throw away what had accrued";
}

TEST(RateLimiterTest, ConcurrentCallersOnTwoThreadsShareExactlyTheTokens) {
  constexpr int burst = 50;
  fake_clock clock;
  ch10::rate_limiter limiter{1, burst, clock.function()};
  std::atomic<int> yes{0};
  drill_test::schedule random{7};
  EXPECT_TRUE(drill_test::run_round(
      [&] {
        for (int caller = 0; caller < 200; ++caller) {
          go::spawn([&] {
            random.jitter();
            if (limiter.allow()) ++yes;
          });
        }
      },
      "allow() waited forever: it must never block"));
  EXPECT_EQ(yes, burst) << "200 callers at one instant share the " << burst << " tokens of a full bucket";
}
