// pipeline.cpp - reference solutions to chapter 06's pipeline exercises (statements in
// pipeline.hpp).
#include "pipeline.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <memory>
#include <numeric>
#include <utility>

namespace ch06 {

namespace {

// send_or_stop: Go's `select { case out <- v: case <-done: return }`. True if `value` was sent,
// false if `done` was closed first - the caller then stops.
template <class T>
bool send_or_stop(const go::send_chan<T>& out, T value, const done_chan& done) {
  return go::select(go::send(out, std::move(value)), go::recv(done)) == 0;
}

// filter_stage: forwards the values of `in` for which keep(v) is true; the shape of every
// filtering stage in this file.
template <class Keep>
go::recv_chan<int> filter_stage(done_chan done, go::recv_chan<int> in, Keep keep) {
  auto out = go::make_chan<int>();
  go::spawn([done, in, out = go::send_chan<int>{out}, keep = std::move(keep)] {
    for (int n : in) {
      if (keep(n) && !send_or_stop(out, n, done)) break;
    }
    out.close();  // Go's `defer close(out)`: after the last value, and when stopped early
  });
  return out;
}

}  // namespace

go::recv_chan<int> generate(done_chan done, std::vector<int> nums) {
  auto out = go::make_chan<int>();
  go::spawn([done, out = go::send_chan<int>{out}, nums = std::move(nums)] {
    for (int n : nums) {
      if (!send_or_stop(out, n, done)) break;
    }
    out.close();
  });
  return out;
}

go::recv_chan<int> square(done_chan done, go::recv_chan<int> in) {
  auto out = go::make_chan<int>();
  go::spawn([done, in, out = go::send_chan<int>{out}] {
    for (int n : in) {
      if (!send_or_stop(out, n * n, done)) break;
    }
    out.close();
  });
  return out;
}

go::recv_chan<int> filter_even(done_chan done, go::recv_chan<int> in) {
  return filter_stage(std::move(done), std::move(in), [](int n) { return n % 2 == 0; });
}

go::recv_chan<int> merge(done_chan done, std::vector<go::recv_chan<int>> inputs) {
  auto out = go::make_chan<int>();
  // merge returns at once, its fibers later: they share the wait_group, so it lives on the heap.
  auto forwarding = std::make_shared<go::wait_group>();
  forwarding->add(static_cast<long>(inputs.size()));
  for (auto& input : inputs) {
    go::spawn([done, input, out = go::send_chan<int>{out}, forwarding] {
      for (int n : input) {
        if (!send_or_stop(out, n, done)) break;
      }
      forwarding->done();
    });
  }
  // Only the merge may close out, and only when no forwarder can send any more.
  go::spawn([out = go::send_chan<int>{out}, forwarding] {
    forwarding->wait();
    out.close();
  });
  return out;
}

std::vector<int> find_primes(int up_to, int workers, const std::function<bool(int)>& check) {
  auto done = go::make_chan<go::empty>();
  std::vector<int> numbers(static_cast<std::size_t>(std::max(up_to, 0)));
  std::iota(numbers.begin(), numbers.end(), 1);
  const auto nums = generate(done, std::move(numbers));

  // Fan-out: every stage reads the same channel, so each number goes to whichever is free.
  std::vector<go::recv_chan<int>> found;
  for (int i = 0; i < workers; ++i) found.push_back(filter_stage(done, nums, check));

  std::vector<int> primes;
  for (int prime : merge(done, std::move(found))) primes.push_back(prime);
  done.close();  // everything has closed already; Go's `defer close(done)` all the same
  return primes;
}

namespace {

struct numbered_input {
  std::size_t index = 0;
  int value = 0;
};
struct numbered_output {
  std::size_t index = 0;
  std::string value;
};

// resequence: sends the outputs of `computed` on `out` in index order, until `done` is closed.
void resequence(const done_chan& done, const go::recv_chan<numbered_output>& computed,
                const go::send_chan<std::string>& out) {
  std::map<std::size_t, std::string> overtook;  // results that arrived before an earlier one
  std::size_t next = 0;
  for (numbered_output& result : computed) {
    overtook.emplace(result.index, std::move(result.value));
    for (auto ready = overtook.find(next); ready != overtook.end(); ready = overtook.find(next)) {
      if (!send_or_stop(out, std::move(ready->second), done)) return;
      overtook.erase(ready);
      ++next;
    }
  }
}

}  // namespace

go::recv_chan<std::string> map_ordered(done_chan done, go::recv_chan<int> in, int workers,
                                       std::function<std::string(int)> fn) {
  auto numbered = go::make_chan<numbered_input>();
  auto computed = go::make_chan<numbered_output>();
  auto out = go::make_chan<std::string>();

  go::spawn([done, in, numbered = go::send_chan<numbered_input>{numbered}] {
    std::size_t index = 0;
    for (int value : in) {
      if (!send_or_stop(numbered, {index++, value}, done)) break;
    }
    numbered.close();
  });

  auto computing = std::make_shared<go::wait_group>();
  computing->add(workers);
  for (int w = 0; w < workers; ++w) {
    go::spawn([done, numbered = go::recv_chan<numbered_input>{numbered},
               computed = go::send_chan<numbered_output>{computed}, fn, computing] {
      for (const numbered_input& item : numbered) {
        if (!send_or_stop(computed, {item.index, fn(item.value)}, done)) break;
      }
      computing->done();
    });
  }
  go::spawn([computed = go::send_chan<numbered_output>{computed}, computing] {
    computing->wait();
    computed.close();
  });

  go::spawn([done, computed = go::recv_chan<numbered_output>{computed}, out = go::send_chan<std::string>{out}] {
    resequence(done, computed, out);
    out.close();
  });
  return out;
}

}  // namespace ch06
