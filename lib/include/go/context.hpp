// go/context.hpp - cancellation, deadlines and request-scoped values (Go's context package).
//
// Go: ctx, cancel := context.WithTimeout(parent, 3*time.Second); defer cancel()
//     select { case r := <-results: ...; case <-ctx.Done(): return ctx.Err() }
//
//   auto [ctx, cancel] = go::with_timeout(go::background(), 3s);
//   go::defer_cancel guard{cancel};                     // Go's `defer cancel()`
//   go::select(go::recv(results, use),
//              go::recv(ctx.done(), [&] { error = ctx.err(); }));
//
// - A context is an immutable handle; derive children with with_cancel, with_timeout,
//   with_deadline and with_value. Cancelling a context cancels all its descendants, never its
//   parent.
// - done() is a channel that is closed when the context is cancelled or its deadline passes;
//   background()'s done() is nil, so a select case on it never fires.
// - err() is empty until done, then go::context_error::canceled or ::deadline_exceeded (compare
//   a std::error_code with the enum: `ctx.err() == go::context_error::canceled`).
// - A cancel function is idempotent and safe to call from any fiber or thread. Always call it:
//   a with_timeout context that is never cancelled keeps its timer pending until the deadline.
// - Values are looked up by typed keys (go::context_key<T>): no collisions, no casts.
//
// Thread safety: contexts and cancel functions may be shared by any fibers and threads.
#pragma once

#include <any>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "go/chan.hpp"
#include "go/time.hpp"

namespace go {

// context_error: the two reasons a context is done (Go: context.Canceled, DeadlineExceeded).
enum class context_error { canceled = 1, deadline_exceeded = 2 };
const std::error_category& context_category() noexcept;
inline std::error_code make_error_code(context_error e) noexcept { return {static_cast<int>(e), context_category()}; }

// context_key: a typed key for with_value; its identity is its address.
template <class T>
class context_key {
 public:
  explicit context_key(std::string name) : name_{std::move(name)} {}
  context_key(const context_key&) = delete;
  context_key& operator=(const context_key&) = delete;
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  std::string name_;
};

namespace detail {
struct context_node;
}

class context {
 public:
  // context: the background context (never cancelled, no deadline, no values).
  context() = default;

  // done: closed when this context is cancelled or times out; nil for background.
  [[nodiscard]] recv_chan<empty> done() const;
  // err: empty while not done; then canceled or deadline_exceeded.
  [[nodiscard]] std::error_code err() const;
  // deadline: when this context will time out, if it will.
  [[nodiscard]] std::optional<clock::time_point> deadline() const;
  // value: the value stored under `key` by this context or its nearest ancestor that has one.
  template <class T>
  [[nodiscard]] std::optional<T> value(const context_key<T>& key) const {
    const std::any* found = find_value(&key);
    if (found == nullptr) return std::nullopt;
    return std::any_cast<T>(*found);
  }

 private:
  friend class cancel_func;
  friend std::pair<context, class cancel_func> with_deadline_impl(const context&, std::optional<clock::time_point>);
  friend context with_any_value(const context&, const void*, std::any);
  explicit context(std::shared_ptr<detail::context_node> node) : node_{std::move(node)} {}
  [[nodiscard]] const std::any* find_value(const void* key) const;

  std::shared_ptr<detail::context_node> node_;  // null: background
};

// cancel_func: cancels its context and all descendants; idempotent (Go: context.CancelFunc).
class cancel_func {
 public:
  cancel_func() = default;
  void operator()() const;

 private:
  friend std::pair<context, cancel_func> with_deadline_impl(const context&, std::optional<clock::time_point>);
  explicit cancel_func(std::shared_ptr<detail::context_node> node) : node_{std::move(node)} {}
  std::shared_ptr<detail::context_node> node_;
};

// defer_cancel: calls a cancel_func when it goes out of scope (Go: defer cancel()).
class defer_cancel {
 public:
  explicit defer_cancel(cancel_func cancel) : cancel_{std::move(cancel)} {}
  ~defer_cancel() { cancel_(); }
  defer_cancel(const defer_cancel&) = delete;
  defer_cancel& operator=(const defer_cancel&) = delete;

 private:
  cancel_func cancel_;
};

// background: the root of every context tree (Go: context.Background()).
[[nodiscard]] inline context background() { return {}; }

std::pair<context, cancel_func> with_deadline_impl(const context& parent, std::optional<clock::time_point> deadline);
context with_any_value(const context& parent, const void* key, std::any value);

// with_cancel: a child that is done when cancel is called or the parent is done.
[[nodiscard]] inline std::pair<context, cancel_func> with_cancel(const context& parent) {
  return with_deadline_impl(parent, std::nullopt);
}
// with_deadline: a child that is also done (deadline_exceeded) at `deadline`.
[[nodiscard]] inline std::pair<context, cancel_func> with_deadline(const context& parent, clock::time_point deadline) {
  return with_deadline_impl(parent, deadline);
}
// with_timeout: with_deadline(parent, now + timeout).
[[nodiscard]] inline std::pair<context, cancel_func> with_timeout(const context& parent, clock::duration timeout) {
  return with_deadline_impl(parent, clock::now() + timeout);
}
// with_value: a child carrying `value` under `key`.
template <class T, class U>
[[nodiscard]] context with_value(const context& parent, const context_key<T>& key, U&& value) {
  return with_any_value(parent, &key, std::any{T(std::forward<U>(value))});
}

}  // namespace go

template <>
struct std::is_error_code_enum<go::context_error> : std::true_type {};
