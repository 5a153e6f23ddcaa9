// channels.cpp - reference solutions to chapter 02's exercises (statements in channels.hpp).
#include "channels.hpp"

#include <optional>
#include <stdexcept>
#include <utility>

#include <go/go.hpp>

namespace ch02 {

void produce(go::send_chan<int> out, int count) {
  for (int i = 0; i < count; ++i) out.send(i);
  out.close();  // the sender closes: it alone knows that no value follows
}

std::vector<int> take(go::recv_chan<int> in, std::size_t n) {
  std::vector<int> taken;
  // Not a range-for: its begin() receives a value before the loop body can decide to stop, so
  // take(in, 0) would swallow one.
  while (taken.size() < n) {
    std::optional<int> value = in.recv();  // Go: value, ok := <-in
    if (!value) break;                     // !ok: closed and drained
    taken.push_back(*value);
  }
  return taken;
}

channel_rules predict_channel_rules() {
  return {
      .send_on_unbuffered = outcome::blocks_forever,      // nobody will ever receive it
      .send_on_buffered_with_room = outcome::completes,   // the value waits in the buffer
      .send_on_full_buffered = outcome::blocks_forever,   // waits for room that never comes
      .send_on_closed = outcome::throws_channel_closed,
      .recv_on_closed_holding_a_value = outcome::returns_value,  // the buffer drains first
      .recv_on_closed_and_drained = outcome::returns_empty,
      .close_of_closed = outcome::throws_channel_closed,
      .close_of_nil = outcome::throws_nil_channel,
      .send_on_nil = outcome::blocks_forever,  // a nil channel is never ready
      .recv_on_nil = outcome::blocks_forever,
  };
}

std::string first_reply(std::span<const mirror> mirrors) {
  // Room for every reply: the mirrors that lose the race still send without a receiver, and end.
  auto replies = go::make_chan<std::string>(mirrors.size());
  for (const mirror& ask : mirrors) {
    go::spawn([replies, ask] { replies.send(ask()); });  // copies: the fiber outlives this call
  }
  return replies.recv().value();  // never empty: nobody closes `replies`
}

semaphore::semaphore(std::size_t capacity) : tokens_{go::make_chan<go::empty>(capacity)} {}

void semaphore::acquire() { tokens_.send({}); }

bool semaphore::try_acquire() { return tokens_.try_send({}); }

void semaphore::release() {
  // try_recv, not recv: a release without a holder is a bug to report, not a reason to wait.
  if (!tokens_.try_recv()) throw std::logic_error{"semaphore::release without a matching acquire"};
}

std::size_t semaphore::in_use() const { return tokens_.len(); }

void run_workers(go::recv_chan<go::empty> done, int workers, const std::function<void(int id)>& work) {
  go::wait_group running;
  running.add(workers);
  for (int id = 1; id <= workers; ++id) {
    go::spawn([&running, &work, done, id] {
      bool stopping = false;
      while (!stopping) {
        // Checked before every work(id): once done is closed, no new work starts.
        go::select(go::recv(done, [&] { stopping = true; }), go::otherwise([&] { work(id); }));
      }
      running.done();
    });
  }
  running.wait();  // the guide sleeps a second and hopes; this knows
}

go::recv_chan<std::uint64_t> fibonacci(go::recv_chan<go::empty> done) {
  auto out = go::make_chan<std::uint64_t>();  // unbuffered: nothing is computed ahead of the reader
  go::spawn([out, done] {
    std::uint64_t current = 0;
    std::uint64_t next = 1;  // unsigned: once current + next no longer fits, it wraps below current
    for (;;) {
      bool stopped = false;
      go::select(go::send(out, current), go::recv(done, [&] { stopped = true; }));
      if (stopped || next < current) break;  // next < current: it wrapped, so current was the last
      current = std::exchange(next, current + next);
    }
    out.close();  // either way the reader's range-for ends
  });
  return out;
}

void for_each_bounded(std::span<const int> items, std::size_t limit, const std::function<void(int)>& process) {
  semaphore slots{limit};
  go::wait_group running;
  for (int item : items) {
    slots.acquire();  // before the spawn: at most `limit` fibers exist at any time
    running.add(1);
    go::spawn([&slots, &running, &process, item] {
      process(item);
      slots.release();
      running.done();
    });
  }
  running.wait();  // the fibers use slots and running: they must end before this call does
}

void serve(go::recv_chan<request> requests, go::recv_chan<go::empty> done, const handler& handle) {
  go::wait_group in_flight;
  bool accepting = true;
  while (accepting) {
    go::select(
        go::recv(requests,
                 [&](std::optional<request> incoming) {
                   if (!incoming) {  // the requests channel was closed: like a closed listener
                     accepting = false;
                     return;
                   }
                   in_flight.add(1);
                   go::spawn([&in_flight, &handle, r = std::move(*incoming)] {
                     r.reply.send(handle(r.path));
                     in_flight.done();
                   });
                 }),
        go::recv(done, [&] { accepting = false; }));
  }
  in_flight.wait();  // graceful: every request accepted is answered before serve returns
}

}  // namespace ch02
