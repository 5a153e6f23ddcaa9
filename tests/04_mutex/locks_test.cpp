// locks_test.cpp - tests of chapter 04's fiber lock exercises (locks.hpp).
//
// One suite per exercise. No test measures time. Who may be inside a lock at once is seen
// through fibers that wait for each other inside it: if the lock does not let them in together,
// go::run reports go::deadlock. Who must wait is seen on one worker thread: after
// let_others_run() every other fiber has gone as far as it can, so one that got further than
// the lock allows shows in the log.
#include "locks.hpp"

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using ch04_test::deadlock_report;
using ch04_test::fiber_latch;
using ch04_test::let_others_run;
using ch04_test::parallel_threads;

// transfer_fn: a transfer to check - ch04::transfer, or the classic wrong answer below.
using transfer_fn = bool (*)(ch04::account&, ch04::account&, long);

// transfer_in_argument_order: the classic wrong answer - lock `from`, then `to`.
bool transfer_in_argument_order(ch04::account& from, ch04::account& to, long amount) {
  std::lock_guard from_lock{from.mutex};
  std::lock_guard to_lock{to.mutex};
  if (from.balance < amount) return false;
  from.balance -= amount;
  to.balance += amount;
  return true;
}

// opposite_transfers_report: the deadlock made certain, on one worker thread. Main holds b's
// lock; transfer(b, a) starts and waits (whatever its order, it needs b); transfer(a, b) starts
// and waits too; main lets go of b. Locking in argument order, the first now holds b and waits
// for a, which the second holds while it waits for b. Returns go::deadlock's report, or "".
std::string opposite_transfers_report(transfer_fn transfer, ch04::account& a, ch04::account& b) {
  go::wait_group finished;
  return deadlock_report(
      [&] {
        finished.add(2);
        b.mutex.lock();
        go::spawn([&] {
          transfer(b, a, 10);
          finished.done();
        });
        let_others_run();
        go::spawn([&] {
          transfer(a, b, 20);
          finished.done();
        });
        let_others_run();
        b.mutex.unlock();
        finished.wait();
      },
      [] {});  // a go::mutex blocks, it never spins: nothing to rescue
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// cache

TEST(CacheTest, GetReturnsTheLatestValueSet) {
  ch04::cache users;
  std::optional<std::string> found;
  go::testing::run([&] {
    users.set("42", "Ada");
    users.set("42", "Grace");
    found = users.get("42");
  });
  EXPECT_EQ(found, "Grace");
}

TEST(CacheTest, GetOfAMissingKeyIsEmpty) {
  ch04::cache users;
  std::optional<std::string> missing;
  std::optional<std::string> still_missing;
  go::testing::run([&] {
    users.set("42", "Ada");
    missing = users.get("7");
    still_missing = users.get("7");  // the first get must not have added the key
  });
  EXPECT_EQ(missing, std::nullopt);
  EXPECT_EQ(still_missing, std::nullopt);
}

TEST(CacheTest, ThreeReadersAreInsideAtOnce) {
  fiber_latch all_inside{3};
  ch04::cache users{[&](ch04::cache_access access) {
    if (access == ch04::cache_access::read) all_inside.arrive_and_wait();
  }};
  go::wait_group readers;
  const std::string report = deadlock_report(
      [&] {
        readers.add(3);
        for (int i = 0; i < 3; ++i) {
          go::spawn([&] {
            (void)users.get("42");
            readers.done();
          });
        }
        readers.wait();
      },
      [] {});
  EXPECT_TRUE(report.empty()) << "each reader waits, holding the lock, until all three are inside: readers must "
                           "share the lock (std::shared_lock on the go::rw_mutex).\n\ngo::run reported:\n"
                        << report;
}

TEST(CacheTest, AWriterWaitsWhileAReaderIsInside) {
  auto release_reader = go::make_chan<go::empty>();
  std::vector<std::string> log;
  ch04::cache users{[&](ch04::cache_access access) {
    if (access == ch04::cache_access::write) {
      log.push_back("write");
      return;
    }
    log.push_back("read in");
    release_reader.recv();  // the reader stays inside until main closes the channel
    log.push_back("read out");
  }};
  go::wait_group both;
  go::testing::run([&] {
    both.add(2);
    go::spawn([&] {
      (void)users.get("42");
      both.done();
    });
    let_others_run();  // the reader is inside
    go::spawn([&] {
      users.set("42", "Ada");
      both.done();
    });
    let_others_run();  // the writer must wait for it
    release_reader.close();
    both.wait();
  });
  EXPECT_EQ(log, (std::vector<std::string>{"read in", "read out", "write"}))
      << "set ran while a reader was inside: set must take the lock exclusively";
}

TEST(CacheTest, ReadersAndWritersWaitWhileAWriterIsInside) {
  auto release_writer = go::make_chan<go::empty>();
  int writes = 0;
  std::vector<std::string> log;
  ch04::cache users{[&](ch04::cache_access access) {
    if (access == ch04::cache_access::read) {
      log.push_back("read");
      return;
    }
    const int mine = ++writes;
    log.push_back("write " + std::to_string(mine) + " in");
    if (mine == 1) release_writer.recv();  // the first writer stays inside until released
    log.push_back("write " + std::to_string(mine) + " out");
  }};
  go::wait_group all;
  go::testing::run([&] {
    all.add(3);
    go::spawn([&] {
      users.set("42", "Ada");
      all.done();
    });
    let_others_run();  // the first writer is inside
    go::spawn([&] {
      (void)users.get("42");
      all.done();
    });
    go::spawn([&] {
      users.set("42", "Grace");
      all.done();
    });
    let_others_run();  // the reader and the second writer must wait
    release_writer.close();
    all.wait();
  });
  ASSERT_EQ(log.size(), 5U) << "expected two writes and one read";
  EXPECT_EQ(log[0], "write 1 in");
  EXPECT_EQ(log[1], "write 1 out") << "a reader or writer got in while a writer was inside: writers hold the "
                                      "lock exclusively";
}

TEST(CacheTest, LosesNothingOnTwoThreads) {
  ch04::cache shared;
  go::wait_group writers;
  std::vector<int> mismatches(8, 0);  // fiber f writes slot f only
  int wrong = 0;                      // written by main only, after every fiber is done
  go::testing::run(
      [&] {
        writers.add(8);
        for (int f = 0; f < 8; ++f) {
          go::spawn([&, f] {
            for (int i = 0; i < 200; ++i) {
              const std::string key = std::to_string(f) + "/" + std::to_string(i);
              shared.set(key, key);
              if (shared.get(key) != key) ++mismatches[static_cast<std::size_t>(f)];
              if (i % 16 == 0) go::yield();
            }
            writers.done();
          });
        }
        writers.wait();
        for (int f = 0; f < 8; ++f) {
          wrong += mismatches[static_cast<std::size_t>(f)];
          for (int i = 0; i < 200; ++i) {
            const std::string key = std::to_string(f) + "/" + std::to_string(i);
            if (shared.get(key) != key) ++wrong;
          }
        }
      },
      {.threads = parallel_threads});
  EXPECT_EQ(wrong, 0) << "values were lost or changed: every access to the map must hold the lock";
}

// ---------------------------------------------------------------------------------------------
// cancel_signal

TEST(CancelSignalTest, DoneStaysOpenUntilCancel) {
  ch04::cancel_signal signal;
  bool closed_before = true;
  bool closed_after = false;
  go::testing::run([&] {
    go::select(go::recv(signal.done(), [&] { closed_before = true; }),
               go::otherwise([&] { closed_before = false; }));
    signal.cancel("shutting down");
    go::select(go::recv(signal.done(), [&] { closed_after = true; }),
               go::otherwise([&] { closed_after = false; }));
  });
  EXPECT_FALSE(closed_before) << "done() was closed before anyone cancelled";
  EXPECT_TRUE(closed_after) << "done() must be closed once cancel() has returned";
}

TEST(CancelSignalTest, TheFirstReasonWinsAndASecondCancelDoesNotThrow) {
  ch04::cancel_signal signal;
  std::string reason;
  try {
    go::testing::run([&] {
      signal.cancel("disk full");
      signal.cancel("timeout");
      signal.done().recv();
      reason = signal.reason();
    });
  } catch (const go::channel_closed& twice) {
    FAIL() << "the second cancel closed done() again (" << twice.what()
           << "): guard the close with a go::once, as the guide guards close(ch) with sync.Once";
  }
  EXPECT_EQ(reason, "disk full") << "the first cancel's reason must stay; later ones are ignored";
}

TEST(CancelSignalTest, HundredFibersCancelAtOnceOnTwoThreads) {
  ch04::cancel_signal signal;
  go::wait_group cancellers;
  std::string reason;
  go::testing::run(
      [&] {
        cancellers.add(100);
        for (int i = 0; i < 100; ++i) {
          go::spawn([&, i] {
            signal.cancel("fiber " + std::to_string(i));
            cancellers.done();
          });
        }
        cancellers.wait();
        signal.done().recv();
        reason = signal.reason();
      },
      {.threads = parallel_threads});
  EXPECT_EQ(reason.rfind("fiber ", 0), 0U) << "the reason must be one of the cancellers', got \"" << reason << '"';
}

TEST(CancelSignalTest, EveryWaiterWakes) {
  ch04::cancel_signal signal;
  int woken = 0;
  go::testing::run([&] {
    const go::recv_chan<go::empty> done = signal.done();
    for (int i = 0; i < 10; ++i) {
      go::spawn([&woken, done] {
        done.recv();
        ++woken;
      });
    }
    let_others_run();  // all ten are waiting
    signal.cancel("bye");
    go::testing::expect_no_leaks();
  });
  EXPECT_EQ(woken, 10) << "closing done() wakes every receiver; sending one value would wake only one";
}

// ---------------------------------------------------------------------------------------------
// transfer

TEST(TransferTest, MovesTheAmount) {
  ch04::account alice{1, 100};
  ch04::account bob{2, 50};
  bool moved = false;
  go::testing::run([&] { moved = ch04::transfer(alice, bob, 30); });
  EXPECT_TRUE(moved);
  EXPECT_EQ(alice.balance, 70);
  EXPECT_EQ(bob.balance, 80);
}

TEST(TransferTest, RefusesAnOverdraftAndChangesNothing) {
  ch04::account alice{1, 100};
  ch04::account bob{2, 50};
  bool moved = true;
  go::testing::run([&] { moved = ch04::transfer(bob, alice, 80); });
  EXPECT_FALSE(moved) << "bob has 50: a transfer of 80 must be refused";
  EXPECT_EQ(alice.balance, 100);
  EXPECT_EQ(bob.balance, 50);
}

TEST(TransferTest, OppositeTransfersDoNotDeadlockWhereArgumentOrderDoes) {
  {
    ch04::account a{1, 100};
    ch04::account b{2, 100};
    const std::string report = opposite_transfers_report(transfer_in_argument_order, a, b);
    ASSERT_NE(report.find("mutex.lock"), std::string::npos)
        << "the test's own wrong answer, locking in argument order, should have deadlocked here";
  }
  ch04::account a{1, 100};
  ch04::account b{2, 100};
  const std::string report = opposite_transfers_report(ch04::transfer, a, b);
  EXPECT_TRUE(report.empty()) << "transfer(b, a) and transfer(a, b) deadlocked: each holds one account's lock and "
                           "waits for the other's. Lock the lower id first, whatever the direction - or "
                           "take both with std::scoped_lock.\n\ngo::run reported:\n"
                        << report;
  EXPECT_EQ(a.balance, 90);
  EXPECT_EQ(b.balance, 110);
}

TEST(TransferTest, ChecksTheBalanceWhileHoldingTheLocks) {
  ch04::account shared{1, 100};
  ch04::account bob{2, 0};
  ch04::account carol{3, 0};
  go::wait_group both;
  int succeeded = 0;
  go::testing::run([&] {
    both.add(2);
    shared.mutex.lock();  // someone else is busy with the account; both transfers wait for it
    go::spawn([&] {
      succeeded += ch04::transfer(shared, bob, 80) ? 1 : 0;
      both.done();
    });
    go::spawn([&] {
      succeeded += ch04::transfer(shared, carol, 80) ? 1 : 0;
      both.done();
    });
    let_others_run();
    shared.mutex.unlock();
    both.wait();
  });
  EXPECT_EQ(succeeded, 1) << "100 cannot pay 80 twice";
  EXPECT_EQ(shared.balance, 20) << "the balance was checked before the lock was taken, and spent twice: check it "
                                   "while holding both locks";
  EXPECT_EQ(bob.balance + carol.balance, 80);
}

TEST(TransferTest, KeepsEveryCentOnTwoThreads) {
  std::vector<std::unique_ptr<ch04::account>> accounts;
  for (int id = 0; id < 4; ++id) accounts.push_back(std::make_unique<ch04::account>(id, 1'000));
  go::wait_group clerks;
  std::vector<int> moved(8, 0);  // clerk c writes slot c only
  int succeeded = 0;
  try {
    go::testing::run(
        [&] {
          clerks.add(8);
          for (int c = 0; c < 8; ++c) {
            go::spawn([&, c] {
              std::minstd_rand random{static_cast<unsigned>(c + 1)};
              for (int i = 0; i < 250; ++i) {
                const auto from = random() % 4;
                const auto to = (from + 1 + random() % 3) % 4;  // never the same account
                if (ch04::transfer(*accounts[from], *accounts[to], static_cast<long>(1 + random() % 300))) {
                  ++moved[static_cast<std::size_t>(c)];
                }
                if (i % 8 == 0) go::yield();
              }
              clerks.done();
            });
          }
          clerks.wait();
          for (int m : moved) succeeded += m;
        },
        {.threads = parallel_threads});
  } catch (const go::deadlock& stuck) {
    FAIL() << "transfers deadlocked: lock the lower id first, or use std::scoped_lock.\n\n" << stuck.what();
  }
  long total = 0;
  for (const auto& account : accounts) {
    EXPECT_GE(account->balance, 0) << "account " << account->id << " was overdrawn";
    total += account->balance;
  }
  EXPECT_EQ(total, 4'000) << "money was created or destroyed";
  EXPECT_GT(succeeded, 0);
}
