// races.cpp - reference solutions to chapter 04's race exercises (statements in races.hpp).
#include "races.hpp"

#include <atomic>
#include <cstddef>
#include <numeric>
#include <thread>
#include <vector>

namespace ch04 {

void counter::increment() {
  std::lock_guard lock{mutex_};  // c.mu.Lock(); the guard's destructor is the Unlock
  ++value_;
}

int counter::value() const {
  std::lock_guard lock{mutex_};  // defer c.mu.Unlock()
  return value_;
}

long count_with_atomic(int workers, int increments_each) {
  std::atomic<long> counter{0};
  std::vector<std::jthread> threads;  // a jthread joins in its destructor
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&counter, increments_each] {
      for (int i = 0; i < increments_each; ++i) {
        // Relaxed is enough: the increments need only be indivisible, not ordered with any
        // other memory; join() below orders them all before the load.
        counter.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  threads.clear();  // joins every worker
  return counter.load();
}

long count_confined(int workers, int increments_each) {
  std::vector<long> subtotals(static_cast<std::size_t>(workers));  // slot w belongs to worker w
  std::vector<std::jthread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&subtotals, w, increments_each] {
      long mine = 0;  // confined to this thread: nobody else can even name it
      for (int i = 0; i < increments_each; ++i) ++mine;
      subtotals[static_cast<std::size_t>(w)] = mine;  // the one write to shared memory, own slot
    });
  }
  threads.clear();  // joining makes every subtotal visible here
  return std::accumulate(subtotals.begin(), subtotals.end(), 0L);
}

void request_stats::increment_request(const std::string& endpoint) {
  std::unique_lock lock{mutex_};  // rs.mu.Lock(): exclusive, no reader inside
  ++requests_[endpoint];
}

void request_stats::increment_error(const std::string& endpoint) {
  std::unique_lock lock{mutex_};
  ++errors_[endpoint];
}

namespace {

// count_of: map[key] as Go reads it - 0 when missing, and nothing inserted.
int count_of(const std::map<std::string, int>& counts, const std::string& key) {
  const auto found = counts.find(key);
  return found == counts.end() ? 0 : found->second;
}

}  // namespace

endpoint_stats request_stats::get_stats(const std::string& endpoint) const {
  std::shared_lock lock{mutex_};  // rs.mu.RLock(): readers share it
  return {count_of(requests_, endpoint), count_of(errors_, endpoint)};
}

std::map<std::string, endpoint_stats> request_stats::get_all_stats() const {
  std::shared_lock lock{mutex_};
  std::map<std::string, endpoint_stats> stats;  // our own copy: returned after the unlock
  for (const auto& [endpoint, count] : requests_) stats[endpoint].requests = count;
  for (const auto& [endpoint, count] : errors_) stats[endpoint].errors = count;
  return stats;
}

}  // namespace ch04
