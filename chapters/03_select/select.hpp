// select.hpp - chapter 03's exercises: select - timeouts, non-blocking operations, priorities,
// for-select loops, heartbeats, hedged requests, and a select of your own.
//
// Each function below is one exercise. Its comment is the statement: what to build, the Go it
// mirrors, and what the tests check. Write the bodies in select.cpp, then run
//
//   ./workbook check 03                       # every exercise of the chapter
//   ./workbook check 03 receive_within
//
// Call these from inside go::run (from a fiber):
//
//   go::run([] {
//     auto results = go::make_chan<std::string>(1);
//     std::string result;
//     if (ch03::receive_within(results, 100ms, result) == ch03::op_status::timeout) {
//       std::puts("Operation timed out!");
//     }
//   });
//
// Exercises, easiest first: receive_within, try_receive, publish_latest, receive_prioritized,
// collect_metrics, monitor, work_with_heartbeat, hedged_request, select2.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/mutex.hpp>

#include <go/go.hpp>

namespace ch03 {

// op_status: how a channel operation ended, where failure is normal. Boost.Fiber's
// channel_op_status (success, empty, full, closed, timeout) without `full`, which no exercise
// needs, and with `canceled`, which a context adds.
enum class op_status {
  success,   // a value was received
  empty,     // nothing was ready (non-blocking operations only)
  closed,    // the channel is closed and drained: no value will ever come
  timeout,   // the time ran out first (or the context's deadline passed)
  canceled,  // the context was cancelled first
};

// operator<<: the enumerator's name, for test failures and printf debugging.
inline std::ostream& operator<<(std::ostream& out, op_status status) {
  constexpr const char* names[] = {"success", "empty", "closed", "timeout", "canceled"};
  return out << "op_status::" << names[static_cast<int>(status)];
}

// ---------------------------------------------------------------------------------------------
// receive_within (basic) - the guide's Timeout Pattern and Context Cancellation, interview Q8

// receive_within: receives one value from `in` into `out`, waiting at most `timeout`. Returns
// success (out holds the value), closed (`in` is closed and drained) or timeout. On anything but
// success, `out` is left untouched. Q8's method 1:
//
//   select {
//   case result := <-ch:
//       fmt.Println("Got result:", result)
//   case <-time.After(5 * time.Second):
//       fmt.Println("Operation timed out")
//   }
//
// The overload below is method 2: it gives up when `ctx` is done instead - timeout when its
// deadline passed (ctx.err() == go::context_error::deadline_exceeded), canceled when it was
// cancelled:
//
//   select {
//   case result := <-ch:
//       fmt.Println("Got result:", result)
//   case <-ctx.Done():
//       fmt.Println("Timeout:", ctx.Err())
//   }
//
// Either way the value stays in the channel unless you return it: receive in the select itself,
// never in a helper fiber that would go on receiving after you have given up.
//
// Tests: a value already there, or sent later, is returned; a channel nobody sends on times out
// (10 ms); a closed channel says closed, but a closed one that still holds a value hands it out
// first; after a timeout the next value sent is still there for the next receiver (none lost);
// the context version: canceled, deadline passed, a background context that never ends.
[[nodiscard]] op_status receive_within(go::recv_chan<std::string> in, go::clock::duration timeout, std::string& out);
[[nodiscard]] op_status receive_within(const go::context& ctx, go::recv_chan<std::string> in, std::string& out);

// ---------------------------------------------------------------------------------------------
// try_receive (basic) - the guide's Non-blocking Receive

// try_receive: takes a value from `in` if one is ready right now, without ever blocking.
// Returns success (out holds it), empty (none is ready: `out` untouched) or closed (closed and
// drained: `out` untouched).
//
//   select {
//   case msg := <-ch:
//       fmt.Println("Received:", msg)
//   default:
//       fmt.Println("No message available")
//   }
//
// The toolkit's own in.try_recv() returns an empty optional both for "nothing yet" and for
// "closed": two situations, one answer. A select with go::otherwise tells them apart - a recv
// handler that takes std::optional<std::string> is called with an empty one when the channel is
// closed, and the default runs when nothing is ready.
//
// Tests: a buffered value, or one a blocked sender offers on an unbuffered channel, is taken;
// an open empty channel is empty, at once (no deadlock with nobody sending); closed and drained
// is closed, not empty; a closed channel still holding a value hands it out; one value per call.
[[nodiscard]] op_status try_receive(go::recv_chan<std::string> in, std::string& out);

// ---------------------------------------------------------------------------------------------
// publish_latest (basic) - the guide's Non-blocking Send, used for "latest value wins"

// publish_latest: puts `value` into `box` without ever blocking. If the buffer is full, the
// oldest value is dropped to make room, so readers always find the newest values (a progress
// bar, the latest sensor reading, a config that is reloaded). The guide's non-blocking send:
//
//   select {
//   case ch <- value:
//       fmt.Println("Sent successfully")
//   default:
//       fmt.Println("Channel full, cannot send")
//   }
//
// ... and when it cannot send: drop the oldest with a non-blocking receive, and try again - in a
// loop, since another fiber may fill the freed place first. `box` needs a buffer (capacity at
// least 1): throw std::invalid_argument for an unbuffered one, where dropping never frees a
// place and the loop would spin. A closed box throws go::channel_closed (Go panics).
//
// Tests: with room, the value is added; full, the oldest is replaced (not the new value
// dropped), also with capacity 3 (1..10 published leaves 8 9 10); it never blocks, not even with
// four publishers on two threads and no reader; a waiting reader gets the value; unbuffered and
// closed boxes throw.
void publish_latest(const go::chan<std::string>& box, std::string value);

// ---------------------------------------------------------------------------------------------
// receive_prioritized (intermediate) - select chooses at random; a priority needs two selects

// message: a value, and whether it came from the urgent channel.
struct message {
  std::string text;
  bool urgent = false;
  friend bool operator==(const message&, const message&) = default;
};

// receive_prioritized: receives one message from `urgent` or `normal`, blocking until either has
// one. Whenever an urgent message is ready, it is the one returned - a normal message is taken
// only while no urgent one is waiting.
//
// One select over both does not do it: "if multiple cases are ready, select chooses one at
// random", so with both ready it takes a normal message half the time. Go's answer is two
// selects - first the urgent channel alone, with a default; only if nothing is there, both:
//
//   select {
//   case m := <-urgent: return m, true
//   default:
//   }
//   select {
//   case m := <-urgent: return m, true
//   case m := <-normal: return m, false
//   }
//
// Precondition: neither channel is closed (a closed channel is always ready; `monitor` below is
// about closing).
//
// Tests: 20 urgent and 20 normal messages waiting come out urgent first, each channel in order
// (a single select interleaves them at random); a normal message is returned at once when no
// urgent one is waiting; a call with nothing ready waits, for an urgent or a normal message
// (without spinning: a busy loop never lets the sender run).
[[nodiscard]] message receive_prioritized(go::recv_chan<std::string> urgent, go::recv_chan<std::string> normal);

// ---------------------------------------------------------------------------------------------
// collect_metrics (intermediate) - the guide's Pattern 3, for-select loop: metrics collection

// metrics: one sample (the guide's Metrics struct).
struct metrics {
  double cpu = 0;
  double memory = 0;
  double disk_io = 0;
  go::clock::time_point time;  // when the sample was taken
};

// system_probe: where samples come from (the guide's getCPUUsage, getMemoryUsage, getDiskIO).
struct system_probe {
  std::function<double()> cpu_usage;
  std::function<double()> memory_usage;
  std::function<double()> disk_io;
};

// monitoring_sink: sendToMonitoring; fails by throwing. log_sink: log.Println / log.Printf.
using monitoring_sink = std::function<void(const metrics&)>;
using log_sink = std::function<void(const std::string&)>;

// collect_metrics: every `period`, takes one sample (each probe called once, time = now) and
// sends it; returns when `done` is closed. The guide's version (period = 1 minute):
//
//   func collectMetrics(done <-chan struct{}) {
//       ticker := time.NewTicker(1 * time.Minute)
//       defer ticker.Stop()
//       for {
//           select {
//           case <-done:
//               log.Println("Stopping metrics collection")
//               return
//           case <-ticker.C:
//               metrics := Metrics{CPU: getCPUUsage(), Memory: getMemoryUsage(),
//                                  DiskIO: getDiskIO(), Time: time.Now()}
//               if err := sendToMonitoring(metrics); err != nil {
//                   log.Printf("Failed to send metrics: %v", err)
//               }
//           }
//       }
//   }
//
// A send that fails is logged as "Failed to send metrics: " followed by the exception's what(),
// and collection goes on; an exception escaping the loop would end the whole run (a panic).
// When done is closed, log exactly "Stopping metrics collection" and return. go::ticker's
// destructor stops it: that is the `defer ticker.Stop()`.
//
// Tests: one sample per tick, each probe called once per sample, times in order (1 ms period);
// no sample before the first tick (1 h period); it returns as soon as done is closed, even
// mid-period (a go::sleep(period) loop does not); a failed send is logged and the next tick is
// still sent; "Stopping metrics collection" is the last log line.
void collect_metrics(go::recv_chan<go::empty> done, go::clock::duration period, const system_probe& probe,
                     const monitoring_sink& send, const log_sink& log);

// ---------------------------------------------------------------------------------------------
// monitor (intermediate) - the guide's Multiple Channel Monitoring

// monitor_handlers: what monitor does with each kind of event.
struct monitor_handlers {
  std::function<void(const std::string&)> process_data;  // processData(d)
  std::function<void(const std::string&)> handle_error;  // handleError(err)
  std::function<void()> cleanup;                         // cleanup(), once, before returning
};

// stop_reason: why monitor returned.
enum class stop_reason { done, inputs_closed };

// monitor: handles every message from `data` and `errors` as it arrives, until `done` is closed
// or until `data` and `errors` are both closed and drained; then calls cleanup() once and says
// why it stopped. The guide's version stops only on done:
//
//   func monitor(data, errors, done <-chan Message) {
//       for {
//           select {
//           case d := <-data:     processData(d)
//           case err := <-errors: handleError(err)
//           case <-done:          cleanup(); return
//           }
//       }
//   }
//
// In Go, once `data` is closed, `d := <-data` succeeds at once, every time, with a zero value:
// the loop spins, calling processData("") for ever. A closed channel is always ready. Switch its
// case off instead: a case on a nil channel is never ready, so set your copy of the closed
// channel to nil (go::recv_chan<std::string>{}) and go on with the other one. On fibers the spin
// is worse than in Go: nothing preempts it, so no other fiber on its thread ever runs again.
//
// Tests: data and errors go to their handlers in the order sent; done stops it, with one
// cleanup; after data is closed, errors are still handled (returning at the first close loses
// them), and the reverse; with both closed it returns inputs_closed once they are drained - a
// spinning monitor is caught: after 2 s a watchdog thread closes done to end the spin, and the
// test fails saying so; handlers are never called for messages nobody sent.
[[nodiscard]] stop_reason monitor(go::recv_chan<std::string> data, go::recv_chan<std::string> errors,
                                  go::recv_chan<go::empty> done, const monitor_handlers& handlers);

// ---------------------------------------------------------------------------------------------
// work_with_heartbeat (advanced) - a worker that says "I am alive" while it works

// worker_channels: what work_with_heartbeat hands its caller.
struct worker_channels {
  go::recv_chan<go::empty> heartbeat;  // a pulse every interval, dropped when nobody listens
  go::recv_chan<int> results;          // work(job) for each job, in order
};

// work_with_heartbeat: starts a fiber that takes jobs from `jobs`, sends work(job) on `results`,
// and sends a pulse on `heartbeat` every `pulse_interval` meanwhile - while it waits for a job
// and while it waits for its result to be taken - so that a supervisor can tell a worker that is
// waiting from one that is stuck (see README.md, "Heartbeats"). Returns at once. The fiber stops
// when `done` is closed or `jobs` is closed and drained, and then closes both channels. From
// "Concurrency in Go" (Cox-Buday), chapter 5:
//
//   sendPulse := func() {
//       select {
//       case heartbeat <- struct{}{}:
//       default:                        // nobody is listening: never wait for them
//       }
//   }
//   sendResult := func(r int) {
//       for {
//           select {
//           case <-done:      return
//           case <-pulse:     sendPulse()
//           case results <- r: return
//           }
//       }
//   }
//   for {
//       select {
//       case <-done:   return
//       case <-pulse:  sendPulse()
//       case j, ok := <-jobs: if !ok { return }; sendResult(work(j))
//       }
//   }
//
// The pulse is a non-blocking send: a worker that waits for its listener is stuck exactly when
// nobody listens. Use one go::ticker for the pulse. work(job) runs in the worker's fiber: no
// pulse is sent while it runs (fibers are cooperative), so keep a job short.
//
// Tests: every result in order, then both channels closed (1 h interval: no pulse); pulses while
// no job comes, and while nobody takes a result (1 ms interval); jobs are done although nobody
// listens for pulses; closing done stops the worker - also while its result waits - and closes
// both channels, leaving no fiber behind; a worker spinning on the closed jobs channel is caught
// by a 2 s watchdog.
[[nodiscard]] worker_channels work_with_heartbeat(go::recv_chan<go::empty> done, go::recv_chan<int> jobs,
                                                  go::clock::duration pulse_interval, std::function<int(int)> work);

// ---------------------------------------------------------------------------------------------
// hedged_request (advanced) - first response wins, across replicas

// replica: one copy of a service. Answers a query, fails by throwing, and should give up (by
// throwing) when ctx is done.
using replica = std::function<std::string(const go::context& ctx, const std::string& query)>;

// hedged_request: asks replicas[0]; whenever `hedge_after` passes without an answer, asks the
// next replica too ("hedges"), until all have been asked; returns the first answer to arrive.
// A replica that fails makes it ask the next one at once, without waiting for the hedge delay;
// each ask starts a new delay. If every replica fails, the first failure is rethrown; if `ctx`
// is done first, throws std::system_error{ctx.err()}; no replicas: std::invalid_argument.
//
// This is "The Tail at Scale" (Dean and Barroso): most requests are answered by one replica,
// and a slow one no longer makes the whole request slow. Asking every replica at once (the
// classic "first response wins", chapter 02's first_reply) multiplies the load; hedging costs
// one extra request only for the slowest few percent. The loop is a for-select over the replies,
// the hedge timer and ctx.done():
//
//   for {
//       select {
//       case r := <-replies:  if r.err == nil { return r.answer, nil }; ask the next one
//       case <-hedge.C:       ask the next one; restart the timer
//       case <-ctx.Done():    return "", ctx.Err()
//       }
//   }
//
// Once every replica has been asked, the timer's case must never fire again: a nil channel
// switches it off. Like chapter 05's first_response, ask through a child context that you cancel
// when you return (the losers stop), and give replies a buffer with room for every replica (a
// loser that answers late, ignoring its context, must not block for ever).
//
// Tests: a primary that answers in time is the only replica asked; a silent primary is hedged
// after the delay and the backup's answer wins; a failure hedges at once (1 h delay); all failing
// rethrows the first failure; each replica is asked once, also when all stay silent; the
// caller's deadline and cancellation end it; losers see their context cancelled and none is
// left blocked, including one that answers late.
[[nodiscard]] std::string hedged_request(const go::context& ctx, const std::string& query,
                                         std::span<const replica> replicas, go::clock::duration hedge_after);

// ---------------------------------------------------------------------------------------------
// select2 (advanced) - your own select, on a fiber mutex and a condition variable
//
// go::select works because the toolkit's channels let a select put a waiter into each of their
// queues (lib/include/go/detail/select_core.hpp). Here you build a select from the outside, on
// channels made of nothing but a boost::fibers::mutex, a condition_variable and a deque - and
// see why Go builds select into the channels (README.md, "Build your own select").
//
// A condition variable can wait for one thing only, and a select must wait for two channels at
// once. So each select brings its own waker - a flag and a condition variable - and subscribes it
// to both channels; every send and every close notifies each subscribed waker. cv_chan, waker
// and subscription are given: read them, then write select2.

// waker: how one select2 call sleeps until one of its channels changes: a flag guarded by a fiber
// mutex, and a condition variable to wait for the flag.
//
// Thread safety: notify() may be called from any fiber or thread. Lock order: a cv_chan's mutex
// before a waker's - so never call a cv_chan while holding a waker's mutex.
struct waker {
  boost::fibers::mutex mutex;
  boost::fibers::condition_variable changed;
  bool notified = false;  // guarded by mutex

