// sleeping_barber.hpp - drill: the sleeping barber (Dijkstra, 1965). Statement: hints.md,
// "sleeping_barber".
//
// A barbershop has one barber, one barber chair and `chairs` waiting chairs. The barber cuts
// the waiting customers' hair one at a time, in the order they sat down, and sleeps when nobody
// waits. A customer who finds every waiting chair taken leaves at once; one who sits waits until
// the haircut is done:
//
//   ch10::sleeping_barber shop{3, [](int customer) { cut_hair(customer); }};
//   go::run([&] {
//     go::spawn([&] { shop.run_barber(); });            // returns after close()
//     for (int customer = 0; customer < 10; ++customer) {
//       go::spawn([&, customer] { if (!shop.visit(customer)) std::cout << customer << " left\n"; });
//     }
//     ...
//     shop.close();                                       // the waiting still get their haircut
//   }, {.threads = 2});
//
// The classic problem has a thread per customer and one for the barber; here they are fibers.
// Your work is all in sleeping_barber.cpp, including the members: `state` is yours to define.
//
// Thread safety: one fiber runs run_barber; any number of fibers call visit and close at once.
#pragma once

#include <functional>
#include <memory>

namespace ch10 {

class sleeping_barber {
 public:
  // cut: what the barber does to one customer; it may block.
  sleeping_barber(int chairs, std::function<void(int customer)> cut);
  ~sleeping_barber();
  sleeping_barber(const sleeping_barber&) = delete;
  sleeping_barber& operator=(const sleeping_barber&) = delete;

  // run_barber: the barber's day - cuts each waiting customer in turn, sleeping (blocked, not
  // spinning) while nobody waits. Returns once the shop is closed and nobody waits any more.
  void run_barber();
  // visit: sits down and returns true once the barber has cut this customer's hair; returns
  // false at once if every waiting chair is taken or the shop is closed.
  bool visit(int customer);
  // close: turns new customers away; those already waiting still get their haircut.
  void close();

 private:
  struct state;  // defined in sleeping_barber.cpp
  std::unique_ptr<state> state_;
};

}  // namespace ch10
