// rate_limiter.hpp - drill: a token-bucket rate limiter (Go: golang.org/x/time/rate.Limiter's
// Allow). Statement: hints.md, "rate_limiter".
//
// A bucket holds up to `burst` tokens and starts full; it gains `tokens_per_second` tokens per
// second, continuously, never holding more than `burst`. allow() takes one token if there is a
// whole one and says whether it did; it never waits:
//
//   ch10::rate_limiter limiter{10, 5};          // 10 requests a second, bursts of 5
//   if (!limiter.allow()) return http_status::too_many_requests;
//
// Time comes from `now`, so that tests can run a fake clock instead of waiting: read it only
// through now(). Your work is all in rate_limiter.cpp, including the members: `state` is yours
// to define.
//
// Thread safety: any number of fibers call allow at once.
#pragma once

#include <functional>
#include <memory>

#include <go/time.hpp>

namespace ch10 {

class rate_limiter {
 public:
  using clock_function = std::function<go::clock::time_point()>;

  rate_limiter(double tokens_per_second, int burst, clock_function now = go::clock::now);
  ~rate_limiter();
  rate_limiter(const rate_limiter&) = delete;
  rate_limiter& operator=(const rate_limiter&) = delete;

  // allow: takes a token and returns true if the bucket holds at least one; false otherwise.
  [[nodiscard]] bool allow();

 private:
  struct state;  // defined in rate_limiter.cpp
  std::unique_ptr<state> state_;
};

}  // namespace ch10
