// bounded.cpp - reference solutions to chapter 06's bounded parallelism exercises (statements in
// bounded.hpp).
#include "bounded.hpp"

namespace ch06 {

void bounded_for_each(std::size_t count, std::size_t limit, const std::function<void(std::size_t)>& fn) {
  // A counting semaphore: a token in the channel for each call running; the channel holds
  // `limit`, so the send for call limit+1 waits until some call gives its token back.
  auto slots = go::make_chan<go::empty>(limit);
  go::wait_group running;
  for (std::size_t i = 0; i < count; ++i) {
    slots.send({});  // before the spawn: a fiber is started only when it may run
    running.add(1);
    go::spawn([&, i] {
      fn(i);
      slots.recv();  // the slot is free again
      running.done();
    });
  }
  running.wait();
}

std::vector<std::string> fetch_all(const go::context& parent, std::span<const std::string> urls, std::size_t limit,
                                   const std::function<std::string(const go::context&, const std::string&)>& fetch) {
  go::err_group group{parent};
  group.set_limit(limit);
  std::vector<std::string> pages(urls.size());  // task i writes only pages[i]: no lock needed
  for (std::size_t i = 0; i < urls.size(); ++i) {
    group.go([&, i] {
      if (group.ctx().err()) return;  // an earlier fetch failed: do not start this one
      pages[i] = fetch(group.ctx(), urls[i]);
    });
  }
  group.wait();  // rethrows the first failure
  return pages;
}

}  // namespace ch06
