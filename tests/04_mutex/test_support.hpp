// test_support.hpp - helpers shared by chapter 04's fiber tests (locks_test, primitives_test).
//
// - parallel_threads: the worker threads of a test that wants fibers to run in parallel.
// - let_others_run(): on one worker thread, lets every other ready fiber run until it blocks.
// - fiber_latch: arrive_and_wait() returns once `expected` fibers have arrived.
// - expect_logic_error(fn): fn must throw std::logic_error - and not go::not_implemented, which
//   is one too.
// - deadlock_report(body, rescue): runs body in go::testing::run and returns go::deadlock's
//   report; returns "" when the fibers spun instead of blocking, without hanging the test.
//
// The state a test shares with fibers lives outside go::testing::run: go::run returns only after
// every fiber has ended, so that state outlives them all.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace ch04_test {

using namespace std::chrono_literals;

// parallel_threads: two worker threads, so that fibers really run at the same time - also
// under ThreadSanitizer, which follows a fiber from one thread to another (the toolkit tells it
// about every switch, lib/src/tsan_fibers.hpp), so it reports a racy solution's fibers.
inline constexpr unsigned parallel_threads = 2;

// let_others_run: yields a few times. On one worker thread each yield lets every other ready
// fiber run until it blocks or yields, so afterwards the fibers spawned before have all
// reached the point where they wait. Ten yields cover the short chains of these tests.
inline void let_others_run() {
  for (int i = 0; i < 10; ++i) go::yield();
}

using go::testing::fiber_latch;

// expect_logic_error: `call` must throw std::logic_error. go::not_implemented derives from
// std::logic_error, so a stub would pass a plain EXPECT_THROW: it is failed explicitly.
template <class F>
void expect_logic_error(F call, const std::string& what_should_throw) {
  try {
    call();
    ADD_FAILURE() << what_should_throw << " must throw std::logic_error, and returned normally";
  } catch (const go::not_implemented& stub) {
    ADD_FAILURE() << stub.what();
  } catch (const std::logic_error&) {
    // as required
  }
}

// deadlock_report: runs `body` in go::testing::run with a rescuer fiber, and returns the report
// of the go::deadlock that the run throws - "" if it throws none.
//
// `body` must end up with every fiber blocked for good - on a wait that the code under test has
// to recognise as hopeless. If that code waits as it should, on a channel or a go::mutex,
// go::run sees every fiber blocked and throws go::deadlock. If it spins (a loop of yields)
// instead, go::run cannot tell, and would wait for ever: so a plain thread wakes the rescuer
// after a second, the rescuer calls `rescue` (which must let the spinning fibers finish), and
// the run ends without a deadlock - the test then fails instead of hanging.
//
// Everything the fibers of `body` use must live outside `body`, as the toolkit's own deadlock
// tests do: a torn-down run unwinds its fibers in any order, and one that a lock is handed to
// while the others unwind runs on until its next wait.
template <class Body, class Rescue>
std::string deadlock_report(Body body, Rescue rescue) {
  auto rescue_now = go::make_chan<go::empty>();  // closed by the thread below
  auto not_needed = go::make_chan<go::empty>();  // closed by main once body has returned
  std::mutex mutex;
  std::condition_variable changed;
  bool run_over = false;  // guarded by mutex
  std::jthread patience{[&] {
    std::unique_lock lock{mutex};
    if (!changed.wait_for(lock, 1s, [&] { return run_over; })) rescue_now.close();
  }};
  struct release_patience {  // destroyed before `patience` joins, also when the run throws
    std::mutex& mutex;
    std::condition_variable& changed;
    bool& run_over;
    ~release_patience() {
      {
        std::lock_guard lock{mutex};
        run_over = true;
      }
      changed.notify_all();
    }
  } release{mutex, changed, run_over};
  std::string report;
  try {
    go::testing::run([&] {
      go::spawn([&] { go::select(go::recv(rescue_now, [&] { rescue(); }), go::recv(not_needed)); });
      body();
      not_needed.close();
    });
  } catch (const go::deadlock& stuck) {
    report = stuck.what();
  }
  return report;
}

}  // namespace ch04_test
