// pub_sub.hpp - drill: an in-process publish/subscribe broker. Statement: hints.md, "pub_sub".
//
// Subscribers receive on a channel of their own every message published on their topic after
// they subscribed. A publisher never waits for a slow subscriber: a subscriber whose buffer is
// full misses the message, and publish says how many subscribers it reached:
//
//   ch10::broker news;
//   auto sub = news.subscribe("go", 16);
//   go::spawn([messages = sub.messages] { for (const auto& m : messages) std::cout << m << '\n'; });
//   news.publish("go", "Go 1.23 is released");   // 1: one subscriber reached
//   news.unsubscribe(sub);                        // closes sub.messages: the range-for ends
//
// Your work is all in pub_sub.cpp, including the members: `state` is yours to define.
//
// Thread safety: any number of fibers call every member at once.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include <go/chan.hpp>

namespace ch10 {

class broker {
 public:
  // subscription: one subscriber - its topic, an id unique in this broker, its messages.
  struct subscription {
    std::string topic;
    int id = 0;
    go::recv_chan<std::string> messages;
  };

  broker();
  ~broker();
  broker(const broker&) = delete;
  broker& operator=(const broker&) = delete;

  // subscribe: a new subscription to `topic` whose channel buffers up to `buffer` messages.
  // After close(), its channel is closed at once.
  subscription subscribe(const std::string& topic, std::size_t buffer);
  // unsubscribe: stops delivery to `sub` and closes its channel (messages already buffered
  // can still be received). Unsubscribing twice does nothing.
  void unsubscribe(const subscription& sub);
  // publish: offers `message` to every subscriber of `topic`, in the order of publishing;
  // never waits. Returns how many subscribers got it (those with room in their buffer).
  int publish(const std::string& topic, const std::string& message);
  // close: closes every subscription's channel; later publishes reach nobody.
  void close();

 private:
  struct state;  // defined in pub_sub.cpp
  std::unique_ptr<state> state_;
};

}  // namespace ch10
