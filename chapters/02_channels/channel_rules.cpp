// channel_rules.cpp - the guide's channel rules table, one row at a time.
//
//   ./build/bin/ch02_channel_rules
//
// | Action                       | Go                         | go::                            |
// |------------------------------|----------------------------|---------------------------------|
// | Send to closed channel       | panic                      | throws go::channel_closed       |
// | Receive from closed channel  | zero value, false          | empty std::optional (drained)   |
// | Close already closed channel | panic                      | throws go::channel_closed       |
// | Close nil channel            | panic                      | throws go::nil_channel          |
// | Send/receive on nil channel  | blocks forever             | blocks forever: go::deadlock    |
#include <cstdio>
#include <optional>
#include <string>

#include <go/go.hpp>

namespace {

// attempt: runs one action and prints what happened - what it returned, or what it threw.
template <class Action>
void attempt(const char* row, Action action) {
  try {
    std::printf("%-30s %s\n", row, action().c_str());
  } catch (const go::channel_closed& e) {
    std::printf("%-30s throws go::channel_closed: %s\n", row, e.what());
  } catch (const go::nil_channel& e) {
    std::printf("%-30s throws go::nil_channel: %s\n", row, e.what());
  }
}

// received: what a receive returned, in words.
std::string received(const std::optional<int>& value) {
  return value ? "a value, " + std::to_string(*value) : std::string{"an empty optional"};
}

// first_line: the headline of a multi-line report.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

int main() {
  go::run([] {
    // [snippet: rules]
    auto ch = go::make_chan<int>(1);
    ch.send(7);
    ch.close();  // closed, with 7 still in the buffer
    attempt("send to closed channel", [&] {
      ch.send(1);
      return std::string{"sent"};
    });
    attempt("receive from closed channel", [&] { return received(ch.recv()); });  // the buffer drains first
    attempt("receive again", [&] { return received(ch.recv()); });  // closed and drained: at once
    attempt("close already closed channel", [&] {
      ch.close();
      return std::string{"closed"};
    });
    go::chan<int> nil;  // default-constructed: Go's nil channel
    attempt("close nil channel", [&] {
      nil.close();
      return std::string{"closed"};
    });
    // [end-snippet]
  });

  // [snippet: nil_blocks]
  try {
    go::run([] {
      go::chan<int> nil;
      nil.send(1);  // no receiver can ever exist: blocks forever
    });
  } catch (const go::deadlock& e) {
    std::printf("%-30s blocks forever: %s\n", "send on nil channel", first_line(e.what()).c_str());
  }
  // [end-snippet]
}