  // notify: sets the flag and wakes the fiber waiting for it, if any. Notifying under the lock
  // keeps `changed` alive until notify_one has returned: once the flag is set, the waiting
  // select may return and destroy this waker.
  void notify() {
    std::lock_guard lock{mutex};
    notified = true;
    changed.notify_one();
  }
};

// cv_chan: a buffered channel of int, made of a fiber mutex, a condition variable and a deque.
// Go: make(chan int, capacity) - without select support, except through subscribed wakers.
//
// - send(v) blocks while the buffer is full; try_recv never blocks. There is no blocking
//   receive: select2 is the only way to wait for a value.
// - close() makes later sends throw go::channel_closed; receivers drain the buffer, then see
//   `closed`.
// - Every send and close notifies every subscribed waker, while holding the channel's mutex. So
//   once a waker is unsubscribed, no notify() of this channel can still be running on it.
// - Wakers are subscribed through a `subscription` (below), never by hand: a waker lives on its
//   select2's stack, and one left subscribed after select2 returns would be notified after it is
//   gone - undefined behaviour, typically a hang or a crash far from the bug.
//
// Thread safety: all members may be called from any fiber, on any worker thread, at once.
class cv_chan {
 public:
  // cv_chan: a channel with room for `capacity` values (at least 1).
  explicit cv_chan(std::size_t capacity) : capacity_{capacity} {
    if (capacity == 0) throw std::invalid_argument{"cv_chan needs a capacity of at least 1"};
  }
  cv_chan(const cv_chan&) = delete;
  cv_chan& operator=(const cv_chan&) = delete;

