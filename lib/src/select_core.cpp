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

}  // namespace

int select_core(std::span<select_case* const> cases, bool has_default) {
  // Not zeroed: only the first channel_count and live_cases entries are ever read, and zeroing
  // both arrays was half of select_core's own time in a ping-pong profile.
  std::array<chan_core*, max_select_cases> channels;
  std::array<int, max_select_cases> order;
  std::size_t channel_count = 0;
  std::size_t live_cases = 0;
  for (std::size_t index = 0; index < cases.size(); ++index) {
    if (cases[index] == nullptr || cases[index]->channel() == nullptr) continue;
    channels[channel_count++] = cases[index]->channel();
    order[live_cases++] = static_cast<int>(index);
  }
  if (channel_count > 1) {  // chan::send and chan::recv are one-case selects: nothing to order
    std::sort(channels.begin(), channels.begin() + channel_count);
    channel_count = std::unique(channels.begin(), channels.begin() + channel_count) - channels.begin();
  }
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
    lock_all();
    dequeue_all();
    unlock_all();
  }
  cases[fired]->finish();
  return fired;
}

}  // namespace go::detail
