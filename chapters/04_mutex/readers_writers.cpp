// readers_writers.cpp - Mutex or RWMutex (the guide's Q10): readers that share the lock.
//
//   ./build/bin/ch04_readers_writers
//
// Go:  var rwmu sync.RWMutex
//      rwmu.RLock(); value := sharedData; rwmu.RUnlock()   // multiple readers allowed
//      rwmu.Lock(); sharedData++; rwmu.Unlock()            // only one writer, blocks all readers
//
// Five readers each hold the lock for 20 ms (go::sleep stands in for a slow read). Under a
// go::mutex they take turns: 100 ms. Under a go::rw_mutex's shared lock they read together:
// 20 ms. A writer still gets the lock to itself, and waits for the readers inside.
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

constexpr int readers = 5;

// [snippet: shared_readers]
template <class ReadLock, class Mutex>
std::vector<int> read_concurrently(Mutex& mu, const int& shared_data) {
  std::vector<int> seen(readers);  // reader i writes seen[i] only
  go::wait_group wg;
  wg.add(readers);
  for (int i = 0; i < readers; ++i) {
    go::spawn([&, i] {
      ReadLock lock{mu};  // std::shared_lock: rwmu.RLock(); std::lock_guard: mu.Lock()
      go::sleep(20ms);    // a slow read, holding the lock
      seen[static_cast<std::size_t>(i)] = shared_data;
      wg.done();
    });
  }
  wg.wait();
  return seen;
}
// [end-snippet]

// timed: runs `fn` in a go::run of its own and returns how long it took.
template <class F>
long long timed_ms(F fn) {
  const auto started = go::clock::now();
  go::run(fn);
  return std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - started).count();
}

}  // namespace

int main() {
  int shared_data = 42;
  std::printf("%d readers, each holding the lock for 20 ms:\n", readers);

  go::mutex mu;
  const auto exclusive = timed_ms([&] { read_concurrently<std::lock_guard<go::mutex>>(mu, shared_data); });
  std::printf("  go::mutex     (Lock)  %4lld ms - one reader at a time\n", exclusive);

  go::rw_mutex rwmu;
  const auto shared = timed_ms([&] { read_concurrently<std::shared_lock<go::rw_mutex>>(rwmu, shared_data); });
  std::printf("  go::rw_mutex  (RLock) %4lld ms - all readers at once\n", shared);

  // [snippet: writer_waits]
  go::run([&] {
    go::spawn([&] { read_concurrently<std::shared_lock<go::rw_mutex>>(rwmu, shared_data); });
    go::sleep(5ms);  // the readers are inside now
    const auto asked = go::clock::now();
    {
      std::lock_guard write{rwmu};  // rwmu.Lock(): waits until every reader has left
      ++shared_data;
    }
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - asked);
    std::printf("  a writer arriving 5 ms into the reads waited %lld ms for them\n",
                static_cast<long long>(waited.count()));
  });
  // [end-snippet]
}
