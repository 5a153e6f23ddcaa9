// singleflight.cpp - your answer to the drill singleflight (see singleflight.hpp).
//
// Replace each TODO(exercise), then run `./workbook check 10 singleflight`.
#include "singleflight.hpp"

#include <go/go.hpp>

namespace ch10 {

// state: the calls in flight.
struct singleflight::state {
  // TODO(exercise): the calls running now, by key, and what their waiters wait on.
};

singleflight::singleflight() : state_{std::make_unique<state>()} {}
singleflight::~singleflight() = default;

singleflight::result singleflight::call(const std::string& /*key*/, const std::function<std::string()>& /*fn*/) {
  // TODO(exercise): join the call in flight for key, or start one: run fn without holding a
  // lock, publish its outcome, forget the key, wake the waiters.
  throw go::not_implemented{"singleflight"};
}

}  // namespace ch10
