// select_test.cpp - chapter 03's tests, built against your chapters/ and against solutions/.
//
// One suite per exercise (MonitorTest checks monitor). Nothing here asserts how long something
// took. Timeouts are short (10-20 ms) and only ever raced against a channel that gets no value
// before the call returns, or long (1 h) where they must not fire; periodic work uses 1 ms
// periods and the tests wait for what must happen, however long the machine takes. On one
// worker thread fibers run in a fixed order, so a test sees "blocked" by letting the others run
// until they block (settle). Waiting forever is reported by go::run as go::deadlock;
// a fiber left behind by go::testing::expect_no_leaks.
//
// Two failures go::run cannot unwind, so the tests guard against them: a loop that spins on a
// closed channel never blocks, and a fiber waiting on a boost::fibers::condition_variable is
// invisible to the toolkit. Where a wrong answer could spin, a spin_watchdog thread closes, after
// 2 s, a channel the loop also selects on; the loop ends, and the test fails saying what
// happened. select2 is always given a deadline (5 s where it must not time out), so that a
// missed wake-up ends as a timeout the test reports. A correct answer never gets near either.
//
// What fibers share - channels, results, wait groups - lives outside go::testing::run, which
// returns only after every fiber has ended, so it outlives them all.
#include "select.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace ch03 {

// How GoogleTest prints the chapter's types in a failure message.
void PrintTo(const message& m, std::ostream* out) { *out << (m.urgent ? "urgent \"" : "normal \"") << m.text << '"'; }
void PrintTo(stop_reason reason, std::ostream* out) {
  *out << (reason == stop_reason::done ? "stop_reason::done" : "stop_reason::inputs_closed");
}
void PrintTo(const selected& s, std::ostream* out) {
  *out << "{index " << s.index << ", value ";
  if (s.value) {
    *out << *s.value;
  } else {
    *out << "none";
  }
  *out << '}';
}

}  // namespace ch03

namespace {

using namespace std::chrono_literals;
using ch03::op_status;

// ---------------------------------------------------------------------------------------------
// Helpers

// settle: on one worker thread, lets every other fiber run until it blocks or ends.
void settle() {
  for (int round = 0; round < 100; ++round) go::yield();
}

// run_and_report: go::testing::run(body, options); returns the report of a deadlock, a leak or
// a run timeout, or "" when the run ended normally. Other exceptions (a panic) go on up.
template <class F>
std::string run_and_report(F body, go::run_options options = {}) {
  try {
    go::testing::run(body, options);
  } catch (const go::deadlock& stuck) {
    return stuck.what();
  } catch (const go::fiber_leak& leaked) {
    return leaked.what();
  } catch (const go::run_timeout& late) {
    return late.what();
  }
  return {};
}

// run_with_hint: run_and_report, failing the test with `hint` first when something was reported.
template <class F>
void run_with_hint(F body, std::string_view hint, go::run_options options = {}) {
  const std::string report = run_and_report(body, options);
  if (!report.empty()) ADD_FAILURE() << hint << "\n\ngo::run reported:\n" << report;
}

// spin_watchdog: calls `rescue` from a plain thread unless stop() is called within `patience`
// (see the top of this file). stop() also joins the thread; fired() says whether it rescued.
class spin_watchdog {
 public:
  explicit spin_watchdog(std::function<void()> rescue, std::chrono::milliseconds patience = 2s)
      : thread_{[this, rescue = std::move(rescue), patience] {
          std::unique_lock lock{mutex_};
          if (changed_.wait_for(lock, patience, [this] { return stopped_; })) return;
          fired_ = true;
          lock.unlock();
          rescue();
        }} {}
  ~spin_watchdog() { stop(); }
  spin_watchdog(const spin_watchdog&) = delete;
  spin_watchdog& operator=(const spin_watchdog&) = delete;

