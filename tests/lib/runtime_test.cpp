// runtime_test.cpp - go::run and go::spawn: return values, waiting for every fiber, thread
// counts (gomaxprocs, worker_index), live_fibers and fiber_id, panics and go::recover,
// go::blocking, channels outside a run (plain threads, raw Boost fibers), misuse (spawn outside
// a run, run inside a run) and run_options.timeout.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/all.hpp>
#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

using namespace std::chrono_literals;

// SKIP_UNDER_TSAN: the scheduling tests that spawn tens of thousands of fibers are too slow under
// ThreadSanitizer, which checks nothing there that the smaller tests do not; they run elsewhere.
#if defined(__SANITIZE_THREAD__)
#define SKIP_UNDER_TSAN() GTEST_SKIP() << "tens of thousands of fibers: too slow under ThreadSanitizer"
#else
#define SKIP_UNDER_TSAN() static_cast<void>(0)
#endif

// ---------------------------------------------------------------------------------------------
// go::run and go::spawn

TEST(RuntimeTest, RunReturnsMainsValue) {
  EXPECT_EQ(go::testing::run([] { return 42; }), 42);
  EXPECT_EQ(go::testing::run([] { return std::string{"done"}; }), "done");
  const std::unique_ptr<int> moved = go::testing::run([] { return std::make_unique<int>(7); });
  ASSERT_TRUE(moved);
  EXPECT_EQ(*moved, 7);
}

TEST(RuntimeTest, RunWaitsForEverySpawnedFiber) {
  constexpr int fibers = 100;
  std::atomic<int> finished{0};
  go::testing::run([&] {
    for (int i = 0; i < fibers; ++i) {
      go::spawn([&] {
        go::yield();
        ++finished;
      });
    }
    // main returns at once; unlike Go, go::run still waits for the fibers
  }, {.threads = 2});
  EXPECT_EQ(finished.load(), fibers) << "go::run returned before every fiber had finished";
}

TEST(RuntimeTest, RunsWithOneTwoAndFourThreadsInTurn) {
  for (unsigned threads : {1u, 2u, 4u}) {
    std::atomic<int> sum{0};
    const unsigned seen = go::testing::run([&] {
      go::wait_group wg;
      for (int i = 1; i <= 100; ++i) {
        wg.add(1);
        go::spawn([&, i] {
          EXPECT_LT(go::worker_index(), go::gomaxprocs());
          sum += i;
          wg.done();
        });
      }
      wg.wait();
      return go::gomaxprocs();
    }, {.threads = threads});
    EXPECT_EQ(seen, threads) << "gomaxprocs() must report the run's thread count";
    EXPECT_EQ(sum.load(), 5050) << "with " << threads << " threads";
  }
}

TEST(RuntimeTest, FibersRunInParallelOnSeveralWorkers) {
  go::testing::run([] {
    std::atomic<bool> other_ran{false};
    std::atomic<unsigned> other_worker{0};
    go::spawn([&] {
      other_worker = go::worker_index();
      other_ran = true;
    });
    // Main spins without yielding, so its worker is busy: only another worker can run the fiber.
    // (Bounded, so a broken scheduler fails the test instead of hanging it.)
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    while (!other_ran && std::chrono::steady_clock::now() < give_up) {
    }
    ASSERT_TRUE(other_ran) << "with 2 threads a fiber must run while main keeps its worker busy";
    EXPECT_NE(other_worker.load(), go::worker_index());
  }, {.threads = 2});
}

TEST(RuntimeTest, SeveralRunsMayRunAtOnceOnDifferentThreads) {
  std::atomic<int> total{0};
  auto one_run = [&] {
    go::testing::run([&] {
      go::wait_group wg;
      wg.add(50);
      for (int i = 0; i < 50; ++i) {
        go::spawn([&] {
          ++total;
          wg.done();
        });
      }
      wg.wait();
    }, {.threads = 2});
  };
  std::thread first{one_run};
  std::thread second{one_run};
  first.join();
  second.join();
  EXPECT_EQ(total.load(), 100);
}

TEST(RuntimeTest, YieldLetsAnotherFiberOnTheSameWorkerRun) {
  go::testing::run([] {
    bool other_ran = false;
    go::spawn([&] { other_ran = true; });
    go::yield();
    EXPECT_TRUE(other_ran);
  }, {.threads = 1});
}

TEST(RuntimeTest, SpawnNamedAndGuardPagesWork) {
  const int got = go::testing::run([] {
    auto ch = go::make_chan<int>();
    go::spawn_named("answer", [ch] { ch.send(42); });
    return *ch.recv();
  }, {.stack_size = 128 * 1024, .guard_pages = true});
  EXPECT_EQ(got, 42);
}

