// channels_test.cpp - chapter 02's tests, built against your chapters/ and against solutions/.
//
// One suite per exercise (TakeTest checks take). No test measures time or sleeps to wait for
// something: on one worker thread fibers run in a fixed order, so a test sees "blocked" by
// yielding until the other fibers have run as far as they can (settle, yield_until). Waiting
// forever is reported by go::run as go::deadlock; a fiber left behind by
// go::testing::expect_no_leaks, or read from the run's recorded timeline
// (go::testing::run_traced), which also tells how many fibers were alive at once and how many
// values went through a channel. What fibers share - counters, wait groups, channels, the objects
// under test - lives outside go::testing::run, which returns only after every fiber has ended,
// so it outlives them all, also when a stub's exception ends the run early.
#include "channels.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <go/testing_trace.hpp>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

// ---------------------------------------------------------------------------------------------
// Channel directions: what must not compile is checked here, at compile time.

template <class Channel>
concept can_send_on = requires(const Channel& ch) { ch.send(typename Channel::value_type{}); };
template <class Channel>
concept can_receive_from = requires(const Channel& ch) { ch.recv(); };
template <class Channel>
concept can_close = requires(const Channel& ch) { ch.close(); };
template <class Channel>
concept can_select_send_on = requires(const Channel& ch) { go::select(go::send(ch, typename Channel::value_type{})); };

static_assert(can_send_on<go::chan<int>> && can_receive_from<go::chan<int>> && can_close<go::chan<int>>,
              "a bidirectional channel sends, receives and closes (Go: chan int)");
static_assert(!can_send_on<go::recv_chan<int>>, "sending on a receive-only channel must not compile");
static_assert(!can_select_send_on<go::recv_chan<int>>, "nor may a select send on one");
static_assert(!can_close<go::recv_chan<int>>, "only the sending side closes");
static_assert(!can_receive_from<go::send_chan<int>>, "receiving on a send-only channel must not compile");

// The exercises hand out receive-only ends, so their callers cannot send or close behind them.
using fibonacci_channel = decltype(ch02::fibonacci(go::recv_chan<go::empty>{}));
static_assert(!can_send_on<fibonacci_channel> && !can_close<fibonacci_channel>,
              "fibonacci's reader can only receive");

// ---------------------------------------------------------------------------------------------
// Helpers

// yield_until: lets the other fibers run until `condition()` holds; false if it still does not
// after many rounds (so that a wrong answer fails the test rather than spin until the timeout).
template <class Condition>
bool yield_until(Condition condition) {
  for (int round = 0; round < 10'000; ++round) {
    if (condition()) return true;
    go::yield();
  }
  return condition();
}

// settle: on one worker thread, lets every other fiber run until it blocks or ends. Each yield
// runs the fibers queued before it once; fibers woken meanwhile get the later rounds.
void settle() {
  for (int round = 0; round < 100; ++round) go::yield();
}

// unnamed: the stage, in a run's trace, of the fibers started by go::spawn without a name: the
// fibers of the code under test (these tests do not spawn any where they count them).
constexpr std::string_view unnamed;

// expect_none_left_blocked: fails the test for each fiber that the traced run left blocked
// (go::run then reports a leak), saying `why`; and for any other error the run ended with.
void expect_none_left_blocked(const go::testing::run_trace& trace, std::string_view why) {
  const std::vector<go::testing::traced_fiber> blocked = trace.left_blocked();
  for (const go::testing::traced_fiber& fiber : blocked) {
    ADD_FAILURE() << "fiber " << fiber.id << " was left blocked in " << fiber.last_state << ": " << why;
  }
  if (blocked.empty()) {
    EXPECT_FALSE(trace.error) << trace.error_message();
  }
}

// yield_by_waiting: lets the other fibers run, as go::yield does, but by waiting. A run that is
// torn down unwinds the fibers that wait; one that only ever yields would keep it from ending.
// Work that a wrong answer might repeat forever yields this way.
void yield_by_waiting() { go::sleep(0ms); }

// is_closed: whether a signal channel is closed, without blocking (a select with a default).
bool is_closed(const go::recv_chan<go::empty>& signal) { return go::select(go::recv(signal), go::otherwise()) == 0; }

// run_reporting_deadlock: go::testing::run(body), reporting a deadlock as `what_went_wrong`.
template <class F>
void run_reporting_deadlock(F body, std::string_view what_went_wrong, go::run_options options = {}) {
  try {
    go::testing::run(body, options);
  } catch (const go::deadlock& stuck) {
    ADD_FAILURE() << what_went_wrong << "\n\ngo::run reported:\n" << stuck.what();
  }
}

