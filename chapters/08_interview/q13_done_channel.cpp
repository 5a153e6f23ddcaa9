// q13_done_channel.cpp - Q13: closing a done channel tells fibers to stop.
//
// Go: for { select { case task := <-work: process(task); case <-done: return } }
//     close(done)   // every worker sees it: a closed channel is ready for every receiver
// The work channel is never closed (it may have many senders); done is the shutdown signal.
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

// [snippet: done_channel]
done_report run_until_done(int tasks) {
  done_report report;
  go::run([&] {
    const auto done = go::make_chan<go::empty>();
    const auto work = go::make_chan<int>();
    go::spawn([&report, done, work] {  // the worker
      for (bool running = true; running;) {
        go::select(go::recv(work, [&] { ++report.processed; }),  // process(task)
                   go::recv(done, [&] { running = false; }));    // cleanup and exit
      }
    });
    for (int task = 0; task < tasks; ++task) work.send(task);
    done.close();  // signal shutdown
    let_others_run();
    report.fibers_after = go::live_fibers();  // main alone: the worker has returned
  });
  return report;
}
// [end-snippet]

void show_q13() {
  const done_report report = run_until_done(5);
  std::printf("  the worker processed %d tasks; after close(done), %ld fiber alive (main)\n", report.processed,
              report.fibers_after);
}

}  // namespace ch08