// A tree of fibers (skynet's shape): each inner fiber spawns `fan_out` children and waits for
// them; each leaf records how many fibers of the run exist while it runs.
void spawn_tree(int depth, int fan_out, std::atomic<long>& most_alive) {
  if (depth == 0) {
    long alive = go::live_fibers();
    long most = most_alive.load();
    while (alive > most && !most_alive.compare_exchange_weak(most, alive)) {
    }
    return;
  }
  go::wait_group children;
  children.add(fan_out);
  for (int i = 0; i < fan_out; ++i) {
    go::spawn([&] {
      spawn_tree(depth - 1, fan_out, most_alive);
      children.done();
    });
  }
  children.wait();
}

TEST(RuntimeTest, ATreeOfFibersDescendsDepthFirst) {
  SKIP_UNDER_TSAN();
  std::atomic<long> most_alive{0};
  go::testing::run([&] { spawn_tree(4, 10, most_alive); }, {.threads = 2});  // 11,111 fibers
  EXPECT_GT(most_alive.load(), 4);
  EXPECT_LT(most_alive.load(), 1'000) << "new fibers must start newest first, so that a tree finishes its "
                                         "leaves before it spawns the next branch; started in spawn order, "
                                         "nearly the whole tree exists before the first leaf runs";
}

TEST(RuntimeTest, ALoopOfSpawnsLetsTheSpawnedFibersStart) {
  SKIP_UNDER_TSAN();
  constexpr int fibers = 20'000;
  long most_alive = 0;
  go::testing::run([&] {
    go::wait_group wg;
    wg.add(fibers);
    for (int i = 0; i < fibers; ++i) {
      go::spawn([&wg] { wg.done(); });
      most_alive = std::max(most_alive, go::live_fibers());
    }
    wg.wait();
  }, {.threads = 1});
  EXPECT_LT(most_alive, 4'000) << "a fiber that spawns in a loop must let the fibers it spawned start "
                                  "(go::spawn yields once 1,024 wait), not pile up all 20,000";
}

// wake_displaced_then_ping: wakes `displaced` (a fiber blocked receiving on `wake`) and then the
// echo fiber blocked receiving on `ping`. Both wake-ups go into the caller's run-next slot, so
// the second pushes `displaced` out of it, behind the slot - where the pair must not keep it.
void wake_displaced_then_ping(const go::chan<int>& wake, const go::chan<int>& ping) {
  wake.send(1);
  ping.send(0);
}

TEST(RuntimeTest, APairHandingValuesBackAndForthCannotKeepAWokenFiberWaiting) {
  constexpr int max_round_trips = 100'000;
  int round_trips = 0;
  go::testing::run([&] {
    auto wake = go::make_chan<int>();
    auto ping = go::make_chan<int>();
    auto pong = go::make_chan<int>();
    std::atomic<bool> displaced_ran{false};
    go::spawn([wake, &displaced_ran] {
      (void)wake.recv();
      displaced_ran = true;
    });
    go::spawn([ping, pong] {
      for (int v : ping) pong.send(v);
    });
    go::yield();  // both block in their receives
    wake_displaced_then_ping(wake, ping);
    // From here on main and the echo fiber wake each other: one of them is always in the
    // run-next slot whenever the worker picks.
    while (!displaced_ran && round_trips < max_round_trips) {
      (void)pong.recv();
      ping.send(++round_trips);
    }
    (void)pong.recv();
    ping.close();
  }, {.threads = 1});
  EXPECT_LT(round_trips, 1'000) << "a fiber pushed out of the run-next slot must run within a few dozen "
                                   "picks (the queues behind the slot go first every 32), even while two "
                                   "fibers keep waking each other into the slot";
}

TEST(RuntimeTest, AFiberLeftBehindTheRunNextSlotOfABusyWorkerRunsElsewhere) {
  std::atomic<bool> displaced_ran{false};
  bool ran_while_busy = false;
  go::testing::run([&] {
    auto wake = go::make_chan<int>();
    auto ping = go::make_chan<int>();
    go::spawn([wake, &displaced_ran] {
      (void)wake.recv();
      displaced_ran = true;
    });
    go::spawn([ping] { (void)ping.recv(); });
    go::yield();
    wake_displaced_then_ping(wake, ping);
    // Busy without blocking, so this worker never picks again: the other worker must take both
    // woken fibers from its run-next slot and from behind it. The deadline keeps a failure from
    // hanging the suite.
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!displaced_ran && std::chrono::steady_clock::now() < deadline) {
    }
    ran_while_busy = displaced_ran;
  }, {.threads = 2});
  EXPECT_TRUE(ran_while_busy) << "an idle worker must take a woken fiber that a busy worker has left "
                                "waiting behind its run-next slot for a millisecond";
}

// ---------------------------------------------------------------------------------------------
// Introspection: live_fibers, gomaxprocs, fiber_id.

TEST(RuntimeTest, LiveFibersCountsTheCallerAndUnfinishedFibers) {
  EXPECT_EQ(go::live_fibers(), 0) << "outside go::run";
  go::testing::run([] {
    EXPECT_EQ(go::live_fibers(), 1) << "main alone";
    auto release = go::make_chan<go::empty>();
    int started = 0;
    for (int i = 0; i < 3; ++i) {
      go::spawn([&, release] {
        ++started;
        (void)release.recv();
      });
    }
    test::yield_until([&] { return started == 3; });
    EXPECT_EQ(go::live_fibers(), 4);
    release.close();
    test::yield_until([] { return go::live_fibers() == 1; });
  }, {.threads = 1});
}

TEST(RuntimeTest, IntrospectionOutsideRunReturnsZero) {
  EXPECT_EQ(go::gomaxprocs(), 0u);
  EXPECT_EQ(go::fiber_id(), 0u);
  EXPECT_EQ(go::live_fibers(), 0);
}

TEST(RuntimeTest, FiberIdsAreDistinctAndMainIsOne) {
  go::testing::run([] {
    EXPECT_EQ(go::fiber_id(), 1u);
    std::set<std::uint64_t> ids{go::fiber_id()};
    auto ch = go::make_chan<std::uint64_t>();
    for (int i = 0; i < 10; ++i) go::spawn([ch] { ch.send(go::fiber_id()); });
    for (int i = 0; i < 10; ++i) ids.insert(*ch.recv());
    EXPECT_EQ(ids.size(), 11u) << "every fiber must have its own id";
  }, {.threads = 2});
}

// ---------------------------------------------------------------------------------------------
// Panics and recover.

TEST(RuntimeTest, ExceptionEscapingSpawnedFiberEndsRunWithThatType) {
  // The fiber's panic is also reported on stderr; the run ends although main waits forever.
  EXPECT_THROW(go::testing::run([] {
    auto never = go::make_chan<int>();
    go::spawn([] { throw std::out_of_range{"index 7"}; });
    (void)never.recv();
  }), std::out_of_range);
}

TEST(RuntimeTest, ExceptionEscapingMainEndsRun) {
  try {
    go::testing::run([] { throw std::invalid_argument{"bad input"}; });
    ADD_FAILURE() << "go::run must rethrow main's exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "bad input");
  }
}

TEST(RuntimeTest, RecoverCatchesPanicInsideFiber) {
  go::testing::run([] {
    std::exception_ptr caught;
    auto done = go::make_chan<go::empty>();
    go::spawn([&, done] {
      caught = go::recover([] { throw std::runtime_error{"recovered"}; });
      done.close();
    });
    (void)done.recv();
    ASSERT_TRUE(caught) << "go::recover must return the exception";
    EXPECT_THROW(std::rethrow_exception(caught), std::runtime_error);
    EXPECT_FALSE(go::recover([] {})) << "go::recover must return null when nothing was thrown";
  });
}

// ---------------------------------------------------------------------------------------------
// go::blocking

TEST(RuntimeTest, BlockingRunsOnAnotherThreadAndReturnsValue) {
  go::testing::run([] {
    const std::thread::id worker = std::this_thread::get_id();
    const std::thread::id used = go::blocking([] { return std::this_thread::get_id(); });
    EXPECT_NE(used, worker) << "go::blocking must run fn off the worker thread";
    EXPECT_EQ(go::blocking([] { return 6 * 7; }), 42);
    int side_effect = 0;
    go::blocking([&] { side_effect = 1; });
    EXPECT_EQ(side_effect, 1);
  });
}

TEST(RuntimeTest, BlockingRethrowsException) {
  go::testing::run([] {
    EXPECT_THROW(go::blocking([]() -> int { throw std::runtime_error{"io error"}; }), std::runtime_error);
  });
}

TEST(RuntimeTest, BlockingLetsOtherFibersRunOnSingleWorker) {
  go::testing::run([] {
    std::promise<void> fiber_ran;
    go::spawn([&] { fiber_ran.set_value(); });
    // fn waits (on a plain thread) for the fiber; that works only if the worker runs it meanwhile.
    const bool ran = go::blocking([future = fiber_ran.get_future()] {
      return future.wait_for(5s) == std::future_status::ready;
    });
    EXPECT_TRUE(ran) << "the worker thread was stalled during go::blocking";
  }, {.threads = 1});
}

TEST(RuntimeTest, RunEndsOnlyAfterItsBlockingCallsHaveWokenTheirFibers) {
  // The pool thread that wakes the fiber still touches the run's scheduler while the woken fiber
  // ends the run. A run that does not wait for it frees that scheduler under the pool thread:
  // the tsan build reports it (./workbook test runs this there); elsewhere it may crash.
  // Four runs at once on two cores, so that the pool thread is often preempted right there: a
  // run that did not wait was reported in 5 of 6 tries.
  std::vector<std::thread> runs;
  for (int run = 0; run < 4; ++run) {
    runs.emplace_back([] {
      for (int round = 0; round < 50; ++round) go::testing::run([] { go::blocking([] {}); }, {.threads = 2});
    });
  }
  for (std::thread& run : runs) run.join();
}

// ---------------------------------------------------------------------------------------------
// Outside go::run: the primitives work on plain threads and raw Boost fibers too (each finds its
// record where Boost keeps fiber-specific data: see lib/src/runtime.cpp, current_fiber).

// ping_pong: `rounds` round trips between the caller and `start_echo`'s echo; returns the sum.
template <class StartEcho>
int ping_pong(int rounds, StartEcho start_echo) {
  auto ping = go::make_chan<int>();
  auto pong = go::make_chan<int>();
  auto echo = start_echo([ping, pong] {
    for (int v : ping) pong.send(v);
  });
  int sum = 0;
  for (int i = 1; i <= rounds; ++i) {
    ping.send(i);
    sum += *pong.recv();
  }
  ping.close();
  echo.join();
  return sum;
}

TEST(RuntimeTest, ChannelsWorkBetweenPlainThreadsOutsideARun) {
  EXPECT_EQ(ping_pong(100, [](auto fn) { return std::thread{fn}; }), 5050);
}

// A first-in first-out scheduler that keeps properties of its own in every context, as a user's
// priority scheduler would: the toolkit must not take them for its own.
struct tagged : boost::fibers::fiber_properties {
  using fiber_properties::fiber_properties;
  int tag = 7;
};

class fifo_with_properties : public boost::fibers::algo::algorithm_with_properties<tagged> {
 public:
  void awakened(boost::fibers::context* ctx, tagged&) noexcept override { ready_.push_back(*ctx); }
  boost::fibers::context* pick_next() noexcept override {
    if (ready_.empty()) return nullptr;
    boost::fibers::context* next = &ready_.front();
    ready_.pop_front();
    return next;
  }
  bool has_ready_fibers() const noexcept override { return !ready_.empty(); }
  // One thread only, and every wake-up comes from one of its own fibers: never asleep.
  void suspend_until(std::chrono::steady_clock::time_point const&) noexcept override {}
  void notify() noexcept override {}

 private:
  boost::fibers::scheduler::ready_queue_type ready_;
};

TEST(RuntimeTest, ChannelsWorkBetweenRawFibersWhoseSchedulerKeepsProperties) {
  int sum = 0;
  std::thread{[&] {
    boost::fibers::use_scheduling_algorithm<fifo_with_properties>();
    sum = ping_pong(100, [](auto fn) { return boost::fibers::fiber{fn}; });
    EXPECT_EQ(boost::this_fiber::properties<tagged>().tag, 7) << "the scheduler's properties were replaced";
  }}.join();
  EXPECT_EQ(sum, 5050);
}

// ---------------------------------------------------------------------------------------------
// Misuse.

TEST(RuntimeTest, SpawnOutsideRunThrowsLogicError) {
  EXPECT_THROW(go::spawn([] {}), std::logic_error);
}

TEST(RuntimeTest, RunInsideRunThrowsLogicError) {
  go::testing::run([] { EXPECT_THROW(go::run([] {}), std::logic_error); });
}

// ---------------------------------------------------------------------------------------------
// run_options.timeout

TEST(RuntimeTest, TimeoutEndsRunListingLiveFibers) {
  const int spawn_line = __LINE__ + 3;
  const std::string report = test::what_of<go::run_timeout>([] {
    auto asleep = go::make_chan<go::empty>();
    go::spawn_named("sleeper", [asleep] { asleep.close(); go::sleep(1h); });
    (void)asleep.recv();
    go::sleep(1h);  // sleeping fibers are not deadlocked: only the timeout ends this run
  }, {.timeout = 200ms});
  EXPECT_TRUE(test::contains(report, "go::run timed out after 200 ms"));
  EXPECT_TRUE(test::contains(report, "fiber 1 \"main\""));
  EXPECT_TRUE(test::contains(report, "\"sleeper\" [sleep]"));
  EXPECT_TRUE(test::contains(report, "runtime_test.cpp:" + std::to_string(spawn_line)));
}

}  // namespace
