// bounded_blocking_queue.cpp - your answer to the drill bounded_blocking_queue (see
// bounded_blocking_queue.hpp).
//
// Replace each TODO(exercise), then run `./workbook check 10 bounded_blocking_queue`.
#include "bounded_blocking_queue.hpp"

#include <go/go.hpp>

namespace ch10 {

// state: the queue's contents, and whatever makes a caller wait.
struct bounded_blocking_queue::state {
  std::size_t capacity = 0;
  // TODO(exercise): what holds the elements.
};

bounded_blocking_queue::bounded_blocking_queue(std::size_t capacity) : state_{std::make_unique<state>()} {
  state_->capacity = capacity;
}

bounded_blocking_queue::~bounded_blocking_queue() = default;

void bounded_blocking_queue::enqueue(int /*element*/) {
  // TODO(exercise): wait while full, then add at the back.
  throw go::not_implemented{"bounded_blocking_queue"};
}

int bounded_blocking_queue::dequeue() {
  // TODO(exercise): wait while empty, then take from the front.
  throw go::not_implemented{"bounded_blocking_queue"};
}

std::size_t bounded_blocking_queue::size() const {
  // TODO(exercise): how many elements are queued now.
  throw go::not_implemented{"bounded_blocking_queue"};
}

}  // namespace ch10
