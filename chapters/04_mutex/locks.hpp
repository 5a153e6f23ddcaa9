// locks.hpp - chapter 04's fiber exercises: a reader/writer cache, a cancel-once signal and a
// bank transfer that cannot deadlock.
//
// Each class or function below is one exercise. Its comment is the statement: what to build, the
// Go it mirrors, and what the tests check. Write the bodies in locks.cpp, then run
//
//   ./workbook check 04 cache
//
// These run in fibers, so they lock go::mutex and go::rw_mutex: a fiber that waits for one
// sleeps and lets the other fibers of its thread run, where a std::mutex would stall the whole
// worker thread. Call them from inside go::run:
//
//   go::run([] {
//     ch04::cache users;
//     go::spawn([&users] { users.set("42", "Ada"); });
//     go::spawn([&users] { if (auto name = users.get("42")) std::cout << *name << '\n'; });
//   });
//
// Exercises, easiest first: cache, cancel_signal, transfer.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <go/go.hpp>

namespace ch04 {

// cache_access: which kind of lock a cache operation holds.
enum class cache_access { read, write };

// cache_probe: called by the cache while it holds its lock; it may block.
using cache_probe = std::function<void(cache_access)>;

// cache: the guide's Cache (Pattern 8, "RWMutex (Multiple Readers, Single Writer)"): a map
// that many fibers read at once, while a write has it to itself.
//
//   type Cache struct { mu sync.RWMutex; data map[string]string }
//   func (c *Cache) Get(key string) (string, bool) {
//       c.mu.RLock()            // Read lock (multiple readers allowed)
//       defer c.mu.RUnlock()
//       value, ok := c.data[key]
//       return value, ok
//   }
//   func (c *Cache) Set(key, value string) { c.mu.Lock(); defer c.mu.Unlock(); c.data[key] = value }
//
// Go's RLock/RUnlock is std::shared_lock on the go::rw_mutex, Lock/Unlock std::unique_lock or
// std::lock_guard. get returns the value, or an empty optional for a missing key (Go's
// `value, ok`); like Go's map read it must not insert the key.
//
// The probe: get calls inside_lock(cache_access::read), and set calls
// inside_lock(cache_access::write), while holding the lock - after the lookup or the store.
// It stands in for a slow lookup, and lets the tests see who is inside the lock at once. An
// empty probe is not called.
//
// Tests: get returns what set stored and nothing for a missing key; three readers are inside
// the lock at the same time (each waits in the probe for the other two - an exclusive lock
// deadlocks); a writer waits while a reader is inside, and readers and a second writer wait
// while a writer is inside; 8 fibers on two threads setting and getting 200 keys each lose
// nothing.
//
// Thread safety: get and set may be called from any fiber at once.
class cache {
 public:
  explicit cache(cache_probe inside_lock = {}) : inside_lock_{std::move(inside_lock)} {}
  cache(const cache&) = delete;
  cache& operator=(const cache&) = delete;

  // get: the value stored under `key`, or empty (Go: value, ok := c.Get(key)).
  [[nodiscard]] std::optional<std::string> get(const std::string& key) const;
  // set: stores `value` under `key`, replacing any value there (Go: c.Set(key, value)).
  void set(const std::string& key, std::string value);

 private:
  mutable go::rw_mutex mutex_;
  std::map<std::string, std::string> data_;  // guarded by mutex_
  const cache_probe inside_lock_;
};

// cancel_signal: a done channel that several fibers may close, remembering why - the first
// reason wins (Go 1.20's context.WithCancelCause). The guide's anti-pattern "Closing Channels
// Multiple Times" and its fix:
//
//   close(ch)
//   close(ch) // panic: close of closed channel
//
//   var closeOnce sync.Once
//   closeOnce.Do(func() { close(ch) })
//
// cancel(reason) stores the reason and closes done(), both inside one go::once call: the first
// caller does it, callers at the same moment wait until it is done, later callers return at
// once. A second close would throw go::channel_closed (Go panics); a second store would replace
// the first reason.
//
// Tests: done() stays open until cancel, then is closed (a receive returns empty at once);
// reason() is the first caller's reason, also after a second cancel, which must not throw; 100
// fibers on two threads cancel at once without an exception; every fiber waiting on done()
// wakes, none is left blocked.
//
// Thread safety: cancel and done may be called from any fiber or thread at once; reason once
// done() is closed.
class cancel_signal {
 public:
  cancel_signal() = default;
  cancel_signal(const cancel_signal&) = delete;
  cancel_signal& operator=(const cancel_signal&) = delete;

  // cancel: the first call stores `reason` and closes done(); later calls do nothing.
  void cancel(const std::string& reason);
  // done: the channel closed by the first cancel (Go: ctx.Done()). Receive-only.
  [[nodiscard]] go::recv_chan<go::empty> done() const;
  // reason: the first cancel's reason (Go: context.Cause(ctx)). Call it once done() is closed:
  // the close is what makes the stored reason visible to the receiver.
  [[nodiscard]] std::string reason() const;

 private:
  go::chan<go::empty> done_ = go::make_chan<go::empty>();
  go::once cancel_once_;
  std::string reason_;  // written once, inside cancel_once_, before done_ is closed
};

// account: a bank account. Its mutex guards its balance.
struct account {
  account(int account_id, long opening_balance) : id{account_id}, balance{opening_balance} {}
  account(const account&) = delete;
  account& operator=(const account&) = delete;

  const int id;  // unique per account: gives every pair of accounts one lock order
  go::mutex mutex;
  long balance;  // guarded by mutex
};

// transfer: moves `amount` from `from` to `to` if `from` holds at least that much, and returns
// whether it did. `from` and `to` are different accounts; amount is positive.
//
// A transfer must hold both accounts' locks at once - check, debit and credit as one step - or
// money can be spent twice. Two fibers that lock in argument order deadlock: transfer(a, b)
// holds a and waits for b while transfer(b, a) holds b and waits for a. Go's runtime would stop
// with "fatal error: all goroutines are asleep - deadlock!"; go::run throws go::deadlock,
// listing both fibers waiting on "mutex.lock". Either lock the two in one global order (the
// lower id first) whatever the direction, or let std::scoped_lock take both: it locks one and
// tries the other, backing off instead of waiting while holding.
//
// Tests: the amount moves; an overdraft is refused and changes nothing; with a third fiber
// holding account b's lock, transfer(b, a) and transfer(a, b) both finish (in argument order
// they deadlock - the test shows that too); two transfers that would both overdraw wait for
// the lock before checking, so one is refused; 8 fibers on two threads making 2,000 random
// transfers between 4 accounts neither create nor destroy money nor overdraw.
bool transfer(account& from, account& to, long amount);

}  // namespace ch04
