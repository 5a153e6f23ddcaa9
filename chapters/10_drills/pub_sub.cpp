// pub_sub.cpp - your answer to the drill pub_sub (see pub_sub.hpp).
//
// Replace each TODO(exercise), then run `./workbook check 10 pub_sub`.
#include "pub_sub.hpp"

#include <go/go.hpp>

namespace ch10 {

// state: the subscribers, by topic.
struct broker::state {
  // TODO(exercise): each topic's subscriber channels, the next id, whether the broker is closed.
};

broker::broker() : state_{std::make_unique<state>()} {}
broker::~broker() = default;

broker::subscription broker::subscribe(const std::string& /*topic*/, std::size_t /*buffer*/) {
  // TODO(exercise): make a channel with `buffer` room, register it, return it.
  throw go::not_implemented{"pub_sub"};
}

void broker::unsubscribe(const subscription& /*sub*/) {
  // TODO(exercise): if still registered, remove it and close its channel.
  throw go::not_implemented{"pub_sub"};
}

int broker::publish(const std::string& /*topic*/, const std::string& /*message*/) {
  // TODO(exercise): offer the message to each subscriber of topic without ever blocking.
  throw go::not_implemented{"pub_sub"};
}

void broker::close() {
  // TODO(exercise): close every subscriber's channel, and remember that the broker is closed.
  throw go::not_implemented{"pub_sub"};
}

}  // namespace ch10
