// first_response_test.cpp - the drill first_response: the first answer wins, every replica is
// asked at once, failures are skipped, and no replica's fiber is left behind.
#include "first_response.hpp"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

// waits_for_cancel: a replica that never answers: it waits until its context is done, then
// stops as a replica must, counting in `cancelled` the times it was stopped by a cancel.
ch10::replica waits_for_cancel(std::atomic<int>& cancelled) {
  return [&cancelled](const go::context& ctx) -> std::string {
    ctx.done().recv();
    if (ctx.err() == go::context_error::canceled) ++cancelled;
    throw std::system_error{ctx.err()};
  };
}

// answers: a replica that answers `text` after letting the other fibers run a little.
ch10::replica answers(std::string text) {
  return [text](const go::context&) {
    for (int i = 0; i < 10; ++i) go::sleep(std::chrono::milliseconds{0});
    return text;
  };
}

// fails: a replica that throws std::runtime_error{what} at once.
ch10::replica fails(std::string what) {
  return [what](const go::context&) -> std::string { throw std::runtime_error{what}; };
}

}  // namespace

TEST(FirstResponseTest, ReturnsTheFirstAnswerAndCancelsTheOthers) {
  std::atomic<int> cancelled{0};
  std::vector<ch10::replica> replicas{waits_for_cancel(cancelled), answers("from us-east"),
                                      waits_for_cancel(cancelled)};
  std::string answer;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        answer = ch10::first_response(go::background(), replicas);
        go::testing::expect_no_leaks();
      },
      "first_response waited forever: the slow replicas only stop when their context is "
      "cancelled - cancel it once you have an answer, and do not wait for them to answer"));
  EXPECT_EQ(answer, "from us-east");
  EXPECT_EQ(cancelled, 2) << "both slow replicas must see their context cancelled";
}

TEST(FirstResponseTest, AsksEveryReplicaAtTheSameTime) {
  // Each replica answers only once all three have been asked: asking them one after another
  // never gets there, and go::run reports a deadlock.
  go::testing::fiber_latch all_asked{3};
  auto replica = [&](const go::context&) {
    all_asked.arrive_and_wait();
    return std::string{"answer"};
  };
  std::vector<ch10::replica> replicas{replica, replica, replica};
  std::string answer;
  ASSERT_TRUE(drill_test::run_round(
      [&] { answer = ch10::first_response(go::background(), replicas); },
      "the replicas were never all asked at once: call each from a fiber of its own"));
  EXPECT_EQ(answer, "answer");
}

TEST(FirstResponseTest, AFailedReplicaDoesNotWin) {
  std::vector<ch10::replica> replicas{fails("disk full"), answers("from eu-west"), fails("timeout")};
  std::string answer;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        answer = ch10::first_response(go::background(), replicas);
        go::testing::expect_no_leaks();
      },
      "first_response waited forever: a replica that throws still ends - count it and go on"));
  EXPECT_EQ(answer, "from eu-west") << "a replica that throws has not answered: wait for one that does";
}

TEST(FirstResponseTest, WhenEveryReplicaFailsItsErrorComesBack) {
  std::vector<ch10::replica> replicas{fails("disk full"), fails("disk full")};
  std::string error;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        try {
          ch10::first_response(go::background(), replicas);
        } catch (const std::runtime_error& failed) {
          error = failed.what();
        }
      },
      "first_response waited forever although every replica had failed"));
  EXPECT_EQ(error, "disk full") << "when no replica answers, rethrow a replica's exception";
}

TEST(FirstResponseTest, ACancelledCallerGetsCanceledAndLeavesNothingBehind) {
  std::atomic<int> cancelled{0};
  std::vector<ch10::replica> replicas{waits_for_cancel(cancelled), waits_for_cancel(cancelled)};
  std::error_code code;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        auto [ctx, cancel] = go::with_cancel(go::background());
        go::spawn([cancel] { cancel(); });  // the caller gives up while the replicas work
        code = go::testing::thrown_code([&] { ch10::first_response(ctx, replicas); });
        go::testing::expect_no_leaks();
      },
      "first_response waited forever after its caller's context was cancelled: give the replicas "
      "a child of ctx, so that they see it too"));
  EXPECT_EQ(code, go::context_error::canceled);
  EXPECT_EQ(cancelled, 2);
}