  // send: adds `value`, waiting while the buffer is full. Throws go::channel_closed if closed.
  void send(int value) {
    std::unique_lock lock{mutex_};
    not_full_.wait(lock, [&] { return closed_ || buffer_.size() < capacity_; });
    if (closed_) throw go::channel_closed{"send on closed channel"};
    buffer_.push_back(value);
    notify_subscribers_locked();
  }

  // try_recv: success (the oldest value moved to `out`), empty (open, nothing buffered) or
  // closed (closed and drained). Never blocks.
  [[nodiscard]] op_status try_recv(int& out) {
    std::lock_guard lock{mutex_};
    ++polls_;
    if (buffer_.empty()) return closed_ ? op_status::closed : op_status::empty;
    out = buffer_.front();
    buffer_.pop_front();
    not_full_.notify_one();
    return op_status::success;
  }

  // close: no more values will be sent; wakes blocked senders and every subscriber.
  void close() {
    std::lock_guard lock{mutex_};
    if (closed_) throw go::channel_closed{"close of closed channel"};
    closed_ = true;
    not_full_.notify_all();
    notify_subscribers_locked();
  }

  // subscribers: how many wakers are subscribed now (the tests check that select2 leaves none).
  [[nodiscard]] std::size_t subscribers() const {
    std::lock_guard lock{mutex_};
    return subscribers_.size();
  }

