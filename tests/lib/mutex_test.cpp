// mutex_test.cpp - go::mutex and go::rw_mutex: exclusion across worker threads, try_lock, the
// wake-up order and the starvation bound, unlock errors, the standard lock guards; for rw_mutex
// also shared readers, exclusive writers, writer preference and no writer starvation.
//
// The larger, million-operation runs are in stress_test.cpp.
#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace {

constexpr go::run_options one_thread{.threads = 1};

// ---------------------------------------------------------------------------------------------
// go::mutex

TEST(MutexTest, LockExcludesFibersOnOtherThreads) {
  go::testing::run([] {
    constexpr int fibers = 8;
    constexpr int rounds = 5'000;
    go::mutex mu;
    long counter = 0;  // guarded by mu; not atomic on purpose
    go::wait_group wg;
    wg.add(fibers);
    for (int f = 0; f < fibers; ++f) {
      go::spawn([&] {
        for (int i = 0; i < rounds; ++i) {
          std::lock_guard lock{mu};
          const long seen = counter;
          if (i % 64 == 0) go::yield();  // let others run while holding the lock
          counter = seen + 1;
        }
        wg.done();
      });
    }
    wg.wait();
    EXPECT_EQ(counter, long{fibers} * rounds) << "increments were lost: two fibers held the mutex at once";
  }, {.threads = 2});
}

// The header promises any fiber or thread: plain threads, outside go::run, sleep in the mutex
// as threads. (Not mixed with a run's fibers here: a run whose fibers all wait for a lock that a
// plain thread holds reports a deadlock, since it cannot see that thread.)
TEST(MutexTest, LockExcludesPlainThreads) {
  constexpr int rounds = 5'000;
  go::mutex mu;
  long counter = 0;  // guarded by mu; not atomic on purpose
  auto increment = [&] {
    for (int i = 0; i < rounds; ++i) {
      std::lock_guard lock{mu};
      const long seen = counter;
      if (i % 64 == 0) std::this_thread::yield();  // while holding the lock, so that the others wait
      counter = seen + 1;
    }
  };
  std::thread first{increment};
  std::thread second{increment};
  std::thread third{increment};
  first.join();
  second.join();
  third.join();
  EXPECT_EQ(counter, 3L * rounds) << "increments were lost: two threads held the mutex at once";
}

TEST(MutexTest, LockWaitsWhileAnotherFiberHoldsIt) {
  go::testing::run([] {
    go::mutex mu;
    mu.lock();
    bool started = false;
    bool locked = false;
    go::spawn([&] {
      started = true;
      std::lock_guard lock{mu};
      locked = true;
    });
    test::yield_until([&] { return started; });
    EXPECT_FALSE(locked) << "lock must wait while the mutex is held";
    mu.unlock();
    test::yield_until([&] { return locked; });
  }, one_thread);
}

TEST(MutexTest, TryLockSucceedsOnlyWhenFree) {
  go::testing::run([] {
    go::mutex mu;
    EXPECT_TRUE(mu.try_lock());
    EXPECT_FALSE(mu.try_lock()) << "try_lock must fail while the mutex is held";
    mu.unlock();
    EXPECT_TRUE(mu.try_lock());
    mu.unlock();
  });
}

TEST(MutexTest, UnlockOfUnlockedMutexThrowsLogicError) {
  go::testing::run([] {
    go::mutex mu;
    EXPECT_THROW(mu.unlock(), std::logic_error);
    mu.lock();
    mu.unlock();
    EXPECT_THROW(mu.unlock(), std::logic_error);
  });
}

TEST(MutexTest, WorksWithStandardLockGuards) {
  go::testing::run([] {
    go::mutex a;
    go::mutex b;
    {
      std::lock_guard lock{a};
      EXPECT_FALSE(a.try_lock());
    }
    {
      std::unique_lock lock{a};
      EXPECT_TRUE(lock.owns_lock());
      lock.unlock();
      EXPECT_TRUE(a.try_lock());
      a.unlock();
    }
    {
      std::scoped_lock both{a, b};
      EXPECT_FALSE(a.try_lock());
      EXPECT_FALSE(b.try_lock());
    }
    EXPECT_TRUE(a.try_lock()) << "scoped_lock must release both mutexes";
    EXPECT_TRUE(b.try_lock()) << "scoped_lock must release both mutexes";
    a.unlock();
    b.unlock();
  });
}

