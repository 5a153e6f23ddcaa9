// go/time.hpp - sleeping, timeouts and periodic ticks (Go's time package).
//
// Go: time.Sleep(d); <-time.After(d); t := time.NewTimer(d); t.Stop(); tk := time.NewTicker(d)
//
//   go::sleep(10ms);
//   go::select(go::recv(results, on_result),
//              go::recv(go::after(100ms), [] { std::puts("timed out"); }));
//   go::ticker tick{1s};
//   for (;;) go::select(go::recv(tick.c(), [&] { report(); }), go::recv(done, [&] { ... }));
//
// - go::sleep suspends only the calling fiber (std::this_thread::sleep_for would stall the
//   whole worker thread).
// - go::after's channel receives the time once, after `d`. A timer that nobody waits on still
//   fires, like Go's before 1.23; prefer go::timer with stop() in loops.
// - A ticker drops ticks a slow receiver misses (its channel holds one), as Go's does.
// - Timers run on their run's timer thread; a pending timer keeps go::run's deadlock detector
//   from calling a fiber that waits for it deadlocked.
//
// Thread safety: timer and ticker objects are used by one fiber at a time; their channels by any.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "go/chan.hpp"
#include "go/detail/timer_service.hpp"

namespace go {

using clock = std::chrono::steady_clock;

// sleep: suspends the calling fiber for at least `duration` (Go: time.Sleep).
void sleep(clock::duration duration);

// sleep_until: suspends the calling fiber until `when`.
void sleep_until(clock::time_point when);

// timer: one value on c() after a duration, unless stopped first (Go: time.Timer).
class timer {
 public:
  explicit timer(clock::duration duration);
  ~timer();
  timer(const timer&) = delete;
  timer& operator=(const timer&) = delete;

  // c: the channel that receives the firing time.
  [[nodiscard]] recv_chan<clock::time_point> c() const { return channel_; }
  // stop: prevents the timer from firing; false if it had already fired or been stopped.
  bool stop();
  // reset: stops the timer and starts it again with `duration`; false if it had already fired.
  bool reset(clock::duration duration);

 private:
  timer(clock::duration first, clock::duration period);  // for ticker
  void start(clock::duration duration, clock::duration period);
  friend class ticker;
  chan<clock::time_point> channel_ = make_chan<clock::time_point>(1);
  std::shared_ptr<detail::timer_service> service_;
  std::uint64_t id_ = 0;
};

// ticker: a value on c() every period until stopped (Go: time.Ticker).
class ticker {
 public:
  explicit ticker(clock::duration period);
  [[nodiscard]] recv_chan<clock::time_point> c() const { return timer_.c(); }
  // stop: no more ticks are sent (a tick already buffered may still be received).
  void stop() { timer_.stop(); }
  // reset: ticks every `period` from now on.
  void reset(clock::duration period);

 private:
  timer timer_;
};

// after: a channel that receives the current time once, after `duration` (Go: time.After).
[[nodiscard]] recv_chan<clock::time_point> after(clock::duration duration);

}  // namespace go
