// channels.cpp - your answers to chapter 02's exercises (statements in channels.hpp).
//
// Replace each TODO(exercise) body, then run `./workbook check 02`.
#include "channels.hpp"

#include <go/go.hpp>

namespace ch02 {

void produce(go::send_chan<int> /*out*/, int /*count*/) {
  // TODO(exercise): send 0..count-1, then close the channel.
  throw go::not_implemented{"produce"};
}

std::vector<int> take(go::recv_chan<int> /*in*/, std::size_t /*n*/) {
  // TODO(exercise): recv() up to n values; an empty optional means closed: stop there.
  throw go::not_implemented{"take"};
}

channel_rules predict_channel_rules() {
  // TODO(exercise): your prediction for each field, e.g. .send_on_closed = outcome::...
  throw go::not_implemented{"predict_channel_rules"};
}

std::string first_reply(std::span<const mirror> /*mirrors*/) {
  // TODO(exercise): a fiber per mirror sending its reply on a channel that never leaves it stuck.
  throw go::not_implemented{"first_reply"};
}

semaphore::semaphore(std::size_t /*capacity*/) {
  // TODO(exercise): make tokens_ a channel with room for `capacity` tokens.
}

void semaphore::acquire() {
  // TODO(exercise): put a token in (blocks while the channel is full).
  throw go::not_implemented{"semaphore"};
}

bool semaphore::try_acquire() {
  // TODO(exercise): put a token in only if there is room now.
  throw go::not_implemented{"semaphore"};
}

void semaphore::release() {
  // TODO(exercise): take a token out; throw std::logic_error if there is none.
  throw go::not_implemented{"semaphore"};
}

std::size_t semaphore::in_use() const {
  // TODO(exercise): the number of tokens in the channel.
  throw go::not_implemented{"semaphore"};
}

void run_workers(go::recv_chan<go::empty> /*done*/, int /*workers*/, const std::function<void(int id)>& /*work*/) {
  // TODO(exercise): a fiber per worker looping on a select (done, or otherwise work); wait for all.
  throw go::not_implemented{"run_workers"};
}

go::recv_chan<std::uint64_t> fibonacci(go::recv_chan<go::empty> /*done*/) {
  // TODO(exercise): spawn a fiber that sends the sequence until done is closed or the next value
  // would overflow, then closes the channel it sends on; return that channel.
  throw go::not_implemented{"fibonacci"};
}

void for_each_bounded(std::span<const int> /*items*/, std::size_t /*limit*/,
                      const std::function<void(int)>& /*process*/) {
  // TODO(exercise): acquire a slot, then spawn; release it when the item is done; wait for all.
  throw go::not_implemented{"for_each_bounded"};
}

void serve(go::recv_chan<request> /*requests*/, go::recv_chan<go::empty> /*done*/, const handler& /*handle*/) {
  // TODO(exercise): select on requests and done; serve each request in a fiber; wait for them.
  throw go::not_implemented{"serve"};
}

}  // namespace ch02
