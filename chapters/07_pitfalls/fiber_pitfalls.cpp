// fiber_pitfalls.cpp - the C++-on-fibers pitfalls, written out (statements in fiber_pitfalls.hpp).
//
// Every body below compiles, runs, and is wrong in the way its comment says. Run
// `./build/bin/ch07_show <exercise>` to watch it fail, then repair each TODO(exercise).
#include "fiber_pitfalls.hpp"

#include <cstddef>
#include <numeric>

namespace ch07 {

// [snippet: query_all]
std::vector<std::string> query_all(const std::vector<std::string>& queries, const run_query_fn& run_query) {
  // TODO(exercise): a blocking call holds the worker thread. Run it with go::blocking.
  std::vector<std::string> answers(queries.size());
  go::wait_group wg;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    wg.add(1);
    go::spawn([&, i] {
      answers[i] = run_query(queries[i]);  // the worker thread waits here, and its fibers with it
      wg.done();
    });
  }
  wg.wait();
  return answers;
}
// [end-snippet]

// [snippet: price_cache]
int price_cache::price(const std::string& item) {
  // TODO(exercise): std::mutex must not be held across a fiber switch. Use fiber_mutex_.
  std::lock_guard lock{thread_mutex_};  // a second fiber on this worker blocks the thread here
  if (const auto found = prices_.find(item); found != prices_.end()) return found->second;
  const int fetched = fetch_(item);  // switches fibers while the thread mutex is held
  prices_.emplace(item, fetched);
  return fetched;
}
// [end-snippet]

// [snippet: total_in_background]
go::recv_chan<long> total_in_background(const std::vector<int>& values) {
  // TODO(exercise): the fiber outlives this call: it must own a copy of what it reads.
  auto total = go::make_chan<long>(1);
  go::spawn([&values, total] {  // a reference to the caller's vector...
    total.send(std::accumulate(values.begin(), values.end(), 0L));  // ...read after we returned
  });
  return total;
}
// [end-snippet]

}  // namespace ch07
