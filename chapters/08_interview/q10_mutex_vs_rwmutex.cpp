// q10_mutex_vs_rwmutex.cpp - Q10: a mutex admits one fiber; a rw_mutex admits many readers or
// one writer.
//
// Go: mu.Lock(); ...; mu.Unlock()        rwmu.RLock(); ...; rwmu.RUnlock()
// go::: std::lock_guard lock{mu};        std::shared_lock read{rw};
// Use rw_mutex when reads far outnumber writes and take long enough for sharing to pay: a
// rw_mutex costs more per lock than a mutex.
#include <algorithm>
#include <cstdio>
#include <mutex>
#include <shared_mutex>

#include "interview.hpp"

namespace ch08 {

namespace {

// reading: a read that takes a while - it yields inside the lock, so others can try to enter.
void reading(int& inside, int& peak) {
  peak = std::max(peak, ++inside);  // one worker thread: plain ints, no data race
  for (int i = 0; i < 10; ++i) go::yield();
  --inside;
}

}  // namespace

// [snippet: readers]
int peak_readers(bool shared_lock, int readers) {
  int inside = 0;
  int peak = 0;
  go::run([&] {
    go::mutex mu;
    go::rw_mutex rw;
    go::wait_group wg;
    wg.add(readers);
    for (int i = 0; i < readers; ++i) {
      go::spawn([&] {
        if (shared_lock) {
          std::shared_lock read{rw};  // Go: rwmu.RLock(); defer rwmu.RUnlock()
          reading(inside, peak);
        } else {
          std::lock_guard lock{mu};  // Go: mu.Lock(); defer mu.Unlock()
          reading(inside, peak);
        }
        wg.done();
      });
    }
    wg.wait();
  });
  return peak;
}
// [end-snippet]

int readers_seen_by_writer(int readers) {
  int inside = 0;
  int peak = 0;
  int seen_by_writer = 0;
  go::run([&] {
    go::rw_mutex rw;
    go::wait_group wg;
    auto spawn_readers = [&] {
      wg.add(readers);
      for (int i = 0; i < readers; ++i) {
        go::spawn([&] {
          std::shared_lock read{rw};
          reading(inside, peak);
          wg.done();
        });
      }
    };
    spawn_readers();  // they get in first
    wg.add(1);
    go::spawn([&] {
      std::lock_guard write{rw};  // waits until the readers inside have left
      for (int i = 0; i < 10; ++i) {
        seen_by_writer = std::max(seen_by_writer, inside);
        go::yield();  // the second wave of readers tries to get in meanwhile
      }
      wg.done();
    });
    spawn_readers();  // arrive while the writer waits or writes: they wait for it
    wg.wait();
  });
  return seen_by_writer;
}

void show_q10() {
  std::printf("  5 readers under a rw_mutex (shared_lock): %d inside at once\n", peak_readers(true, 5));
  std::printf("  5 readers under a mutex:                  %d inside at once\n", peak_readers(false, 5));
  std::printf("  readers inside while the writer held the rw_mutex: %d\n", readers_seen_by_writer(5));
}

}  // namespace ch08
