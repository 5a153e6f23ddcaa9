// zero_even_odd.hpp - drill: print zero, even, odd (LeetCode 1116). Statement: hints.md,
// "zero_even_odd".
//
// Three fibers share one zero_even_odd(n): one calls zero(), one even(), one odd(). Together
// they print 0 1 0 2 0 3 ... 0 n: a zero before every number from 1 to n, the odd numbers
// printed by odd(), the even ones by even():
//
//   ch10::zero_even_odd numbers{5};
//   auto print = [](int x) { std::cout << x; };
//   go::run([&] {
//     go::spawn([&] { numbers.even(print); });
//     go::spawn([&] { numbers.odd(print); });
//     go::spawn([&] { numbers.zero(print); });
//   }, {.threads = 2});                                  // 0102030405
//
// The classic problem has three threads; here they are fibers. Your work is all in
// zero_even_odd.cpp, including the members: `state` is yours to define.
//
// Thread safety: zero, even and odd are each called once, from three fibers at once.
#pragma once

#include <functional>
#include <memory>

namespace ch10 {

class zero_even_odd {
 public:
  explicit zero_even_odd(int n);
  ~zero_even_odd();
  zero_even_odd(const zero_even_odd&) = delete;
  zero_even_odd& operator=(const zero_even_odd&) = delete;

  // zero: calls print(0) n times, once before each number.
  void zero(const std::function<void(int)>& print);
  // even: calls print(2), print(4), ... up to n, each after its zero; returns when done.
  void even(const std::function<void(int)>& print);
  // odd: calls print(1), print(3), ... up to n, each after its zero; returns when done.
  void odd(const std::function<void(int)>& print);

 private:
  struct state;  // defined in zero_even_odd.cpp
  std::unique_ptr<state> state_;
};

}  // namespace ch10
