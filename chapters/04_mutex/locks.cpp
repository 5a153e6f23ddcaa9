// locks.cpp - your answers to chapter 04's fiber lock exercises (statements in locks.hpp).
//
// Replace each TODO(exercise) body, then run `./workbook check 04 cache`.
#include "locks.hpp"

namespace ch04 {

std::optional<std::string> cache::get(const std::string& /*key*/) const {
  // TODO(exercise): a shared lock on mutex_ (std::shared_lock); find the key; call the probe.
  throw go::not_implemented{"cache"};
}

void cache::set(const std::string& /*key*/, std::string /*value*/) {
  // TODO(exercise): an exclusive lock on mutex_; store the value; call the probe.
  throw go::not_implemented{"cache"};
}

void cancel_signal::cancel(const std::string& /*reason*/) {
  // TODO(exercise): one go::once call stores the reason and closes done_.
  throw go::not_implemented{"cancel_signal"};
}

go::recv_chan<go::empty> cancel_signal::done() const {
  // TODO(exercise): return done_ (a chan converts to its receive-only end).
  throw go::not_implemented{"cancel_signal"};
}

std::string cancel_signal::reason() const {
  // TODO(exercise): the reason stored by the first cancel.
  throw go::not_implemented{"cancel_signal"};
}

bool transfer(account& /*from*/, account& /*to*/, long /*amount*/) {
  // TODO(exercise): hold both locks - lower id first, or std::scoped_lock - then check and move.
  throw go::not_implemented{"transfer"};
}

}  // namespace ch04
