// heartbeat.cpp - a worker that pulses while it works, and a supervisor that notices when the
// pulses stop.
//
//   ./build/bin/ch03_heartbeat
//
// Go (after "Concurrency in Go", chapter 5):
//      for {
//          select {
//          case _, ok := <-heartbeat:
//              if !ok { return }
//              fmt.Println("pulse")
//          case r := <-results:
//              fmt.Println("result", r)
//          case <-time.After(3 * pulseInterval):
//              fmt.Println("worker is not healthy!")
//              return
//          }
//      }
//
// A result says the work is done; a heartbeat says the worker is alive, also while it has
// nothing to report. After four results the worker hangs, waiting for something that never
// comes. It stops pulsing, and the supervisor's select - with a new time.After in every round,
// an *idle* timeout - sees three pulse intervals pass without a pulse.
#include <chrono>
#include <cstdio>
#include <optional>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

constexpr auto pulse_interval = 20ms;

// [snippet: worker]
// worker: pulses every pulse_interval and sends a result every 50 ms - until its fifth job, which
// hangs until `done` is closed (as a call to a dead server would, without a timeout).
void worker(go::recv_chan<go::empty> done, go::send_chan<go::empty> heartbeat, go::send_chan<int> results) {
  go::ticker pulse{pulse_interval};
  go::ticker work{50ms};
  for (int job = 1;; ++job) {
    bool stopping = false;
    bool worked = false;
    while (!worked && !stopping) {
      go::select(go::recv(done, [&] { stopping = true; }),
                 go::recv(pulse.c(), [&] { go::select(go::send(heartbeat, go::empty{}), go::otherwise()); }),
                 go::recv(work.c(), [&] { worked = true; }));
    }
    if (stopping) break;
    if (job == 5) {
      done.recv();  // stuck: no pulse from here on
      break;
    }
    results.send(job * job);
  }
  heartbeat.close();
  results.close();
}
// [end-snippet]

}  // namespace

int main() {
  go::run([] {
    const auto done = go::make_chan<go::empty>();
    const auto heartbeat = go::make_chan<go::empty>(1);  // one pulse may wait; more are dropped
    const auto results = go::make_chan<int>();
    go::spawn([=] { worker(done, heartbeat, results); });

    // [snippet: supervisor]
    const auto start = go::clock::now();
    const auto ms = [&] { return std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - start).count(); };
    for (bool healthy = true; healthy;) {
      go::select(go::recv(heartbeat, [&] { std::printf("%4lld ms  pulse\n", static_cast<long long>(ms())); }),
                 go::recv(results,
                          [&](std::optional<int>&& r) {
                            std::printf("%4lld ms  result %d\n", static_cast<long long>(ms()), r.value_or(0));
                          }),
                 go::recv(go::after(3 * pulse_interval), [&] {
                   std::printf("%4lld ms  no pulse for %lld ms: the worker is not healthy, stopping it\n",
                               static_cast<long long>(ms()), static_cast<long long>((3 * pulse_interval).count()));
                   healthy = false;
                 }));
    }
    done.close();
    // [end-snippet]
  });
}
