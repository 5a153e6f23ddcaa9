// fiber_pitfalls.hpp - the pitfalls of C++ on fibers that Go does not have, as broken programs.
//
// Go's runtime preempts goroutines, parks a goroutine stuck in a system call on a thread of its
// own, and its garbage collector keeps alive whatever a goroutine still refers to. Fibers do none
// of that: a blocking call stalls the worker thread, a thread mutex cannot tell fibers apart, and
// a reference outlives its object. Each stub in fiber_pitfalls.cpp is one of those mistakes:
//
//   ./build/bin/ch07_show query_all     # what the broken version does
//   ./workbook check 07 query_all       # the tests
//
//   go::run([] {
//     auto rows = ch07::query_all({"SELECT 1", "SELECT 2"}, run_query);   // queries at once
//     ch07::price_cache prices{fetch_price};                              // shared by fibers
//     auto total = ch07::total_in_background({1, 2, 3});                  // 6, later
//   });
//
// Exercises: query_all (a blocking call), price_cache (a std::mutex held across a fiber
// switch), total_in_background (a reference captured into a fiber that outlives its object).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <go/go.hpp>

namespace ch07 {

// run_query_fn: a database driver's query call - it blocks the calling *thread* until the
// answer arrives.
using run_query_fn = std::function<std::string(const std::string& sql)>;

// query_all: runs every query at the same time, each from a fiber of its own, and returns the
// answers in the order of `queries`.
//
// Go parks a goroutine that enters a blocking system call and lets its thread run the others.
// A fiber cannot be parked that way: a blocking call made in a fiber holds its worker thread,
// and every fiber queued on that worker waits with it. The stub calls run_query in each fiber:
// on one worker thread the queries run one after another, and nothing else runs meanwhile.
// Hand each call to go::blocking, which runs it on a thread pool while only the calling fiber
// waits.
//
// Tests (on one worker thread): three queries that each wait until all three have started all
// finish - they ran at the same time; while a query blocks, another fiber of the run still
// runs; the answers come back in query order.
std::vector<std::string> query_all(const std::vector<std::string>& queries, const run_query_fn& run_query);

// fetch_price_fn: asks a pricing service for an item's price; it waits on the toolkit (a
// channel, go::sleep), so the calling fiber is switched out meanwhile.
using fetch_price_fn = std::function<int(const std::string& item)>;

// price_cache: an item's price, fetched the first time it is asked for and cached.
//
// std::mutex belongs to threads: it blocks the *thread* that waits for it, and it is held by a
// thread, not by a fiber. The stub holds one across the fetch, which switches fibers: another
// fiber on the same worker that asks for a price then blocks the worker thread in lock() - and
// the fiber holding the lock can never run again on it to unlock. Both are stuck for ever, and
// no toolkit report can say so: the toolkit cannot see into a std::mutex. (Resumed on another
// worker instead, the holder would unlock a mutex it does not hold: undefined behaviour.)
// Hold go::mutex across a fiber switch - it suspends only the waiting fiber - or release the
// std::mutex before anything that may switch.
//
// Tests (in a child process that is killed if it hangs): two fibers on one worker thread ask
// for two prices at once and both get them; an item is fetched once, however many fibers ask.
//
// Thread safety: price may be called from any fiber at once.
class price_cache {
 public:
  explicit price_cache(fetch_price_fn fetch) : fetch_{std::move(fetch)} {}
  price_cache(const price_cache&) = delete;
  price_cache& operator=(const price_cache&) = delete;

  // price: the item's price, fetched on the first call for that item.
  int price(const std::string& item);

 private:
  fetch_price_fn fetch_;
  std::mutex thread_mutex_;            // for threads: wrong across a fiber switch (see above)
  go::mutex fiber_mutex_;              // for fibers
  std::map<std::string, int> prices_;  // guarded by the mutex that price() holds
};

// total_in_background: returns a channel that receives the sum of `values`, computed by a
// fiber that runs after this call has returned.
//
// A Go closure that refers to a variable keeps the variable alive as long as the goroutine
// needs it. A C++ lambda that captures by reference keeps nothing alive: the stub's fiber
// captures `values` by reference and reads it after total_in_background has returned - by then
// the caller may have changed the vector, or destroyed it (a use after free: the asan preset
// reports it). A fiber that outlives the call must own what it uses: capture a copy.
//
// Tests (on one worker thread): the total is that of the values at the call, though the caller
// changes them right after. In the asan build also: the caller destroys them right after, and
// AddressSanitizer must have nothing to report.
go::recv_chan<long> total_in_background(const std::vector<int>& values);

}  // namespace ch07
