// q12_worker_pool.cpp - Q12: a fixed number of workers share one jobs channel.
//
// Go: for i := 0; i < numWorkers; i++ { go func() { for job := range jobs { results <- process(job) } }() }
//     wg.Wait(); close(results)
// The number of fibers stays at the number of workers however many jobs come: resource use is
// bounded and predictable.
#include <algorithm>
#include <cstdio>

#include "interview.hpp"

namespace ch08 {

// [snippet: worker_pool]
pool_report worker_pool(int jobs, int workers) {
  pool_report report;
  int busy = 0;  // one worker thread: plain ints
  go::run([&] {
    const auto job_queue = go::make_chan<int>();
    const auto results = go::make_chan<int>(jobs);
    go::spawn([job_queue, jobs] {  // the producer
      for (int job = 0; job < jobs; ++job) job_queue.send(job);
      job_queue.close();
    });
    go::wait_group wg;
    wg.add(workers);
    for (int w = 0; w < workers; ++w) {
      go::spawn([&, job_queue, results] {
        for (int job : job_queue) {  // until the producer closes it
          report.peak_busy = std::max(report.peak_busy, ++busy);
          report.peak_fibers = std::max(report.peak_fibers, go::live_fibers());
          go::yield();  // the work: other workers run meanwhile
          --busy;
          results.send(job * job);
        }
        wg.done();
      });
    }
    wg.wait();
    results.close();  // every worker is done: no more sends
    for (int r : results) report.results.push_back(r);
  });
  std::sort(report.results.begin(), report.results.end());
  return report;
}
// [end-snippet]

void show_q12() {
  const pool_report report = worker_pool(1000, 4);
  std::printf("  1000 jobs, 4 workers: %zu results, at most %d jobs in progress, at most %ld fibers alive\n",
              report.results.size(), report.peak_busy, report.peak_fibers);
  std::printf("  (main + producer + 4 workers: the fiber count does not grow with the jobs)\n");
}

}  // namespace ch08
