// go_pitfalls.cpp - the guide's anti-patterns, written out (statements in go_pitfalls.hpp).
//
// Every body below compiles, runs, and is wrong in the way its comment says. Run
// `./build/bin/ch07_show <exercise>` to watch it fail, then repair each TODO(exercise).
#include "go_pitfalls.hpp"

#include <charconv>
#include <system_error>

namespace ch07 {

// [snippet: run_jobs]
std::vector<std::string> run_jobs(const std::vector<std::function<void()>>& jobs) {
  // TODO(exercise): an exception escaping a fiber ends the whole run. Catch it in the fiber.
  go::wait_group wg;
  for (const auto& job : jobs) {
    wg.add(1);
    go::spawn([&job, &wg] {
      job();  // throws? then wg.done() never runs, and go::run rethrows
      wg.done();
    });
  }
  wg.wait();
  return {};
}
// [end-snippet]

// [snippet: fan_in]
go::recv_chan<int> fan_in(const std::vector<go::recv_chan<int>>& inputs) {
  // TODO(exercise): the channel has one owner, who closes it once, after the last forwarder.
  auto out = go::make_chan<int>();
  for (const auto& input : inputs) {
    go::spawn([input, out] {
      for (int value : input) out.send(value);
      out.close();  // each forwarder closes: the second close throws go::channel_closed
    });
  }
  return out;
}
// [end-snippet]

// [snippet: config_cache]
const std::string& config_cache::get() {
  // TODO(exercise): the check and the load must be one step (std::call_once).
  if (config_.empty()) {  // two threads can both see it empty...
    config_ = load_();    // ...and both load, and both write config_
  }
  return config_;
}
// [end-snippet]

// [snippet: parse_in_background]
std::optional<int> parse_in_background(const std::string& text) {
  // TODO(exercise): every path of the worker must answer, the failing one too.
  auto answer = go::make_chan<int>();
  go::spawn([text, answer] {
    int number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end != text.data() + text.size()) return;  // nobody sends
    answer.send(number);
  });
  return answer.recv();  // blocks for ever when the worker returned without sending
}
// [end-snippet]

// [snippet: add]
long add(long a, long b) {
  // TODO(exercise): an addition needs no fiber and no channel.
  auto result = go::make_chan<long>();
  go::spawn([a, b, result] { result.send(a + b); });
  return *result.recv();
}
// [end-snippet]

// [snippet: process_items]
void process_items(const std::vector<int>& items, std::size_t /*workers*/, const std::function<void(int)>& process) {
  // TODO(exercise): `workers` fibers that take items from a channel, not a fiber per item.
  go::wait_group wg;
  for (int item : items) {
    wg.add(1);
    go::spawn([item, &process, &wg] {
      process(item);
      wg.done();
    });
  }
  wg.wait();
}
// [end-snippet]

}  // namespace ch07
