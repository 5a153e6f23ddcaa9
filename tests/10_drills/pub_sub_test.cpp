// pub_sub_test.cpp - the drill pub_sub: delivery by topic and in order, publishers that never
// wait, unsubscribe and close that end the subscribers' loops.
#include "pub_sub.hpp"

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using drill_test::schedule;
using drill_test::transcript;

// buffered: what `messages` holds now, without waiting; stops at an empty or closed channel.
std::vector<std::string> buffered(const go::recv_chan<std::string>& messages) {
  std::vector<std::string> held;
  while (auto message = messages.try_recv()) held.push_back(*message);
  return held;
}

// is_closed: whether `messages` is closed and drained, without waiting.
bool is_closed(const go::recv_chan<std::string>& messages) {
  bool closed = false;
  go::select(go::recv(messages, [&](std::optional<std::string> m) { closed = !m; }), go::otherwise());
  return closed;
}

using strings = std::vector<std::string>;

}  // namespace

TEST(PubSubTest, EverySubscriberOfATopicGetsItsMessagesInOrder) {
  ch10::broker news;
  strings first, second, sport;
  std::vector<int> reached;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        auto a = news.subscribe("go", 10);
        auto b = news.subscribe("go", 10);
        auto c = news.subscribe("sport", 10);
        reached.push_back(news.publish("go", "1.22 released"));
        reached.push_back(news.publish("go", "1.23 released"));
        reached.push_back(news.publish("sport", "goal"));
        reached.push_back(news.publish("weather", "rain"));
        first = buffered(a.messages);
        second = buffered(b.messages);
        sport = buffered(c.messages);
      },
      "publish waited forever: it must offer the message and move on", 1));
  EXPECT_EQ(first, (strings{"1.22 released", "1.23 released"}));
  EXPECT_EQ(second, (strings{"1.22 released", "1.23 released"}));
  EXPECT_EQ(sport, strings{"goal"}) << "a subscriber gets its own topic's messages only";
  EXPECT_EQ(reached, (std::vector<int>{2, 2, 1, 0})) << "publish returns how many subscribers it reached";
}

TEST(PubSubTest, PublishNeverWaitsForAFullSubscriber) {
  ch10::broker news;
  std::vector<int> reached;
  strings slow_got, fast_got;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        auto slow = news.subscribe("go", 1);
        auto fast = news.subscribe("go", 3);
        for (const char* message : {"a", "b", "c"}) reached.push_back(news.publish("go", message));
        slow_got = buffered(slow.messages);
        fast_got = buffered(fast.messages);
      },
      "publish waited for a subscriber whose buffer was full - nobody was receiving, so it "
      "waited forever. Offer the message without blocking (try_send, or a select with a default).",
      1));
  EXPECT_EQ(reached, (std::vector<int>{2, 1, 1})) << "the slow subscriber's buffer holds one message";
  EXPECT_EQ(slow_got, strings{"a"}) << "a full subscriber misses the later messages";
  EXPECT_EQ(fast_got, (strings{"a", "b", "c"})) << "a full subscriber must not cost the others theirs";
}

TEST(PubSubTest, UnsubscribeClosesTheChannelAfterWhatItHolds) {
  ch10::broker news;
  strings held;
  bool closed = false;
  int reached_after = -1;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        auto sub = news.subscribe("go", 4);
        news.publish("go", "kept");
        news.unsubscribe(sub);
        news.unsubscribe(sub);  // twice does nothing
        reached_after = news.publish("go", "lost");
        held = buffered(sub.messages);
        closed = is_closed(sub.messages);
      },
      "unsubscribe or publish waited forever", 1));
  EXPECT_EQ(held, strings{"kept"}) << "what was buffered before unsubscribe can still be received";
  EXPECT_TRUE(closed) << "unsubscribe must close the channel, so the subscriber's range-for ends";
  EXPECT_EQ(reached_after, 0) << "after unsubscribe, publish reaches nobody";
}

TEST(PubSubTest, CloseEndsEverySubscribersLoop) {
  ch10::broker news;
  std::atomic<int> loops_ended{0};
  bool later_subscription_closed = false;
  int reached_after = -1;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        for (const char* topic : {"go", "go", "rust"}) {
          go::spawn([&, sub = news.subscribe(topic, 2)] {
            for (const auto& message : sub.messages) (void)message;
            ++loops_ended;
          });
        }
        news.publish("go", "last news");
        news.close();
        reached_after = news.publish("go", "too late");
        later_subscription_closed = is_closed(news.subscribe("go", 1).messages);
      },
      "a subscriber's range-for never ended: close must close every subscription's channel"));
  EXPECT_EQ(loops_ended, 3);
  EXPECT_EQ(reached_after, 0);
  EXPECT_TRUE(later_subscription_closed) << "subscribing to a closed broker gives a closed channel";
}

TEST(PubSubTest, ConcurrentPublishersAndSubscribersOnTwoThreadsLoseNothing) {
  constexpr int publishers = 3;
  constexpr int per_publisher = 100;
  constexpr int subscribers = 3;
  constexpr int total = publishers * per_publisher;
  ch10::broker news;
  transcript problems;
  std::atomic<int> fully_received{0};
  schedule random{3};
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        std::vector<ch10::broker::subscription> subs;
        for (int s = 0; s < subscribers; ++s) subs.push_back(news.subscribe("orders", total));
        for (const auto& sub : subs) {
          go::spawn([&, messages = sub.messages] {
            go::testing::counters seen(total);
            std::vector<int> last_from(publishers, -1);
            for (int i = 0; i < total; ++i) {
              const int n = std::stoi(messages.recv().value_or("-1"));
              if (n < 0) {
                problems.append("a subscriber's channel was closed early\n");
                return;
              }
              seen.add(static_cast<std::size_t>(n));
              if (n < last_from[n / per_publisher]) problems.append("out of publishing order\n");
              last_from[n / per_publisher] = n;
              random.jitter();
            }
            if (seen.indexes_not_seen_once().empty()) ++fully_received;
          });
        }
        go::spawn([&] {  // churn: subscribers coming and going on the same topic
          for (int i = 0; i < 50; ++i) {
            news.unsubscribe(news.subscribe("orders", 1));
            random.jitter();
          }
        });
        for (int p = 0; p < publishers; ++p) {
          go::spawn([&, p] {
            for (int i = 0; i < per_publisher; ++i) {
              news.publish("orders", std::to_string(p * per_publisher + i));
              random.jitter();
            }
          });
        }
      },
      "publishers, subscribers or unsubscribers waited forever"));
  EXPECT_EQ(problems.text(), "");
  EXPECT_EQ(fully_received, subscribers) << "each subscriber with room for every message must get each exactly once";
}
