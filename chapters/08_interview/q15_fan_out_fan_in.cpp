// q15_fan_out_fan_in.cpp - Q15: several workers read one channel (fan-out); their outputs are
// merged into one (fan-in).
//
// Go: for i := 0; i < workers; i++ { channels[i] = process(input) }     // fan-out
//     func fanIn(channels ...<-chan int) <-chan int { ...wg.Wait(); close(out) }
// Results arrive in no particular order; the merged channel closes once every input has.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "interview.hpp"

namespace ch08 {

namespace {

go::recv_chan<int> generate(std::vector<int> nums) {
  const auto out = go::make_chan<int>();
  go::spawn([out, nums = std::move(nums)] {
    for (int n : nums) out.send(n);
    out.close();
  });
  return out;
}

// [snippet: fan_out_fan_in]
// process: one worker - squares what it takes from `in` (shared with the other workers).
go::recv_chan<int> process(go::recv_chan<int> in, int& handled) {
  const auto out = go::make_chan<int>();
  go::spawn([in, out, &handled] {
    for (int n : in) {
      ++handled;    // only this worker writes its own slot
      go::yield();  // the work: the other workers take items meanwhile
      out.send(n * n);
    }
    out.close();
  });
  return out;
}

// merge: fan-in - one fiber per input forwards into `out`; the last to finish closes it.
go::recv_chan<int> merge(const std::vector<go::recv_chan<int>>& inputs) {
  const auto out = go::make_chan<int>();
  auto forwarding = std::make_shared<go::wait_group>();  // shared: it outlives merge's frame
  forwarding->add(static_cast<long>(inputs.size()));
  for (const go::recv_chan<int>& in : inputs) {
    go::spawn([in, out, forwarding] {
      for (int n : in) out.send(n);
      forwarding->done();
    });
  }
  go::spawn([out, forwarding] {
    forwarding->wait();
    out.close();  // Go: go func() { wg.Wait(); close(out) }()
  });
  return out;
}
// [end-snippet]

}  // namespace

fan_report fan_out_fan_in(const std::vector<int>& nums, int workers, unsigned threads) {
  fan_report report;
  report.handled_by_worker.assign(workers, 0);
  go::run(
      [&] {
        const go::recv_chan<int> input = generate(nums);
        std::vector<go::recv_chan<int>> outputs;
        for (int w = 0; w < workers; ++w) outputs.push_back(process(input, report.handled_by_worker[w]));
        for (int r : merge(outputs)) report.results.push_back(r);
      },
      {.threads = threads});
  std::sort(report.results.begin(), report.results.end());
  return report;
}

void show_q15() {
  std::vector<int> nums(100);
  for (int i = 0; i < 100; ++i) nums[i] = i;
  const fan_report report = fan_out_fan_in(nums, 4, 2);
  std::printf("  100 numbers, 4 workers on 2 threads: %zu squares merged; items per worker:", report.results.size());
  for (int handled : report.handled_by_worker) std::printf(" %d", handled);
  std::printf("\n");
}

}  // namespace ch08
