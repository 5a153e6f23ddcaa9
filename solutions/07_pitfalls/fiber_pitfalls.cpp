// fiber_pitfalls.cpp - reference repairs of the C++-on-fibers pitfalls (statements in
// fiber_pitfalls.hpp).
#include "fiber_pitfalls.hpp"

#include <cstddef>
#include <numeric>

namespace ch07 {

std::vector<std::string> query_all(const std::vector<std::string>& queries, const run_query_fn& run_query) {
  std::vector<std::string> answers(queries.size());  // slot i belongs to query i's fiber
  go::wait_group wg;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    wg.add(1);
    go::spawn([&, i] {
      // The call runs on go::blocking's thread pool; only this fiber waits for it.
      answers[i] = go::blocking([&] { return run_query(queries[i]); });
      wg.done();
    });
  }
  wg.wait();  // queries, answers and run_query outlive every fiber that uses them
  return answers;
}

int price_cache::price(const std::string& item) {
  // go::mutex suspends a fiber that waits for it, not its thread, and may be unlocked on
  // whichever worker the holder resumes on. Holding it across the fetch also means that fibers
  // asking for the same item at once fetch it once.
  std::lock_guard lock{fiber_mutex_};
  if (const auto found = prices_.find(item); found != prices_.end()) return found->second;
  const int fetched = fetch_(item);
  prices_.emplace(item, fetched);
  return fetched;
}

go::recv_chan<long> total_in_background(const std::vector<int>& values) {
  auto total = go::make_chan<long>(1);
  go::spawn([values, total] {  // a copy, made now: the fiber owns what it reads
    total.send(std::accumulate(values.begin(), values.end(), 0L));
  });
  return total;
}

}  // namespace ch07
