// races.cpp - your answers to chapter 04's race exercises (statements in races.hpp).
//
// The first three bodies are the guide's racy code: run `./workbook check 04 counter` to see
// updates lost, `./workbook check 04 counter --tsan` to see ThreadSanitizer name the race, then
// fix each TODO(exercise).
#include "races.hpp"

#include <thread>
#include <vector>

#include <go/go.hpp>

namespace ch04 {

void counter::increment() {
  // TODO(exercise): the guide's c.value++ without the lock. Hold mutex_ (std::lock_guard).
  const int seen = value_;
  std::this_thread::yield();  // the race window: another thread's increment here is lost
  value_ = seen + 1;
}

int counter::value() const {
  // TODO(exercise): an unlocked read races with increment(): lock here too.
  return value_;
}

long count_with_atomic(int workers, int increments_each) {
  // TODO(exercise): the guide's racy counter++. Make the counter a std::atomic<long>.
  long counter = 0;
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&counter, increments_each] {
      for (int i = 0; i < increments_each; ++i) {
        const long seen = counter;
        std::this_thread::yield();  // the race window
        counter = seen + 1;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return counter;
}

long count_confined(int workers, int increments_each) {
  // TODO(exercise): share nothing: each worker counts locally, then writes only its own slot.
  long counter = 0;
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&counter, increments_each] {
      for (int i = 0; i < increments_each; ++i) {
        const long seen = counter;
        std::this_thread::yield();  // the race window
        counter = seen + 1;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return counter;
}

void request_stats::increment_request(const std::string& /*endpoint*/) {
  // TODO(exercise): requests_[endpoint]++ under an exclusive lock (std::unique_lock).
  throw go::not_implemented{"request_stats"};
}

void request_stats::increment_error(const std::string& /*endpoint*/) {
  // TODO(exercise): errors_[endpoint]++ under an exclusive lock.
  throw go::not_implemented{"request_stats"};
}

endpoint_stats request_stats::get_stats(const std::string& /*endpoint*/) const {
  // TODO(exercise): a shared lock (std::shared_lock); find(), never operator[], in a reader.
  throw go::not_implemented{"request_stats"};
}

std::map<std::string, endpoint_stats> request_stats::get_all_stats() const {
  // TODO(exercise): a shared lock; every endpoint of requests_ and of errors_.
  throw go::not_implemented{"request_stats"};
}

}  // namespace ch04
