// building_h2o.cpp - reference solution of the drill building_h2o (see building_h2o.hpp).
//
// Each oxygen builds one molecule, and only one oxygen builds at a time (a mutex). It picks two
// hydrogens: a hydrogen offers itself on an unbuffered channel, so a completed send means "this
// one is in". The oxygen releases itself, lets its two hydrogens release, and waits until both
// have before it lets the next oxygen start: the three releases stay together.
#include "building_h2o.hpp"

#include <mutex>

#include <go/go.hpp>

namespace ch10 {

struct building_h2o::state {
  go::mutex building;                                            // one molecule at a time
  go::chan<go::empty> offer = go::make_chan<go::empty>();        // hydrogen -> oxygen: "pick me"
  go::chan<go::empty> go_ahead = go::make_chan<go::empty>();     // oxygen -> its hydrogens
  go::chan<go::empty> released = go::make_chan<go::empty>();     // its hydrogens -> oxygen
};

building_h2o::building_h2o() : state_{std::make_unique<state>()} {}
building_h2o::~building_h2o() = default;

void building_h2o::hydrogen(const std::function<void()>& release_hydrogen) {
  state_->offer.send({});
  // Only the two picked hydrogens wait here: the others are still in offer.send.
  state_->go_ahead.recv();
  release_hydrogen();
  state_->released.send({});
}

void building_h2o::oxygen(const std::function<void()>& release_oxygen) {
  std::lock_guard molecule{state_->building};
  state_->offer.recv();
  state_->offer.recv();
  release_oxygen();
  for (int h = 0; h < 2; ++h) {
    state_->go_ahead.send({});
    state_->released.recv();
  }
}

}  // namespace ch10
