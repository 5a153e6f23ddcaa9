// rate_limiter.cpp - reference solution of the drill rate_limiter (see rate_limiter.hpp).
//
// No timer refills the bucket: each allow() adds what accrued since the previous call - a
// fraction of a token too, so that slow trickles add up. Tokens are a double for that reason.
// A go::mutex guards the bucket (the lock is never held across a wait, so a std::mutex would do
// as well; go::mutex keeps fibers the rule).
#include "rate_limiter.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <utility>

#include <go/go.hpp>

namespace ch10 {

struct rate_limiter::state {
  double tokens_per_second = 0;
  int burst = 0;
  clock_function now;
  go::mutex mu;
  double tokens = 0;                 // guarded by mu
  go::clock::time_point refilled;    // guarded by mu: when tokens was last brought up to date
};

rate_limiter::rate_limiter(double tokens_per_second, int burst, clock_function now)
    : state_{std::make_unique<state>()} {
  state_->tokens_per_second = tokens_per_second;
  state_->burst = burst;
  state_->now = std::move(now);
  state_->tokens = burst;  // starts full
  state_->refilled = state_->now();
}

rate_limiter::~rate_limiter() = default;

bool rate_limiter::allow() {
  std::lock_guard lock{state_->mu};
  const auto now = state_->now();
  const std::chrono::duration<double> elapsed = now - state_->refilled;
  state_->tokens = std::min<double>(state_->burst, state_->tokens + elapsed.count() * state_->tokens_per_second);
  state_->refilled = now;
  if (state_->tokens < 1) return false;
  state_->tokens -= 1;
  return true;
}

}  // namespace ch10
