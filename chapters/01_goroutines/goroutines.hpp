// goroutines.hpp - chapter 01's exercises: goroutines become fibers.
//
// Each function below is one exercise. Its comment is the statement: what to build, the Go it
// mirrors, and what the tests check. Write the bodies in goroutines.cpp, then run
//
//   ./workbook check 01                       # every exercise of the chapter
//   ./workbook check 01 process_orders_concurrent
//
// Unless a comment says otherwise, call these functions from inside go::run (from a fiber):
//
//   go::run([] {
//     std::vector<ch01::order> orders{{1, "book"}, {2, "lamp"}};
//     ch01::process_orders_concurrent(orders, [](const ch01::order& o) { ship(o); });
//   });
//
// Exercises, easiest first: process_orders_sequential, process_orders_concurrent, spawn_many,
// finished_before_wait, run_all_and_wait, send_batch_emails, max_parallelism,
// fetch_all_blocking.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace ch01 {

// order: one customer order (the guide's Order).
struct order {
  int id = 0;
  std::string item;
};

// email: one message of a batch (the guide's Email).
struct email {
  std::string to;
  std::string subject;
};

// send_failure: an email that could not be sent, and why (the guide logs these; we return them).
struct send_failure {
  std::string to;
  std::string reason;
  friend bool operator==(const send_failure&, const send_failure&) = default;
};

// process_orders_sequential: calls `process` on each order, one after the other, in the order
// given; returns when the last one is done. The guide's slow version:
//
//   func processOrders(orders []Order) {
//       for _, order := range orders { processOrder(order) }
//   }
//
// Tests: every order is processed once, in the given order, and never two at the same time
// (`process` yields to other fibers mid-way, so an order started early would show).
void process_orders_sequential(std::span<const order> orders, const std::function<void(const order&)>& process);

// process_orders_concurrent: processes each order in its own fiber and returns only when every
// one is done. The guide's fast version: one goroutine per order and a sync.WaitGroup
// (go::spawn and go::wait_group here).
//
// Tests: all the orders are in flight at the same time (each `process` waits until every order
// has started, so one-at-a-time processing deadlocks); every order is processed exactly once,
// also on two worker threads; and every order is done when the function returns.
void process_orders_concurrent(std::span<const order> orders, const std::function<void(const order&)>& process);

// spawn_many: spawns `n` fibers, fiber i calling work(i) for i in [0, n), waits for all of them
// and returns how many ran (counted by the fibers themselves). The guide's "spawn thousands":
//
//   for i := 0; i < 10000; i++ { go func(id int) { doWork(id) }(i) }
//
// Tests: 10,000 fibers are alive at once (each work waits until all have started); each number
// is passed to exactly one fiber; the count is exact when the fibers run on two worker threads.
int spawn_many(int n, const std::function<void(int)>& work);

// finished_before_wait: a predict-the-output exercise. Spawn `n` fibers that each call work()
// and then add one to a shared counter of finished fibers; read the counter right after the
// spawning loop, before waiting; then wait for every fiber (so that none outlives the counter)
// and return the value read before the wait.
//
// Go ends the program when main returns, so a Go main that forgets to wait loses work; go::run
// waits for every fiber, but a fiber that reads results before waiting sees them unfinished.
//
// Tests (on one worker thread): the value read before the wait; no fiber still running when
// the function returns; and your prediction below.
int finished_before_wait(int n, const std::function<void()>& work);

// predicted_finished_before_wait: before running anything, predict what
// finished_before_wait(10, [] {}) returns on one worker thread, and set this constant (in
// goroutines.cpp) to your prediction.
extern const int predicted_finished_before_wait;

// run_all_and_wait: runs every task in its own fiber and returns once all of them have finished.
// The guide waits for its goroutines with time.Sleep(5 * time.Second) ("not recommended - use
// WaitGroup!"): a sleep is a guess, a wait_group knows.
//
// Tests: a task that is held up for a while has finished when the function returns (any
// shorter sleep returns too early); every task runs exactly once; tasks that wait for each
// other (one receives what another sends) both complete, which one-at-a-time running cannot do.
void run_all_and_wait(std::span<const std::function<void()>> tasks);

// send_batch_emails: sends every email in its own fiber and returns the failures once every
// email has been attempted. The guide's batch email example:
//
//   for _, email := range emails {
//       wg.Add(1)
//       go func(e Email) {
//           defer wg.Done()
//           if err := sendEmail(e); err != nil { log.Printf("Failed to send to %s: %v", e.To, err) }
//       }(email)
//   }
//   wg.Wait()
//
// `send_email` reports a failure by throwing a std::exception; return one send_failure per
// failed email ({e.to, what()}), in any order. An exception escaping a fiber ends go::run (a
// panic), so each fiber must catch it. The fibers may run on several threads at once.
//
// Tests: the function returns only when every email has been attempted; a failure carries the
// address and what(); each email is attempted exactly once; every failure is returned, none
// lost, when 2,000 emails fail two at a time on two worker threads (a race on the result vector
// loses entries or crashes the test program).
std::vector<send_failure> send_batch_emails(std::span<const email> emails,
                                            const std::function<void(const email&)>& send_email);

// max_parallelism: the guide's concurrency vs parallelism. Runs `fibers` CPU-bound fibers in a
// go::run of its own with `threads` worker threads (Go's GOMAXPROCS) and returns the largest
// number of them that were ever working at the same instant. Call it outside go::run.
//
// Each fiber counts itself in (an atomic counter of fibers working, and an atomic maximum),
// then works without yielding: it spins on the clock for 1 ms, and goes on spinning until the
// maximum has reached min(threads, fibers) - or until a safety limit of one second - before it
// counts itself out.
//
// Tests: one thread never runs two fibers at once (fibers are not preempted); two threads run
// two at once; the answer never exceeds the number of fibers.
int max_parallelism(unsigned threads, int fibers);

// fetch_all_blocking: fetches every url in its own fiber and returns the pages in the order of
// `urls`. `fetch` is a blocking call (a socket read, std::this_thread::sleep_for): it stalls the
// thread that makes it, so a fiber must hand it to go::blocking, which runs it on a thread pool
// while only the fiber waits.
//
// Tests, on one worker thread: all the fetches are in flight at once (each waits, on a
// std::condition_variable, for the others); other fibers keep running while fetches block; the
// pages come back in input order although the fetches finish in reverse order.
std::vector<std::string> fetch_all_blocking(std::span<const std::string> urls,
                                            const std::function<std::string(const std::string&)>& fetch);

}  // namespace ch01
