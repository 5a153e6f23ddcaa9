// go_pitfalls.cpp - reference repairs of the guide's anti-patterns (statements in go_pitfalls.hpp).
#include "go_pitfalls.hpp"

#include <charconv>
#include <exception>
#include <memory>
#include <system_error>

namespace ch07 {

namespace {

// message_of: what() of an exception the toolkit handed back from go::recover.
std::string message_of(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    return error.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

std::vector<std::string> run_jobs(const std::vector<std::function<void()>>& jobs) {
  std::vector<std::exception_ptr> failures(jobs.size());  // slot i belongs to job i's fiber
  go::wait_group wg;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    wg.add(1);
    go::spawn([&job = jobs[i], &failure = failures[i], &wg] {
      failure = go::recover(job);  // defer func() { if r := recover(); ... }()
      wg.done();
    });
  }
  wg.wait();  // jobs and failures outlive every fiber that refers to them
  std::vector<std::string> messages;
  for (const auto& failure : failures) {
    if (failure) messages.push_back(message_of(failure));
  }
  return messages;
}

go::recv_chan<int> fan_in(const std::vector<go::recv_chan<int>>& inputs) {
  auto out = go::make_chan<int>();
  // Shared by the forwarders and the closer, which may outlive this call: owned by all of them.
  auto forwarding = std::make_shared<go::wait_group>();
  forwarding->add(static_cast<long>(inputs.size()));
  for (const auto& input : inputs) {
    go::spawn([input, out, forwarding] {
      for (int value : input) out.send(value);
      forwarding->done();
    });
  }
  go::spawn([out, forwarding] {
    forwarding->wait();
    out.close();  // the one close, after the last send
  });
  return out;
}

const std::string& config_cache::get() {
  // call_once: the first caller loads, callers at the same moment wait for it, later ones
  // return at once - and the load happens-before every return (Go: once.Do).
  std::call_once(loaded_once_, [this] { config_ = load_(); });
  return config_;
}

std::optional<int> parse_in_background(const std::string& text) {
  auto answer = go::make_chan<std::optional<int>>(1);  // buffered: the worker never waits
  go::spawn([text, answer] {
    int number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end != text.data() + text.size()) {
      answer.send(std::nullopt);  // the failing path answers too
      return;
    }
    answer.send(number);
  });
  return *answer.recv();
}

long add(long a, long b) { return a + b; }

void process_items(const std::vector<int>& items, std::size_t workers, const std::function<void(int)>& process) {
  auto jobs = go::make_chan<int>();
  go::wait_group wg;
  wg.add(static_cast<long>(workers));
  for (std::size_t w = 0; w < workers; ++w) {
    go::spawn([jobs, &process, &wg] {
      for (int item : jobs) process(item);
      wg.done();
    });
  }
  for (int item : items) jobs.send(item);
  jobs.close();  // the workers' range loops end
  wg.wait();
}

}  // namespace ch07