TEST(MutexTest, WaitersAreWokenInArrivalOrder) {
  go::testing::run([] {
    go::mutex mu;
    mu.lock();
    std::string order;
    int started = 0;
    for (char name : std::string{"abc"}) {
      go::spawn([&, name] {
        ++started;
        std::lock_guard lock{mu};
        order += name;
      });
      const int spawned = name - 'a' + 1;
      test::yield_until([&] { return started == spawned; });  // queued before the next one comes
    }
    mu.unlock();
    test::yield_until([&] { return order.size() == 3; });
    EXPECT_EQ(order, "abc") << "unlock must wake the longest waiter first";
  }, one_thread);
}

// A fiber that unlocks and locks again at once may take the lock before the waiter it woke
// (Go's normal mode), but not for ever: once the waiter has waited a millisecond, unlock hands
// it the lock. On one thread the greedy fiber never blocks otherwise, so without that hand-off
// the waiter would never run; the loop's bound (far more than a millisecond of locking) keeps a
// wrong implementation from hanging the test.
TEST(MutexTest, AFiberThatRelocksCannotKeepAWaiterOutForever) {
  go::testing::run([] {
    go::mutex mu;
    bool waiter_had_it = false;  // guarded by mu
    bool waiter_queued = false;
    mu.lock();
    go::spawn([&] {
      waiter_queued = true;
      std::lock_guard lock{mu};
      waiter_had_it = true;
    });
    test::yield_until([&] { return waiter_queued; });
    mu.unlock();
    bool seen = false;
    for (long relocks = 0; relocks < 5'000'000 && !seen; ++relocks) {
      std::lock_guard lock{mu};
      seen = waiter_had_it;
    }
    EXPECT_TRUE(seen) << "a waiter was passed over for good: after it has waited 1 ms, unlock must hand it the mutex";
  }, one_thread);
}

TEST(MutexTest, AnotherFiberMayUnlock) {
  go::testing::run([] {
    go::mutex mu;
    mu.lock();
    go::spawn([&] { mu.unlock(); });  // as in Go, a mutex is not tied to a fiber
    mu.lock();
    mu.unlock();
  });
}

// ---------------------------------------------------------------------------------------------
// go::rw_mutex

TEST(RwMutexTest, ReadersShareTheLock) {
  go::testing::run([] {
    go::rw_mutex rw;
    go::wait_group both_inside;
    both_inside.add(2);
    go::wait_group finished;
    finished.add(2);
    for (int i = 0; i < 2; ++i) {
      go::spawn([&] {
        std::shared_lock read{rw};
        both_inside.done();
        both_inside.wait();  // returns only once both readers hold the lock at the same time
        finished.done();
      });
    }
    finished.wait();  // if readers excluded each other, this run would end in go::deadlock
  }, {.threads = 2});
}

TEST(RwMutexTest, WriterExcludesReadersAndWriters) {
  go::testing::run([] {
    go::rw_mutex rw;
    rw.lock();
    EXPECT_FALSE(rw.try_lock()) << "a second writer must be excluded";
    EXPECT_FALSE(rw.try_lock_shared()) << "a reader must be excluded while a writer holds the lock";
    rw.unlock();
    EXPECT_TRUE(rw.try_lock_shared());
    rw.unlock_shared();
  });
}

TEST(RwMutexTest, ReaderExcludesWriter) {
  go::testing::run([] {
    go::rw_mutex rw;
    rw.lock_shared();
    EXPECT_FALSE(rw.try_lock()) << "a writer must wait for the readers";
    EXPECT_TRUE(rw.try_lock_shared()) << "readers share the lock";
    rw.unlock_shared();
    rw.unlock_shared();
    EXPECT_TRUE(rw.try_lock());
    rw.unlock();
  });
}

