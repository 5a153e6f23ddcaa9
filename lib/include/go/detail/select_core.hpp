// go/detail/select_core.hpp - the one algorithm behind chan::send, chan::recv and go::select.
//
// As in Go's runtime/select.go: lock every channel involved in address order (so two selects
// never lock in opposite orders), poll the cases in a random order and complete the first ready
// one; if none is ready, either take the default or enqueue one waiter per case, sleep, and on
// wake-up leave every other queue. A value leaves a channel only through the case that wins.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <utility>

#include "go/detail/chan_state.hpp"
#include "go/errors.hpp"

namespace go::detail {

// select_case: one case of a select, type-erased.
class select_case {
 public:
  // channel: the channel this case works on; null for a nil channel (never ready). Not virtual:
  // select_core reads it for every case of every call.
  [[nodiscard]] chan_core* channel() const noexcept { return channel_; }
  // what: the operation's name in deadlock reports.
  [[nodiscard]] virtual const char* what() const noexcept = 0;
  // try_now: completes the case if its channel is ready; the channel's mutex is held.
  virtual bool try_now(wait_op*& wake) = 0;
  // enqueue / dequeue: the case's waiter joins / leaves its channel's queue (mutex held).
  virtual void enqueue(wait_op& op, int index) = 0;
  virtual void dequeue() noexcept = 0;
  // finish: after every lock is released, hands the result to the case's handler.
  virtual void finish() = 0;

 protected:
  explicit select_case(chan_core* channel) noexcept : channel_{channel} {}
  ~select_case() = default;

 private:
  chan_core* channel_;
};

inline constexpr int select_default = -1;
inline constexpr std::size_t max_select_cases = 32;

// select_core: completes exactly one of `cases` (null entries are skipped) and returns its index,
// or select_default when none is ready and `has_default`. Blocks otherwise.
int select_core(std::span<select_case* const> cases, bool has_default);

template <class T, class Handler>
class recv_case final : public select_case {
 public:
  recv_case(std::shared_ptr<chan_state<T>> state, Handler handler)
      : select_case{state.get()}, state_{std::move(state)}, handler_{std::move(handler)} {}

  [[nodiscard]] const char* what() const noexcept override { return "chan receive"; }
  bool try_now(wait_op*& wake) override { return state_->recv_locked(value_, wake) != chan_status::would_block; }
  void enqueue(wait_op& op, int index) override {
    waiter_.emplace(op, index, &value_);
    state_->receivers.push_back(*waiter_);
  }
  void dequeue() noexcept override {
    if (waiter_ && waiter_->is_linked()) waiter_->unlink();
  }
  void finish() override {
    if constexpr (std::is_invocable_v<Handler&, std::optional<T>>) {
      handler_(std::move(value_));
    } else {
      handler_();
    }
  }
  // result: the value received; empty when the channel was closed and drained.
  std::optional<T>& result() { return value_; }

 private:
  std::shared_ptr<chan_state<T>> state_;
  Handler handler_;
  std::optional<T> value_;
  std::optional<waiter> waiter_;
};

template <class T, class Handler>
class send_case final : public select_case {
 public:
  send_case(std::shared_ptr<chan_state<T>> state, T value, Handler handler)
      : select_case{state.get()}, state_{std::move(state)}, value_{std::move(value)}, handler_{std::move(handler)} {}

  [[nodiscard]] const char* what() const noexcept override { return "chan send"; }
  bool try_now(wait_op*& wake) override {
    const chan_status status = state_->send_locked(value_, wake);
    closed_ = status == chan_status::closed;
    return status != chan_status::would_block;
  }
  void enqueue(wait_op& op, int index) override {
    waiter_.emplace(op, index, &value_);
    state_->senders.push_back(*waiter_);
  }
  void dequeue() noexcept override {
    if (waiter_ && waiter_->is_linked()) waiter_->unlink();
  }
  void finish() override {
    if (closed_ || (waiter_ && waiter_->closed)) throw channel_closed{"send on closed channel"};
    handler_();
  }

 private:
  std::shared_ptr<chan_state<T>> state_;
  T value_;
  Handler handler_;
  bool closed_ = false;
  std::optional<waiter> waiter_;
};

struct no_handler {
  void operator()() const noexcept {}
};

}  // namespace go::detail
