// bounded_blocking_queue_test.cpp - the drill bounded_blocking_queue: FIFO, waits when full or
// empty, and loses or duplicates nothing between fibers on two threads.
#include "bounded_blocking_queue.hpp"

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

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

TEST(BoundedBlockingQueueTest, DequeuesInTheOrderEnqueued) {
  ch10::bounded_blocking_queue queue{3};
  std::vector<int> out;
  std::size_t size_when_full = 0;
  go::testing::run([&] {
    for (int i = 1; i <= 3; ++i) queue.enqueue(i);
    size_when_full = queue.size();
    for (int i = 0; i < 3; ++i) out.push_back(queue.dequeue());
  });
  EXPECT_EQ(size_when_full, 3U);
  EXPECT_EQ(out, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(queue.size(), 0U);
}

TEST(BoundedBlockingQueueTest, EnqueueWaitsWhileTheQueueIsFull) {
  ch10::bounded_blocking_queue queue{2};
  std::atomic<int> enqueued{0};
  int enqueued_while_full = -1;
  std::size_t size_while_full = 0;
  int enqueued_after_one_dequeue = -1;
  if (!drill_test::run_round(
          [&] {
            go::spawn([&] {
              for (int i = 0; i < 3; ++i) {
                queue.enqueue(i);
                ++enqueued;
              }
            });
            settle();
            enqueued_while_full = enqueued;
            size_while_full = queue.size();
            queue.dequeue();
            settle();
            enqueued_after_one_dequeue = enqueued;
            queue.dequeue();
            queue.dequeue();
          },
          "the producer and the consumer waited for each other forever", 1)) {
    return;
  }
  EXPECT_EQ(enqueued_while_full, 2) << "a queue of capacity 2 must make the third enqueue wait";
  EXPECT_EQ(size_while_full, 2U);
  EXPECT_EQ(enqueued_after_one_dequeue, 3) << "a dequeue makes room: the waiting enqueue must go on";
}

TEST(BoundedBlockingQueueTest, DequeueWaitsWhileTheQueueIsEmpty) {
  ch10::bounded_blocking_queue queue{1};
  std::atomic<bool> returned{false};
  int got = -1;
  bool returned_while_empty = true;
  if (!drill_test::run_round(
          [&] {
            go::spawn([&] {
              got = queue.dequeue();
              returned = true;
            });
            settle();
            returned_while_empty = returned;
            queue.enqueue(7);
          },
          "dequeue did not wake up when an element arrived", 1)) {
    return;
  }
  EXPECT_FALSE(returned_while_empty) << "dequeue on an empty queue must wait for an element";
  EXPECT_EQ(got, 7);
}

TEST(BoundedBlockingQueueTest, ProducersAndConsumersOnTwoThreadsPassEveryElementOnceInOrder) {
  constexpr int producers = 3;
  constexpr int per_producer = 300;
  constexpr std::size_t capacity = 4;
  ch10::bounded_blocking_queue queue{capacity};
  go::testing::counters seen(producers * per_producer);
  transcript problems;
  schedule random{1};
  if (!drill_test::run_round(
          [&] {
            for (int p = 0; p < producers; ++p) {
              go::spawn([&, p] {
                for (int i = 0; i < per_producer; ++i) {
                  queue.enqueue(p * per_producer + i);
                  random.jitter();
                }
              });
            }
            for (int c = 0; c < producers; ++c) {
              go::spawn([&] {
                std::vector<int> last_from(producers, -1);
                for (int i = 0; i < per_producer; ++i) {
                  const int element = queue.dequeue();
                  if (element < 0 || element >= producers * per_producer) {
                    problems.append("dequeued " + std::to_string(element) + ", which nobody enqueued\n");
                    continue;
                  }
                  seen.add(static_cast<std::size_t>(element));
                  const int from = element / per_producer;
                  if (element < last_from[from]) problems.append("out of order: " + std::to_string(element) + "\n");
                  last_from[from] = element;
                  if (queue.size() > capacity) problems.append("size() above the capacity\n");
                  random.jitter();
                }
              });
            }
          },
          "producers and consumers waited forever: every enqueue must wake a waiting dequeue and "
          "every dequeue a waiting enqueue")) {
    return;
  }
  EXPECT_EQ(problems.text(), "");
  EXPECT_EQ(seen.indexes_not_seen_once(), std::vector<std::size_t>{}) << "elements lost or dequeued twice";
}
