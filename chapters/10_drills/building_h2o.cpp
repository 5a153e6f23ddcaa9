// building_h2o.cpp - your answer to the drill building_h2o (see building_h2o.hpp).
//
// Replace each TODO(exercise), then run `./workbook check 10 building_h2o`.
#include "building_h2o.hpp"

#include <go/go.hpp>

namespace ch10 {

// state: what the atoms share.
struct building_h2o::state {
  // TODO(exercise): what lets exactly two hydrogens and one oxygen through at a time.
};

building_h2o::building_h2o() : state_{std::make_unique<state>()} {}
building_h2o::~building_h2o() = default;

void building_h2o::hydrogen(const std::function<void()>& /*release_hydrogen*/) {
  // TODO(exercise): wait to be picked for a molecule, release, say you are done.
  throw go::not_implemented{"building_h2o"};
}

void building_h2o::oxygen(const std::function<void()>& /*release_oxygen*/) {
  // TODO(exercise): build one molecule at a time: pick two hydrogens, release all three.
  throw go::not_implemented{"building_h2o"};
}

}  // namespace ch10
