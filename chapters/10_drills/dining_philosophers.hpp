// dining_philosophers.hpp - drill: the dining philosophers (LeetCode 1226). Statement:
// hints.md, "dining_philosophers".
//
// Five philosophers sit at a round table with a fork between each two neighbours: philosopher
// i's left fork is fork i, the right one fork (i + 1) % 5. Each is a fiber that calls
// wants_to_eat(i, ...) whenever it is hungry; to eat it needs both of its forks. No fork is
// ever held by two philosophers, and the table never deadlocks - not even when every
// philosopher picks up one fork at the same moment:
//
//   ch10::dining_philosophers table;
//   go::run([&] {
//     for (int i = 0; i < 5; ++i) {
//       go::spawn([&table, i] {
//         for (int meal = 0; meal < 3; ++meal) {
//           table.wants_to_eat(i, pick_left, pick_right, eat, put_left, put_right);
//         }
//       });
//     }
//   }, {.threads = 2});
//
// The classic problem has one thread per philosopher; here each is a fiber. Your work is all in
// dining_philosophers.cpp, including the members: `state` is yours to define.
//
// Thread safety: the five philosophers call wants_to_eat at once, each from its own fiber.
#pragma once

#include <functional>
#include <memory>

namespace ch10 {

class dining_philosophers {
 public:
  static constexpr int seats = 5;

  dining_philosophers();
  ~dining_philosophers();
  dining_philosophers(const dining_philosophers&) = delete;
  dining_philosophers& operator=(const dining_philosophers&) = delete;

  // wants_to_eat: philosopher (0 .. seats-1) takes both its forks, calling pick_left or
  // pick_right as soon as it holds each; calls eat; then calls put_left and put_right and only
  // then lets the forks go. Each callback runs while the philosopher holds the fork it names.
  // The callbacks may block.
  void wants_to_eat(int philosopher, const std::function<void()>& pick_left, const std::function<void()>& pick_right,
                    const std::function<void()>& eat, const std::function<void()>& put_left,
                    const std::function<void()>& put_right);

 private:
  struct state;  // defined in dining_philosophers.cpp
  std::unique_ptr<state> state_;
};

}  // namespace ch10
