// stress_test.cpp - every primitive under load on 2 and 4 worker threads, checking invariants
// that a single race would break: no value lost or duplicated, per-sender order kept, counts
// exact, a lock never held twice, a once run once.
//
// Sizes: a hand-off between fibers on different worker threads currently costs ~20 us (more
// when 4 workers share 2 cores), so each test does ~100k-500k operations rather than millions,
// which keeps the whole lib suite well under a minute on 2 cores. The timeouts leave room for a
// loaded machine; a test that deadlocks still fails with a fiber report.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <utility>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

using namespace std::chrono_literals;

go::run_options on_threads(unsigned threads) { return {.threads = threads, .timeout = 25s}; }

// expect_each_once: `received` holds 0 .. count-1, each exactly once.
void expect_each_once(std::vector<int> received, int count) {
  std::sort(received.begin(), received.end());
  ASSERT_EQ(received.size(), static_cast<std::size_t>(count)) << "values were lost or duplicated";
  for (int i = 0; i < count; ++i) ASSERT_EQ(received[i], i) << "value " << i << " was lost or duplicated";
}

// ---------------------------------------------------------------------------------------------
// Channels: producers send disjoint ranges, consumers range until close. Every value arrives
// exactly once, and each consumer sees each producer's values in the order sent.

void stress_chan(unsigned threads, std::size_t capacity) {
  constexpr int producers = 4;
  constexpr int consumers = 4;
  constexpr int per_producer = 50'000;  // 200k values in all
  std::atomic<int> out_of_order{0};
  const std::vector<int> received = go::testing::run([&] {
    auto ch = go::make_chan<int>(capacity);
    go::wait_group producing;
    producing.add(producers);
    for (int p = 0; p < producers; ++p) {
      go::spawn([&, p, out = go::send_chan<int>{ch}] {
        for (int i = 0; i < per_producer; ++i) out.send(p * per_producer + i);
        producing.done();
      });
    }
    go::spawn([&, ch] {
      producing.wait();
      ch.close();
    });
    std::vector<std::vector<int>> got(consumers);
    go::wait_group consuming;
    consuming.add(consumers);
    for (int c = 0; c < consumers; ++c) {
      go::spawn([&, c, in = go::recv_chan<int>{ch}] {
        std::vector<int> last(producers, -1);
        for (int v : in) {
          if (v <= last[v / per_producer]) ++out_of_order;
          last[v / per_producer] = v;
          got[c].push_back(v);
        }
        consuming.done();
      });
    }
    consuming.wait();
    std::vector<int> all;
    for (auto& part : got) all.insert(all.end(), part.begin(), part.end());
    return all;
  }, on_threads(threads));
  EXPECT_EQ(out_of_order.load(), 0) << "values from one sender must arrive in the order sent";
  expect_each_once(received, producers * per_producer);
}

TEST(StressTest, UnbufferedChanOnTwoThreads) { stress_chan(2, 0); }
TEST(StressTest, UnbufferedChanOnFourThreads) { stress_chan(4, 0); }
TEST(StressTest, BufferedChanOnTwoThreads) { stress_chan(2, 16); }
TEST(StressTest, BufferedChanOnFourThreads) { stress_chan(4, 16); }

// ---------------------------------------------------------------------------------------------
// Select: consumers select over two channels, also with a send case and a default, so that
// every path of select_core races with the others.

void stress_select(unsigned threads) {
  constexpr int producers = 4;
  constexpr int consumers = 4;
  constexpr int per_producer = 25'000;  // 100k values, each through a select on both sides
  const std::vector<int> received = go::testing::run([&] {
    auto a = go::make_chan<int>();
    auto b = go::make_chan<int>(4);
    auto idle = go::make_chan<int>();  // nobody receives: its send case never fires
    go::wait_group producing;
    producing.add(producers);
    for (int p = 0; p < producers; ++p) {
      go::spawn([&, p, a, b] {
        for (int i = 0; i < per_producer; ++i) {
          const int value = p * per_producer + i;
          go::select(go::send(a, value), go::send(b, value));  // exactly one of them takes it
        }
        producing.done();
      });
    }
    go::spawn([&, a, b] {
      producing.wait();
      a.close();
      b.close();
    });
    std::vector<std::vector<int>> got(consumers);
    go::wait_group consuming;
    consuming.add(consumers);
    for (int c = 0; c < consumers; ++c) {
      go::spawn([&, c, a, b, idle] {
        bool a_open = true;
        bool b_open = true;
        auto take_into = [&](bool& open) {
          return [&, c](std::optional<int> v) {
            if (v) {
              got[c].push_back(*v);
            } else {
              open = false;
            }
          };
        };
        const go::chan<int> nil;  // a closed channel's case is switched off by a nil channel
        while (a_open || b_open) {
          auto from_a = go::recv(a_open ? a : nil, take_into(a_open));
          auto from_b = go::recv(b_open ? b : nil, take_into(b_open));
          if (c % 2 == 0) {
            go::select(std::move(from_a), std::move(from_b), go::send(idle, -1));
          } else if (go::select(std::move(from_a), std::move(from_b), go::otherwise()) == 2) {
            go::yield();  // nothing ready: poll again later
          }
        }
        consuming.done();
      });
    }
    consuming.wait();
    std::vector<int> all;
    for (auto& part : got) all.insert(all.end(), part.begin(), part.end());
    return all;
  }, on_threads(threads));
  expect_each_once(received, producers * per_producer);
}

