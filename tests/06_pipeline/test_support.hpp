// test_support.hpp - helpers shared by chapter 06's tests.
//
// No test measures time. Concurrency is proven by calls that wait for each other (code that
// runs them one at a time never gets them all in), completeness by comparing multisets of
// values, and a missing close by the deadlock it causes. What only the run's timeline shows -
// how many calls or fibers were alive at once, how many values a stage took from its input -
// the tests read from it (go::testing::run_traced, in run_expecting_completion below).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <go/testing_trace.hpp>
#include <gtest/gtest.h>

#include "pipeline.hpp"

namespace ch06_test {

// collect: every value of `in` until it is closed.
template <class T>
std::vector<T> collect(const go::recv_chan<T>& in) {
  std::vector<T> values;
  for (T& value : in) values.push_back(std::move(value));
  return values;
}

// take: the first `n` values of `in` (fewer if it closes first).
template <class T>
std::vector<T> take(const go::recv_chan<T>& in, std::size_t n) {
  std::vector<T> values;
  while (values.size() < n) {
    auto value = in.recv();
    if (!value) break;
    values.push_back(std::move(*value));
  }
  return values;
}

// sorted: `values` in ascending order, to compare multisets.
template <class T>
std::vector<T> sorted(std::vector<T> values) {
  std::sort(values.begin(), values.end());
  return values;
}

// range: from, from + 1, ..., to.
inline std::vector<int> range(int from, int to) {
  std::vector<int> values;
  for (int v = from; v <= to; ++v) values.push_back(v);
  return values;
}

// source: the test's own done-aware generator, so that a stage is tested on its own.
inline go::recv_chan<int> source(const ch06::done_chan& done, std::vector<int> values) {
  auto out = go::make_chan<int>();
  go::spawn_named("source", [done, out, values = std::move(values)] {  // named: not among `unnamed`
    for (int v : values) {
      if (go::select(go::send(out, v), go::recv(done)) == 1) break;
    }
    out.close();
  });
  return out;
}

// filled: a buffered channel that already holds `values`; closed unless `keep_open`.
template <class T>
go::chan<T> filled(const std::vector<T>& values, bool keep_open = false) {
  auto ch = go::make_chan<T>(values.size());
  for (const T& v : values) ch.send(v);
  if (!keep_open) ch.close();
  return ch;
}

// busy: a call of `stage` on the run's timeline (go::testing::stage_span) that yields a few
// times, so that every other fiber ready to start a call does. Calls that can run at once
// overlap here; calls that cannot, never do. trace.max_at_once(stage) counts them.
inline void busy(const char* stage) {
  go::testing::stage_span call{stage};
  for (int i = 0; i < 3; ++i) go::yield();
}

// patience: how long rendezvous and last_first let a call wait before giving up. Code that is
// right never waits for it; code that is wrong fails the test after it instead of deadlocking.
// (go::run would report the deadlock too, but when the fibers stuck are go::err_group tasks,
// tearing the run down crashes: the group dies before its tasks unwind.)
inline constexpr std::chrono::milliseconds patience{1000};

// rendezvous: the first `expected` callers of arrive() wait until all of them are in; later
// callers go straight through. If the code under test makes fewer calls at once, the first ones
// give up after `patience`, and gave_up() says how many did.
class rendezvous {
 public:
  explicit rendezvous(int expected) : expected_{expected} {}
  void arrive() {
    {
      std::lock_guard lock{mutex_};
      if (++arrived_ == expected_) all_in_.close();
    }
    go::timer give_up{patience};
    go::select(go::recv(all_in_), go::recv(give_up.c(), [this] { ++gave_up_; }));
  }
  [[nodiscard]] int gave_up() const { return gave_up_.load(); }

 private:
  const int expected_;
  std::mutex mutex_;  // never held across a suspension
  int arrived_ = 0;   // guarded by mutex_
  go::chan<go::empty> all_in_ = go::make_chan<go::empty>();
  std::atomic<int> gave_up_{0};
};

// last_first: makes calls finish in reverse order. finish(k) waits until call k+1 has finished
// (the last call, count-1, goes at once), then lets call k-1 go. Calls made one at a time never
// get past the first one: it gives up after `patience`, and gave_up() counts it.
class last_first {
 public:
  explicit last_first(int count) {
    for (int k = 0; k < count; ++k) turn_.push_back(go::make_chan<go::empty>());
    turn_.back().close();
  }
  void finish(int k) {
    go::timer give_up{patience};
    go::select(go::recv(turn_.at(static_cast<std::size_t>(k))), go::recv(give_up.c(), [this] { ++gave_up_; }));
    if (k > 0) turn_[static_cast<std::size_t>(k) - 1].close();
  }
  [[nodiscard]] int gave_up() const { return gave_up_.load(); }

 private:
  std::vector<go::chan<go::empty>> turn_;
  std::atomic<int> gave_up_{0};
};

// unnamed: the stage, in a run's trace, of the fibers started by go::spawn without a name - in
// these tests, the fibers of the code under test (the tests' own fibers have names).
inline constexpr std::string_view unnamed;

// run_expecting_completion: go::testing::run(body) with its timeline recorded
// (go::testing::run_traced), turning a deadlock into `what_went_wrong`; any other error the run
// ends with (a leak, an exercise not done yet) is rethrown. Returns the timeline, for the tests
// that check what only it shows.
template <class F>
go::testing::run_trace run_expecting_completion(F body, std::string_view what_went_wrong,
                                                go::run_options options = {}) {
  go::testing::run_trace trace = go::testing::run_traced(body, options);
  try {
    if (trace.error) std::rethrow_exception(trace.error);
  } catch (const go::deadlock& stuck) {
    ADD_FAILURE() << what_went_wrong << "\n\ngo::run reported:\n" << stuck.what();
  }
  return trace;
}

}  // namespace ch06_test
