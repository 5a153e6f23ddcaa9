// pipeline.cpp - your answers to chapter 06's pipeline exercises (statements in pipeline.hpp).
//
// Replace each TODO(exercise) body, then run `./workbook check 06`.
#include "pipeline.hpp"

namespace ch06 {

go::recv_chan<int> generate(done_chan /*done*/, std::vector<int> /*nums*/) {
  // TODO(exercise): make out, spawn a fiber that sends each n (select: send or done), then closes out.
  throw go::not_implemented{"generate"};
}

go::recv_chan<int> square(done_chan /*done*/, go::recv_chan<int> /*in*/) {
  // TODO(exercise): a fiber that ranges over in, sends n * n unless done wins the select, closes out.
  throw go::not_implemented{"square"};
}

go::recv_chan<int> filter_even(done_chan /*done*/, go::recv_chan<int> /*in*/) {
  // TODO(exercise): as square, but forward only the even values.
  throw go::not_implemented{"filter_even"};
}

go::recv_chan<int> merge(done_chan /*done*/, std::vector<go::recv_chan<int>> /*inputs*/) {
  // TODO(exercise): a forwarding fiber per input, a shared wait_group, one fiber that closes out.
  throw go::not_implemented{"merge"};
}

std::vector<int> find_primes(int /*up_to*/, int /*workers*/, const std::function<bool(int)>& /*check*/) {
  // TODO(exercise): generate 1..up_to; `workers` filtering stages on that one channel; merge; collect.
  throw go::not_implemented{"find_primes"};
}

go::recv_chan<std::string> map_ordered(done_chan /*done*/, go::recv_chan<int> /*in*/, int /*workers*/,
                                       std::function<std::string(int)> /*fn*/) {
  // TODO(exercise): number the inputs, `workers` computing fibers, one fiber that re-sequences.
  throw go::not_implemented{"map_ordered"};
}

}  // namespace ch06
