// select.cpp - reference solutions to chapter 03's exercises (statements in select.hpp).
#include "select.hpp"

#include <array>
#include <exception>
#include <optional>
#include <random>
#include <stdexcept>
#include <system_error>
#include <utility>

#include <go/go.hpp>

namespace ch03 {

namespace {

// received_into: a recv handler that stores what a select received, as an op_status.
auto received_into(op_status& status, std::string& out) {
  return [&status, &out](std::optional<std::string>&& value) {
    if (value) out = std::move(*value);
    status = value ? op_status::success : op_status::closed;
  };
}

// what_of: an exception's what(), for a log line (Go's %v of an error).
std::string what_of(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

}  // namespace

op_status receive_within(go::recv_chan<std::string> in, go::clock::duration timeout, std::string& out) {
  op_status status = op_status::timeout;
  // A go::timer rather than go::after: its destructor stops it, so a call that gets its value in
  // a microsecond leaves no timer pending for the rest of `timeout`.
  go::timer deadline{timeout};
  go::select(go::recv(in, received_into(status, out)), go::recv(deadline.c()));
  return status;
}

op_status receive_within(const go::context& ctx, go::recv_chan<std::string> in, std::string& out) {
  op_status status = op_status::success;
  go::select(go::recv(in, received_into(status, out)), go::recv(ctx.done(), [&] {
               status = ctx.err() == go::context_error::deadline_exceeded ? op_status::timeout : op_status::canceled;
             }));
  return status;
}

op_status try_receive(go::recv_chan<std::string> in, std::string& out) {
  op_status status = op_status::empty;  // stays so when the default runs
  go::select(go::recv(in, received_into(status, out)), go::otherwise());
  return status;
}

void publish_latest(const go::chan<std::string>& box, std::string value) {
  if (box.cap() == 0) throw std::invalid_argument{"publish_latest needs a buffered channel"};
  for (;;) {
    bool sent = false;
    // The send case gets a copy: if the box is full, this attempt's copy is simply dropped.
    go::select(go::send(box, value, [&] { sent = true; }), go::otherwise());
    if (sent) return;
    // Full: drop the oldest value. The default covers a reader that emptied the box meanwhile.
    go::select(go::recv(box), go::otherwise());
  }
}

message receive_prioritized(go::recv_chan<std::string> urgent, go::recv_chan<std::string> normal) {
  message received;
  const auto take = [&received](bool from_urgent) {
    return [&received, from_urgent](std::optional<std::string>&& text) {
      received = {std::move(text).value(), from_urgent};  // value(): a closed channel breaks the precondition
    };
  };
  // An urgent message that is ready now goes first; a select over both would pick at random.
  if (go::select(go::recv(urgent, take(true)), go::otherwise()) == 0) return received;
  // Nothing urgent yet: wait for whichever comes first.
  go::select(go::recv(urgent, take(true)), go::recv(normal, take(false)));
  return received;
}

void collect_metrics(go::recv_chan<go::empty> done, go::clock::duration period, const system_probe& probe,
                     const monitoring_sink& send, const log_sink& log) {
  go::ticker ticker{period};  // its destructor stops it: Go's `defer ticker.Stop()`
  for (;;) {
    bool stopping = false;
    go::select(go::recv(done, [&] { stopping = true; }), go::recv(ticker.c(), [&] {
                 const metrics sample{.cpu = probe.cpu_usage(),
                                      .memory = probe.memory_usage(),
                                      .disk_io = probe.disk_io(),
                                      .time = go::clock::now()};
                 // Go returns an error; here the sink throws. go::recover, not catch (...): it lets
                 // the toolkit's own unwinding of a torn-down run through.
                 if (const std::exception_ptr failure = go::recover([&] { send(sample); })) {
                   log("Failed to send metrics: " + what_of(failure));
                 }
               }));
    if (stopping) {
      log("Stopping metrics collection");
      return;
    }
  }
}

stop_reason monitor(go::recv_chan<std::string> data, go::recv_chan<std::string> errors,
                    go::recv_chan<go::empty> done, const monitor_handlers& handlers) {
  // When an input closes, its copy here becomes nil: a case on a nil channel is never ready,
  // while a closed channel is ready every time (with nothing in it).
  const auto handle_with = [](go::recv_chan<std::string>& input, const std::function<void(const std::string&)>& handle) {
    return go::recv(input, [&input, &handle](std::optional<std::string>&& text) {
      if (text) {
        handle(*text);
      } else {
        input = {};  // closed and drained: switch this case off
      }
    });
  };
  for (;;) {
    bool done_closed = false;
    go::select(handle_with(data, handlers.process_data), handle_with(errors, handlers.handle_error),
               go::recv(done, [&] { done_closed = true; }));
    if (done_closed || (data.is_nil() && errors.is_nil())) {
      handlers.cleanup();
      return done_closed ? stop_reason::done : stop_reason::inputs_closed;
    }
  }
}

worker_channels work_with_heartbeat(go::recv_chan<go::empty> done, go::recv_chan<int> jobs,
                                    go::clock::duration pulse_interval, std::function<int(int)> work) {
  auto heartbeat = go::make_chan<go::empty>(1);  // one pulse waits for a reader; more are dropped
  auto results = go::make_chan<int>();
  go::spawn([done, jobs, pulse_interval, work = std::move(work), heartbeat, results] {
    go::ticker pulse{pulse_interval};
    // send_pulse: never waits - a worker blocked on its heartbeat would look alive and be stuck.
    const auto send_pulse = [&] { go::select(go::send(heartbeat, go::empty{}), go::otherwise()); };
    bool stopping = false;
    while (!stopping) {
      std::optional<int> job;
      go::select(go::recv(done, [&] { stopping = true; }), go::recv(pulse.c(), send_pulse),
                 go::recv(jobs, [&](std::optional<int>&& next) {
                   if (next) {
                     job = *next;
                   } else {
                     stopping = true;  // jobs closed and drained
                   }
                 }));
      if (!job) continue;
      // Deliver the result, pulsing while nobody takes it - and stop if told to.
      const int result = work(*job);
      for (bool delivered = false; !delivered && !stopping;) {
        go::select(go::recv(done, [&] { stopping = true; }), go::recv(pulse.c(), send_pulse),
                   go::send(results, result, [&] { delivered = true; }));
      }
    }
    results.close();
    heartbeat.close();
  });
  return {heartbeat, results};
}

std::string hedged_request(const go::context& ctx, const std::string& query, std::span<const replica> replicas,
                           go::clock::duration hedge_after) {
  if (replicas.empty()) throw std::invalid_argument{"hedged_request needs at least one replica"};
  auto [ask_ctx, cancel] = go::with_cancel(ctx);
  go::defer_cancel cancel_the_losers{cancel};

  struct reply {
    std::string answer;
    std::exception_ptr failure;  // null: `answer` holds the answer
  };
  // Room for every reply: a loser that answers after we have returned must not block for ever.
  auto replies = go::make_chan<reply>(replicas.size());
  std::size_t asked = 0;
  std::size_t failed = 0;
  std::exception_ptr first_failure;
  std::optional<go::timer> hedge;  // a fresh timer per ask: its channel holds no stale firing

  const auto ask_next = [&] {
    go::spawn([ask = replicas[asked], ask_ctx = ask_ctx, query, replies] {  // copies: it may outlive this call
      reply r;
      r.failure = go::recover([&] { r.answer = ask(ask_ctx, query); });
      replies.send(std::move(r));
    });
    ++asked;
    hedge.emplace(hedge_after);
  };

  ask_next();
  std::optional<std::string> answer;
  while (!answer) {
    // Once every replica is asked, the hedge case listens on a nil channel: it never fires.
    const go::recv_chan<go::clock::time_point> hedge_fired =
        asked < replicas.size() ? hedge->c() : go::recv_chan<go::clock::time_point>{};
    go::select(go::recv(replies,
                        [&](std::optional<reply>&& r) {
                          if (!r->failure) {
                            answer = std::move(r->answer);
                            return;
                          }
                          if (!first_failure) first_failure = r->failure;
                          if (++failed == replicas.size()) std::rethrow_exception(first_failure);
                          if (asked < replicas.size()) ask_next();  // a failure hedges at once
                        }),
               go::recv(hedge_fired, [&] { ask_next(); }),
               go::recv(ctx.done(), [&] { throw std::system_error{ctx.err()}; }));
  }
  return *answer;
}

namespace {

// coin: 0 or 1, each half of the time. Per thread: a select must not contend on shared state.
int coin() {
  thread_local std::minstd_rand random{std::random_device{}()};
  return static_cast<int>(random() & 1U);
}

}  // namespace

selected select2(cv_chan& a, cv_chan& b, go::clock::time_point deadline) {
  waker me;
  // Subscribed before the first poll, so that no send can fall between a poll and the wait.
  // The destructors unsubscribe on every way out, exceptions included.
  const subscription on_a{a, me};
  const subscription on_b{b, me};
  const std::array<cv_chan*, 2> channels{&a, &b};
  for (;;) {
    // Poll in a random order: the first channel polled wins whenever both are ready.
    const int first = coin();
    for (int i = 0; i < 2; ++i) {
      const int index = (first + i) % 2;
      int value = 0;
      switch (channels[index]->try_recv(value)) {
        case op_status::success:
          return {index, value};
        case op_status::closed:
          return {index, std::nullopt};
        default:
          break;
      }
    }
    // Neither is ready: sleep until a send or a close notifies us. The flag, not the wake-up,
    // is the news - condition variables wake spuriously, and a notify that came before this
    // wait has only set the flag.
    {
      std::unique_lock lock{me.mutex};  // released before the next poll: lock order is channel, then waker
      if (!me.changed.wait_until(lock, deadline, [&] { return me.notified; })) return {};
      me.notified = false;
    }
    // Poll again: the value that woke us may already have been taken by another select.
  }
}

}  // namespace ch03
