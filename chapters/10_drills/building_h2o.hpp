// building_h2o.hpp - drill: building H2O (LeetCode 1117). Statement: hints.md, "building_h2o".
//
// Hydrogen and oxygen fibers arrive in any order, each calling hydrogen() or oxygen() once. They
// must leave in molecules: every three consecutive releases are two hydrogens and one oxygen,
// and no fiber of the next molecule is released before the three of this one are:
//
//   ch10::building_h2o water;
//   go::run([&] {
//     for (char atom : std::string{"OOHHHH"}) {
//       go::spawn([&, atom] {
//         if (atom == 'H') water.hydrogen([] { std::cout << 'H'; });
//         else water.oxygen([] { std::cout << 'O'; });
//       });
//     }
//   }, {.threads = 2});                                  // e.g. HOH OHH
//
// The classic problem has one thread per atom; here each is a fiber. Your work is all in
// building_h2o.cpp, including the members: `state` is yours to define.
//
// Thread safety: any number of fibers call hydrogen and oxygen at once.
#pragma once

#include <functional>
#include <memory>

namespace ch10 {

class building_h2o {
 public:
  building_h2o();
  ~building_h2o();
  building_h2o(const building_h2o&) = delete;
  building_h2o& operator=(const building_h2o&) = delete;

  // hydrogen: waits until this atom can join a molecule, then calls release_hydrogen.
  void hydrogen(const std::function<void()>& release_hydrogen);
  // oxygen: waits until this atom can join a molecule, then calls release_oxygen.
  void oxygen(const std::function<void()>& release_oxygen);

 private:
  struct state;  // defined in building_h2o.cpp
  std::unique_ptr<state> state_;
};

}  // namespace ch10
