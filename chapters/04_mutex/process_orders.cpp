// process_orders.cpp - the guide's ad-hoc confinement: goroutine i writes results[i] only.
//
//   ./build/bin/ch04_process_orders
//
// Go:  results := make([]Result, len(orders))
//      for i, order := range orders {
//          wg.Add(1)
//          go func(index int, o Order) {
//              defer wg.Done()
//              results[index] = processOrder(o)   // exclusive access to results[index]
//          }(i, order)
//      }
//      wg.Wait()
//
// Five fibers on two worker threads write into one vector at the same time, with no lock: each
// owns one element, and the vector itself is never resized while they run. The wait_group's
// wait() makes all their writes visible to the fiber that reads the results.
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

struct order {
  int id = 0;
  std::string item;
};

struct result {
  int order_id = 0;
  std::string status;
  unsigned worker_thread = 0;  // which worker thread processed it
};

// process_order: a short wait, as for a payment service, then a result.
result process_order(const order& o) {
  go::sleep(std::chrono::milliseconds{10 * (5 - o.id)});  // later orders finish first
  return {o.id, "shipped " + o.item, go::worker_index()};
}

// [snippet: process_orders]
std::vector<result> process_orders(const std::vector<order>& orders) {
  std::vector<result> results(orders.size());  // sized before any fiber starts
  go::wait_group wg;
  for (std::size_t index = 0; index < orders.size(); ++index) {
    wg.add(1);
    go::spawn([&, index] {  // index by value: each fiber keeps its own
      results[index] = process_order(orders[index]);  // only this fiber touches results[index]
      wg.done();
    });
  }
  wg.wait();  // every write to results happens before this returns
  return results;
}
// [end-snippet]

}  // namespace

int main() {
  const std::vector<order> orders{{1, "book"}, {2, "lamp"}, {3, "desk"}, {4, "pen"}, {5, "mug"}};
  const auto results = go::run([&] { return process_orders(orders); }, {.threads = 2});
  std::printf("orders finish last-first, yet each result sits at its order's index:\n");
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::printf("  results[%zu] = order %d, %-12s (worker thread %u)\n", i, results[i].order_id,
                results[i].status.c_str(), results[i].worker_thread);
  }
}
