// lock_order.cpp - two locks taken in opposite orders deadlock; go::run says so.
//
//   ./build/bin/ch04_lock_order
//
// transfer(a, b) locks a, then b; transfer(b, a) locks b, then a. If each takes its first lock
// before the other takes its second, each waits for the lock the other holds, for ever. Go's
// runtime stops such a program with "fatal error: all goroutines are asleep - deadlock!";
// go::run throws go::deadlock, listing each fiber, where it was spawned and what it waits on.
//
// The fix (chapter 04's exercise `transfer`): take the two locks in one global order, whatever
// the direction - or let std::scoped_lock take both, which never waits while holding one.
#include <cstdio>
#include <mutex>

#include <go/go.hpp>

namespace {

struct account {
  int id;
  go::mutex mutex;
  long balance;  // guarded by mutex
};

// [snippet: wrong_order]
void transfer_in_argument_order(account& from, account& to, long amount, go::wait_group& both_hold_one) {
  std::lock_guard from_lock{from.mutex};
  both_hold_one.done();
  both_hold_one.wait();  // makes the unlucky timing certain: both now hold their first lock
  std::lock_guard to_lock{to.mutex};  // waits for the other transfer's first lock
  from.balance -= amount;
  to.balance += amount;
}
// [end-snippet]

}  // namespace

int main() {
  // Everything the fibers wait on outlives go::run: a torn-down run unwinds them in any order.
  account alice{1, {}, 100};
  account bob{2, {}, 100};
  go::wait_group both_hold_one;
  go::wait_group finished;
  try {
    // [snippet: deadlock_reported]
    go::run([&] {
      both_hold_one.add(2);
      finished.add(2);
      go::spawn([&] { transfer_in_argument_order(alice, bob, 10, both_hold_one); finished.done(); });
      go::spawn([&] { transfer_in_argument_order(bob, alice, 20, both_hold_one); finished.done(); });
      finished.wait();
    });
    // [end-snippet]
    std::printf("finished without a deadlock?\n");
  } catch (const go::deadlock& stuck) {
    std::printf("go::run threw go::deadlock:\n\n%s", stuck.what());
  }

  account carol{3, {}, 100};
  account dave{4, {}, 100};
  go::run([&] {
    // [snippet: scoped_lock]
    auto transfer = [](account& from, account& to, long amount) {
      std::scoped_lock both{from.mutex, to.mutex};  // takes both, in whatever order works
      from.balance -= amount;
      to.balance += amount;
    };
    // [end-snippet]
    go::spawn([&] { transfer(carol, dave, 10); });
    go::spawn([&] { transfer(dave, carol, 20); });
  }, {.threads = 2});
  std::printf("\nwith std::scoped_lock: carol %ld, dave %ld\n", carol.balance, dave.balance);
}
