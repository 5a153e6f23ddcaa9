// primitives_test.cpp - tests of chapter 04's advanced exercises (primitives.hpp).
//
// One suite per exercise. No test measures time. On one worker thread, let_others_run() lets
// every other fiber go as far as it can, so a fiber that got past a wait it should be blocked
// in shows in the log. Waits must block on the toolkit, not spin: deadlock_report checks that a
// hopeless wait is reported as go::deadlock, without hanging if it spins.
#include "primitives.hpp"

#include <atomic>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using ch04_test::deadlock_report;
using ch04_test::expect_logic_error;
using ch04_test::fiber_latch;
using ch04_test::let_others_run;
using ch04_test::parallel_threads;

}  // namespace

// ---------------------------------------------------------------------------------------------
// wait_group

TEST(WaitGroupTest, WaitOnAZeroCountReturnsAtOnce) {
  ch04::wait_group wg;
  bool returned = false;
  go::testing::run([&] {
    wg.wait();
    returned = true;
  });
  EXPECT_TRUE(returned);
}

TEST(WaitGroupTest, WaitReturnsOnlyAfterEveryDone) {
  ch04::wait_group wg;
  int finished = 0;
  int finished_when_wait_returned = -1;
  go::testing::run([&] {
    wg.add(5);
    for (int i = 0; i < 5; ++i) {
      go::spawn([&, i] {
        for (int k = 0; k <= i; ++k) go::yield();  // the fibers finish one after another
        ++finished;
        wg.done();
      });
    }
    wg.wait();
    finished_when_wait_returned = finished;
  });
  EXPECT_EQ(finished_when_wait_returned, 5) << "wait() returned before every fiber had called done()";
}

TEST(WaitGroupTest, EveryWaiterWakes) {
  ch04::wait_group wg;
  int woken = 0;
  go::testing::run([&] {
    wg.add(1);
    for (int i = 0; i < 5; ++i) {
      go::spawn([&] {
        wg.wait();
        ++woken;
      });
    }
    let_others_run();  // all five are waiting
    EXPECT_EQ(woken, 0) << "wait() returned while the count was 1";
    wg.done();
    go::testing::expect_no_leaks();
  });
  EXPECT_EQ(woken, 5) << "every waiter must wake when the count reaches zero: close the channel they wait "
                         "on (a send wakes only one)";
}

TEST(WaitGroupTest, ANegativeCountThrowsAndChangesNothing) {
  ch04::wait_group wg;
  bool waited = false;
  go::testing::run([&] {
    wg.add(2);
    expect_logic_error([&] { wg.add(-3); }, "add(-3) on a count of 2");
    wg.done();
    wg.done();
    expect_logic_error([&] { wg.done(); }, "done() on a count of 0");
    wg.wait();  // the count is zero again: the failed calls changed nothing
    waited = true;
  });
  EXPECT_TRUE(waited);
}

TEST(WaitGroupTest, CanBeReusedAfterAWait) {
  ch04::wait_group wg;
  std::vector<std::string> log;
  go::testing::run([&] {
    wg.add(1);
    go::spawn([&] { wg.done(); });
    wg.wait();  // first round over

    wg.add(1);  // second round
    go::spawn([&] {
      wg.wait();
      log.push_back("waiter woke");
    });
    let_others_run();
    log.push_back("done");
    wg.done();
    go::testing::expect_no_leaks();
  });
  EXPECT_EQ(log, (std::vector<std::string>{"done", "waiter woke"}))
      << "in the second round wait() returned before done(): it received from the first round's closed "
         "channel. When the count leaves zero, make a fresh channel.";
}

