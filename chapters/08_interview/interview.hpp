// interview.hpp - the guide's 20 interview questions, each answered by code that runs.
//
//   ./build/bin/ch08_interview        # every question: its claim, then what really happened
//   ./build/bin/ch08_interview 5      # one question
//   ctest --test-dir build -L ch08    # the tests that prove each claim (tests/08_interview/)
//
// One file per question, qNN_<topic>.cpp, holds its demonstration functions, declared below, and
// a show_qNN() that prints them. The tests call the same functions, so what the program prints
// and what the tests prove cannot drift apart. docs/interview.md has the answers in words.
//
// Unlike chapters 01-06 there is nothing to write here: read, run, change a number and predict.
//
// Thread safety: every function starts its own go::run (or its own threads) unless its comment
// says "call from a fiber"; call those from inside go::run.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <go/go.hpp>

namespace ch08 {

// let_others_run: on one worker thread, lets every other fiber run until it blocks or ends (each
// yield runs the fibers queued before it once). Call from a fiber.
inline void let_others_run() {
  for (int round = 0; round < 100; ++round) go::yield();
}

// reply: what a bounded wait ends with - a value, or the error that ended the wait.
struct reply {
  std::optional<int> value;
  std::error_code error;  // empty when value is set
};

// ---------------------------------------------------------------------------------------------
// Fundamentals

// Q1 concurrency vs parallelism.
// interleaved_steps: two tasks of three steps each, yielding between steps, on ONE worker
// thread. The steps interleave (A1 B1 A2 ...): both tasks are in progress at once - concurrency -
// though never two at the same instant.
std::vector<std::string> interleaved_steps();
// peak_running: the most of `fibers` CPU-bound fibers (no yield, no blocking) ever running at the
// same instant on `threads` worker threads (Go's GOMAXPROCS). That is parallelism: at most
// `threads`, however many fibers there are.
int peak_running(unsigned threads, int fibers);
void show_q01();

// Q2 fibers vs threads.
// fiber_census: what spawn_blocked saw.
struct fiber_census {
  long alive_at_once = 0;          // fibers spawned and all blocked at the same moment
  std::size_t os_threads_used = 0;  // distinct OS threads they ran on: M fibers on N threads
};
// spawn_blocked: spawns `fibers` fibers on `threads` worker threads, each blocking on one channel
// until all have started, and counts them.
fiber_census spawn_blocked(int fibers, unsigned threads);
// default_thread_stack_bytes: the stack a new std::thread gets (pthread's default, from
// `ulimit -s`), to set beside a fiber's go::run_options{}.stack_size.
std::size_t default_thread_stack_bytes();
void show_q02();

// Q3 not waiting for goroutines.
// completion: how many of the spawned workers had finished at three moments.
struct completion {
  int when_main_went_on = 0;  // right after spawning, without waiting
  int after_wait = -1;        // after wg.wait(); -1 when main did not wait
  int after_run = 0;          // when go::run returned
};
// finish_without_waiting / finish_with_wait_group: main spawns `workers` workers (each sleeps
// 1 ms, then counts itself finished) and goes on without waiting, or waits with a wait_group.
completion finish_without_waiting(int workers);
completion finish_with_wait_group(int workers);
void show_q03();

// ---------------------------------------------------------------------------------------------
// Channels

// Q4 buffered vs unbuffered.
// sends_before_any_receive: a fiber tries `sends` sends on a channel of `capacity` (0:
// unbuffered) while nobody receives; returns how many sends returned. Unbuffered: 0 (a send waits
// for its receiver); buffered: min(capacity, sends).
int sends_before_any_receive(std::size_t capacity, int sends);
void show_q04();

// Q5 send on a closed channel.
// send_on_closed_channel: closes a channel, then sends on it: throws go::channel_closed (Go
// panics). Call from a fiber.
void send_on_closed_channel();
// send_on_closed_in_a_fiber: the same in a spawned fiber that does not catch it: like a Go
// panic, it ends the whole go::run, which rethrows go::channel_closed.
void send_on_closed_in_a_fiber();
// receives_after_close: a channel of capacity 2 holding 7 and 8 is closed, then received from
// three times: 7, 8, then an empty optional (Go: 0, false) - values sent before close are kept.
std::vector<std::optional<int>> receives_after_close();
void show_q05();

// Q6 checking whether a channel is closed.
// drain_with_recv: a producer sends `values` and closes; the consumer loops on recv() (Go's
// `v, ok := <-ch`) until the empty optional says closed. Returns what it received.
std::vector<int> drain_with_recv(const std::vector<int>& values);
// drain_with_range: the same consumer as a range-for (Go's `for v := range ch`).
std::vector<int> drain_with_range(const std::vector<int>& values);
void show_q06();

// ---------------------------------------------------------------------------------------------
// Select

// Q7 what select does.
// choices: how often each of two always-ready cases of a select ran.
struct choices {
  int first = 0;
  int second = 0;
};
// select_between_ready(rounds): `rounds` selects over two channels that both hold a value.
choices select_between_ready(int rounds);
// select_with_nothing_ready: a select over two empty channels with a default: returns the index
// of the case that ran - 2, the default, at once.
std::size_t select_with_nothing_ready();
// select_waits: a select over two empty channels without a default blocks until a fiber sends
// 42 on the second; returns "second: 42".
std::string select_waits();
void show_q07();

// Q8 timeouts.
// receive_with_time_after: the next value of `results`, or errc::timed_out after `timeout`
// (Go: select with case <-time.After(d)). Call from a fiber.
reply receive_with_time_after(go::recv_chan<int> results, go::clock::duration timeout);
// receive_with_context: the next value, or ctx.err() once ctx is done (Go: case <-ctx.Done()).
// Call from a fiber.
reply receive_with_context(go::recv_chan<int> results, const go::context& ctx);
void show_q08();

// ---------------------------------------------------------------------------------------------
// Synchronization

// Q9 wait groups.
// finished_at_wait: `workers` fibers with different amounts of work; returns how many had
// finished when wg.wait() returned: all of them.
int finished_at_wait(int workers, unsigned threads);
void show_q09();

// Q10 Mutex vs RWMutex.
// peak_readers: `readers` fibers each read under the lock for a while (yielding inside it);
// returns the most inside at once. rw_mutex's shared lock: all of them; a mutex: one.
int peak_readers(bool shared_lock, int readers);
// readers_seen_by_writer: readers and one writer on a rw_mutex; returns the most readers that
// were inside while the writer held the lock: 0, the writer is alone.
int readers_seen_by_writer(int readers);
void show_q10();

// Q11 race conditions, on plain std::threads: ThreadSanitizer (the tsan preset, Go's -race)
// follows threads, not fibers. Each starts `threads` threads that add one `increments` times.
// count_racy: counter++ unguarded - a data race; updates are lost.
long count_racy(int threads, int increments);
// count_with_mutex: fix 1, a std::mutex around the increment (Go: mu.Lock(); counter++).
long count_with_mutex(int threads, int increments);
// count_with_atomic: fix 2, std::atomic<long>::fetch_add (Go: atomic.AddInt64).
long count_with_atomic(int threads, int increments);
void show_q11();

// ---------------------------------------------------------------------------------------------
// Advanced patterns

// Q12 worker pool.
struct pool_report {
  std::vector<int> results;  // sorted
  int peak_busy = 0;         // most jobs in progress at once
  long peak_fibers = 0;      // most fibers alive at once, main included
};
// worker_pool: squares 0..jobs-1 with `workers` fibers ranging over one jobs channel.
pool_report worker_pool(int jobs, int workers);
void show_q12();

// Q13 done channel.
// done_report: what the worker did.
struct done_report {
  int processed = 0;         // tasks handled before done was closed
  long fibers_after = 0;     // fibers alive after done was closed and the worker had reacted
};
// run_until_done: a worker selects on a work channel and a done channel; main sends `tasks`
// tasks, then closes done (never the work channel). The worker returns: fibers_after is 1.
done_report run_until_done(int tasks);
void show_q13();

// Q14 pipeline.
// square_pipeline: generate(nums) -> square -> collected by a range-for in main. Each stage is
// a fiber that closes its output when its input is closed, so the range ends.
std::vector<int> square_pipeline(const std::vector<int>& nums, unsigned threads);
void show_q14();

// Q15 fan-out / fan-in.
struct fan_report {
  std::vector<int> results;          // sorted
  std::vector<int> handled_by_worker;  // how many items each worker squared
};
// fan_out_fan_in: `workers` workers read one input channel (fan-out); their outputs are merged
// into one channel, closed once every worker's output is (fan-in).
fan_report fan_out_fan_in(const std::vector<int>& nums, int workers, unsigned threads);
void show_q15();

// ---------------------------------------------------------------------------------------------
// Context

// Q16 context.Context.
// do_work: the guide's doWork - the result from `processing`, or ctx.err() once ctx is done.
// Call from a fiber.
reply do_work(const go::context& ctx, go::recv_chan<int> processing);
// request_id: the key under which a request carries its id (with_value).
extern const go::context_key<std::string> request_id;
void show_q16();

// Q17 forgetting cancel.
// handle_request_forgetting_cancel: derives a context from `parent` with with_timeout and starts
// a watcher fiber on it (a client library would), but never calls cancel: the watcher outlives
// the request until the deadline or until `parent` is cancelled. Call from a fiber.
void handle_request_forgetting_cancel(const go::context& parent, go::clock::duration timeout);
// handle_request: the same with go::defer_cancel (Go: defer cancel()): the watcher ends with it.
void handle_request(const go::context& parent, go::clock::duration timeout);
void show_q17();

// ---------------------------------------------------------------------------------------------
// Performance

// Q18 how many fibers is too many - measured.
struct spawn_cost {
  int count = 0;
  std::size_t stack_size = 0;       // reserved per fiber (run_options::stack_size)
  double resident_per_one = 0;      // bytes of RAM each costs while blocked
  double spawn_ns_per_one = 0;      // spawn, first run and block, per fiber (wall clock)
  double page_faults_per_one = 0;   // minor page faults meanwhile: fresh stack pages mapped in
};
// measure_fibers: spawns `count` fibers that all block on one channel, and measures them.
spawn_cost measure_fibers(int count, std::size_t stack_size);
// measure_threads: the same with std::threads blocked on a condition variable.
spawn_cost measure_threads(int count);
// waiting_at_once: I/O-bound work. `fibers` fibers on one worker thread each wait for a reply
// (a channel), and all of them are waiting at the same time: returns how many.
long waiting_at_once(int fibers);
void show_q18();

// Q19 preventing leaks.
// leak: the guide's leak - a fiber sends on an unbuffered channel nobody receives from. Call from
// a fiber; go::run then reports go::fiber_leak.
void leak();
// The fixes: each returns with its fiber able to finish. Call from a fiber.
void fixed_with_buffer();                                // room for the one value
void fixed_with_done(go::recv_chan<go::empty> done);     // the fiber also selects on done
void fixed_with_context(const go::context& ctx);         // ... or on ctx.done()
void fixed_with_timeout(go::clock::duration timeout);    // ... or on go::after(timeout)
// leak_receiver: the other leak - a fiber ranges over a channel whose sender never closes it.
void leak_receiver();
void fixed_by_closing();  // the sender closes the channel: the receiver's range ends
void show_q19();

// Q20 channels or mutexes.
// count_with_mutex_fibers: `fibers` fibers add one `each` times to a count guarded by go::mutex.
long count_with_mutex_fibers(int fibers, int each, unsigned threads);
// count_by_communicating: the same count owned by one fiber; the others send it increments.
long count_by_communicating(int fibers, int each, unsigned threads);
void show_q20();

}  // namespace ch08
