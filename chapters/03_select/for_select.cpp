// for_select.cpp - the guide's Pattern 3, the for-select loop: on-demand checks, a periodic
// health check on a ticker, and a done channel that stops it.
//
//   ./build/bin/ch03_for_select
//
// Go:  func monitor(done <-chan struct{}, checks <-chan Check) {
//          ticker := time.NewTicker(10 * time.Second)
//          defer ticker.Stop()
//          for {
//              select {
//              case <-done:
//                  fmt.Println("Monitor stopping...")
//                  return
//              case check := <-checks:
//                  fmt.Printf("Performing check: %s\n", check.Name)
//                  performCheck(check)
//              case <-ticker.C:
//                  fmt.Println("Performing periodic health check...")
//                  performPeriodicCheck()
//              }
//          }
//      }
//
// The ticker ticks every 100 ms instead of 10 s; main asks for two checks, then stops the
// monitor after about a third of a second.
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

struct check {
  std::string name;
};

void perform_check(const check&) {}
void perform_periodic_check() {}

// [snippet: monitor]
void monitor(go::recv_chan<go::empty> done, go::recv_chan<check> checks) {
  go::ticker ticker{100ms};  // its destructor stops it: Go's `defer ticker.Stop()`
  for (;;) {
    bool stopping = false;
    go::select(go::recv(done, [&] { stopping = true; }),
               go::recv(checks,
                        [](std::optional<check>&& c) {
                          std::printf("Performing check: %s\n", c->name.c_str());
                          perform_check(*c);
                        }),
               go::recv(ticker.c(), [] {
                 std::printf("Performing periodic health check...\n");
                 perform_periodic_check();
               }));
    if (stopping) {
      std::printf("Monitor stopping...\n");
      return;  // a return inside a handler would leave only the handler, not the loop
    }
  }
}
// [end-snippet]

}  // namespace

int main() {
  go::run([] {
    // [snippet: main]
    const auto done = go::make_chan<go::empty>();
    const auto checks = go::make_chan<check>();
    go::wait_group stopped;
    stopped.add(1);
    go::spawn([&] {
      monitor(done, checks);
      stopped.done();
    });
    checks.send({"database"});
    go::sleep(150ms);
    checks.send({"disk space"});
    go::sleep(200ms);
    done.close();
    stopped.wait();
    // [end-snippet]
  });
}
