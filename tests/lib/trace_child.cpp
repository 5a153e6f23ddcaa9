// trace_child.cpp - the program trace_test.py runs with GO_TRACE: three values ping-ponged
// between main and an "echo" fiber on one worker thread; with the argument "deadlock", a run
// that ends in a deadlock report (exit code 3), whose trace must be a valid file all the same,
// written to the file named by the second argument (run_options.trace) if there is one.
#include <iostream>
#include <string_view>

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
