#include "go/detail/select_core.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>

namespace go::detail {

namespace {

// A per-thread xorshift generator: select runs often and must not contend on shared state.
std::uint32_t next_random() noexcept {
  thread_local std::uint32_t state = std::random_device{}() | 1u;
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

// lock_order: the distinct channels of the live cases in address order, the order every select
// locks them in. Two channels (the common select) are one comparison, not a sort.
std::size_t lock_order(std::array<chan_core*, max_select_cases>& channels, std::size_t count) {
  if (count == 2) {
    if (channels[0] == channels[1]) return 1;
    if (channels[1] < channels[0]) std::swap(channels[0], channels[1]);
    return 2;
  }
  std::sort(channels.begin(), channels.begin() + count);
  return std::unique(channels.begin(), channels.begin() + count) - channels.begin();
}

}  // namespace

int select_core(std::span<select_case* const> cases, bool has_default) {
  // Not zeroed: only the first channel_count and live_cases entries are ever read, and zeroing
  // both arrays was half of select_core's own time in a ping-pong profile.
  std::array<chan_core*, max_select_cases> channels;
  std::array<int, max_select_cases> order;
  std::size_t live_cases = 0;
  for (std::size_t index = 0; index < cases.size(); ++index) {
    if (cases[index] == nullptr) continue;
    chan_core* const channel = cases[index]->channel();
    if (channel == nullptr) continue;
    channels[live_cases] = channel;
    order[live_cases++] = static_cast<int>(index);
  }
  // chan::send and chan::recv on a nil channel are one-case selects: nothing to order.
  const std::size_t channel_count = live_cases > 1 ? lock_order(channels, live_cases) : live_cases;
  auto lock_all = [&] {
    for (std::size_t i = 0; i < channel_count; ++i) channels[i]->mutex.lock();
  };
  auto unlock_all = [&] {
    for (std::size_t i = channel_count; i-- > 0;) channels[i]->mutex.unlock();
  };
  // Poll in a random order (Fisher-Yates), so that among ready cases each wins equally often.
  for (std::size_t i = live_cases; i > 1; --i) std::swap(order[i - 1], order[next_random() % i]);

  lock_all();
  for (std::size_t i = 0; i < live_cases; ++i) {
    select_case& candidate = *cases[order[i]];
    wait_op* wake = nullptr;
    if (candidate.try_now(wake)) {
      unlock_all();
      if (wake != nullptr) wake->wake();
      candidate.finish();
      return order[i];
    }
  }
  if (has_default) {
    unlock_all();
    return select_default;
  }

  // A lone case names its operation, also on a nil channel: chan::recv() on a nil channel is a
  // "chan receive" in reports (as in Go), not an empty select the user never wrote.
  select_case* const lone = live_cases == 1 ? cases[order[0]] : cases.size() == 1 ? cases[0] : nullptr;
  wait_op op{lone != nullptr ? lone->what() : live_cases == 0 ? "select (no cases)" : "select",
             lone != nullptr ? static_cast<const void*>(lone->channel()) : nullptr};
  for (std::size_t i = 0; i < live_cases; ++i) cases[order[i]]->enqueue(op, order[i]);
  auto dequeue_all = [&] {
    for (std::size_t i = 0; i < live_cases; ++i) cases[order[i]]->dequeue();
  };
  const int fired = op.block(unlock_all, [&] {
    lock_all();
    dequeue_all();
    unlock_all();
  });
  if (live_cases > 1) {
    // The waker took the fired case's waiter out of its queue under that channel's lock; only
    // the other cases' waiters are left to remove, so that channel needs no lock again unless
    // another case waits on it too (Go's selectgo relocks them all).
    chan_core* const fired_channel = cases[fired]->channel();
    const auto on_fired_channel = std::count_if(order.begin(), order.begin() + live_cases, [&](int index) {
      return cases[index]->channel() == fired_channel;
    });
    chan_core* const skip = on_fired_channel == 1 ? fired_channel : nullptr;
    for (std::size_t i = 0; i < channel_count; ++i)
      if (channels[i] != skip) channels[i]->mutex.lock();
    dequeue_all();
    for (std::size_t i = channel_count; i-- > 0;)
      if (channels[i] != skip) channels[i]->mutex.unlock();
  }
  cases[fired]->finish();
  return fired;
}

}  // namespace go::detail
