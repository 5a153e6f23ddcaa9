// rate_limiter.cpp - your answer to the drill rate_limiter (see rate_limiter.hpp).
//
// Replace each TODO(exercise), then run `./workbook check 10 rate_limiter`.
#include "rate_limiter.hpp"

#include <utility>

#include <go/go.hpp>

namespace ch10 {

// state: the bucket.
struct rate_limiter::state {
  double tokens_per_second = 0;
  int burst = 0;
  clock_function now;
  // TODO(exercise): the tokens in the bucket, and what you need to refill it.
};

rate_limiter::rate_limiter(double tokens_per_second, int burst, clock_function now)
    : state_{std::make_unique<state>()} {
  state_->tokens_per_second = tokens_per_second;
  state_->burst = burst;
  state_->now = std::move(now);
}

rate_limiter::~rate_limiter() = default;

bool rate_limiter::allow() {
  // TODO(exercise): refill for the time since the last refill (at most burst), then take one.
  throw go::not_implemented{"rate_limiter"};
}

}  // namespace ch10
