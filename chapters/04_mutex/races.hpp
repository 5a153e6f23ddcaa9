// races.hpp - chapter 04's race exercises: shared state on plain threads, fixed three ways.
//
// Each class or function below is one exercise. Its comment is the statement: what to build, the
// Go it mirrors, and what the tests check. Write the bodies in races.cpp, then run
//
//   ./workbook check 04 counter           # the tests
//   ./workbook check 04 counter --tsan    # the same under ThreadSanitizer, Go's `-race`
//
// These exercises run on std::thread, not fibers: a data race is a thread matter, shown here
// without the toolkit in the way (the tsan build follows fibers too: lib/src/tsan_fibers.hpp).
// Call them from any thread:
//
//   ch04::counter hits;
//   std::vector<std::jthread> threads;
//   for (int i = 0; i < 4; ++i) threads.emplace_back([&hits] { hits.increment(); });
//   threads.clear();                    // joins them all
//   std::cout << hits.value() << '\n';  // 4
//
// Exercises, easiest first: counter, count_with_atomic, count_confined, request_stats.
// The first three stubs hold the guide's racy code, its race window held open with a
// std::this_thread::yield() between the read and the write so that updates are lost on every
// run: fix the race, and the window closes with it.
#pragma once

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

namespace ch04 {

// counter: the guide's Counter (Pattern 8), its increments and reads made safe with a mutex.
//
//   type Counter struct { mu sync.Mutex; value int }
//   func (c *Counter) Increment() { c.mu.Lock(); c.value++; c.mu.Unlock() }
//   func (c *Counter) Value() int { c.mu.Lock(); defer c.mu.Unlock(); return c.value }
//
// On plain threads the mutex is a std::mutex, taken with std::lock_guard: the guard unlocks
// when it goes out of scope, Go's `defer c.mu.Unlock()`. value() locks too: an unlocked read
// while another thread writes is a data race even when the value looks right.
//
// Tests: eight threads that increment 10,000 times each leave exactly 80,000; a thread reading
// value() while others increment never sees the count go down. Under --tsan: no data race.
//
// Thread safety: increment and value may be called from any thread at once.
class counter {
 public:
  counter() = default;
  counter(const counter&) = delete;
  counter& operator=(const counter&) = delete;

  // increment: adds one to the count (Go: c.Increment()).
  void increment();
  // value: the count now (Go: c.Value()).
  [[nodiscard]] int value() const;

 private:
  mutable std::mutex mutex_;  // mutable: value() is const, yet must lock
  int value_ = 0;             // guarded by mutex_
};

// count_with_atomic: the guide's race condition (Q11, and the anti-pattern "Ignoring Race
// Conditions") fixed with an atomic. Starts `workers` std::threads that each add one to a
// shared counter `increments_each` times, joins them, and returns the counter.
//
//   var counter int64
//   for i := 0; i < 1000; i++ {
//       go func() { atomic.AddInt64(&counter, 1) }()
//   }
//
// The racy `counter++` is three steps - read, add, write - and two threads that read the same
// value both write value+1: one update is lost. std::atomic<long> makes the increment one
// indivisible step (fetch_add), with no lock.
//
// Tests: 8 workers x 10,000 increments count exactly 80,000; 100 workers x 100 as well.
// Under --tsan: no data race.
long count_with_atomic(int workers, int increments_each);

// count_confined: the same count fixed by confinement - sharing nothing - instead of by
// synchronising the sharing. Each worker thread counts in a variable that only it touches and,
// when it is done, stores its subtotal in its own slot of a vector (slot w for worker w); after
// joining every thread, the caller adds the subtotals up. No lock and no atomic: join() makes
// each thread's writes visible to the thread that joins it.
//
// This is the guide's ad-hoc confinement (Pattern 7) applied to a counter: "G0 only touches
// results[0], G1 only touches results[1] ... no conflicts!"
//
// Tests: 8 workers x 10,000 increments count exactly 80,000; 100 workers x 100 as well.
// Under --tsan: no data race.
long count_confined(int workers, int increments_each);

// endpoint_stats: what request_stats knows about one endpoint.
struct endpoint_stats {
  int requests = 0;
  int errors = 0;
  friend bool operator==(const endpoint_stats&, const endpoint_stats&) = default;
};

// request_stats: the guide's request counter (Pattern 8, "Real-World Example: Request
// Counter"): requests and errors per endpoint, written by every request handler thread and read
// by a monitoring thread. Reads are frequent, so it takes a reader/writer lock:
//
//   type RequestStats struct { mu sync.RWMutex; requests map[string]int; errors map[string]int }
//   func (rs *RequestStats) IncrementRequest(endpoint string) { rs.mu.Lock(); rs.requests[endpoint]++; rs.mu.Unlock() }
//   func (rs *RequestStats) GetStats(endpoint string) (requests, errors int) {
//       rs.mu.RLock(); defer rs.mu.RUnlock()
//       return rs.requests[endpoint], rs.errors[endpoint]
//   }
//
// On plain threads Go's RWMutex is std::shared_mutex: std::unique_lock to write (Lock),
// std::shared_lock to read (RLock). Two differences from the Go to watch:
// - Reading a Go map with a missing key returns 0 and adds nothing. In C++ map[key] inserts the
//   key: a write, which under a shared lock is a data race. Readers use find().
// - The guide's GetAllStats lists only the endpoints that had requests; an endpoint that only
//   ever had errors is missing. get_all_stats lists every endpoint seen by either increment.
//
// Tests: counts per endpoint; an unknown endpoint reads {0, 0} and is not added by the read;
// get_all_stats includes an endpoint with only errors; eight threads incrementing 2,000 times
// each on four endpoints lose no count while another thread reads. Under --tsan: no data race.
//
// Thread safety: all members may be called from any thread at once.
class request_stats {
 public:
  request_stats() = default;
  request_stats(const request_stats&) = delete;
  request_stats& operator=(const request_stats&) = delete;

  // increment_request: one more request to `endpoint`.
  void increment_request(const std::string& endpoint);
  // increment_error: one more failed request to `endpoint`.
  void increment_error(const std::string& endpoint);
  // get_stats: the counts of `endpoint`; {0, 0} if it has none.
  [[nodiscard]] endpoint_stats get_stats(const std::string& endpoint) const;
  // get_all_stats: a snapshot of every endpoint that has requests or errors.
  [[nodiscard]] std::map<std::string, endpoint_stats> get_all_stats() const;

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, int> requests_;  // guarded by mutex_
  std::map<std::string, int> errors_;    // guarded by mutex_
};

}  // namespace ch04