  void stop() {
    {
      std::lock_guard lock{mutex_};
      stopped_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  [[nodiscard]] bool fired() const { return fired_.load(); }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopped_ = false;  // guarded by mutex_
  std::atomic<bool> fired_{false};
  std::thread thread_;  // last: it starts once the members above exist
};

// close_quietly: a rescue that closes `signal`, unless the test already has.
std::function<void()> close_quietly(go::chan<go::empty> signal) {
  return [signal] {
    try {
      signal.close();
    } catch (const go::channel_closed&) {
    }
  };
}

// closed_once_drained: whether `ch` is closed, after taking the values still buffered in it;
// never blocks (false for an open channel).
template <class T>
bool closed_once_drained(const go::recv_chan<T>& ch) {
  for (;;) {
    bool got_value = false;
    bool closed = false;
    go::select(go::recv(ch, [&](std::optional<T>&& value) { (value ? got_value : closed) = true; }), go::otherwise());
    if (!got_value) return closed;
  }
}

// filled: a channel with room for `capacity` values, holding `values`.
go::chan<std::string> filled(std::size_t capacity, std::initializer_list<std::string> values) {
  auto ch = go::make_chan<std::string>(capacity);
  for (const std::string& value : values) ch.send(value);
  return ch;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// receive_within

TEST(ReceiveWithinTest, ReturnsAValueThatIsAlreadyThere) {
  op_status status = op_status::empty;
  std::string got;
  go::testing::run([&] { status = ch03::receive_within(filled(1, {"42"}), 1h, got); });
  EXPECT_EQ(status, op_status::success);
  EXPECT_EQ(got, "42");
}

TEST(ReceiveWithinTest, WaitsForAValueSentLater) {
  op_status status = op_status::empty;
  std::string got;
  const auto results = go::make_chan<std::string>();
  run_with_hint(
      [&] {
        go::spawn([results] { results.send("late"); });  // runs once receive_within waits
        status = ch03::receive_within(results, 1h, got);
      },
      "the value came after receive_within had returned: it must wait for one, up to the timeout");
  EXPECT_EQ(status, op_status::success);
  EXPECT_EQ(got, "late");
}

TEST(ReceiveWithinTest, TimesOutWhenNoValueComes) {
  op_status status = op_status::empty;
  std::string got = "untouched";
  run_with_hint(
      [&] {
        const auto silent = go::make_chan<std::string>();  // nobody will ever send on it
        status = ch03::receive_within(silent, 10ms, got);
      },
      "receive_within waited for ever on a channel nobody sends on: select on a timer's channel too");
  EXPECT_EQ(status, op_status::timeout);
  EXPECT_EQ(got, "untouched") << "on a timeout, out must be left as it was";
}

TEST(ReceiveWithinTest, ReportsAClosedChannel) {
  op_status status = op_status::empty;
  std::string got = "untouched";
  go::testing::run([&] {
    const auto results = go::make_chan<std::string>();
    results.close();
    status = ch03::receive_within(results, 1h, got);
  });
  EXPECT_EQ(status, op_status::closed)
      << "a closed channel is ready at once, with nothing in it: take std::optional<std::string> in the recv "
         "handler, and an empty one means closed";
  EXPECT_EQ(got, "untouched");
}

TEST(ReceiveWithinTest, HandsOutWhatAClosedChannelStillHolds) {
  std::vector<op_status> statuses;
  std::string got;
  go::testing::run([&] {
    const auto results = filled(1, {"last"});
    results.close();
    statuses.push_back(ch03::receive_within(results, 1h, got));
    std::string ignored;
    statuses.push_back(ch03::receive_within(results, 1h, ignored));
  });
  EXPECT_EQ(statuses, (std::vector<op_status>{op_status::success, op_status::closed}));
  EXPECT_EQ(got, "last") << "a closed channel hands out its buffered values before it says closed";
}

TEST(ReceiveWithinTest, LosesNoValueAfterATimeout) {
  op_status status = op_status::empty;
  std::optional<std::string> next;
  run_with_hint(
      [&] {
        const auto results = go::make_chan<std::string>(1);
        std::string got;
        status = ch03::receive_within(results, 10ms, got);  // times out
        results.send("next");
        settle();
        next = results.try_recv();  // still there, unless something else received it
      },
      "a fiber started by receive_within was left behind");
  EXPECT_EQ(status, op_status::timeout);
  EXPECT_EQ(next, "next") << "the value sent after the timeout was taken by someone else: receive in the select "
                             "itself - a helper fiber that receives for you goes on receiving after you gave up";
}

TEST(ReceiveWithinTest, WithAContextWaitsForAValue) {
  op_status status = op_status::empty;
  std::string got;
  const auto results = go::make_chan<std::string>();
  run_with_hint(
      [&] {
        go::spawn([results] { results.send("late"); });
        status = ch03::receive_within(go::background(), results, got);  // background never ends
      },
      "receive_within(ctx, ...) returned before the value came: a background context is never done");
  EXPECT_EQ(status, op_status::success);
  EXPECT_EQ(got, "late");
}

TEST(ReceiveWithinTest, WithAContextReturnsCanceledWhenItIsCancelled) {
  op_status status = op_status::empty;
  std::string got = "untouched";
  run_with_hint(
      [&] {
        auto [ctx, cancel] = go::with_cancel(go::background());
        go::spawn([cancel = cancel] { cancel(); });  // runs once receive_within waits
        status = ch03::receive_within(ctx, go::make_chan<std::string>(), got);
      },
      "receive_within(ctx, ...) went on waiting after ctx was cancelled: select on ctx.done() too");
  EXPECT_EQ(status, op_status::canceled);
  EXPECT_EQ(got, "untouched");
}

TEST(ReceiveWithinTest, WithAContextReturnsTimeoutWhenItsDeadlinePasses) {
  op_status status = op_status::empty;
  run_with_hint(
      [&] {
        auto [ctx, cancel] = go::with_timeout(go::background(), 10ms);
        go::defer_cancel cancel_at_end{cancel};
        std::string got;
        status = ch03::receive_within(ctx, go::make_chan<std::string>(), got);
      },
      "receive_within(ctx, ...) went on waiting after ctx's deadline: select on ctx.done() too");
  EXPECT_EQ(status, op_status::timeout) << "a context whose deadline passed reports "
                                           "go::context_error::deadline_exceeded: that is op_status::timeout";
}

TEST(ReceiveWithinTest, WithAContextReportsAClosedChannel) {
  op_status status = op_status::empty;
  go::testing::run([&] {
    const auto results = go::make_chan<std::string>();
    results.close();
    std::string got;
    status = ch03::receive_within(go::background(), results, got);
  });
  EXPECT_EQ(status, op_status::closed);
}

// ---------------------------------------------------------------------------------------------
// try_receive

TEST(TryReceiveTest, TakesOneValueThatIsReady) {
  op_status status = op_status::empty;
  std::string got;
  std::size_t left = 0;
  go::testing::run([&] {
    const auto inbox = filled(2, {"first", "second"});
    status = ch03::try_receive(inbox, got);
    left = inbox.len();
  });
  EXPECT_EQ(status, op_status::success);
  EXPECT_EQ(got, "first");
  EXPECT_EQ(left, 1U) << "one call takes one value";
}

TEST(TryReceiveTest, TakesFromASenderWaitingOnAnUnbufferedChannel) {
  op_status status = op_status::empty;
  std::string got;
  const auto inbox = go::make_chan<std::string>();
  run_with_hint(
      [&] {
        go::spawn([inbox] { inbox.send("offered"); });
        settle();  // the sender now waits in send
        status = ch03::try_receive(inbox, got);
        go::testing::expect_no_leaks();
      },
      "the sender was left waiting");
  EXPECT_EQ(status, op_status::success) << "a sender waiting on an unbuffered channel makes a receive ready";
  EXPECT_EQ(got, "offered");
}

TEST(TryReceiveTest, SaysEmptyAtOnceWhenNothingIsReady) {
  op_status status = op_status::success;
  std::string got = "untouched";
  run_with_hint(
      [&] {
        const auto inbox = go::make_chan<std::string>();  // open, and nobody sends
        status = ch03::try_receive(inbox, got);
      },
      "try_receive waited for a value: it must never block (a select with go::otherwise)");
  EXPECT_EQ(status, op_status::empty);
  EXPECT_EQ(got, "untouched");
}

TEST(TryReceiveTest, SaysClosedForAClosedAndDrainedChannel) {
  op_status status = op_status::success;
  std::string got = "untouched";
  go::testing::run([&] {
    const auto inbox = go::make_chan<std::string>();
    inbox.close();
    status = ch03::try_receive(inbox, got);
  });
  EXPECT_EQ(status, op_status::closed) << "closed is not empty: nothing will ever come. inbox.try_recv() cannot tell "
                                          "the two apart; a select's recv handler taking std::optional can";
  EXPECT_EQ(got, "untouched");
}

TEST(TryReceiveTest, HandsOutWhatAClosedChannelStillHolds) {
  std::vector<op_status> statuses;
  std::string got;
  go::testing::run([&] {
    const auto inbox = filled(1, {"last"});
    inbox.close();
    statuses.push_back(ch03::try_receive(inbox, got));
    std::string ignored;
    statuses.push_back(ch03::try_receive(inbox, ignored));
  });
  EXPECT_EQ(statuses, (std::vector<op_status>{op_status::success, op_status::closed}));
  EXPECT_EQ(got, "last");
}

// ---------------------------------------------------------------------------------------------
// publish_latest

TEST(PublishLatestTest, AddsTheValueWhenThereIsRoom) {
  std::vector<std::string> held;
  go::testing::run([&] {
    const auto box = filled(2, {"a"});
    ch03::publish_latest(box, "b");
    box.close();
    for (std::string value : box) held.push_back(value);
  });
  EXPECT_EQ(held, (std::vector<std::string>{"a", "b"})) << "with room in the box, nothing is dropped";
}

TEST(PublishLatestTest, ReplacesTheOldestValueWhenFull) {
  std::vector<std::string> held;
  run_with_hint(
      [&] {
        const auto box = filled(1, {"stale"});
        ch03::publish_latest(box, "fresh");  // nobody receives: it must not wait
        box.close();
        for (std::string value : box) held.push_back(value);
      },
      "publish_latest waited for room in a full box: it must never block");
  EXPECT_EQ(held, (std::vector<std::string>{"fresh"}))
      << "the newest value must be the one kept: drop the oldest (a non-blocking receive), then send";
}

TEST(PublishLatestTest, KeepsTheNewestValuesOfMany) {
  std::vector<std::string> held;
  run_with_hint(
      [&] {
        const auto box = go::make_chan<std::string>(3);
        for (int i = 1; i <= 10; ++i) ch03::publish_latest(box, std::to_string(i));
        box.close();
        for (std::string value : box) held.push_back(value);
      },
      "publish_latest waited for room in a full box: it must never block");
  EXPECT_EQ(held, (std::vector<std::string>{"8", "9", "10"}));
}

TEST(PublishLatestTest, HandsTheValueToAWaitingReader) {
  std::optional<std::string> read;
  std::size_t left = 99;
  const auto box = go::make_chan<std::string>(1);
  go::wait_group reader;
  reader.add(1);
  run_with_hint(
      [&] {
        go::spawn([&] {
          read = box.recv();
          reader.done();
        });
        settle();  // the reader waits in recv
        ch03::publish_latest(box, "news");
        reader.wait();
        left = box.len();
      },
      "the reader never got the value");
  EXPECT_EQ(read, "news");
  EXPECT_EQ(left, 0U);
}

TEST(PublishLatestTest, NeverBlocksWithFourPublishersOnTwoThreads) {
  std::optional<std::string> kept;
  std::size_t count = 0;
  const auto box = go::make_chan<std::string>(1);
  go::wait_group publishers;
  publishers.add(4);
  run_with_hint(
      [&] {
        for (int p = 0; p < 4; ++p) {
          go::spawn([&, p] {
            for (int i = 0; i < 500; ++i) ch03::publish_latest(box, std::to_string(p) + "-" + std::to_string(i));
            publishers.done();
          });
        }
        publishers.wait();
        count = box.len();
        kept = box.try_recv();
      },
      "a publisher waited for room, and nobody ever reads this box: publish_latest must never block",
      {.threads = 2, .timeout = 5s});
  EXPECT_EQ(count, 1U);
  ASSERT_TRUE(kept.has_value());
  EXPECT_TRUE(kept->ends_with("-499")) << "the box holds " << *kept
                                       << ", but the value published last is the 499th of some publisher";
}

TEST(PublishLatestTest, RejectsAnUnbufferedBox) {
  const auto box = go::make_chan<std::string>();
  spin_watchdog watchdog{[box] { box.close(); }};  // ends the loop of a publish_latest that spins
  go::testing::run([&] {
    EXPECT_THROW(ch03::publish_latest(box, "x"), std::invalid_argument)
        << "an unbuffered channel has no place to free: dropping would never make room";
  });
  watchdog.stop();
  EXPECT_FALSE(watchdog.fired()) << "publish_latest spun on an unbuffered box: check its capacity first";
}

TEST(PublishLatestTest, ThrowsOnAClosedBox) {
  go::testing::run([] {
    const auto box = go::make_chan<std::string>(1);
    box.close();
    EXPECT_THROW(ch03::publish_latest(box, "x"), go::channel_closed) << "a send on a closed channel throws (Go panics)";
  });
}

// ---------------------------------------------------------------------------------------------
// receive_prioritized

TEST(ReceivePrioritizedTest, UrgentMessagesGoFirst) {
  std::vector<ch03::message> received;
  std::vector<ch03::message> expected;
  const auto urgent = go::make_chan<std::string>(20);
  const auto normal = go::make_chan<std::string>(20);
  for (int i = 0; i < 20; ++i) {
    urgent.try_send("u" + std::to_string(i));
    normal.try_send("n" + std::to_string(i));
  }
  for (int i = 0; i < 20; ++i) expected.push_back({"u" + std::to_string(i), true});
  for (int i = 0; i < 20; ++i) expected.push_back({"n" + std::to_string(i), false});
  run_with_hint([&] {
    for (int i = 0; i < 40; ++i) received.push_back(ch03::receive_prioritized(urgent, normal));
  }, "receive_prioritized waited although messages were ready");
  EXPECT_EQ(received, expected) << "with urgent messages waiting, a normal one was taken: one select over both "
                                   "channels chooses at random - first try urgent alone, with a default";
}

TEST(ReceivePrioritizedTest, TakesANormalMessageWhenNoUrgentOneIsWaiting) {
  ch03::message received;
  run_with_hint([&] { received = ch03::receive_prioritized(go::make_chan<std::string>(1), filled(1, {"n"})); },
                "receive_prioritized waited for an urgent message although a normal one was ready");
  EXPECT_EQ(received, (ch03::message{"n", false}));
}

namespace {

// expect_receive_prioritized_waits_for: calls receive_prioritized with nothing ready; a fiber
// then sends on the urgent or the normal channel. Should the call spin instead of waiting, the
// sender never runs: the watchdog sends instead, from a thread, and the test fails.
void expect_receive_prioritized_waits_for(bool urgent_one) {
  const auto urgent = go::make_chan<std::string>(1);
  const auto normal = go::make_chan<std::string>(1);
  const auto target = urgent_one ? urgent : normal;
  ch03::message received;
  spin_watchdog watchdog{[target] { (void)target.try_send("sent by the watchdog"); }};
  run_with_hint(
      [&] {
        go::spawn([target] { target.send("later"); });  // runs once receive_prioritized waits
        received = ch03::receive_prioritized(urgent, normal);
      },
      "receive_prioritized did not wait for the message that came later");
  watchdog.stop();
  EXPECT_FALSE(watchdog.fired()) << "receive_prioritized spun instead of waiting: a loop of selects with defaults "
                                    "never blocks, so the sender never ran. When nothing is ready, block in a "
                                    "select over both channels.";
  EXPECT_EQ(received, (ch03::message{"later", urgent_one}));
}

}  // namespace

TEST(ReceivePrioritizedTest, WaitsForAnUrgentMessage) { expect_receive_prioritized_waits_for(true); }

TEST(ReceivePrioritizedTest, WaitsForANormalMessage) { expect_receive_prioritized_waits_for(false); }

// ---------------------------------------------------------------------------------------------
// collect_metrics

namespace {

// fake_system: probes that count their calls, so that sample n reads n, n, n; and a log.
struct fake_system {
  int cpu_calls = 0;
  int memory_calls = 0;
  int disk_calls = 0;
  std::vector<std::string> log;

  ch03::system_probe probe() {
    return {.cpu_usage = [this] { return double(++cpu_calls); },
            .memory_usage = [this] { return double(++memory_calls); },
            .disk_io = [this] { return double(++disk_calls); }};
  }
  ch03::log_sink logger() {
    return [this](const std::string& line) { log.push_back(line); };
  }
};

// collect_in_background: starts collect_metrics in a fiber that marks `stopped` done.
void collect_in_background(const go::chan<go::empty>& done, go::clock::duration period, fake_system& system,
                           const ch03::monitoring_sink& send, go::wait_group& stopped) {
  go::spawn([&, done, period] {
    ch03::collect_metrics(done, period, system.probe(), send, system.logger());
    stopped.done();
  });
}

}  // namespace

TEST(CollectMetricsTest, SendsOneSampleEveryTick) {
  fake_system system;
  const auto sent = go::make_chan<ch03::metrics>(100);
  const ch03::monitoring_sink send = [&](const ch03::metrics& m) { (void)sent.try_send(m); };
  const auto done = go::make_chan<go::empty>();
  go::wait_group stopped;
  stopped.add(1);
  std::vector<ch03::metrics> first;
  run_with_hint(
      [&] {
        collect_in_background(done, 1ms, system, send, stopped);
        for (int i = 0; i < 3; ++i) first.push_back(sent.recv().value());
        done.close();
        stopped.wait();
      },
      "collect_metrics did not send a sample every tick: a go::ticker, and a select on its channel",
      {.timeout = 3s});
  ASSERT_EQ(first.size(), 3U);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(first[i].cpu, i + 1) << "sample " << i + 1 << ": call each probe exactly once per sample";
    EXPECT_EQ(first[i].memory, i + 1) << "sample " << i + 1 << ": call each probe exactly once per sample";
    EXPECT_EQ(first[i].disk_io, i + 1) << "sample " << i + 1 << ": call each probe exactly once per sample";
  }
  EXPECT_LE(first[0].time, first[1].time);
  EXPECT_LE(first[1].time, first[2].time);
}

TEST(CollectMetricsTest, StopsWhenDoneIsClosedWithoutWaitingForATick) {
  fake_system system;
  int samples = 0;
  const ch03::monitoring_sink send = [&](const ch03::metrics&) { ++samples; };
  const auto done = go::make_chan<go::empty>();
  go::wait_group stopped;
  stopped.add(1);
  run_with_hint(
      [&] {
        collect_in_background(done, 1h, system, send, stopped);
        settle();  // the collector waits for its first tick, an hour away
        done.close();
        stopped.wait();
      },
      "collect_metrics did not return when done was closed: wait for the tick and for done in one select "
      "(a go::sleep(period) does not wake up for done)",
      {.timeout = 3s});
  EXPECT_EQ(samples, 0) << "the first sample is taken at the first tick, one period after the start";
  EXPECT_EQ(system.log, (std::vector<std::string>{"Stopping metrics collection"}));
}

TEST(CollectMetricsTest, LogsAFailedSendAndGoesOn) {
  fake_system system;
  const auto sent = go::make_chan<ch03::metrics>(100);
  int attempts = 0;
  const ch03::monitoring_sink send = [&](const ch03::metrics& m) {
    if (++attempts == 1) throw std::runtime_error{"monitoring is down"};
    (void)sent.try_send(m);
  };
  const auto done = go::make_chan<go::empty>();
  go::wait_group stopped;
  stopped.add(1);
  std::vector<double> cpu_sent;
  try {
    run_with_hint(
        [&] {
          collect_in_background(done, 1ms, system, send, stopped);
          for (int i = 0; i < 2; ++i) cpu_sent.push_back(sent.recv().value().cpu);
          done.close();
          stopped.wait();
        },
        "collect_metrics stopped sending after a failed send: log the failure and go on", {.timeout = 3s});
  } catch (const std::runtime_error& escaped) {
    FAIL() << "the send's exception (" << escaped.what() << ") escaped collect_metrics and ended the run, like a "
           << "panic: catch it (go::recover) and log it";
  }
  EXPECT_EQ(cpu_sent, (std::vector<double>{2, 3})) << "the samples after the failed one are sent";
  ASSERT_FALSE(system.log.empty());
  EXPECT_EQ(system.log.front(), "Failed to send metrics: monitoring is down");
  EXPECT_EQ(system.log.back(), "Stopping metrics collection");
}

// ---------------------------------------------------------------------------------------------
// monitor

namespace {

// monitor_log: what the handlers saw. An empty message is one nobody sent: the zero value a
// closed channel hands out in Go. The handlers throw on it, which ends the run like a panic.
struct monitor_log {
  std::vector<std::string> data;
  std::vector<std::string> errors;
  int cleanups = 0;

  ch03::monitor_handlers handlers() {
    const auto never_empty = [](const std::string& text, const char* handler) {
      if (text.empty()) {
        throw std::logic_error{std::string{handler} + " was called with an empty message, which nobody sent: "
                               "a closed channel's case must not reach the handlers"};
      }
    };
    return {.process_data = [this, never_empty](const std::string& d) {
              never_empty(d, "process_data");
              data.push_back(d);
            },
            .handle_error = [this, never_empty](const std::string& e) {
              never_empty(e, "handle_error");
              errors.push_back(e);
            },
            .cleanup = [this] { ++cleanups; }};
  }
};

// monitored: the channels of one monitor test, the monitor's result, and the wait for it.
struct monitored {
  go::chan<std::string> data = go::make_chan<std::string>();
  go::chan<std::string> errors = go::make_chan<std::string>();
  go::chan<go::empty> done = go::make_chan<go::empty>();
  monitor_log log;
  std::optional<ch03::stop_reason> stopped_because;
  go::wait_group running;

  // start: runs ch03::monitor in a fiber of its own.
  void start() {
    running.add(1);
    go::spawn([this] {
      stopped_because = ch03::monitor(data, errors, done, log.handlers());
      running.done();
    });
  }
};

constexpr std::string_view spin_explained =
    "monitor kept selecting on a closed channel - it returned only when the watchdog closed done, 2 s later. A "
    "closed channel is always ready, so its case fires again and again: a busy loop, and on a worker thread "
    "nothing else runs. Set your copy of a closed channel to nil (go::recv_chan<std::string>{}): a nil channel "
    "is never ready.";

}  // namespace

TEST(MonitorTest, HandsEachMessageToItsHandlerInOrder) {
  monitored m;
  run_with_hint(
      [&] {
        m.start();
        m.data.send("d1");
        m.errors.send("e1");
        m.data.send("d2");
        m.errors.send("e2");
        m.done.close();
        m.running.wait();
      },
      "monitor did not take every message: a for-select loop with one case per channel");
  EXPECT_EQ(m.log.data, (std::vector<std::string>{"d1", "d2"}));
  EXPECT_EQ(m.log.errors, (std::vector<std::string>{"e1", "e2"}));
}

TEST(MonitorTest, StopsWhenDoneIsClosedAndCleansUpOnce) {
  monitored m;
  run_with_hint(
      [&] {
        m.start();
        m.done.close();
        m.running.wait();
      },
      "monitor went on waiting after done was closed: select on done as well");
  EXPECT_EQ(m.stopped_because, ch03::stop_reason::done);
  EXPECT_EQ(m.log.cleanups, 1) << "cleanup() runs once, before monitor returns";
}

TEST(MonitorTest, KeepsHandlingErrorsAfterDataIsClosed) {
  monitored m;
  spin_watchdog watchdog{close_quietly(m.done)};
  const std::string report = run_and_report([&] {
    m.start();
    m.data.close();  // no more data; errors go on
    m.errors.send("e1");
    m.errors.send("e2");
    m.errors.close();
    m.running.wait();
  });
  watchdog.stop();
  if (watchdog.fired()) {
    ADD_FAILURE() << spin_explained;
  } else if (!report.empty()) {
    ADD_FAILURE() << "monitor stopped listening to errors when data was closed: a closed input only means that "
                     "no more data will come\n\ngo::run reported:\n"
                  << report;
  }
  EXPECT_EQ(m.log.errors, (std::vector<std::string>{"e1", "e2"}));
  EXPECT_EQ(m.stopped_because, ch03::stop_reason::inputs_closed);
  EXPECT_EQ(m.log.cleanups, 1);
}

TEST(MonitorTest, KeepsHandlingDataAfterErrorsAreClosed) {
  monitored m;
  spin_watchdog watchdog{close_quietly(m.done)};
  const std::string report = run_and_report([&] {
    m.start();
    m.errors.close();
    m.data.send("d1");
    m.data.send("d2");
    m.data.close();
    m.running.wait();
  });
  watchdog.stop();
  if (watchdog.fired()) {
    ADD_FAILURE() << spin_explained;
  } else if (!report.empty()) {
    ADD_FAILURE() << "monitor stopped listening to data when errors was closed\n\ngo::run reported:\n" << report;
  }
  EXPECT_EQ(m.log.data, (std::vector<std::string>{"d1", "d2"}));
  EXPECT_EQ(m.stopped_because, ch03::stop_reason::inputs_closed);
}

TEST(MonitorTest, ReturnsOnceBothInputsAreClosedAndDrained) {
  monitored m;
  m.data = filled(2, {"d1", "d2"});
  m.errors = filled(1, {"e1"});
  m.data.close();
  m.errors.close();
  spin_watchdog watchdog{close_quietly(m.done)};
  const std::string report = run_and_report([&] {
    m.start();
    m.running.wait();
  });
  watchdog.stop();
  EXPECT_FALSE(watchdog.fired()) << spin_explained;
  EXPECT_EQ(report, "");
  EXPECT_EQ(m.log.data, (std::vector<std::string>{"d1", "d2"})) << "a closed channel still hands out its buffer";
  EXPECT_EQ(m.log.errors, (std::vector<std::string>{"e1"}));
  EXPECT_EQ(m.stopped_because, ch03::stop_reason::inputs_closed);
  EXPECT_EQ(m.log.cleanups, 1);
}

// ---------------------------------------------------------------------------------------------
// work_with_heartbeat

namespace {

constexpr std::string_view pulse_hint =
    "no pulse came: the worker must select on its ticker while it waits for a job and while it waits for its "
    "result to be taken";

}  // namespace

TEST(WorkWithHeartbeatTest, ReturnsEveryResultThenClosesBothChannels) {
  const auto done = go::make_chan<go::empty>();
  const auto jobs = go::make_chan<int>(5);
  for (int job = 1; job <= 5; ++job) jobs.send(job);
  jobs.close();
  std::vector<int> results;
  bool heartbeat_closed = false;
  spin_watchdog watchdog{close_quietly(done)};
  const std::string report = run_and_report([&] {
    const ch03::worker_channels worker = ch03::work_with_heartbeat(done, jobs, 1h, [](int job) { return job * 10; });
    for (int result : worker.results) results.push_back(result);
    heartbeat_closed = !worker.heartbeat.recv().has_value();
  });
  watchdog.stop();
  if (watchdog.fired()) {
    ADD_FAILURE() << "the worker kept selecting on the closed jobs channel until the watchdog closed done, 2 s "
                     "later: a closed channel is always ready. When jobs is closed and drained, stop.";
  } else if (!report.empty()) {
    ADD_FAILURE() << "ranging over results waited for ever: when the worker stops, it closes results and "
                     "heartbeat\n\ngo::run reported:\n"
                  << report;
  }
  EXPECT_EQ(results, (std::vector<int>{10, 20, 30, 40, 50}));
  EXPECT_TRUE(heartbeat_closed) << "the heartbeat channel must be closed too";
}

TEST(WorkWithHeartbeatTest, PulsesWhileWaitingForAJob) {
  int pulses = 0;
  bool both_closed = false;
  run_with_hint(
      [&] {
        const auto done = go::make_chan<go::empty>();
        const auto jobs = go::make_chan<int>();  // no job ever comes
        const auto worker = ch03::work_with_heartbeat(done, jobs, 1ms, [](int job) { return job; });
        while (pulses < 3 && worker.heartbeat.recv()) ++pulses;
        done.close();
        go::testing::expect_no_leaks();
        both_closed = closed_once_drained(worker.heartbeat) && closed_once_drained(worker.results);
      },
      pulse_hint, {.timeout = 3s});
  EXPECT_EQ(pulses, 3);
  EXPECT_TRUE(both_closed) << "closing done stops the worker, which closes both channels";
}

TEST(WorkWithHeartbeatTest, PulsesWhileNobodyTakesItsResult) {
  int pulses = 0;
  std::optional<int> result;
  run_with_hint(
      [&] {
        const auto done = go::make_chan<go::empty>();
        const auto jobs = go::make_chan<int>();
        const auto worker = ch03::work_with_heartbeat(done, jobs, 1ms, [](int job) { return job * 10; });
        jobs.send(7);  // unbuffered: returns once the worker has the job
        // Pulses from now on come while the result waits (one from before may still be buffered).
        while (pulses < 4 && worker.heartbeat.recv()) ++pulses;
        result = worker.results.recv();
        done.close();
        go::testing::expect_no_leaks();
      },
      pulse_hint, {.timeout = 3s});
  EXPECT_EQ(pulses, 4);
  EXPECT_EQ(result, 70);
}

TEST(WorkWithHeartbeatTest, DoesItsJobsWhenNobodyListensForPulses) {
  std::vector<int> results;
  const auto done = go::make_chan<go::empty>();
  spin_watchdog watchdog{close_quietly(done)};  // ends a worker that spins on the closed jobs channel
  run_with_hint(
      [&] {
        const auto jobs = go::make_chan<int>(10);
        for (int job = 1; job <= 10; ++job) jobs.send(job);
        jobs.close();
        const auto slow_work = [](int job) {
          go::sleep(2ms);  // a pulse is due while the worker works: nobody takes it
          return job * 10;
        };
        const auto worker = ch03::work_with_heartbeat(done, jobs, 1ms, slow_work);
        for (int result : worker.results) results.push_back(result);  // nobody reads the heartbeat
      },
      "the worker got stuck sending a pulse nobody takes: a pulse is a non-blocking send (go::otherwise)",
      {.timeout = 3s});
  watchdog.stop();
  EXPECT_FALSE(watchdog.fired()) << "the worker kept selecting on the closed jobs channel: stop when it is closed";
  EXPECT_EQ(results, (std::vector<int>{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}));
}

TEST(WorkWithHeartbeatTest, StopsWhenDoneIsClosedWhileWaitingForAJob) {
  bool both_closed = false;
  run_with_hint(
      [&] {
        const auto done = go::make_chan<go::empty>();
        const auto jobs = go::make_chan<int>();
        const auto worker = ch03::work_with_heartbeat(done, jobs, 1h, [](int job) { return job; });
        settle();  // the worker waits for a job
        done.close();
        go::testing::expect_no_leaks();
        both_closed = closed_once_drained(worker.heartbeat) && closed_once_drained(worker.results);
      },
      "the worker did not stop when done was closed", {.timeout = 3s});
  EXPECT_TRUE(both_closed) << "a worker that stops closes results and heartbeat";
}

TEST(WorkWithHeartbeatTest, StopsWhenDoneIsClosedWhileItsResultWaits) {
  bool both_closed = false;
  run_with_hint(
      [&] {
        const auto done = go::make_chan<go::empty>();
        const auto jobs = go::make_chan<int>();
        const auto worker = ch03::work_with_heartbeat(done, jobs, 1h, [](int job) { return job; });
        jobs.send(1);
        settle();  // the worker waits for someone to take its result; nobody will
        done.close();
        go::testing::expect_no_leaks();
        both_closed = closed_once_drained(worker.heartbeat) && closed_once_drained(worker.results);
      },
      "the worker did not stop when done was closed while it waited to deliver a result: select on done there "
      "too",
      {.timeout = 3s});
  EXPECT_TRUE(both_closed);
}

// ---------------------------------------------------------------------------------------------
// hedged_request

namespace {

struct primary_down : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct backup_down : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// asked_log: which replicas were asked, in order (one worker thread: no lock needed).
using asked_log = std::vector<int>;

// answering: a replica that answers `text` at once.
ch03::replica answering(int id, std::string text, asked_log& asked) {
  return [id, text = std::move(text), &asked](const go::context&, const std::string&) {
    asked.push_back(id);
    return text;
  };
}

// failing: a replica that fails at once with `E`.
template <class E>
ch03::replica failing(int id, std::string why, asked_log& asked) {
  return [id, why = std::move(why), &asked](const go::context&, const std::string&) -> std::string {
    asked.push_back(id);
    throw E{why};
  };
}

// silent_until: a replica that ignores its context and answers "late" once `release` is closed.
ch03::replica silent_until(int id, go::chan<go::empty> release, asked_log& asked) {
  return [id, release, &asked](const go::context&, const std::string&) {
    asked.push_back(id);
    release.recv();
    return std::string{"late"};
  };
}

// giving_up_when_done: a well-behaved replica that never answers: it waits until its context
// ends, then throws the context's error. `saw` records that error.
ch03::replica giving_up_when_done(int id, asked_log& asked, std::error_code* saw = nullptr) {
  return [id, &asked, saw](const go::context& ctx, const std::string&) -> std::string {
    asked.push_back(id);
    ctx.done().recv();
    if (saw != nullptr) *saw = ctx.err();
    throw std::system_error{ctx.err()};
  };
}

using go::testing::thrown_code;

}  // namespace

TEST(HedgedRequestTest, AsksOnlyThePrimaryWhenItAnswersInTime) {
  asked_log asked;
  const std::vector<ch03::replica> replicas{answering(0, "primary", asked), answering(1, "backup", asked)};
  std::string answer;
  go::testing::run([&] { answer = ch03::hedged_request(go::background(), "q", replicas, 1h); });
  EXPECT_EQ(answer, "primary");
  EXPECT_EQ(asked, (asked_log{0})) << "the backup is asked only when the primary is late or fails";
}

TEST(HedgedRequestTest, HedgesToTheBackupWhenThePrimaryIsSilent) {
  asked_log asked;
  const auto release = go::make_chan<go::empty>();
  const std::vector<ch03::replica> replicas{silent_until(0, release, asked), answering(1, "backup", asked)};
  std::string answer;
  run_with_hint(
      [&] {
        answer = ch03::hedged_request(go::background(), "q", replicas, 1ms);
        release.close();
      },
      "the backup was never asked while the primary stayed silent: select on a hedge timer too");
  EXPECT_EQ(answer, "backup");
  EXPECT_EQ(asked, (asked_log{0, 1}));
}

TEST(HedgedRequestTest, AFailureHedgesAtOnce) {
  asked_log asked;
  const std::vector<ch03::replica> replicas{failing<primary_down>(0, "primary is down", asked),
                                            answering(1, "backup", asked)};
  std::string answer;
  run_with_hint([&] { answer = ch03::hedged_request(go::background(), "q", replicas, 1h); },
                "after the primary failed, the backup was not asked at once (the hedge delay here is 1 h): a "
                "failure is a reason to ask the next replica now",
                {.timeout = 3s});
  EXPECT_EQ(answer, "backup");
}

TEST(HedgedRequestTest, RethrowsTheFirstFailureWhenAllFail) {
  asked_log asked;
  const std::vector<ch03::replica> replicas{failing<primary_down>(0, "primary is down", asked),
                                            failing<backup_down>(1, "backup is down", asked)};
  run_with_hint(
      [&] {
        EXPECT_THROW((void)ch03::hedged_request(go::background(), "q", replicas, 1h), primary_down)
            << "with every replica failed, the first failure comes out, unchanged";
      },
      "hedged_request went on waiting after every replica had failed", {.timeout = 3s});
  EXPECT_EQ(asked, (asked_log{0, 1}));
}

TEST(HedgedRequestTest, AsksEachReplicaOnce) {
  asked_log asked;
  const std::vector<ch03::replica> replicas{giving_up_when_done(0, asked), giving_up_when_done(1, asked),
                                            giving_up_when_done(2, asked)};
  std::error_code error;
  run_with_hint(
      [&] {
        auto [ctx, cancel] = go::with_cancel(go::background());
        go::defer_cancel cancel_at_end{cancel};
        go::spawn([&asked, cancel = cancel] {
          while (asked.size() < 3) go::sleep(1ms);  // until the third replica is asked
          go::sleep(5ms);                           // a few more hedge delays pass
          cancel();
        });
        error = thrown_code([&] { (void)ch03::hedged_request(ctx, "q", replicas, 1ms); });
      },
      "hedged_request did not end when the caller cancelled");
  EXPECT_EQ(asked, (asked_log{0, 1, 2})) << "each replica is asked once, in order - after the last one, the "
                                            "hedge timer's case must be switched off (a nil channel)";
  EXPECT_EQ(error, go::context_error::canceled);
}

// The replicas of the next two tests ignore their context, so that only hedged_request itself
// can notice that the caller's context has ended.

TEST(HedgedRequestTest, GivesUpAtTheCallersDeadline) {
  asked_log asked;
  const auto release = go::make_chan<go::empty>();
  const std::vector<ch03::replica> replicas{silent_until(0, release, asked), silent_until(1, release, asked)};
  std::error_code error;
  run_with_hint(
      [&] {
        auto [ctx, cancel] = go::with_timeout(go::background(), 20ms);
        go::defer_cancel cancel_at_end{cancel};
        error = thrown_code([&] { (void)ch03::hedged_request(ctx, "q", replicas, 1ms); });
        release.close();
      },
      "hedged_request went on waiting after the caller's deadline: select on ctx.done()", {.timeout = 3s});
  EXPECT_EQ(error, go::context_error::deadline_exceeded) << "throw std::system_error{ctx.err()}";
}

TEST(HedgedRequestTest, StopsWhenTheCallerCancels) {
  asked_log asked;
  const auto release = go::make_chan<go::empty>();
  const std::vector<ch03::replica> replicas{silent_until(0, release, asked), silent_until(1, release, asked)};
  std::error_code error;
  run_with_hint(
      [&] {
        auto [ctx, cancel] = go::with_cancel(go::background());
        go::defer_cancel cancel_at_end{cancel};
        go::spawn([cancel = cancel] { cancel(); });  // runs once hedged_request waits
        error = thrown_code([&] { (void)ch03::hedged_request(ctx, "q", replicas, 1h); });
        release.close();
      },
      "hedged_request went on waiting after the caller cancelled: select on ctx.done()", {.timeout = 3s});
  EXPECT_EQ(error, go::context_error::canceled) << "throw std::system_error{ctx.err()}";
}

TEST(HedgedRequestTest, CancelsTheLosersWhenItReturns) {
  asked_log asked;
  std::error_code primary_saw;
  const std::vector<ch03::replica> replicas{giving_up_when_done(0, asked, &primary_saw),
                                            answering(1, "backup", asked)};
  std::string answer;
  run_with_hint(
      [&] {
        answer = ch03::hedged_request(go::background(), "q", replicas, 1ms);
        go::testing::expect_no_leaks();
      },
      "the primary still waits for its context to end: ask the replicas with a child context "
      "(go::with_cancel(ctx)) and cancel it when you return (go::defer_cancel)");
  EXPECT_EQ(answer, "backup");
  EXPECT_EQ(primary_saw, go::context_error::canceled);
}

TEST(HedgedRequestTest, ALateAnswerDoesNotBlock) {
  asked_log asked;
  const auto release = go::make_chan<go::empty>();
  const std::vector<ch03::replica> replicas{silent_until(0, release, asked), answering(1, "backup", asked)};
  std::string answer;
  run_with_hint(
      [&] {
        answer = ch03::hedged_request(go::background(), "q", replicas, 1ms);
        release.close();  // the primary answers now, long after the request was answered
        go::testing::expect_no_leaks();
      },
      "the primary's late answer is stuck: nobody receives it any more. Give the replies channel room for "
      "every replica");
  EXPECT_EQ(answer, "backup");
}

TEST(HedgedRequestTest, NeedsAtLeastOneReplica) {
  go::testing::run([] {
    EXPECT_THROW((void)ch03::hedged_request(go::background(), "q", {}, 1ms), std::invalid_argument);
  });
}

// ---------------------------------------------------------------------------------------------
// select2

namespace {

constexpr auto forever = 5s;  // a select2 deadline that a correct answer never reaches

// in_a_while: the deadline for a select2 that must not time out.
go::clock::time_point in_a_while() { return go::clock::now() + forever; }

constexpr std::string_view lost_wake_up =
    "select2 waited until its deadline, 5 s, although a channel had become ready: a lost wake-up. Subscribe the "
    "waker before you poll, and wait on it with a predicate (the notified flag)";

// waiting_select: runs select2(a, b) in a fiber; done() tells when it has returned.
class waiting_select {
 public:
  waiting_select(ch03::cv_chan& a, ch03::cv_chan& b) {
    finished_.add(1);
    go::spawn([this, &a, &b] {
      result_ = ch03::select2(a, b, in_a_while());
      returned_ = true;
      finished_.done();
    });
  }
  [[nodiscard]] bool returned() const { return returned_; }
  ch03::selected wait() {
    finished_.wait();
    return result_;
  }

 private:
  go::wait_group finished_;
  bool returned_ = false;
  ch03::selected result_;
};

}  // namespace

TEST(Select2Test, ReturnsTheChannelThatIsReady) {
  ch03::cv_chan a{4};
  ch03::cv_chan b{4};
  std::vector<ch03::selected> got;
  go::testing::run([&] {
    a.send(1);
    got.push_back(ch03::select2(a, b, in_a_while()));
    b.send(2);
    got.push_back(ch03::select2(a, b, in_a_while()));
  });
  EXPECT_EQ(got, (std::vector<ch03::selected>{{0, 1}, {1, 2}}));
}

TEST(Select2Test, AClosedChannelIsReady) {
  ch03::cv_chan a{4};
  ch03::cv_chan b{4};
  ch03::selected got;
  go::testing::run([&] {
    b.close();
    got = ch03::select2(a, b, in_a_while());
  });
  EXPECT_EQ(got, (ch03::selected{1, std::nullopt})) << "a closed, drained channel is ready, with no value";
}

TEST(Select2Test, ChoosesAtRandomWhenBothAreReady) {
  constexpr int rounds = 2'000;
  ch03::cv_chan a{1};
  ch03::cv_chan b{1};
  int wins[2] = {0, 0};
  go::testing::run([&] {
    a.send(0);
    b.send(1);
    for (int round = 0; round < rounds; ++round) {
      const ch03::selected got = ch03::select2(a, b, in_a_while());
      ASSERT_TRUE(got.index == 0 || got.index == 1) << "both channels were ready";
      ++wins[got.index];
      (got.index == 0 ? a : b).send(got.index);  // refill: both stay ready
    }
  });
  // A fair coin lands within 40-60% of 2,000 throws but for once in 10^18.
  EXPECT_GE(wins[0], rounds * 40 / 100) << "a won " << wins[0] << " of " << rounds
                                        << " rounds: poll the two channels in a random order, not always a first";
  EXPECT_LE(wins[0], rounds * 60 / 100) << "a won " << wins[0] << " of " << rounds
                                        << " rounds: poll the two channels in a random order, not always b first";
}

TEST(Select2Test, WakesUpWhenAValueIsSentLater) {
  ch03::cv_chan a{4};
  ch03::cv_chan b{4};
  ch03::selected got;
  bool returned_early = true;
  go::testing::run([&] {
    waiting_select selecting{a, b};
    settle();
    returned_early = selecting.returned();
    b.send(5);
    got = selecting.wait();
  });
  EXPECT_FALSE(returned_early) << "select2 returned while neither channel was ready: it must wait";
  ASSERT_NE(got.index, -1) << lost_wake_up;
  EXPECT_EQ(got, (ch03::selected{1, 5}));
}

TEST(Select2Test, WakesUpWhenAChannelIsClosed) {
  ch03::cv_chan a{4};
  ch03::cv_chan b{4};
  ch03::selected got;
  go::testing::run([&] {
    waiting_select selecting{a, b};
    settle();
    a.close();
    got = selecting.wait();
  });
  ASSERT_NE(got.index, -1) << lost_wake_up;
  EXPECT_EQ(got, (ch03::selected{0, std::nullopt}));
}

TEST(Select2Test, WaitsAgainWhenAnotherSelectTookTheValue) {
  ch03::cv_chan a{4};
  ch03::cv_chan b{4};
  int returned_after_one_value = -1;
  std::vector<int> values;
  go::testing::run([&] {
    waiting_select first{a, b};
    waiting_select second{a, b};
    settle();       // both wait
    a.send(1);      // wakes both; only one can have the value
    settle();
    returned_after_one_value = int{first.returned()} + int{second.returned()};
    b.send(2);
    for (waiting_select* selecting : {&first, &second}) {
      const ch03::selected got = selecting->wait();
      if (got.value) values.push_back(*got.value);
    }
  });
  EXPECT_EQ(returned_after_one_value, 1) << "one value was sent, so one select2 returns; the other was woken too, "
                                            "found nothing, and must wait again (poll after every wake-up)";
  std::sort(values.begin(), values.end());
  EXPECT_EQ(values, (std::vector<int>{1, 2}));
}

TEST(Select2Test, ReturnsWhenTheDeadlinePasses) {
  ch03::cv_chan a{4};
  ch03::cv_chan b{4};
  ch03::selected got{99, std::nullopt};
  spin_watchdog watchdog{[&a] { a.close(); }};  // wakes a select2 that ignores its deadline
  go::testing::run([&] { got = ch03::select2(a, b, go::clock::now() + 10ms); });
  watchdog.stop();
  EXPECT_FALSE(watchdog.fired()) << "select2 was still waiting 2 s after its 10 ms deadline: wait with "
                                    "wait_until(lock, deadline, predicate)";
  EXPECT_EQ(got, (ch03::selected{-1, std::nullopt}));
}

TEST(Select2Test, DoesNotPollWhileItWaits) {
  ch03::cv_chan a{4};
  ch03::cv_chan b{4};
  long polls_while_waiting = -1;
  go::testing::run([&] {
    waiting_select selecting{a, b};
    settle();
    const long before = a.polls() + b.polls();
    settle();
    go::sleep(10ms);
    polls_while_waiting = a.polls() + b.polls() - before;
    a.send(1);
    (void)selecting.wait();
  });
  EXPECT_EQ(polls_while_waiting, 0) << "select2 polled " << polls_while_waiting << " times while nothing "
                                    << "happened: a busy loop. Sleep on the waker's condition variable until a "
                                    << "channel notifies it";
}

TEST(Select2Test, LeavesNoSubscriptionBehind) {
  ch03::cv_chan a{4};
  ch03::cv_chan b{4};
  std::vector<std::size_t> left;
  go::testing::run([&] {
    a.send(1);
    (void)ch03::select2(a, b, in_a_while());  // a value
    left.push_back(a.subscribers() + b.subscribers());
    b.close();
    (void)ch03::select2(a, b, in_a_while());  // a close
    left.push_back(a.subscribers() + b.subscribers());
  });
  EXPECT_EQ(left, (std::vector<std::size_t>{0, 0}))
      << "a waker left subscribed lives on select2's stack: the next send would notify a dead object. "
         "Keep each subscription a local variable of select2, so that leaving select2 ends it";
}

TEST(Select2Test, PassesEveryValueOnceOnTwoThreads) {
  constexpr int per_channel = 1'000;
  constexpr int total = 2 * per_channel;
  // Room for every value: a sender blocked in cv_chan::send waits on a boost condition variable,
  // which go::run could not unwind if the selects failed.
  ch03::cv_chan a{per_channel};
  ch03::cv_chan b{per_channel};
  std::vector<std::atomic<int>> times_received(total);
  std::atomic<int> received{0};
  std::atomic<int> timeouts{0};
  const auto all_received = go::make_chan<go::empty>();
  go::wait_group finished;
  finished.add(2);
  // The channels stay open until every value has been received - a closed channel is always
  // ready, and a select over it would never wait again. Then main closes them, which wakes the
  // selects still waiting, and each returns at its first `closed`.
  const std::string report = run_and_report(
      [&] {
        const auto send_all = [](ch03::cv_chan& ch, int first) {
          for (int v = first; v < first + per_channel; ++v) {
            ch.send(v);
            if (v % 8 == 0) go::yield();  // let the selects in, so that they often find nothing and wait
          }
        };
        go::spawn([&] { send_all(a, 0); });
        go::spawn([&] { send_all(b, per_channel); });
        for (int selector = 0; selector < 2; ++selector) {
          go::spawn([&] {
            for (;;) {
              const ch03::selected got = ch03::select2(a, b, in_a_while());
              if (got.index < 0) ++timeouts;
              if (!got.value) break;  // closed by main, or timed out
              ++times_received.at(static_cast<std::size_t>(*got.value));
              if (++received == total) all_received.close();
            }
            finished.done();
          });
        }
        all_received.recv();
        a.close();
        b.close();
        finished.wait();
      },
      {.threads = 2});
  EXPECT_EQ(report, "") << "not every value was received";
  EXPECT_EQ(timeouts.load(), 0) << lost_wake_up;
  std::vector<int> wrong;
  for (int v = 0; v < total; ++v) {
    if (times_received[v].load() != 1) wrong.push_back(v);
  }
  EXPECT_EQ(wrong, std::vector<int>{}) << "these values were received zero times or more than once";
}
