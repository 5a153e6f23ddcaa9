// print_in_order.hpp - drill: print in order (LeetCode 1114). Statement: hints.md, "print_in_order".
//
// Three fibers share one print_in_order; one calls first(), one second(), one third(), in any
// order and on any worker thread. Whatever the schedule, the output is "first second third":
//
//   ch10::print_in_order printer;
//   go::run([&] {
//     go::spawn([&] { printer.third([] { std::cout << "third\n"; }); });
//     go::spawn([&] { printer.second([] { std::cout << "second\n"; }); });
//     go::spawn([&] { printer.first([] { std::cout << "first\n"; }); });
//   }, {.threads = 2});
//
// The classic problem has three threads; here they are fibers, and the waiting is done with the
// toolkit (a fiber blocked on a channel lets the others run; a spin loop would not).
//
// Your work is all in print_in_order.cpp, including the members: `state` is yours to define.
//
// Thread safety: first, second and third are each called once, from different fibers at once.
#pragma once

#include <functional>
#include <memory>

namespace ch10 {

// [snippet: print_in_order_class]
class print_in_order {
 public:
  print_in_order();
  ~print_in_order();
  print_in_order(const print_in_order&) = delete;
  print_in_order& operator=(const print_in_order&) = delete;

  // first: calls print_first at once.
  void first(const std::function<void()>& print_first);
  // second: calls print_second once print_first has returned.
  void second(const std::function<void()>& print_second);
  // third: calls print_third once print_second has returned.
  void third(const std::function<void()>& print_third);

 private:
  struct state;  // defined in print_in_order.cpp: what the three calls share
  std::unique_ptr<state> state_;
};
// [end-snippet]

}  // namespace ch10
