// pub_sub.cpp - reference solution of the drill pub_sub (see pub_sub.hpp).
//
// A mutex guards the table of subscribers. publish sends while holding it - safe only because
// try_send never blocks (Go: a select with a default case): a blocking send under the lock
// would let one slow subscriber stall every publisher, subscriber and unsubscribe. Holding the
// lock also keeps each subscriber's messages in publishing order, and makes unsubscribe's
// close safe: no publish can be sending on the channel it closes.
#include "pub_sub.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <vector>

#include <go/go.hpp>

namespace ch10 {

namespace {

struct subscriber {
  int id;
  go::chan<std::string> messages;
};

}  // namespace

struct broker::state {
  go::mutex mu;
  std::map<std::string, std::vector<subscriber>> topics;  // guarded by mu
  int next_id = 1;                                         // guarded by mu
  bool closed = false;                                     // guarded by mu
};

broker::broker() : state_{std::make_unique<state>()} {}
broker::~broker() = default;

broker::subscription broker::subscribe(const std::string& topic, std::size_t buffer) {
  auto messages = go::make_chan<std::string>(buffer);
  std::lock_guard lock{state_->mu};
  const int id = state_->next_id++;
  if (state_->closed) {
    messages.close();
  } else {
    state_->topics[topic].push_back({id, messages});
  }
  return {topic, id, messages};
}

void broker::unsubscribe(const subscription& sub) {
  std::lock_guard lock{state_->mu};
  const auto topic = state_->topics.find(sub.topic);
  if (topic == state_->topics.end()) return;
  auto& subscribers = topic->second;
  const auto found = std::find_if(subscribers.begin(), subscribers.end(),
                                  [&](const subscriber& s) { return s.id == sub.id; });
  if (found == subscribers.end()) return;  // unsubscribed before, or closed
  found->messages.close();
  subscribers.erase(found);
}

int broker::publish(const std::string& topic, const std::string& message) {
  std::lock_guard lock{state_->mu};
  const auto found = state_->topics.find(topic);
  if (found == state_->topics.end()) return 0;
  int reached = 0;
  for (const auto& sub : found->second) reached += sub.messages.try_send(message) ? 1 : 0;
  return reached;
}

void broker::close() {
  std::lock_guard lock{state_->mu};
  for (auto& [topic, subscribers] : state_->topics) {
    for (auto& sub : subscribers) sub.messages.close();
  }
  state_->topics.clear();
  state_->closed = true;
}

}  // namespace ch10