  // polls: how many times try_recv has been called (the tests check that select2 sleeps).
  [[nodiscard]] long polls() const {
    std::lock_guard lock{mutex_};
    return polls_;
  }

 private:
  friend class subscription;

  // subscribe: from now on, every send and close calls w.notify().
  void subscribe(waker& w) {
    std::lock_guard lock{mutex_};
    subscribers_.push_back(&w);
  }

  // unsubscribe: stops notifying `w`; once this returns, no notify() on w is in progress.
  void unsubscribe(waker& w) {
    std::lock_guard lock{mutex_};
    std::erase(subscribers_, &w);
  }

  void notify_subscribers_locked() {
    for (waker* subscriber : subscribers_) subscriber->notify();
  }

  mutable boost::fibers::mutex mutex_;
  boost::fibers::condition_variable not_full_;  // senders wait here while the buffer is full
  std::deque<int> buffer_;                      // guarded by mutex_
  bool closed_ = false;                         // guarded by mutex_
  std::vector<waker*> subscribers_;             // guarded by mutex_
  long polls_ = 0;                              // guarded by mutex_
  const std::size_t capacity_;
};

// subscription: keeps a waker subscribed to a cv_chan for as long as it lives (RAII): from its
// construction on, every send and close of `channel` notifies `w`; its destructor unsubscribes,
// however the scope is left - return or exception.
//
//   waker me;
//   subscription on_a{a, me};  // a.send(...) now calls me.notify()
//
// Thread safety: construct and destroy it in the fiber that owns the waker.
class subscription {
 public:
  subscription(cv_chan& channel, waker& w) : channel_{channel}, waker_{w} { channel_.subscribe(waker_); }
  ~subscription() { channel_.unsubscribe(waker_); }
  subscription(const subscription&) = delete;
  subscription& operator=(const subscription&) = delete;

