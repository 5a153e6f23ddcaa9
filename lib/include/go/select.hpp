// go/select.hpp - wait on several channel operations at once (Go's select statement).
//
// Go:                                     C++:
//   select {                                go::select(
//   case v, ok := <-in:                       go::recv(in, [&](std::optional<int> v) { ... }),
//   case out <- 42:                           go::send(out, 42, [&] { ... }),
//   case <-time.After(time.Second):           go::recv(go::after(1s), [&] { ... }),
//   default:                                  go::otherwise([&] { ... }));
//   }
//
// - Blocks until one case can proceed, then runs only that case's handler.
// - When several cases are ready, one is chosen uniformly at random (not the first listed).
// - With go::otherwise, never blocks: the default runs when no case is ready.
// - A value is taken from a channel only by the case that wins: a select never loses or
//   duplicates a value. A send case on a closed channel throws go::channel_closed.
// - Cases on nil channels are never ready (Go's trick to switch a case off).
// - A recv handler takes std::optional<T> (empty: closed and drained) or nothing.
// - Returns the index of the case that ran (the default's position when it ran).
//
// Thread safety: works across worker threads; any number of fibers may select on a channel.
#pragma once

#include <array>
#include <tuple>
#include <type_traits>
#include <utility>

#include "go/chan.hpp"

namespace go {

namespace detail {
template <class Handler>
struct default_case {
  Handler handler;
};
template <class T>
inline constexpr bool is_default_case = false;
template <class Handler>
inline constexpr bool is_default_case<default_case<Handler>> = true;

template <class C>
inline constexpr bool can_recv = false;
template <class T>
inline constexpr bool can_recv<chan<T>> = true;
template <class T>
inline constexpr bool can_recv<recv_chan<T>> = true;
template <class C>
inline constexpr bool can_send = false;
template <class T>
inline constexpr bool can_send<chan<T>> = true;
template <class T>
inline constexpr bool can_send<send_chan<T>> = true;
}  // namespace detail

// recv: a receive case on `ch` (a chan or recv_chan); `handler` gets the received value.
template <class Channel, class Handler = detail::no_handler>
  requires detail::can_recv<Channel>
auto recv(const Channel& ch, Handler handler = {}) {
  using T = typename Channel::value_type;
  return detail::recv_case<T, Handler>{ch.state(), std::move(handler)};
}

// send: a send case offering `value` on `ch` (a chan or send_chan); `handler` runs if it is sent.
template <class Channel, class Handler = detail::no_handler>
  requires detail::can_send<Channel>
auto send(const Channel& ch, typename Channel::value_type value, Handler handler = {}) {
  using T = typename Channel::value_type;
  return detail::send_case<T, Handler>{ch.state(), std::move(value), std::move(handler)};
}

// otherwise: the default case (Go's `default:`), run when no other case is ready.
template <class Handler = detail::no_handler>
auto otherwise(Handler handler = {}) {
  return detail::default_case<Handler>{std::move(handler)};
}

// select: runs exactly one of `cases` (see the header comment) and returns its index.
template <class... Cases>
int select(Cases&&... cases) {
  constexpr std::size_t defaults = (std::size_t{detail::is_default_case<std::remove_cvref_t<Cases>>} + ... + 0);
  static_assert(defaults <= 1, "go::select takes at most one go::otherwise");
  static_assert(sizeof...(Cases) <= detail::max_select_cases, "too many cases for one go::select");
  // maybe_unused: go::select() with no cases (Go's `select {}`) expands no as_case call.
  [[maybe_unused]] auto as_case = [](auto& c) -> detail::select_case* {
    if constexpr (detail::is_default_case<std::remove_cvref_t<decltype(c)>>) {
      return nullptr;
    } else {
      return &c;
    }
  };
  const std::array<detail::select_case*, sizeof...(Cases)> list{as_case(cases)...};
  const int chosen = detail::select_core(list, defaults == 1);
  if constexpr (defaults == 1) {
    if (chosen == detail::select_default) {
      int index = 0;
      int default_index = 0;
      auto run_default = [&](auto& c) {
        if constexpr (detail::is_default_case<std::remove_cvref_t<decltype(c)>>) {
          default_index = index;
          c.handler();
        }
        ++index;
      };
      (run_default(cases), ...);
      return default_index;
    }
  }
  return chosen;
}

}  // namespace go
