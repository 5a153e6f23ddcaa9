// sleeping_barber.cpp - your answer to the drill sleeping_barber (see sleeping_barber.hpp).
//
// Replace each TODO(exercise), then run `./workbook check 10 sleeping_barber`.
#include "sleeping_barber.hpp"

#include <utility>

#include <go/go.hpp>

namespace ch10 {

// state: the shop.
struct sleeping_barber::state {
  int chairs = 0;
  std::function<void(int)> cut;
  // TODO(exercise): the waiting room, how a customer learns the haircut is done, and closing.
};

sleeping_barber::sleeping_barber(int chairs, std::function<void(int customer)> cut)
    : state_{std::make_unique<state>()} {
  state_->chairs = chairs;
  state_->cut = std::move(cut);
}

sleeping_barber::~sleeping_barber() = default;

void sleeping_barber::run_barber() {
  // TODO(exercise): take the waiting customers in order, cut, tell each one; end when closed.
  throw go::not_implemented{"sleeping_barber"};
}

bool sleeping_barber::visit(int /*customer*/) {
  // TODO(exercise): sit down if a chair is free - without waiting for one - then wait.
  throw go::not_implemented{"sleeping_barber"};
}

void sleeping_barber::close() {
  // TODO(exercise): no new customers; the barber goes home once the waiting room is empty.
  throw go::not_implemented{"sleeping_barber"};
}

}  // namespace ch10
