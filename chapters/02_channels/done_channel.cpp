// done_channel.cpp - the guide's "Pattern 2: Done Channel": close one channel to stop every worker.
//
//   ./build/bin/ch02_done_channel
//
// Go:  func worker(done <-chan struct{}, id int) {
//          for {
//              select {
//              case <-done: fmt.Printf("Worker %d stopping...\n", id); return
//              default:     fmt.Printf("Worker %d working...\n", id); time.Sleep(500 * time.Millisecond)
//              }
//          }
//      }
//      done := make(chan struct{}); for i := 1; i <= 3; i++ { go worker(done, i) }
//      time.Sleep(3 * time.Second); close(done) // Signal all workers to stop
//      time.Sleep(1 * time.Second)              // "All workers stopped" (hopefully)
//
// The times are a tenth of the guide's. A receive on a closed channel succeeds at once, for
// every receiver: that is why one close stops any number of workers. The guide's final sleep
// guesses how long the workers take to stop; a go::wait_group knows.
#include <chrono>
#include <cstdio>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

// [snippet: worker]
void worker(go::recv_chan<go::empty> done, int id) {
  for (;;) {
    bool stopping = false;
    go::select(go::recv(done, [&] { stopping = true; }),
               go::otherwise([&] {
                 std::printf("Worker %d working...\n", id);
                 go::sleep(50ms);  // the work; a fiber must block or yield now and then
               }));
    if (stopping) {
      std::printf("Worker %d stopping...\n", id);
      return;
    }
  }
}
// [end-snippet]

}  // namespace

int main() {
  go::run([] {
    // [snippet: main]
    const auto done = go::make_chan<go::empty>();  // chan struct{}: carries no data, only the close
    go::wait_group workers;
    for (int id = 1; id <= 3; ++id) {
      workers.add(1);
      go::spawn([done, id, &workers] {
        worker(done, id);
        workers.done();
      });
    }
    go::sleep(300ms);
    std::printf("Signaling workers to stop...\n");
    done.close();    // every receive on done now succeeds: all workers see it
    workers.wait();  // instead of the guide's time.Sleep(1 * time.Second)
    std::printf("All workers stopped\n");
    // [end-snippet]
  });
}
