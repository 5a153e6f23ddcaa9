// channels.hpp - chapter 02's exercises: channels, closing, done channels, generators, semaphores.
//
// Each function or class below is one exercise. Its comment is the statement: what to build, the
// Go it mirrors, and what the tests check. Write the bodies in channels.cpp, then run
//
//   ./workbook check 02                       # every exercise of the chapter
//   ./workbook check 02 take
//
// Call these from inside go::run (from a fiber):
//
//   go::run([] {
//     auto numbers = go::make_chan<int>();
//     go::spawn([numbers] { ch02::produce(numbers, 5); });
//     for (int n : numbers) std::cout << n << '\n';   // 0 1 2 3 4, then the loop ends
//   });
//
// Exercises, easiest first: produce, take, predict_channel_rules, first_reply, semaphore,
// run_workers, fibonacci, for_each_bounded, serve.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <go/go.hpp>

namespace ch02 {

// produce: sends 0, 1, ..., count-1 on `out`, in that order, then closes it. The guide's
// producer ("Closing Channels"):
//
//   go func() {
//       for i := 0; i < 5; i++ { ch <- i }
//       close(ch) // Signal: no more values
//   }()
//
// `out` is a send_chan: produce can send and close, not receive (Go: chan<- int).
//
// Tests: a range-for over the channel receives 0..count-1 and then ends (a producer that does
// not close leaves the consumer waiting forever: go::deadlock); count 0 closes at once; on a
// channel with room for every value, produce returns without any receiver.
void produce(go::send_chan<int> out, int count);

// take: receives at most `n` values from `in` and returns them in the order received. Returns
// fewer if `in` is closed and drained first - the guide's "Checking if Channel is Closed":
//
//   value, ok := <-ch
//   if !ok { fmt.Println("Channel is closed") }
//
// recv() is `v, ok := <-ch`: an empty optional means closed and drained. Never receive a value
// you do not return: the values after the first n stay in the channel for the next reader.
//
// Tests: the first n values in order; two calls return consecutive values (none skipped);
// take(in, 0) receives nothing; a closed channel ends the call early, without blocking.
std::vector<int> take(go::recv_chan<int> in, std::size_t n);

// outcome: what one channel operation does.
enum class outcome {
  completes,              // returns normally: the send is delivered or buffered, the close closes
  returns_value,          // recv() returns a value
  returns_empty,          // recv() returns an empty optional (Go: zero value, ok == false)
  throws_channel_closed,  // throws go::channel_closed (Go panics)
  throws_nil_channel,     // throws go::nil_channel (Go panics)
  blocks_forever,         // waits for a partner that never comes: go::run reports go::deadlock
};

// channel_rules: one outcome per situation: the last operation of each comment, done by a fiber
// that is alone in its run (no other fiber will ever send or receive).
struct channel_rules {
  outcome send_on_unbuffered;              // go::make_chan<int>(): send(1)
  outcome send_on_buffered_with_room;      // go::make_chan<int>(3): send(1)
  outcome send_on_full_buffered;           // go::make_chan<int>(1) holding one value: send(2)
  outcome send_on_closed;                  // close(), then send(1)
  outcome recv_on_closed_holding_a_value;  // go::make_chan<int>(1): send(7), close(), then recv()
  outcome recv_on_closed_and_drained;      // close(), then recv()
  outcome close_of_closed;                 // close(), then close()
  outcome close_of_nil;                    // go::chan<int>{}: close()
  outcome send_on_nil;                     // go::chan<int>{}: send(1)
  outcome recv_on_nil;                     // go::chan<int>{}: recv()
};

// predict_channel_rules: a predict-the-outcome exercise on the guide's channel rules table and
// on blocking. Return what you expect each operation of channel_rules to do - decide from the
// README, then let the tests run every one of them.
//
//   | Action                       | Result                     |
//   | Send to closed channel       | Panic                      |
//   | Receive from closed channel  | Returns zero value + false |
//   | Close already closed channel | Panic                      |
//   | Close nil channel            | Panic                      |
//
// Tests: each field against what the operation really does, one test per field.
channel_rules predict_channel_rules();

// mirror: one replica of a service; calling it asks for the page and returns the reply.
using mirror = std::function<std::string()>;

// first_reply: asks every mirror at the same time, each in its own fiber, and returns the first
// reply to arrive, without waiting for the others. The classic Go version (from "Go Concurrency
// Patterns") has a bug:
//
//   c := make(chan string)               // unbuffered
//   for _, m := range mirrors { go func(m Mirror) { c <- m() }(m) }
//   return <-c                           // the losers block on `c <- ...` forever: a leak
//
// `mirrors` is not empty. Choose the channel so that every mirror's fiber can finish after
// first_reply has returned. Those fibers outlive the call: they must not refer to its locals
// (copy what they use).
//
// Tests: the reply of the fastest mirror is returned; all the mirrors are asked at once (each
// waits until all have been asked); it returns while slow mirrors are still busy; once they
// reply, none of their fibers is left blocked (read from the run's recorded timeline).
std::string first_reply(std::span<const mirror> mirrors);

// semaphore: at most `capacity` (at least 1) holders at a time, built from a buffered channel
// of tokens:
//
//   sem := make(chan struct{}, 3)
//   sem <- struct{}{}   // acquire: blocks while 3 tokens are in
//   <-sem               // release: takes one out, letting a blocked sender in
//
// Tests: with 20 fibers competing, at most `capacity` hold it at once, and `capacity` do; a
// release lets one blocked acquire through; try_acquire fails, without blocking, when it is
// full; release without a matching acquire throws std::logic_error instead of blocking forever
// (the Go version blocks); in_use() counts the holders.
//
// Thread safety: all members may be called from any fiber or thread at once.
class semaphore {
 public:
  explicit semaphore(std::size_t capacity);
  semaphore(const semaphore&) = delete;
  semaphore& operator=(const semaphore&) = delete;