// filled_channel: a buffered channel holding 0..count-1; closed if `closed`.
go::chan<int> filled_channel(int count, bool closed) {
  auto ch = go::make_chan<int>(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) ch.send(i);
  if (closed) ch.close();
  return ch;
}

using go::testing::counters;
using go::testing::fiber_latch;

// fail_because_it_returned_too_early: throws `what_went_wrong`, for a function under test that
// returned while its fibers were still working. It ends the run like a panic; the fibers left
// behind are unwound at their next wait, before they can touch the locals of the function that
// returned - so the callbacks these tests hand over wait (yield_by_waiting) rather than yield.
void fail_because_it_returned_too_early(const std::string& what_went_wrong) { throw std::logic_error{what_went_wrong}; }

// fail_if_fibers_outlive: fail_because_it_returned_too_early if more than `expected` fibers are
// alive, the caller included.
void fail_if_fibers_outlive(long expected, const std::string& function) {
  const long leftover = go::live_fibers() - expected;
  if (leftover > 0) {
    fail_because_it_returned_too_early(function + " returned while " + std::to_string(leftover) +
                                       " of its fibers were still running: wait for them before returning");
  }
}

// run_workers_until_done: calls run_workers, failing at once if it returns while `done` is
// still open or while its workers are still running.
void run_workers_until_done(const go::chan<go::empty>& done, int workers, const std::function<void(int)>& work) {
  const long alive_before = go::live_fibers();
  ch02::run_workers(done, workers, work);
  if (!is_closed(done)) {
    fail_because_it_returned_too_early("run_workers returned before done was closed: "
                                       "it must wait until every worker has stopped");
  }
  fail_if_fibers_outlive(alive_before, "run_workers");
}

// for_each_bounded_and_wait: calls for_each_bounded from the main fiber, failing at once if it
// returns while its fibers are still running. On N worker threads, N - 1 fibers may still be on
// their way out - past their last done(), on another thread - when the waiting fiber wakes.
void for_each_bounded_and_wait(std::span<const int> items, std::size_t limit, const std::function<void(int)>& process) {
  ch02::for_each_bounded(items, limit, process);
  fail_if_fibers_outlive(go::gomaxprocs(), "for_each_bounded");
}

// items_up_to: 0, 1, ..., count-1.
std::vector<int> items_up_to(int count) {
  std::vector<int> items;
  for (int i = 0; i < count; ++i) items.push_back(i);
  return items;
}

