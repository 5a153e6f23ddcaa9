// bounded.cpp - your answers to chapter 06's bounded parallelism exercises (statements in
// bounded.hpp).
//
// Replace each TODO(exercise) body, then run `./workbook check 06 bounded_for_each`.
#include "bounded.hpp"

namespace ch06 {

void bounded_for_each(std::size_t /*count*/, std::size_t /*limit*/, const std::function<void(std::size_t)>& /*fn*/) {
  // TODO(exercise): a go::chan<go::empty> of capacity limit as a semaphore; send before each spawn.
  throw go::not_implemented{"bounded_for_each"};
}

std::vector<std::string> fetch_all(
    const go::context& /*parent*/, std::span<const std::string> /*urls*/, std::size_t /*limit*/,
    const std::function<std::string(const go::context&, const std::string&)>& /*fetch*/) {
  // TODO(exercise): a go::err_group{parent} with set_limit(limit); each task fetches with
  // group.ctx() into pages[i]; group.wait() rethrows the first failure.
  throw go::not_implemented{"fetch_all"};
}

}  // namespace ch06
