// bounded_blocking_queue.cpp - reference solution of the drill bounded_blocking_queue (see
// bounded_blocking_queue.hpp).
//
// In Go a buffered channel *is* a bounded blocking queue: send waits while it is full, receive
// while it is empty, len() is its size. The answer an interviewer wants in Java or C++ - a
// mutex and two condition variables, not_full and not_empty - is what the channel does inside.
#include "bounded_blocking_queue.hpp"

#include <go/go.hpp>

namespace ch10 {

struct bounded_blocking_queue::state {
  go::chan<int> elements;
};

bounded_blocking_queue::bounded_blocking_queue(std::size_t capacity) : state_{std::make_unique<state>()} {
  state_->elements = go::make_chan<int>(capacity);
}

bounded_blocking_queue::~bounded_blocking_queue() = default;

void bounded_blocking_queue::enqueue(int element) { state_->elements.send(element); }

// value(): the channel is never closed, so a receive always brings an element.
int bounded_blocking_queue::dequeue() { return state_->elements.recv().value(); }

std::size_t bounded_blocking_queue::size() const { return state_->elements.len(); }

}  // namespace ch10
