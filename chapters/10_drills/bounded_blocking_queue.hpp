// bounded_blocking_queue.hpp - drill: a bounded blocking queue (LeetCode 1188). Statement:
// hints.md, "bounded_blocking_queue".
//
// A first-in, first-out queue of ints with a fixed capacity, shared by producer and consumer
// fibers: enqueue waits while the queue is full, dequeue while it is empty.
//
//   ch10::bounded_blocking_queue queue{2};
//   go::run([&] {
//     go::spawn([&] { for (int i = 0; i < 5; ++i) queue.enqueue(i); });  // waits at 2 queued
//     for (int i = 0; i < 5; ++i) std::cout << queue.dequeue();           // 01234
//   }, {.threads = 2});
//
// The classic problem has producer and consumer threads; here they are fibers, and waiting
// means blocking on the toolkit. Your work is all in bounded_blocking_queue.cpp, including the
// members: `state` is yours to define.
//
// Thread safety: any number of fibers call enqueue, dequeue and size at once.
#pragma once

#include <cstddef>
#include <memory>

namespace ch10 {

class bounded_blocking_queue {
 public:
  explicit bounded_blocking_queue(std::size_t capacity);
  ~bounded_blocking_queue();
  bounded_blocking_queue(const bounded_blocking_queue&) = delete;
  bounded_blocking_queue& operator=(const bounded_blocking_queue&) = delete;

  // enqueue: adds `element` at the back, waiting while the queue holds `capacity` elements.
  void enqueue(int element);
  // dequeue: removes and returns the front element, waiting while the queue is empty.
  int dequeue();
  // size: how many elements the queue holds now.
  [[nodiscard]] std::size_t size() const;

 private:
  struct state;  // defined in bounded_blocking_queue.cpp
  std::unique_ptr<state> state_;
};

}  // namespace ch10