TEST(WaitGroupTest, CountsAThousandDonesOnTwoThreads) {
  ch04::wait_group wg;
  std::atomic<int> finished{0};
  int finished_when_wait_returned = -1;
  go::testing::run(
      [&] {
        wg.add(1'000);
        for (int i = 0; i < 1'000; ++i) {
          go::spawn([&] {
            ++finished;
            wg.done();
          });
        }
        wg.wait();
        finished_when_wait_returned = finished.load();
      },
      {.threads = parallel_threads});
  EXPECT_EQ(finished_when_wait_returned, 1'000);
}

TEST(WaitGroupTest, AWaitThatCanNeverEndIsADeadlock) {
  ch04::wait_group wg;
  const std::string report = deadlock_report(
      [&] {
        wg.add(1);
        wg.wait();  // nobody will call done()
      },
      [&] { wg.done(); });
  EXPECT_FALSE(report.empty()) << "go::run could not see that wait() was stuck: block on a channel (receive from "
                           "the zero_ channel), never loop on go::yield()";
}

// ---------------------------------------------------------------------------------------------
// rw_mutex

TEST(RwMutexTest, ThreeReadersHoldItAtOnce) {
  ch04::rw_mutex mu;
  fiber_latch all_inside{3};
  go::wait_group readers;
  const std::string report = deadlock_report(
      [&] {
        readers.add(3);
        for (int i = 0; i < 3; ++i) {
          go::spawn([&] {
            std::shared_lock read{mu};
            all_inside.arrive_and_wait();  // holding the shared lock
            readers.done();
          });
        }
        readers.wait();
      },
      [] {});
  EXPECT_TRUE(report.empty()) << "each reader waits, holding the shared lock, until all three hold it: lock_shared "
                           "must let readers in together.\n\ngo::run reported:\n"
                        << report;
}

TEST(RwMutexTest, AWriterExcludesReadersAndOtherWriters) {
  ch04::rw_mutex mu;
  std::vector<std::string> log;
  go::wait_group others;
  go::testing::run([&] {
    others.add(2);
    mu.lock();
    go::spawn([&] {
      std::shared_lock read{mu};
      log.push_back("reader");
      others.done();
    });
    go::spawn([&] {
      std::lock_guard write{mu};
      log.push_back("writer");
      others.done();
    });
    let_others_run();
    log.push_back("first writer unlocks");
    mu.unlock();
    others.wait();
  });
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.front(), "first writer unlocks") << "a fiber got the lock while a writer held it";
  EXPECT_EQ(log.size(), 3U);
}

TEST(RwMutexTest, AWriterWaitsForTheReadersInside) {
  ch04::rw_mutex mu;
  std::vector<std::string> log;
  go::wait_group writer_done;
  go::testing::run([&] {
    writer_done.add(1);
    mu.lock_shared();
    go::spawn([&] {
      std::lock_guard write{mu};
      log.push_back("writer");
      writer_done.done();
    });
    let_others_run();
    log.push_back("reader unlocks");
    mu.unlock_shared();
    writer_done.wait();
  });
  EXPECT_EQ(log, (std::vector<std::string>{"reader unlocks", "writer"}))
      << "the writer got in while a reader held the lock";
}

TEST(RwMutexTest, AReaderArrivingWhileAWriterWaitsGoesAfterIt) {
  ch04::rw_mutex mu;
  std::vector<std::string> log;
  go::wait_group others;
  go::testing::run([&] {
    others.add(2);
    mu.lock_shared();  // a reader is inside
    go::spawn([&] {
      std::lock_guard write{mu};
      log.push_back("writer");
      others.done();
    });
    let_others_run();  // the writer waits for the reader
    go::spawn([&] {
      std::shared_lock read{mu};
      log.push_back("late reader");
      others.done();
    });
    let_others_run();  // the late reader must wait behind the writer
    log.push_back("first reader unlocks");
    mu.unlock_shared();
    others.wait();
  });
  EXPECT_EQ(log, (std::vector<std::string>{"first reader unlocks", "writer", "late reader"}))
      << "a reader that arrives while a writer waits must wait behind it (writer preference)";
}

TEST(RwMutexTest, AWriterIsNotStarvedByARelayOfReaders) {
  // Reader k holds the lock while reader k+1 arrives, so without writer preference the count of
  // readers never drops to zero until the relay ends - and the writer waits for all twenty.
  constexpr int relay_length = 20;
  ch04::rw_mutex mu;
  std::vector<std::string> log;
  auto writer_queued = go::make_chan<go::empty>();
  go::wait_group everyone;
  std::function<void(int)> reader = [&](int k) {
    {
      std::shared_lock read{mu};
      log.push_back("reader " + std::to_string(k));
      if (k == 1) writer_queued.recv();  // the writer arrives while reader 1 is inside
      if (k < relay_length) {
        go::spawn([&reader, k] { reader(k + 1); });
        let_others_run();  // the next reader arrives while this one still holds the lock
      }
    }
    everyone.done();
  };
  go::testing::run([&] {
    everyone.add(relay_length + 1);
    go::spawn([&] { reader(1); });
    let_others_run();
    go::spawn([&] {
      std::lock_guard write{mu};
      log.push_back("writer");
      everyone.done();
    });
    let_others_run();
    writer_queued.close();
    everyone.wait();
  });
  ASSERT_GE(log.size(), 2U);
  EXPECT_EQ(log[1], "writer") << "the writer had to wait for the whole relay of readers: once a writer waits, "
                                 "new readers must wait behind it";
}

TEST(RwMutexTest, UnlockingAnUnlockedMutexThrows) {
  ch04::rw_mutex mu;
  go::testing::run([&] {
    mu.lock();
    mu.unlock();
    expect_logic_error([&] { mu.unlock(); }, "unlock() of an unlocked rw_mutex");
    mu.lock_shared();
    mu.unlock_shared();
    expect_logic_error([&] { mu.unlock_shared(); }, "unlock_shared() of an unlocked rw_mutex");
  });
}

TEST(RwMutexTest, KeepsAnInvariantOnTwoThreads) {
  struct pair_of_counts {
    long first = 0;
    long second = 0;  // equal to first whenever nobody holds the lock exclusively
  };
  ch04::rw_mutex mu;
  pair_of_counts counts;  // guarded by mu
  std::atomic<int> torn_reads{0};
  go::wait_group all;
  go::testing::run(
      [&] {
        all.add(8);
        for (int f = 0; f < 8; ++f) {
          go::spawn([&, f] {
            for (int i = 0; i < 500; ++i) {
              if (f % 2 == 0) {
                std::lock_guard write{mu};
                ++counts.first;
                go::yield();  // a reader let in now would see the pair torn
                ++counts.second;
              } else {
                std::shared_lock read{mu};
                if (counts.first != counts.second) ++torn_reads;
              }
            }
            all.done();
          });
        }
        all.wait();
      },
      {.threads = parallel_threads});
  EXPECT_EQ(torn_reads.load(), 0) << "readers saw a write half done";
  EXPECT_EQ(counts.first, 2'000);
  EXPECT_EQ(counts.second, 2'000);
}

TEST(RwMutexTest, ALockNeverReleasedIsADeadlock) {
  ch04::rw_mutex mu;
  go::wait_group writer_done;
  const std::string report = deadlock_report(
      [&] {
        mu.lock_shared();  // and never unlocked by this fiber
        writer_done.add(1);
        go::spawn([&] {
          std::lock_guard write{mu};
          writer_done.done();
        });
        writer_done.wait();
      },
      [&] { mu.unlock_shared(); });
  EXPECT_FALSE(report.empty()) << "go::run could not see that lock() was stuck: wait by receiving from the changed_ "
                           "channel, never by looping on go::yield()";
}
