// sleeping_barber.cpp - reference solution of the drill sleeping_barber (see
// sleeping_barber.hpp).
//
// The waiting room is a channel with `chairs` places; the barber ranges over it, so he sleeps in
// its receive while it is empty and goes home when it is closed and drained. A customer sits
// down with try_send (Go: select with a default) - a full room means leave, never wait - and
// brings a channel of his own that the barber closes when the haircut is done.
//
// Closing needs a lock: a try_send on a closed channel throws (Go panics), so "is the shop
// closed?" and "sit down" must happen together, and close() must not slip in between.
#include "sleeping_barber.hpp"

#include <mutex>
#include <utility>

#include <go/go.hpp>

namespace ch10 {

namespace {

struct customer_in_chair {
  int customer;
  go::chan<go::empty> done;  // closed by the barber after the haircut
};

}  // namespace

struct sleeping_barber::state {
  int chairs = 0;
  std::function<void(int)> cut;
  go::chan<customer_in_chair> waiting_room;
  go::mutex door;
  bool closed = false;  // guarded by door
};

sleeping_barber::sleeping_barber(int chairs, std::function<void(int customer)> cut)
    : state_{std::make_unique<state>()} {
  state_->chairs = chairs;
  state_->cut = std::move(cut);
  state_->waiting_room = go::make_chan<customer_in_chair>(static_cast<std::size_t>(chairs));
}

sleeping_barber::~sleeping_barber() = default;

void sleeping_barber::run_barber() {
  for (const customer_in_chair& next : state_->waiting_room) {
    state_->cut(next.customer);
    next.done.close();
  }
}

bool sleeping_barber::visit(int customer) {
  auto done = go::make_chan<go::empty>();
  {
    std::lock_guard lock{state_->door};
    if (state_->closed || !state_->waiting_room.try_send({customer, done})) return false;
  }
  done.recv();
  return true;
}

void sleeping_barber::close() {
  std::lock_guard lock{state_->door};
  if (state_->closed) return;
  state_->closed = true;
  state_->waiting_room.close();
}

}  // namespace ch10
