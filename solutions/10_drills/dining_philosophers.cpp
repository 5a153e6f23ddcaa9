// dining_philosophers.cpp - reference solution of the drill dining_philosophers (see
// dining_philosophers.hpp).
//
// A deadlock needs a cycle of philosophers, each holding one fork and waiting for the next. Take
// the lower-numbered fork first and there is no cycle: philosopher 4, whose right fork is fork
// 0, reaches for it first, so not everyone can hold a left fork at once. (The other classic
// answer, a footman who seats at most four at a time, is a channel of four tokens.)
#include "dining_philosophers.hpp"

#include <array>
#include <mutex>
#include <utility>

#include <go/go.hpp>

namespace ch10 {

struct dining_philosophers::state {
  std::array<go::mutex, seats> forks;
};

dining_philosophers::dining_philosophers() : state_{std::make_unique<state>()} {}
dining_philosophers::~dining_philosophers() = default;

void dining_philosophers::wants_to_eat(int philosopher, const std::function<void()>& pick_left,
                                       const std::function<void()>& pick_right, const std::function<void()>& eat,
                                       const std::function<void()>& put_left,
                                       const std::function<void()>& put_right) {
  const int left = philosopher;
  const int right = (philosopher + 1) % seats;
  std::pair first{left, &pick_left};
  std::pair second{right, &pick_right};
  if (first.first > second.first) std::swap(first, second);

  std::unique_lock first_fork{state_->forks[first.first]};
  (*first.second)();
  std::unique_lock second_fork{state_->forks[second.first]};
  (*second.second)();
  eat();
  put_left();
  put_right();
}  // both forks go back on the table here, after the put callbacks have run

}  // namespace ch10
