// teardown_test.cpp - how a run is torn down when a fiber panics while other fibers still run on
// other workers: no fiber may unwind (and free its locals) while a fiber spawned after it - which
// may hold references to those locals - can still run.
#include <atomic>
#include <chrono>
#include <stdexcept>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

// Sets `gone` when the frame it lives in unwinds.
struct frame_marker {
  std::atomic<bool>& gone;
  ~frame_marker() { gone = true; }
};

TEST(TeardownTest, MainDoesNotUnwindWhileAJobOnAnotherWorkerStillUsesItsWaitGroup) {
  std::atomic<bool> main_frame_gone{false};
  std::atomic<bool> job_saw_frame_gone{false};
  EXPECT_THROW(go::testing::run([&] {
    frame_marker marker{main_frame_gone};
    go::wait_group wg;
    std::atomic<bool> slow_job_started{false};
    wg.add(2);
    go::spawn([&] {
      slow_job_started = true;
      // Still busy (yielding, which is no blocking call) while the other job panics and main is
      // aborted; wherever main runs, it gets its chance to unwind during these 100 ms.
      const auto busy_until = std::chrono::steady_clock::now() + 100ms;
      while (!main_frame_gone && std::chrono::steady_clock::now() < busy_until) go::yield();
      if (main_frame_gone) {
        job_saw_frame_gone = true;  // wg is gone: calling done() would touch freed memory
        return;
      }
      wg.done();
    });
    go::spawn([&] {
      while (!slow_job_started) go::yield();
      throw std::runtime_error{"job failed"};
    });
    wg.wait();
  }, {.threads = 2}), std::runtime_error);
  EXPECT_FALSE(job_saw_frame_gone) << "main's frame unwound while a job it spawned still ran and used its wait_group";
}

TEST(TeardownTest, OneFailingJobAmongManyEndsTheRunWithItsPanic) {
  // The chapter-07 shape: jobs spawned with a wait_group, one throws; other jobs still run.
  EXPECT_THROW(go::testing::run([] {
    go::wait_group wg;
    for (int job = 0; job < 16; ++job) {
      wg.add(1);
      go::spawn([&wg, job] {
        for (int step = 0; step < 100; ++step) go::yield();
        if (job == 5) throw std::runtime_error{"job 5 failed"};
        wg.done();
      });
    }
    wg.wait();
  }, {.threads = 2}), std::runtime_error);
}

TEST(TeardownTest, ParkedFibersUnwindYoungestFirst) {
  // Each fiber waits on a channel its parent owns; when the run is torn down each must unwind
  // before its parent's frame (and channel) is gone.
  std::atomic<int> unwound_out_of_order{0};
  std::atomic<int> last_unwound{1000};
  EXPECT_THROW(go::testing::run([&] {
    struct order_check {
      int depth;
      std::atomic<int>& last;
      std::atomic<int>& wrong;
      ~order_check() {
        if (last.exchange(depth) < depth) ++wrong;  // a parent unwound before its child
      }
    };
    auto never = go::make_chan<int>();
    for (int depth = 1; depth <= 8; ++depth) {
      go::spawn([&, depth, never] {
        order_check check{depth, last_unwound, unwound_out_of_order};
        (void)never.recv();
      });
    }
    go::spawn([] {
      for (int step = 0; step < 100; ++step) go::yield();
      throw std::runtime_error{"boom"};
    });
    (void)never.recv();
  }, {.threads = 2}), std::runtime_error);
  EXPECT_EQ(unwound_out_of_order, 0) << "a fiber unwound before one spawned after it";
}

}  // namespace