TEST(RwMutexTest, NewReaderWaitsBehindWaitingWriter) {
  go::testing::run([] {
    go::rw_mutex rw;
    rw.lock_shared();
    std::string order;
    bool writer_started = false;
    go::spawn([&] {
      writer_started = true;
      std::lock_guard write{rw};
      order += 'W';
    });
    test::yield_until([&] { return writer_started; });
    EXPECT_FALSE(rw.try_lock_shared()) << "once a writer waits, a new reader must wait behind it";
    bool reader_started = false;
    go::spawn([&] {
      reader_started = true;
      std::shared_lock read{rw};
      order += 'R';
    });
    test::yield_until([&] { return reader_started; });
    EXPECT_EQ(order, "") << "both must wait while the first reader holds the lock";
    rw.unlock_shared();
    test::yield_until([&] { return order.size() == 2; });
    EXPECT_EQ(order, "WR") << "the waiting writer must go before the reader that came after it";
  }, one_thread);
}

TEST(RwMutexTest, ReadersQueuedDuringWriteGoBeforeNextWriter) {
  go::testing::run([] {
    go::rw_mutex rw;
    rw.lock();
    std::string order;
    int started = 0;
    go::spawn([&] {
      ++started;
      std::shared_lock read{rw};
      order += 'R';
    });
    go::spawn([&] {
      ++started;
      std::lock_guard write{rw};
      order += 'W';
    });
    test::yield_until([&] { return started == 2; });
    rw.unlock();
    test::yield_until([&] { return order.size() == 2; });
    EXPECT_EQ(order, "RW") << "readers that queued during a write must go before the next writer";
  }, one_thread);
}

TEST(RwMutexTest, WriterIsNotStarvedByStreamOfReaders) {
  go::testing::run([] {
    constexpr int readers = 4;
    go::rw_mutex rw;
    std::atomic<bool> writer_done{false};
    std::atomic<int> reading{0};
    go::wait_group wg;
    wg.add(readers + 1);
    for (int i = 0; i < readers; ++i) {
      go::spawn([&] {
        // Overlapping read sections: without writer preference the lock would never be free.
        while (!writer_done) {
          std::shared_lock read{rw};
          ++reading;
          go::yield();
          --reading;
        }
        wg.done();
      });
    }
    go::spawn([&] {
      test::yield_until([&] { return reading > 0; });
      std::lock_guard write{rw};  // the run's timeout fails the test if this starves
      EXPECT_EQ(reading.load(), 0) << "a writer must never hold the lock together with readers";
      writer_done = true;
      wg.done();
    });
    wg.wait();
  }, {.threads = 2});
}

TEST(RwMutexTest, UnlockOfUnlockedRwMutexThrowsLogicError) {
  go::testing::run([] {
    go::rw_mutex rw;
    EXPECT_THROW(rw.unlock(), std::logic_error);
    EXPECT_THROW(rw.unlock_shared(), std::logic_error);
    rw.lock_shared();
    EXPECT_THROW(rw.unlock(), std::logic_error) << "unlock is the writer's; a reader uses unlock_shared";
    rw.unlock_shared();
  });
}

TEST(RwMutexTest, WritersKeepPairConsistentForReadersAcrossThreads) {
  go::testing::run([] {
    constexpr int writers = 2;
    constexpr int readers = 4;
    constexpr int rounds = 2'000;
    go::rw_mutex rw;
    long first = 0;   // guarded by rw; a writer changes both, so readers must see them equal
    long second = 0;  // guarded by rw
    std::atomic<int> torn_reads{0};
    go::wait_group wg;
    wg.add(writers + readers);
    for (int w = 0; w < writers; ++w) {
      go::spawn([&] {
        for (int i = 0; i < rounds; ++i) {
          std::lock_guard write{rw};
          ++first;
          if (i % 16 == 0) go::yield();
          ++second;
        }
        wg.done();
      });
    }
    for (int r = 0; r < readers; ++r) {
      go::spawn([&] {
        for (int i = 0; i < rounds; ++i) {
          std::shared_lock read{rw};
          if (first != second) ++torn_reads;
          if (i % 16 == 0) go::yield();
        }
        wg.done();
      });
    }
    wg.wait();
    EXPECT_EQ(torn_reads.load(), 0) << "a reader ran while a writer was half-way through";
    EXPECT_EQ(first, long{writers} * rounds) << "writers overlapped and lost increments";
    EXPECT_EQ(second, long{writers} * rounds) << "writers overlapped and lost increments";
  }, {.threads = 2});
}

}  // namespace
