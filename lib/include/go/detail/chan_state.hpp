// go/detail/chan_state.hpp - the shared state behind go::chan<T>: a buffer and two waiter queues.
//
// Invariants, as in Go's runtime/chan.go: receivers wait only while the buffer is empty;
// senders wait only while it is full (for an unbuffered channel: always, until a receiver
// comes). A value is handed from one side to the other while the channel's mutex is held, so
// it is never lost or delivered twice.
//
// Thread safety: every *_locked member requires `mutex` held by the caller.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include <boost/circular_buffer.hpp>

#include "go/detail/short_mutex.hpp"
#include "go/detail/wait.hpp"

namespace go::detail {

// chan_core: the part of a channel select needs without knowing T.
struct chan_core {
  explicit chan_core(std::size_t cap) : capacity{cap} {}
  short_mutex mutex;  // a few instructions per hold: see short_mutex.hpp
  bool closed = false;       // guarded by mutex
  waiter_queue receivers;    // guarded by mutex
  waiter_queue senders;      // guarded by mutex
  const std::size_t capacity;

  // traced: records that a value was "sent" into or "received" from this channel, when the run
  // is traced (go::testing::run_trace counts them per named channel).
  void traced(const char* what) const noexcept {
    if (thread_trace != nullptr) [[unlikely]] trace_value(this, what);
  }
};

enum class chan_status { done, would_block, closed };

template <class T>
struct chan_state : chan_core {
  explicit chan_state(std::size_t cap) : chan_core{cap}, buffer(cap) {}

  // send_locked: hands `value` to a waiting receiver or buffers it. `wake` is set to the op to
  // wake once the mutex is released.
  chan_status send_locked(T& value, wait_op*& wake) {
    if (closed) return chan_status::closed;
    if (waiter* receiver = take_first(receivers)) {
      static_cast<std::optional<T>*>(receiver->slot)->emplace(std::move(value));
      wake = receiver->op;
      traced("sent");
      traced("received");
      return chan_status::done;
    }
    if (buffer.size() < capacity) {
      buffer.push_back(std::move(value));
      traced("sent");
      return chan_status::done;
    }
    return chan_status::would_block;
  }

  // recv_locked: takes the oldest value (buffered first, then from a waiting sender).
  chan_status recv_locked(std::optional<T>& out, wait_op*& wake) {
    if (!buffer.empty()) {
      out.emplace(std::move(buffer.front()));
      buffer.pop_front();
      traced("received");
      if (waiter* sender = take_first(senders)) {  // its value takes the freed place
        buffer.push_back(std::move(*static_cast<T*>(sender->slot)));
        wake = sender->op;
        traced("sent");
      }
      return chan_status::done;
    }
    if (waiter* sender = take_first(senders)) {
      out.emplace(std::move(*static_cast<T*>(sender->slot)));
      wake = sender->op;
      traced("sent");
      traced("received");
      return chan_status::done;
    }
    return closed ? chan_status::closed : chan_status::would_block;
  }

  // close_locked: marks the channel closed and fires every waiter with `closed` set.
  void close_locked(std::vector<wait_op*>& wake) {
    closed = true;
    for (waiter_queue* queue : {&receivers, &senders}) {
      while (waiter* w = take_first(*queue)) {
        w->closed = true;
        wake.push_back(w->op);
      }
    }
  }

  [[nodiscard]] std::size_t size_locked() const { return buffer.size(); }

  boost::circular_buffer<T> buffer;  // guarded by mutex
};

}  // namespace go::detail