TEST(StressTest, SelectOnTwoThreads) { stress_select(2); }
TEST(StressTest, SelectOnFourThreads) { stress_select(4); }

// ---------------------------------------------------------------------------------------------
// Mutex: a plain counter incremented under the lock; a lost increment means two holders.

void stress_mutex(unsigned threads, int fibers, int per_fiber) {
  const long counter = go::testing::run([&] {
    go::mutex mu;
    long count = 0;      // guarded by mu
    int holders = 0;     // guarded by mu: must be 1 inside
    std::atomic<int> overlaps{0};
    go::wait_group wg;
    wg.add(fibers);
    for (int f = 0; f < fibers; ++f) {
      go::spawn([&] {
        for (int i = 0; i < per_fiber; ++i) {
          std::lock_guard lock{mu};
          if (++holders != 1) ++overlaps;
          const long seen = count;
          if (i % 256 == 0) go::yield();  // sometimes hold the lock across a fiber switch
          count = seen + 1;
          --holders;
        }
        wg.done();
      });
    }
    wg.wait();
    EXPECT_EQ(overlaps.load(), 0) << "two fibers held the mutex at once";
    return count;
  }, on_threads(threads));
  EXPECT_EQ(counter, long{fibers} * per_fiber) << "increments were lost: the mutex let two fibers in";
}