// ask: what a client of serve does: send a request, wait for its response.
std::string ask(const go::send_chan<ch02::request>& server, std::string path) {
  auto reply = go::make_chan<std::string>(1);
  server.send({std::move(path), reply});
  return reply.recv().value_or("<reply channel closed>");
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// produce

TEST(ProduceTest, SendsZeroToCountMinusOneThenCloses) {
  std::vector<int> received;
  run_reporting_deadlock(
      [&] {
        auto numbers = go::make_chan<int>();
        go::spawn([numbers] { ch02::produce(numbers, 5); });
        for (int n : numbers) received.push_back(n);
      },
      "the range-for waited forever after the last value: produce must close the channel when it is done");
  EXPECT_EQ(received, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(ProduceTest, ClosesAtOnceWhenThereIsNothingToSend) {
  std::optional<int> first{-1};
  run_reporting_deadlock(
      [&] {
        auto numbers = go::make_chan<int>();
        go::spawn([numbers] { ch02::produce(numbers, 0); });
        first = numbers.recv();
      },
      "produce(out, 0) sends nothing, but must still close the channel");
  EXPECT_EQ(first, std::nullopt) << "produce(out, 0) must close the channel without sending";
}

TEST(ProduceTest, ReturnsWithoutAReceiverWhenTheBufferHasRoom) {
  std::vector<int> buffered;
  run_reporting_deadlock(
      [&] {
        auto numbers = go::make_chan<int>(3);
        ch02::produce(numbers, 3);  // on this fiber: nobody receives until it returns
        for (int n : numbers) buffered.push_back(n);
      },
      "a buffered channel with room for 3 values takes 3 sends without a receiver; send, do not wait");
  EXPECT_EQ(buffered, (std::vector<int>{0, 1, 2}));
}

// ---------------------------------------------------------------------------------------------
// take

TEST(TakeTest, ReturnsTheFirstNValuesInOrder) {
  std::vector<int> taken;
  go::testing::run([&] { taken = ch02::take(filled_channel(10, false), 3); });
  EXPECT_EQ(taken, (std::vector<int>{0, 1, 2}));
}

TEST(TakeTest, LeavesTheRestForTheNextCall) {
  std::vector<int> second;
  std::size_t left = 0;
  go::testing::run([&] {
    const auto numbers = filled_channel(10, false);
    (void)ch02::take(numbers, 3);
    second = ch02::take(numbers, 3);
    left = numbers.len();
  });
  EXPECT_EQ(second, (std::vector<int>{3, 4, 5})) << "a value received but not returned is lost";
  EXPECT_EQ(left, 4U);
}

TEST(TakeTest, TakingZeroReceivesNothing) {
  std::vector<int> taken{-1};
  std::size_t left = 0;
  go::testing::run([&] {
    const auto numbers = filled_channel(10, false);
    taken = ch02::take(numbers, 0);
    left = numbers.len();
  });
  EXPECT_TRUE(taken.empty());
  EXPECT_EQ(left, 10U) << "take(in, 0) received a value: a range-for's begin() receives before the body runs";
}

TEST(TakeTest, StopsEarlyWhenTheChannelIsClosed) {
  std::vector<int> taken;
  run_reporting_deadlock([&] { taken = ch02::take(filled_channel(2, true), 5); },
                         "take waited on a closed channel: an empty optional from recv() means closed - stop there");
  EXPECT_EQ(taken, (std::vector<int>{0, 1}));
}

TEST(TakeTest, WaitsForValuesThatAreNotSentYet) {
  std::vector<int> taken;
  std::vector<int> rest;
  go::testing::run([&] {
    auto numbers = go::make_chan<int>();  // unbuffered: each value exists only once a sender offers it
    go::spawn([numbers] {
      for (int i = 0; i < 5; ++i) numbers.send(i);
      numbers.close();
    });
    taken = ch02::take(numbers, 3);
    for (int n : numbers) rest.push_back(n);
  });
  EXPECT_EQ(taken, (std::vector<int>{0, 1, 2})) << "take must block until a value arrives (recv, not try_recv)";
  EXPECT_EQ(rest, (std::vector<int>{3, 4}));
}

// ---------------------------------------------------------------------------------------------
// predict_channel_rules

namespace {

using ch02::outcome;

std::string_view name_of(outcome o) {
  switch (o) {
    case outcome::completes: return "completes";
    case outcome::returns_value: return "returns_value";
    case outcome::returns_empty: return "returns_empty";
    case outcome::throws_channel_closed: return "throws_channel_closed";
    case outcome::throws_nil_channel: return "throws_nil_channel";
    case outcome::blocks_forever: return "blocks_forever";
  }
  return "(not an outcome)";
}

// observe: runs `operation` as the only fiber of a run and reports what it did. It returns
// completes, returns_value or returns_empty itself; the other outcomes are exceptions.
template <class Operation>
std::string_view observe(Operation operation) {
  try {
    return name_of(go::testing::run([&] {
      try {
        return operation();
      } catch (const go::channel_closed&) {
        return outcome::throws_channel_closed;
      } catch (const go::nil_channel&) {
        return outcome::throws_nil_channel;
      }
    }));
  } catch (const go::deadlock&) {
    return name_of(outcome::blocks_forever);
  }
}

outcome send_one(const go::chan<int>& ch) {
  ch.send(1);
  return outcome::completes;
}

outcome receive_one(const go::chan<int>& ch) { return ch.recv() ? outcome::returns_value : outcome::returns_empty; }

go::chan<int> closed_channel() {
  auto ch = go::make_chan<int>();
  ch.close();
  return ch;
}

}  // namespace

TEST(PredictChannelRulesTest, SendOnAnUnbufferedChannel) {
  const auto predicted = ch02::predict_channel_rules();
  EXPECT_EQ(name_of(predicted.send_on_unbuffered), observe([] { return send_one(go::make_chan<int>()); }))
      << "an unbuffered send completes only when a receiver takes the value";
}

TEST(PredictChannelRulesTest, SendOnABufferedChannelWithRoom) {
  const auto predicted = ch02::predict_channel_rules();
  EXPECT_EQ(name_of(predicted.send_on_buffered_with_room), observe([] { return send_one(go::make_chan<int>(3)); }));
}

TEST(PredictChannelRulesTest, SendOnAFullBufferedChannel) {
  const auto predicted = ch02::predict_channel_rules();
  EXPECT_EQ(name_of(predicted.send_on_full_buffered), observe([] {
              const auto full = go::make_chan<int>(1);
              full.send(1);
              return send_one(full);
            }));
}

TEST(PredictChannelRulesTest, SendOnAClosedChannel) {
  const auto predicted = ch02::predict_channel_rules();
  EXPECT_EQ(name_of(predicted.send_on_closed), observe([] { return send_one(closed_channel()); }));
}

TEST(PredictChannelRulesTest, ReceiveOnAClosedChannelThatStillHoldsAValue) {
  const auto predicted = ch02::predict_channel_rules();
  EXPECT_EQ(name_of(predicted.recv_on_closed_holding_a_value), observe([] {
              const auto ch = go::make_chan<int>(1);
              ch.send(7);
              ch.close();
              return receive_one(ch);
            }));
}

TEST(PredictChannelRulesTest, ReceiveOnAClosedAndDrainedChannel) {
  const auto predicted = ch02::predict_channel_rules();
  EXPECT_EQ(name_of(predicted.recv_on_closed_and_drained), observe([] { return receive_one(closed_channel()); }));
}

TEST(PredictChannelRulesTest, CloseOfAClosedChannel) {
  const auto predicted = ch02::predict_channel_rules();
  EXPECT_EQ(name_of(predicted.close_of_closed), observe([] {
              closed_channel().close();
              return outcome::completes;
            }));
}

TEST(PredictChannelRulesTest, CloseOfANilChannel) {
  const auto predicted = ch02::predict_channel_rules();
  EXPECT_EQ(name_of(predicted.close_of_nil), observe([] {
              go::chan<int>{}.close();
              return outcome::completes;
            }));
}

TEST(PredictChannelRulesTest, SendOnANilChannel) {
  const auto predicted = ch02::predict_channel_rules();
  EXPECT_EQ(name_of(predicted.send_on_nil), observe([] { return send_one(go::chan<int>{}); }));
}

TEST(PredictChannelRulesTest, ReceiveOnANilChannel) {
  const auto predicted = ch02::predict_channel_rules();
  EXPECT_EQ(name_of(predicted.recv_on_nil), observe([] { return receive_one(go::chan<int>{}); }));
}

// ---------------------------------------------------------------------------------------------
// first_reply

TEST(FirstReplyTest, ReturnsTheReplyOfTheFastestMirror) {
  const auto slow_mirrors_may_reply = go::make_chan<go::empty>();
  const std::vector<ch02::mirror> mirrors{[&] {
                                            slow_mirrors_may_reply.recv();
                                            return std::string{"slow a"};
                                          },
                                          [] { return std::string{"fast b"}; },
                                          [&] {
                                            slow_mirrors_may_reply.recv();
                                            return std::string{"slow c"};
                                          }};
  std::string reply;
  run_reporting_deadlock(
      [&] {
        reply = ch02::first_reply(mirrors);
        slow_mirrors_may_reply.close();
      },
      "the first mirror waits until first_reply has returned: ask every mirror at once, each in its own fiber");
  EXPECT_EQ(reply, "fast b");
}

TEST(FirstReplyTest, AsksEveryMirrorAtOnce) {
  fiber_latch all_asked{3};
  const auto mirror_named = [&](std::string name) -> ch02::mirror {
    return [&all_asked, name] {
      all_asked.arrive_and_wait();
      return name;
    };
  };
  const std::vector<ch02::mirror> mirrors{mirror_named("a"), mirror_named("b"), mirror_named("c")};
  std::string reply;
  run_reporting_deadlock([&] { reply = ch02::first_reply(mirrors); },
                         "each mirror waits until all 3 have been asked: ask them all before waiting for a reply");
  EXPECT_TRUE(reply == "a" || reply == "b" || reply == "c") << "got \"" << reply << "\"";
}

TEST(FirstReplyTest, ReturnsWhileSlowMirrorsAreStillBusy) {
  const auto slow_mirrors_may_reply = go::make_chan<go::empty>();
  int replied = 0;
  const std::vector<ch02::mirror> mirrors{[&] {
                                            slow_mirrors_may_reply.recv();
                                            ++replied;
                                            return std::string{"slow"};
                                          },
                                          [&] {
                                            ++replied;
                                            return std::string{"fast"};
                                          }};
  int replied_at_return = -1;
  run_reporting_deadlock(
      [&] {
        (void)ch02::first_reply(mirrors);
        replied_at_return = replied;
        slow_mirrors_may_reply.close();
      },
      "the slow mirror replies only after first_reply has returned: return the first reply, do not wait for all");
  EXPECT_EQ(replied_at_return, 1);
}

TEST(FirstReplyTest, LeavesNoFiberBlockedOnceTheSlowMirrorsReply) {
  const auto slow_mirrors_may_reply = go::make_chan<go::empty>();
  const auto slow = [&] {
    slow_mirrors_may_reply.recv();
    return std::string{"slow"};
  };
  const std::vector<ch02::mirror> mirrors{slow, [] { return std::string{"fast"}; }, slow};
  const go::testing::run_trace trace = go::testing::run_traced([&] {
    (void)ch02::first_reply(mirrors);
    slow_mirrors_may_reply.close();  // the slow mirrors reply now; go::run waits for their fibers
  });
  expect_none_left_blocked(trace, "the losing mirrors' fibers are stuck sending replies nobody receives: "
                                  "give the channel room for every reply");
}

// ---------------------------------------------------------------------------------------------
// semaphore

namespace {

// compete_for: 20 fibers each acquire `sem`, hold it a while - as a "holder" on the run's
// timeline - yielding so that the others try, and release it. Returns the timeline.
go::testing::run_trace compete_for(ch02::semaphore& sem, go::run_options options = {}) {
  go::wait_group finished;
  finished.add(20);
  return go::testing::run_traced(
      [&] {
        for (int i = 0; i < 20; ++i) {
          go::spawn([&] {
            sem.acquire();
            {
              go::testing::stage_span holding{"holder"};
              for (int step = 0; step < 3; ++step) go::yield();  // hold it while the others try
            }
            sem.release();
            finished.done();
          });
        }
        finished.wait();
      },
      options);
}

}  // namespace

TEST(SemaphoreTest, NeverAdmitsMoreThanItsCapacity) {
  ch02::semaphore sem{3};
  const go::testing::run_trace trace = compete_for(sem, {.threads = 2});
  ASSERT_FALSE(trace.error) << trace.error_message();
  EXPECT_LE(trace.max_at_once("holder"), 3)
      << "a semaphore of capacity 3 let " << trace.max_at_once("holder") << " fibers in at once";
}

TEST(SemaphoreTest, AdmitsAsManyAsItsCapacity) {
  ch02::semaphore sem{3};
  const go::testing::run_trace trace = compete_for(sem);
  ASSERT_FALSE(trace.error) << trace.error_message();
  EXPECT_EQ(trace.max_at_once("holder"), 3) << "a semaphore of capacity 3 must let 3 fibers in at once";
}

TEST(SemaphoreTest, ReleaseLetsABlockedAcquireThrough) {
  bool acquired_while_full = true;
  bool acquired_after_release = false;
  ch02::semaphore sem{1};
  bool acquired = false;
  go::wait_group second_holder;
  second_holder.add(1);
  run_reporting_deadlock(
      [&] {
        sem.acquire();
        go::spawn([&] {
          sem.acquire();
          acquired = true;
          sem.release();
          second_holder.done();
        });
        settle();  // the second fiber runs until it blocks in acquire
        acquired_while_full = acquired;
        sem.release();
        second_holder.wait();
        acquired_after_release = acquired;
      },
      "a release must let a fiber blocked in acquire through");
  EXPECT_FALSE(acquired_while_full) << "acquire must block while the semaphore is full";
  EXPECT_TRUE(acquired_after_release);
}

TEST(SemaphoreTest, TryAcquireFailsWithoutBlockingWhenFull) {
  std::vector<bool> attempts;
  run_reporting_deadlock(
      [&] {
        ch02::semaphore sem{2};
        attempts.push_back(sem.try_acquire());
        attempts.push_back(sem.try_acquire());
        attempts.push_back(sem.try_acquire());  // full
        sem.release();
        attempts.push_back(sem.try_acquire());
      },
      "try_acquire must never block (try_send, or a select with go::otherwise)");
  EXPECT_EQ(attempts, (std::vector<bool>{true, true, false, true}));
}

TEST(SemaphoreTest, ReleasingMoreThanWasAcquiredThrows) {
  std::size_t in_use_after = 99;
  run_reporting_deadlock(
      [&] {
        ch02::semaphore sem{2};
        sem.acquire();
        sem.release();
        EXPECT_THROW(sem.release(), std::logic_error);
        in_use_after = sem.in_use();
      },
      "release() without a holder waited for a token that never comes: throw std::logic_error instead");
  EXPECT_EQ(in_use_after, 0U);
}

TEST(SemaphoreTest, InUseCountsTheHolders) {
  std::vector<std::size_t> counts;
  go::testing::run([&] {
    ch02::semaphore sem{3};
    counts.push_back(sem.in_use());
    sem.acquire();
    sem.acquire();
    counts.push_back(sem.in_use());
    sem.release();
    counts.push_back(sem.in_use());
  });
  EXPECT_EQ(counts, (std::vector<std::size_t>{0, 2, 1}));
}

// ---------------------------------------------------------------------------------------------
// run_workers

TEST(RunWorkersTest, EveryWorkerWorksUntilDoneIsClosed) {
  std::map<int, int> times_worked;  // by worker id; one worker thread, so no lock
  const std::function<void(int)> work = [&](int id) {
    ++times_worked[id];
    yield_by_waiting();  // a real worker would block on I/O here; a cooperative fiber must let others run
  };
  const auto worked_twice = [&](int id) {
    const auto found = times_worked.find(id);
    return found != times_worked.end() && found->second >= 2;
  };
  bool all_worked_twice = false;
  const auto done = go::make_chan<go::empty>();
  go::wait_group stopped;
  stopped.add(1);
  go::testing::run(
      [&] {
        go::spawn([&] {
          run_workers_until_done(done, 3, work);
          stopped.done();
        });
        all_worked_twice = yield_until([&] { return worked_twice(1) && worked_twice(2) && worked_twice(3); });
        done.close();
        stopped.wait();
      },
      {.timeout = 3s});
  EXPECT_TRUE(all_worked_twice) << "workers 1, 2 and 3 must each call work(id) again and again";
  std::vector<int> ids;
  for (const auto& [id, times] : times_worked) ids.push_back(id);
  EXPECT_EQ(ids, (std::vector<int>{1, 2, 3})) << "the workers' ids are 1 to `workers`";
}

TEST(RunWorkersTest, StartsNoWorkOnceDoneIsClosed) {
  bool done_closed = false;
  int calls = 0;
  int started_after_close = 0;
  const std::function<void(int)> work = [&](int) {
    ++calls;
    if (done_closed) ++started_after_close;
    yield_by_waiting();
  };
  const auto done = go::make_chan<go::empty>();
  go::wait_group stopped;
  stopped.add(1);
  go::testing::run(
      [&] {
        go::spawn([&] {
          run_workers_until_done(done, 3, work);
          stopped.done();
        });
        yield_until([&] { return calls >= 9; });
        done.close();
        done_closed = true;
        stopped.wait();
      },
      {.timeout = 3s});
  EXPECT_EQ(started_after_close, 0) << "a worker must check done before every work(id), not after";
}

TEST(RunWorkersTest, DoesNoWorkWhenDoneIsAlreadyClosed) {
  int calls = 0;
  const std::function<void(int)> work = [&](int) {
    ++calls;
    yield_by_waiting();
  };
  run_reporting_deadlock(
      [&] {
        const auto done = go::make_chan<go::empty>();
        done.close();
        run_workers_until_done(done, 3, work);
      },
      "run_workers must return when done is closed", {.timeout = 3s});
  EXPECT_EQ(calls, 0) << "done was closed before run_workers started: no worker may call work";
}

TEST(RunWorkersTest, FinishesTheWorkInProgressBeforeReturning) {
  const auto work_may_finish = go::make_chan<go::empty>();
  bool in_progress = false;
  bool finished = false;
  const std::function<void(int)> work = [&](int id) {
    if (id == 1 && !finished) {  // worker 1's first job takes until the test lets it finish
      in_progress = true;
      work_may_finish.recv();
      in_progress = false;
      finished = true;
    } else {
      yield_by_waiting();
    }
  };
  const auto done = go::make_chan<go::empty>();
  bool returned = false;
  go::wait_group stopped;
  stopped.add(1);
  run_reporting_deadlock(
      [&] {
        go::spawn([&] {
          run_workers_until_done(done, 3, work);
          returned = true;
          stopped.done();
        });
        yield_until([&] { return in_progress; });
        done.close();
        settle();
        if (returned) {
          fail_because_it_returned_too_early("run_workers returned while worker 1 was still in work(1): "
                                             "wait for every worker (go::wait_group) before returning");
        }
        work_may_finish.close();
        stopped.wait();
        go::testing::expect_no_leaks();
      },
      "the work in progress must be finished", {.timeout = 3s});
  EXPECT_TRUE(finished);
}

// ---------------------------------------------------------------------------------------------
// fibonacci

TEST(FibonacciTest, StartsZeroOneOneTwoThree) {
  std::vector<std::uint64_t> first;
  go::testing::run([&] {
    const auto done = go::make_chan<go::empty>();
    const auto numbers = ch02::fibonacci(done);
    for (int i = 0; i < 10; ++i) first.push_back(numbers.recv().value_or(0));
    done.close();
    for ([[maybe_unused]] std::uint64_t rest : numbers) {
    }
  });
  EXPECT_EQ(first, (std::vector<std::uint64_t>{0, 1, 1, 2, 3, 5, 8, 13, 21, 34}));
}

TEST(FibonacciTest, EndsAfterTheLargestValueThatFitsIn64Bits) {
  std::vector<std::uint64_t> all;
  run_reporting_deadlock(
      [&] {
        const auto done = go::make_chan<go::empty>();
        for (std::uint64_t n : ch02::fibonacci(done)) all.push_back(n);
      },
      "the range-for waited forever: after its last value the generator must close its channel");
  ASSERT_EQ(all.size(), 94U) << "F(0) to F(93) fit in 64 bits; F(94) does not";
  EXPECT_EQ(all.back(), 12'200'160'415'121'876'738ULL);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end())) << "a value wrapped around: check for overflow before adding";
}

TEST(FibonacciTest, ClosesItsChannelWhenDoneIsClosed) {
  run_reporting_deadlock(
      [&] {
        const auto done = go::make_chan<go::empty>();
        const auto numbers = ch02::fibonacci(done);
        (void)numbers.recv();
        (void)numbers.recv();
        done.close();
        for ([[maybe_unused]] std::uint64_t rest : numbers) {  // must end
        }
      },
      "after done was closed the range-for waited forever: the generator must close its channel when it stops");
}

TEST(FibonacciTest, ItsFiberEndsWhenDoneIsClosed) {
  const go::testing::run_trace trace = go::testing::run_traced([] {
    const auto done = go::make_chan<go::empty>();
    const auto numbers = ch02::fibonacci(done);
    (void)numbers.recv();
    (void)numbers.recv();
    done.close();  // the reader leaves without draining the channel
  });
  expect_none_left_blocked(trace, "the generator's fiber is stuck sending a value nobody will receive: "
                                  "select between the send and done");
}

TEST(FibonacciTest, SendsOnlyAsManyValuesAsAreReceived) {
  const go::testing::run_trace trace = go::testing::run_traced([] {
    const auto done = go::make_chan<go::empty>();
    const auto numbers = ch02::fibonacci(done);
    go::testing::name_channel(numbers, "numbers");
    (void)numbers.recv();
    (void)numbers.recv();
    done.close();
  });
  ASSERT_FALSE(trace.error) << trace.error_message();
  EXPECT_EQ(trace.spawned(unnamed), 1) << "a fiber of fibonacci's own sends the numbers";
  EXPECT_LE(trace.values_sent("numbers"), 3)
      << "the reader received 2 numbers, but " << trace.values_sent("numbers") << " were sent: a generator sends "
      << "one value per receive (an unbuffered channel), it does not compute ahead";
}

TEST(FibonacciTest, StopsCleanlyOnTwoWorkerThreads) {
  std::vector<std::uint64_t> fifth;
  go::testing::run(
      [&] {
        for (int reader = 0; reader < 50; ++reader) {
          const auto done = go::make_chan<go::empty>();
          const auto numbers = ch02::fibonacci(done);
          for (int i = 0; i < 4; ++i) (void)numbers.recv();
          fifth.push_back(numbers.recv().value_or(0));
          done.close();
        }
        go::testing::expect_no_leaks();
      },
      {.threads = 2});
  EXPECT_EQ(fifth, std::vector<std::uint64_t>(50, 3));
}

// ---------------------------------------------------------------------------------------------
// for_each_bounded

TEST(ForEachBoundedTest, ProcessesEveryItemExactlyOnceOnTwoThreads) {
  const auto items = items_up_to(1000);
  counters times_processed{items.size()};
  const std::function<void(int)> process = [&](int item) {
    yield_by_waiting();
    times_processed.add(static_cast<std::size_t>(item));
  };
  go::testing::run([&] { for_each_bounded_and_wait(items, 8, process); }, {.threads = 2});
  EXPECT_EQ(times_processed.indexes_not_seen_once(), std::vector<std::size_t>{})
      << "these items were processed zero times or more than once";
}

namespace {

// process_a_while: a process callback that is an "item" on the run's timeline while it waits a
// few times, so that every other fiber ready to process does.
void process_a_while(int /*item*/) {
  go::testing::stage_span processing{"item"};
  for (int step = 0; step < 3; ++step) yield_by_waiting();
}

}  // namespace

TEST(ForEachBoundedTest, NeverProcessesMoreThanTheLimitAtOnce) {
  const auto items = items_up_to(50);
  const go::testing::run_trace trace =
      go::testing::run_traced([&] { for_each_bounded_and_wait(items, 4, process_a_while); }, {.threads = 2});
  ASSERT_FALSE(trace.error) << trace.error_message();
  EXPECT_LE(trace.max_at_once("item"), 4)
      << "with limit 4, " << trace.max_at_once("item") << " items were processed at once";
}

TEST(ForEachBoundedTest, ProcessesAsManyAsTheLimitAtOnce) {
  const auto items = items_up_to(50);
  const go::testing::run_trace trace =
      go::testing::run_traced([&] { for_each_bounded_and_wait(items, 4, process_a_while); });
  ASSERT_FALSE(trace.error) << trace.error_message();
  EXPECT_EQ(trace.max_at_once("item"), 4) << "with limit 4, 4 items must be processed at the same time";
}

TEST(ForEachBoundedTest, NeverHasMoreFibersAliveThanTheLimit) {
  const auto items = items_up_to(1000);
  const std::function<void(int)> process = [](int) { yield_by_waiting(); };
  const go::testing::run_trace trace =
      go::testing::run_traced([&] { for_each_bounded_and_wait(items, 4, process); });
  ASSERT_FALSE(trace.error) << trace.error_message();
  EXPECT_LE(trace.max_at_once(unnamed), 4) << "up to " << trace.max_at_once(unnamed) << " fibers were alive besides "
                                           << "main: acquire before spawning, so that waiting items do not wait "
                                              "as fibers";
}

TEST(ForEachBoundedTest, EveryItemIsDoneWhenItReturns) {
  const auto items = items_up_to(20);
  int processed = 0;
  const std::function<void(int)> process = [&](int) {
    yield_by_waiting();
    ++processed;
  };
  int processed_at_return = -1;
  go::testing::run([&] {
    for_each_bounded_and_wait(items, 3, process);
    processed_at_return = processed;
  });
  EXPECT_EQ(processed_at_return, 20) << "for_each_bounded returned before every item was processed";
}

// ---------------------------------------------------------------------------------------------
// serve

TEST(ServeTest, AnswersEveryRequestWithItsOwnResponse) {
  const ch02::handler handle = [](const std::string& path) { return "page " + path; };
  std::vector<std::string> responses;
  const auto requests = go::make_chan<ch02::request>();
  const auto done = go::make_chan<go::empty>();
  go::wait_group stopped;
  stopped.add(1);
  run_reporting_deadlock(
      [&] {
        go::spawn([&] {
          ch02::serve(requests, done, handle);
          stopped.done();
        });
        for (const char* path : {"/a", "/b", "/c"}) responses.push_back(ask(requests, path));
        done.close();
        stopped.wait();
      },
      "serve must answer each request on its reply channel, and return once done is closed");
  EXPECT_EQ(responses, (std::vector<std::string>{"page /a", "page /b", "page /c"}));
}

TEST(ServeTest, ServesRequestsAtTheSameTime) {
  fiber_latch three_in_flight{3};
  const ch02::handler handle = [&](const std::string& path) {
    three_in_flight.arrive_and_wait();
    return "page " + path;
  };
  std::map<std::string, std::string> responses;
  const auto requests = go::make_chan<ch02::request>();
  const auto done = go::make_chan<go::empty>();
  go::wait_group clients;
  clients.add(3);
  run_reporting_deadlock(
      [&] {
        for (std::string path : {"/a", "/b", "/c"}) {
          go::spawn([&, path] {
            responses[path] = ask(requests, path);
            clients.done();
          });
        }
        go::spawn([&] {
          clients.wait();
          done.close();
        });
        ch02::serve(requests, done, handle);
      },
      "each handler waits until 3 requests are in flight: serve each request in its own fiber");
  EXPECT_EQ(responses, (std::map<std::string, std::string>{{"/a", "page /a"}, {"/b", "page /b"}, {"/c", "page /c"}}));
}

TEST(ServeTest, ReturnsWhenDoneIsClosed) {
  const ch02::handler handle = [](const std::string& path) { return path; };
  const auto requests = go::make_chan<ch02::request>();
  const auto done = go::make_chan<go::empty>();
  run_reporting_deadlock(
      [&] {
        go::spawn([done] { done.close(); });
        ch02::serve(requests, done, handle);
      },
      "serve kept waiting for requests after done was closed: select on done as well");
}

TEST(ServeTest, ReturnsWhenTheRequestsChannelIsClosed) {
  const ch02::handler handle = [](const std::string& path) { return path; };
  const auto requests = go::make_chan<ch02::request>();
  const auto done = go::make_chan<go::empty>();
  run_reporting_deadlock(
      [&] {
        go::spawn([requests] { requests.close(); });
        ch02::serve(requests, done, handle);
      },
      "serve kept going after the requests channel was closed: an empty optional means closed");
}

TEST(ServeTest, AnswersTheRequestInFlightBeforeReturning) {
  const auto handler_may_finish = go::make_chan<go::empty>();
  bool handling = false;
  const ch02::handler handle = [&](const std::string&) {
    handling = true;
    handler_may_finish.recv();
    return std::string{"late page"};
  };
  std::string response;
  const auto requests = go::make_chan<ch02::request>();
  const auto done = go::make_chan<go::empty>();
  bool returned = false;
  go::wait_group finished;
  finished.add(2);
  run_reporting_deadlock(
      [&] {
        go::spawn([&] {
          ch02::serve(requests, done, handle);
          returned = true;
          finished.done();
        });
        go::spawn([&] {
          response = ask(requests, "/slow");
          finished.done();
        });
        yield_until([&] { return handling; });
        done.close();  // shutdown while /slow is in flight
        settle();
        if (returned) {
          fail_because_it_returned_too_early("serve returned while a request was in flight: wait for the "
                                             "handlers (go::wait_group) before returning");
        }
        handler_may_finish.close();
        finished.wait();
        go::testing::expect_no_leaks();
      },
      "a request in flight at shutdown must still be answered");
  EXPECT_EQ(response, "late page");
}