  // acquire: blocks until fewer than capacity holders remain, then becomes one.
  void acquire();
  // try_acquire: becomes a holder if that is possible without blocking; false otherwise.
  [[nodiscard]] bool try_acquire();
  // release: one holder leaves. Throws std::logic_error if there is no holder.
  void release();
  // in_use: how many holders there are now (Go: len(sem)).
  [[nodiscard]] std::size_t in_use() const;

 private:
  go::chan<go::empty> tokens_;  // one token per holder; its capacity is the semaphore's
};

// run_workers: the guide's "Pattern 2: Done Channel". Starts `workers` fibers with ids 1 to
// `workers`; each calls work(id) again and again until `done` is closed, then stops. Returns
// once every worker has stopped - graceful shutdown: a work(id) in progress when done is closed
// is finished, not abandoned.
//
//   func worker(done <-chan struct{}, id int) {
//       for {
//           select {
//           case <-done: return
//           default: fmt.Printf("Worker %d working...\n", id) // Do work
//           }
//       }
//   }
//
// The guide's main waits for its workers with time.Sleep(1 * time.Second); wait for them instead.
// Fibers are cooperative: work(id) must block or yield now and then, or its worker never lets
// the fiber that closes `done` run (the tests' work does).
//
// Tests: every worker (ids 1..workers, no others) works until done is closed; no work(id) starts
// once done is closed, nor at all when done is closed before the call; the call returns only
// after the work in progress has finished, and leaves no fiber behind.
void run_workers(go::recv_chan<go::empty> done, int workers, const std::function<void(int id)>& work);

// fibonacci: a generator. Returns a channel on which a fiber of its own sends 0, 1, 1, 2, 3, 5,
// ... one value per receive. The fiber stops, closing the channel, when `done` is closed or after
// the largest Fibonacci number that fits in 64 bits (12200160415121876738, the 94th value).
//
//   func fibonacci(done <-chan struct{}) <-chan uint64 {
//       out := make(chan uint64)
//       go func() {
//           defer close(out)
//           for a, b := uint64(0), uint64(1); ; a, b = b, a+b {
//               select {
//               case out <- a:
//               case <-done: return
//               }
//           }
//       }()
//       return out
//   }
//
// (This Go version never stops by itself; yours stops before a+b overflows.) A reader that stops
// early must close `done`, or the generator's fiber waits forever to send its next value.
//
// Tests: the sequence starts 0 1 1 2 3 5 8 13 21 34; ranging to the end yields 94 values, the
// last 12200160415121876738, then ends; after `done` is closed the channel gets closed and the
// fiber finishes (no leak), also on two worker threads; it is one fiber of its own, and a reader
// that receives 2 values sees at most 3 sent (the run's timeline counts them: computing ahead
// into a buffer sends all 94).
[[nodiscard]] go::recv_chan<std::uint64_t> fibonacci(go::recv_chan<go::empty> done);

// for_each_bounded: calls process(item) for every item, each in its own fiber, at most `limit`
// at a time, and returns when every item has been processed. `limit` is at least 1.
//
//   sem := make(chan struct{}, limit)
//   for _, item := range items {
//       sem <- struct{}{}                      // before `go`: no idle goroutine piles up
//       wg.Add(1)
//       go func(item int) { defer wg.Done(); defer func() { <-sem }(); process(item) }(item)
//   }
//   wg.Wait()
//
// Your semaphore (or a buffered channel) does the counting. Acquire before spawning: acquiring
// inside the fiber bounds the work but not the fibers - 10,000 items make 10,000 fibers.
//
// Tests: every item is processed exactly once (also on two worker threads); never more than
// `limit` at once, but `limit` at some point; never more than `limit` fibers of its own alive;
// every item is done when the call returns.
void for_each_bounded(std::span<const int> items, std::size_t limit, const std::function<void(int)>& process);

// request: what a client sends to the server: a path, and where to send the response.
struct request {
  std::string path;
  go::send_chan<std::string> reply;  // the client makes it with room for one: sending never blocks
};

// handler: computes the response to a path (Go: an http.Handler). It may block.
using handler = std::function<std::string(const std::string& path)>;

// serve: a stand-in for the guide's HTTP server with graceful shutdown (see README.md, "The
// HTTP server"). Receives requests from `requests` and serves each in its own fiber - the
// response handle(path) sent on its reply channel - until `done` is closed or `requests` is
// closed. Then it stops accepting, waits for the requests in flight to be answered, and returns.
// The guide's version:
//
//   go func() {
//       <-done
//       ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
//       defer cancel()
//       server.Shutdown(ctx) // stop accepting, finish in-flight requests
//   }()
//   server.ListenAndServe()
//
// Tests: every request gets its own response; requests are served at the same time (each
// handler waits until three are in flight); closing `done` or `requests` makes serve return;
// a request in flight when `done` is closed is still answered, before serve returns, and no
// fiber is left behind.
void serve(go::recv_chan<request> requests, go::recv_chan<go::empty> done, const handler& handle);

}  // namespace ch02