// On two threads nearly every lock is contended, so this is 1M hand-offs. With 4 workers on 2
// cores a hand-off waits for the OS to run the next holder's thread (~4 us with one fiber per
// worker, over 100 us with more), so that run is smaller.
TEST(StressTest, MutexOnTwoThreads) { stress_mutex(2, 8, 125'000); }
TEST(StressTest, MutexOnFourThreads) { stress_mutex(4, 4, 25'000); }

// ---------------------------------------------------------------------------------------------
// rw_mutex: writers keep two fields equal; readers must never see them differ.

void stress_rw_mutex(unsigned threads, int readers, int per_fiber) {
  constexpr int writers = 2;
  std::atomic<int> torn{0};
  std::atomic<int> reads{0};
  const long writes = go::testing::run([&] {
    go::rw_mutex rw;
    long first = 0;   // guarded by rw
    long second = 0;  // guarded by rw
    go::wait_group wg;
    wg.add(writers + readers);
    for (int w = 0; w < writers; ++w) {
      go::spawn([&] {
        for (int i = 0; i < per_fiber; ++i) {
          std::lock_guard write{rw};
          ++first;
          if (i % 64 == 0) go::yield();
          ++second;
        }
        wg.done();
      });
    }
    for (int r = 0; r < readers; ++r) {
      go::spawn([&] {
        for (int i = 0; i < per_fiber; ++i) {
          std::shared_lock read{rw};
          if (first != second) ++torn;
          ++reads;
          if (i % 64 == 0) go::yield();
        }
        wg.done();
      });
    }
    wg.wait();
    EXPECT_EQ(first, second);
    return first;
  }, on_threads(threads));
  EXPECT_EQ(torn.load(), 0) << "a reader saw a half-done write";
  EXPECT_EQ(reads.load(), readers * per_fiber);
  EXPECT_EQ(writes, long{writers} * per_fiber) << "writers overlapped and lost increments";
}

TEST(StressTest, RwMutexOnTwoThreads) { stress_rw_mutex(2, 6, 40'000); }   // 320k lock operations
TEST(StressTest, RwMutexOnFourThreads) { stress_rw_mutex(4, 2, 25'000); }  // 100k, one fiber per worker

// ---------------------------------------------------------------------------------------------
// wait_group: many done() calls from many threads; wait must return exactly when the last one
// has happened, in every waiter.

void stress_wait_group(unsigned threads) {
  constexpr int fibers = 8;
  constexpr int per_fiber = 50'000;  // 400k done() calls
  constexpr int waiters = 4;
  go::testing::run([&] {
    go::wait_group wg;
    wg.add(long{fibers} * per_fiber);
    std::atomic<long> dones{0};
    std::atomic<int> early_wakeups{0};
    go::wait_group finished;
    finished.add(fibers + waiters);
    for (int w = 0; w < waiters; ++w) {
      go::spawn([&] {
        wg.wait();
        if (dones != long{fibers} * per_fiber) ++early_wakeups;
        finished.done();
      });
    }
    for (int f = 0; f < fibers; ++f) {
      go::spawn([&] {
        for (int i = 0; i < per_fiber; ++i) {
          ++dones;  // before done(): a woken waiter must see it
          wg.done();
          if (i % 1024 == 0) go::yield();
        }
        finished.done();
      });
    }
    finished.wait();
    EXPECT_EQ(early_wakeups.load(), 0) << "wait returned before the count reached zero";
    EXPECT_EQ(wg.count(), 0);
  }, on_threads(threads));
}

TEST(StressTest, WaitGroupOnTwoThreads) { stress_wait_group(2); }
TEST(StressTest, WaitGroupOnFourThreads) { stress_wait_group(4); }

// ---------------------------------------------------------------------------------------------
// once: fibers race through the same long list of once objects; each fn runs exactly once.

void stress_once(unsigned threads) {
  constexpr int fibers = 8;
  constexpr int onces = 20'000;  // 160k calls
  go::testing::run([&] {
    std::vector<go::once> inits(onces);
    std::vector<std::atomic<int>> runs(onces);
    std::atomic<int> returned_early{0};
    go::wait_group wg;
    wg.add(fibers);
    for (int f = 0; f < fibers; ++f) {
      go::spawn([&] {
        for (int i = 0; i < onces; ++i) {
          inits[i].call([&] { ++runs[i]; });
          if (runs[i] == 0) ++returned_early;
        }
        wg.done();
      });
    }
    wg.wait();
    const auto wrong = std::count_if(runs.begin(), runs.end(), [](const std::atomic<int>& n) { return n != 1; });
    EXPECT_EQ(wrong, 0) << "some once ran its fn more than once";
    EXPECT_EQ(returned_early.load(), 0) << "call returned before fn had run";
  }, on_threads(threads));
}

TEST(StressTest, OnceOnTwoThreads) { stress_once(2); }
TEST(StressTest, OnceOnFourThreads) { stress_once(4); }

// ---------------------------------------------------------------------------------------------
// context: rounds of a parent with children derived concurrently on several threads while the
// parent is cancelled; every child ends cancelled, whether born before or after the cancel.

void stress_context(unsigned threads) {
  constexpr int rounds = 500;
  constexpr int fibers = 8;
  constexpr int children_each = 10;  // 40k contexts in all
  go::testing::run([&] {
    std::atomic<int> not_cancelled{0};
    auto parents = go::make_chan<go::context>();
    go::wait_group wg;
    wg.add(fibers);
    for (int f = 0; f < fibers; ++f) {
      go::spawn([&, parents] {
        for (const go::context& parent : parents) {
          std::vector<go::context> children;
          for (int i = 0; i < children_each; ++i) {
            auto [child, cancel] = go::with_cancel(parent);
            children.push_back(child);
          }
          for (const go::context& child : children) {
            (void)child.done().recv();  // wakes when the parent is cancelled
            if (child.err() != go::context_error::canceled) ++not_cancelled;
          }
        }
        wg.done();
      });
    }
    for (int r = 0; r < rounds; ++r) {
      auto [parent, cancel] = go::with_cancel(go::background());
      for (int f = 0; f < fibers; ++f) parents.send(parent);
      cancel();  // races with the children being made
    }
    parents.close();
    wg.wait();
    EXPECT_EQ(not_cancelled.load(), 0) << "a child missed its parent's cancel";
  }, on_threads(threads));
}

TEST(StressTest, ContextOnTwoThreads) { stress_context(2); }
TEST(StressTest, ContextOnFourThreads) { stress_context(4); }

// ---------------------------------------------------------------------------------------------
// err_group with a limit: many short tasks; never more than the limit at once, all of them run.

void stress_err_group(unsigned threads) {
  constexpr int limit = 4;
  constexpr int tasks = 5'000;
  go::testing::run([&] {
    std::atomic<int> running{0};
    std::atomic<int> most{0};
    std::atomic<int> finished{0};
    go::err_group group;
    group.set_limit(limit);
    for (int i = 0; i < tasks; ++i) {
      group.go([&] {
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        go::yield();
        --running;
        ++finished;
      });
    }
    group.wait();
    EXPECT_LE(most.load(), limit) << "more tasks ran at once than set_limit allows";
    EXPECT_EQ(finished.load(), tasks);
  }, on_threads(threads));
}

TEST(StressTest, ErrGroupWithLimitOnTwoThreads) { stress_err_group(2); }
TEST(StressTest, ErrGroupWithLimitOnFourThreads) { stress_err_group(4); }

// ---------------------------------------------------------------------------------------------
// Timers: many fibers wait on their own go::after at once; every one is woken.

TEST(StressTest, ManyTimersWakeTheirFibersOnFourThreads) {
  constexpr int fibers = 2'000;
  go::testing::run([&] {
    std::atomic<int> woke{0};
    go::wait_group wg;
    wg.add(fibers);
    for (int i = 0; i < fibers; ++i) {
      go::spawn([&, i] {
        (void)go::after(std::chrono::microseconds{100 * (i % 50)}).recv();
        ++woke;
        wg.done();
      });
    }
    wg.wait();
    EXPECT_EQ(woke.load(), fibers);
  }, on_threads(4));
}

}  // namespace
