// trace_child.cpp - the program trace_test.py runs with GO_TRACE: three values ping-ponged
// between main and an "echo" fiber on one worker thread; with the argument "deadlock", a run
// that ends in a deadlock report (exit code 3), whose trace must be a valid file all the same,
// written to the file named by the second argument (run_options.trace) if there is one; with
// "kinds", fibers blocked in a select, a go::blocking call, a mutex, a sleep and a wait_group,
// and a context cancelled by main and one by its deadline.
#include <chrono>
#include <iostream>
#include <string_view>
#include <thread>

#include <go/go.hpp>

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view{argv[1]} == "deadlock") {
    try {
      go::run([] {
        auto never = go::make_chan<int>();
        go::spawn_named("stuck", [never] { (void)never.recv(); });
        (void)never.recv();
      }, {.threads = 2, .trace = argc > 2 ? argv[2] : ""});  // else $GO_TRACE
    } catch (const go::deadlock& report) {
      std::cerr << report.what();
      return 3;
    }
    return 0;
  }
  if (argc > 1 && std::string_view{argv[1]} == "kinds") {
    using namespace std::chrono_literals;
    go::run([] {
      auto [ctx, cancel] = go::with_cancel(go::background());
      auto never = go::make_chan<int>();
      go::mutex mu;
      go::wait_group wg;
      wg.add(4);
      mu.lock();
      go::spawn_named("selector", [&, done = ctx.done()] {
        go::select(go::recv(never, [](std::optional<int>) {}), go::recv(done, [] {}));
        wg.done();
      });
      go::spawn_named("syscall", [&] {
        go::blocking([] { std::this_thread::sleep_for(20ms); });
        wg.done();
      });
      go::spawn_named("locker", [&] {
        mu.lock();
        mu.unlock();
        wg.done();
      });
      go::spawn_named("timed", [&] {
        auto [timed, cancel_timed] = go::with_timeout(go::background(), 50ms);  // the timer thread cancels it
        (void)timed.done().recv();
        wg.done();
      });
      // Wait until the fibers are blocked (counted as they block), not for a guessed time.
      auto blocked = [](go::block_kind kind) { return go::stats().blocked(kind) > 0; };
      while (!blocked(go::block_kind::select) || !blocked(go::block_kind::mutex) || !blocked(go::block_kind::blocking)) {
        go::sleep(1ms);
      }
      cancel();
      mu.unlock();
      wg.wait();
    });
    return 0;
  }
  go::run([] {
    auto ping = go::make_chan<int>();
    auto pong = go::make_chan<int>();
    go::spawn_named("echo", [=] {
      while (auto value = ping.recv()) pong.send(*value);
    });
    for (int value = 0; value < 3; ++value) {
      ping.send(value);
      (void)pong.recv();
    }
    ping.close();
  });
}
