// cyclic_barrier.hpp - drill: a reusable barrier (Java's CyclicBarrier, C++20's std::barrier).
// Statement: hints.md, "cyclic_barrier".
//
// `parties` fibers work in phases; at the end of each phase every one calls arrive_and_wait(),
// which returns only once all of them have arrived - then the barrier is ready for the next
// phase, with no reset:
//
//   ch10::cyclic_barrier phase_end{3};
//   go::run([&] {
//     for (int worker = 0; worker < 3; ++worker) {
//       go::spawn([&] {
//         for (int phase = 0; phase < 10; ++phase) {
//           simulate(phase);              // no worker starts phase 1 before all finished phase 0
//           phase_end.arrive_and_wait();
//         }
//       });
//     }
//   }, {.threads = 2});
//
// Go has no barrier in its standard library; this is the textbook one built from a mutex and a
// channel. std::barrier would block a worker thread, not a fiber. Your work is all in
// cyclic_barrier.cpp, including the members: `state` is yours to define.
//
// Thread safety: any `parties` fibers call arrive_and_wait at once.
#pragma once

#include <memory>

namespace ch10 {

class cyclic_barrier {
 public:
  explicit cyclic_barrier(int parties);
  ~cyclic_barrier();
  cyclic_barrier(const cyclic_barrier&) = delete;
  cyclic_barrier& operator=(const cyclic_barrier&) = delete;

  // arrive_and_wait: waits until `parties` fibers have called it in this phase, the caller
  // included; then the next phase begins.
  void arrive_and_wait();

 private:
  struct state;  // defined in cyclic_barrier.cpp
  std::unique_ptr<state> state_;
};

}  // namespace ch10
