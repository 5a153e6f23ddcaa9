// go/chan.hpp - typed channels between fibers, with close, range and directional ends.
//
// Go: ch := make(chan int, 3); ch <- 1; v, ok := <-ch; close(ch); for v := range ch {}
//     func producer(out chan<- int); func consumer(in <-chan int)
//
//   auto ch = go::make_chan<int>(3);                 // buffered; make_chan<int>() is unbuffered
//   go::spawn([out = go::send_chan<int>{ch}] {      // send-only end: recv() does not compile
//     for (int i = 0; i < 5; ++i) out.send(i);
//     out.close();                                  // only the sender closes
//   });
//   for (int v : ch) std::cout << v;                // receives until closed and drained
//
// - send(v) blocks until a receiver takes v (unbuffered) or there is room (buffered).
// - recv() blocks until a value arrives; it returns an empty optional once the channel is
//   closed and drained (Go's `v, ok := <-ch` with ok == false).
// - try_send / try_recv never block (Go's select with a default case).
// - As in Go: send on a closed channel and close of a closed channel throw go::channel_closed;
//   close of a nil channel throws go::nil_channel; send and receive on a nil channel
//   (a default-constructed chan) block forever, which go::run reports as a deadlock.
// - Values may be move-only. A chan is a handle: copies refer to the same channel.
// - Capacity is exactly what you ask for (Boost's buffered_channel needs a power of two and
//   holds one less; this one follows Go).
//
// Thread safety: any fiber or thread may use a channel at once; a value is delivered exactly
// once, and values from one sender arrive in the order sent.
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "go/detail/select_core.hpp"
#include "go/errors.hpp"

namespace go {

// empty: Go's struct{} - a value that carries no data, for signal channels (chan<empty>).
struct empty {
  friend bool operator==(empty, empty) = default;
};

template <class T>
class send_chan;
template <class T>
class recv_chan;

template <class T>
class chan {
 public:
  using value_type = T;

  // chan: a nil channel. Use go::make_chan to make a usable one.
  chan() = default;

  // send: delivers `value`, blocking while no receiver or buffer room is available.
  void send(T value) const {
    if (!state_) [[unlikely]] {
      detail::send_case<T, detail::no_handler> one{state_, std::move(value), {}};
      run_one(one);  // blocks for ever, reported as a "chan send"
      return;
    }
    // Not a one-case select_core: Go's chansend, the value handed over under the channel's lock.
    std::unique_lock lock{state_->mutex};
    detail::wait_op* wake = nullptr;
    const detail::chan_status status = state_->send_locked(value, wake);
    if (status == detail::chan_status::would_block) {
      if (park_locked(lock, state_->senders, "chan send", &value)) return;  // a receiver took it
    } else if (status == detail::chan_status::done) {
      lock.unlock();
      if (wake != nullptr) wake->wake();
      return;
    }
    throw channel_closed{"send on closed channel"};
  }

  // recv: the next value; empty once the channel is closed and drained. Like Go's `<-ch`, it
  // may be called for its effect alone (waiting for a signal).
  std::optional<T> recv() const {
    std::optional<T> value;
    if (!state_) [[unlikely]] {
      detail::recv_case<T, detail::no_handler> one{state_, {}};
      run_one(one);  // blocks for ever, reported as a "chan receive"
      return value;
    }
    std::unique_lock lock{state_->mutex};
    detail::wait_op* wake = nullptr;
    if (state_->recv_locked(value, wake) == detail::chan_status::would_block) {
      park_locked(lock, state_->receivers, "chan receive", &value);  // a sender fills it (or a close)
    } else {
      lock.unlock();
      if (wake != nullptr) wake->wake();
    }
    return value;
  }

  // try_send: sends if that is possible without blocking; false otherwise (value is dropped).
  bool try_send(T value) const {
    if (!state_) return false;
    detail::wait_op* wake = nullptr;
    detail::chan_status status;
    {
      std::lock_guard lock{state_->mutex};
      status = state_->send_locked(value, wake);
    }
    if (status == detail::chan_status::closed) throw channel_closed{"send on closed channel"};
    if (wake != nullptr) wake->wake();
    return status == detail::chan_status::done;
  }