 private:
  cv_chan& channel_;
  waker& waker_;
};

// selected: which case of a select2 fired. index 0: `a`, 1: `b`, -1: the deadline passed.
// value: the value received; empty when that channel is closed and drained (or on timeout).
struct selected {
  int index = -1;
  std::optional<int> value;
  friend bool operator==(const selected&, const selected&) = default;
};

// select2: waits until `a` or `b` has a value or is closed, or until `deadline`, and returns
// which. When both are ready, each is chosen with equal probability, like go::select - never
// always the first. In Go terms:
//
//   select {
//   case v, ok := <-a:            return selected{0, v if ok}
//   case v, ok := <-b:            return selected{1, v if ok}
//   case <-time.After(deadline - now): return selected{-1, nothing}
//   }
//
// The steps: subscribe a waker (on your stack) to both channels, poll both in a random order
// with try_recv, and if neither is ready, wait on the waker until it is notified or the deadline
// passes; then poll again - another fiber may have taken the value that woke you. Subscribe
// *before* polling: a value sent between your poll and your subscription would notify nobody,
// and you would sleep through it - a lost wake-up. And never call a channel while you hold the
// waker's mutex (the lock order above).
//
// Tests: the ready channel is returned with its value; a closed channel counts as ready; with
// both ready, each wins 40-60% of 2,000 rounds; a value or a close that comes later wakes it;
// a wake-up whose value another select took makes it wait again; the deadline ends it; while it
// waits it does not poll (no busy loop); it leaves no subscription behind; on two threads 2,000
// values pass through two selects each exactly once, none missed (a missed wake-up shows as a
// 5 s timeout).
[[nodiscard]] selected select2(cv_chan& a, cv_chan& b, go::clock::time_point deadline);

}  // namespace ch03
