// building_h2o_test.cpp - the drill building_h2o: releases come in whole molecules.
#include "building_h2o.hpp"

#include <algorithm>
#include <string>

#include <go/go.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using drill_test::schedule;
using drill_test::transcript;

// run_atoms: one round - a fiber per atom of `atoms` ("HOH..."), spawned in that order.
bool run_atoms(ch10::building_h2o& water, transcript& out, schedule& random, const std::string& atoms) {
  return drill_test::run_round(
      [&] {
        for (char atom : atoms) {
          go::spawn([&, atom] {
            random.jitter();
            if (atom == 'H') {
              water.hydrogen([&] { random.jitter(); out.append("H"); });
            } else {
              water.oxygen([&] { random.jitter(); out.append("O"); });
            }
          });
        }
      },
      "the atoms waited forever: with twice as many H as O, every atom must find its molecule");
}

// shuffled_atoms: `molecules` O and twice as many H, in a random order.
std::string shuffled_atoms(schedule& random, int molecules) {
  std::string atoms;
  for (int i : random.shuffled(3 * molecules)) atoms += i < molecules ? 'O' : 'H';
  return atoms;
}

// broken_molecule: the index of the first group of three releases that is not two H and one
// O, or -1.
int broken_molecule(const std::string& released) {
  for (std::size_t start = 0; start + 3 <= released.size(); start += 3) {
    const auto group = released.substr(start, 3);
    if (std::count(group.begin(), group.end(), 'H') != 2) return static_cast<int>(start / 3);
  }
  return -1;
}

}  // namespace

TEST(BuildingH2oTest, ReleasesComeInMoleculesOfTwoHydrogensAndOneOxygen) {
  for (int round = 0; round < drill_test::rounds; ++round) {
    schedule random{round};
    const int molecules = 1 + random.below(8);
    const std::string atoms = shuffled_atoms(random, molecules);
    ch10::building_h2o water;
    transcript out;
    if (!run_atoms(water, out, random, atoms)) return;
    const std::string released = out.text();
    ASSERT_EQ(released.size(), atoms.size()) << "every atom must be released once; arrivals: " << atoms;
    ASSERT_EQ(broken_molecule(released), -1)
        << "releases " << released << " (arrivals " << atoms << ", round " << round
        << "): every three consecutive releases must be H, H and O in some order";
  }
}

TEST(BuildingH2oTest, HydrogensWaitForAnOxygenThatArrivesLast) {
  ch10::building_h2o water;
  transcript out;
  schedule random{0};
  if (!run_atoms(water, out, random, "HHHHOO")) return;
  EXPECT_EQ(broken_molecule(out.text()), -1) << "releases: " << out.text();
}