  // try_recv: a value if one is ready now; empty if none is (or the channel is closed and drained).
  [[nodiscard]] std::optional<T> try_recv() const {
    std::optional<T> value;
    if (!state_) return value;
    detail::wait_op* wake = nullptr;
    {
      std::lock_guard lock{state_->mutex};
      state_->recv_locked(value, wake);
    }
    if (wake != nullptr) wake->wake();
    return value;
  }

  // close: no more values will be sent; receivers drain the buffer, then see the close.
  void close() const {
    if (!state_) throw nil_channel{"close of nil channel"};
    std::vector<detail::wait_op*> wake;
    {
      std::lock_guard lock{state_->mutex};
      if (state_->closed) throw channel_closed{"close of closed channel"};
      state_->close_locked(wake);
    }
    for (detail::wait_op* op : wake) op->wake();
  }

  // len / cap: values buffered now, and the buffer's size (Go: len(ch), cap(ch)).
  [[nodiscard]] std::size_t len() const {
    if (!state_) return 0;
    std::lock_guard lock{state_->mutex};
    return state_->size_locked();
  }
  [[nodiscard]] std::size_t cap() const { return state_ ? state_->capacity : 0; }

  // is_nil: true for a default-constructed channel.
  [[nodiscard]] bool is_nil() const noexcept { return !state_; }

  friend bool operator==(const chan& a, const chan& b) noexcept { return a.state_ == b.state_; }

  // Range-for: `for (T v : ch)` receives until the channel is closed and drained.
  class iterator {
   public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(const chan* source) : source_{source}, current_{source->recv()} {}
    T& operator*() { return *current_; }
    iterator& operator++() {
      current_ = source_->recv();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) { return !it.current_; }

   private:
    const chan* source_ = nullptr;
    std::optional<T> current_;
  };
  [[nodiscard]] iterator begin() const { return iterator{this}; }
  [[nodiscard]] std::default_sentinel_t end() const { return {}; }

  // state: the shared state, for go::select's cases.
  [[nodiscard]] const std::shared_ptr<detail::chan_state<T>>& state() const noexcept { return state_; }

  template <class U>
  friend chan<U> make_chan(std::size_t capacity);

 private:
  static void run_one(detail::select_case& one) {
    detail::select_case* cases[] = {&one};
    detail::select_core(cases, false);
  }

  // park_locked: waits in `queue` (the mutex held by `lock`) until a waker has moved the value
  // through `slot`; false when a close woke it instead.
  bool park_locked(std::unique_lock<detail::short_mutex>& lock, detail::waiter_queue& queue, const char* what,
                   void* slot) const {
    detail::wait_op op{what, static_cast<const detail::chan_core*>(state_.get())};
    detail::waiter me{op, 0, slot};
    op.track(me);
    queue.push_back(me);
    op.block(lock);
    return !me.closed;
  }

  std::shared_ptr<detail::chan_state<T>> state_;
};

// make_chan: a new channel holding up to `capacity` values (0: unbuffered). Go: make(chan T, n).
template <class T>
chan<T> make_chan(std::size_t capacity = 0) {
  chan<T> made;
  made.state_ = std::make_shared<detail::chan_state<T>>(capacity);
  return made;
}

// send_chan: the send-only end of a channel (Go: chan<- T). It can send and close.
template <class T>
class send_chan : private chan<T> {
 public:
  using value_type = T;
  send_chan() = default;
  send_chan(chan<T> channel) : chan<T>{std::move(channel)} {}  // NOLINT: converts like Go
  using chan<T>::send;
  using chan<T>::try_send;
  using chan<T>::close;
  using chan<T>::len;
  using chan<T>::cap;
  using chan<T>::is_nil;
  using chan<T>::state;
};

// recv_chan: the receive-only end of a channel (Go: <-chan T). It can receive and range.
template <class T>
class recv_chan : private chan<T> {
 public:
  using value_type = T;
  recv_chan() = default;
  recv_chan(chan<T> channel) : chan<T>{std::move(channel)} {}  // NOLINT: converts like Go
  using chan<T>::recv;
  using chan<T>::try_recv;
  using chan<T>::len;
  using chan<T>::cap;
  using chan<T>::is_nil;
  using chan<T>::begin;
  using chan<T>::end;
  using chan<T>::state;
  using typename chan<T>::iterator;
};

}  // namespace go
