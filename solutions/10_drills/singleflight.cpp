// singleflight.cpp - reference solution of the drill singleflight (see singleflight.hpp).
//
// The shape of Go's x/sync/singleflight: a mutex guards a map from key to the call in flight.
// The first caller creates the call, runs fn without the lock (fn is slow, and other keys must
// not wait), stores the outcome, removes the key and closes the call's `done` channel, which
// wakes every waiter at once. The call is a shared_ptr: waiters hold it after the map has let
// go of it.
#include "singleflight.hpp"

#include <exception>
#include <map>
#include <mutex>

#include <go/go.hpp>

namespace ch10 {

namespace {

struct flight {
  go::chan<go::empty> done = go::make_chan<go::empty>();  // closed when the outcome is stored
  std::string value;                                      // written before done closes
  std::exception_ptr error;                               // written before done closes
  int duplicates = 0;                                     // guarded by state::mu
};

}  // namespace

struct singleflight::state {
  go::mutex mu;
  std::map<std::string, std::shared_ptr<flight>> in_flight;  // guarded by mu
};

singleflight::singleflight() : state_{std::make_unique<state>()} {}
singleflight::~singleflight() = default;

singleflight::result singleflight::call(const std::string& key, const std::function<std::string()>& fn) {
  std::unique_lock lock{state_->mu};
  if (auto running = state_->in_flight.find(key); running != state_->in_flight.end()) {
    std::shared_ptr<flight> joined = running->second;
    ++joined->duplicates;
    lock.unlock();
    joined->done.recv();  // closing happens after the outcome is written: safe to read now
    if (joined->error) std::rethrow_exception(joined->error);
    return {joined->value, true};
  }
  auto mine = std::make_shared<flight>();
  state_->in_flight.emplace(key, mine);
  lock.unlock();

  try {
    mine->value = fn();
  } catch (...) {
    mine->error = std::current_exception();
  }

  lock.lock();
  state_->in_flight.erase(key);
  const bool shared = mine->duplicates > 0;  // no one can join any more
  lock.unlock();
  mine->done.close();
  if (mine->error) std::rethrow_exception(mine->error);
  return {mine->value, shared};
}

}  // namespace ch10
