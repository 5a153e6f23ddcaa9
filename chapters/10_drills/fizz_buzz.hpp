// fizz_buzz.hpp - drill: FizzBuzz multithreaded (LeetCode 1195). Statement: hints.md, "fizz_buzz".
//
// Four fibers share one fizz_buzz(n) and call one method each. Together they print 1 to n,
// "fizz" for multiples of 3, "buzz" for multiples of 5, "fizzbuzz" for multiples of both, each
// word printed by its own method:
//
//   ch10::fizz_buzz game{15};
//   go::run([&] {
//     go::spawn([&] { game.fizz([] { std::cout << "fizz "; }); });
//     go::spawn([&] { game.buzz([] { std::cout << "buzz "; }); });
//     go::spawn([&] { game.fizzbuzz([] { std::cout << "fizzbuzz "; }); });
//     go::spawn([&] { game.number([](int i) { std::cout << i << ' '; }); });
//   }, {.threads = 2});   // 1 2 fizz 4 buzz fizz 7 8 fizz buzz 11 fizz 13 14 fizzbuzz
//
// The classic problem has four threads; here they are fibers. Your work is all in
// fizz_buzz.cpp, including the members: `state` is yours to define.
//
// Thread safety: each method is called once, from four fibers at once.
#pragma once

#include <functional>
#include <memory>

namespace ch10 {

class fizz_buzz {
 public:
  explicit fizz_buzz(int n);
  ~fizz_buzz();
  fizz_buzz(const fizz_buzz&) = delete;
  fizz_buzz& operator=(const fizz_buzz&) = delete;

  // fizz: calls print_fizz for each multiple of 3 (not of 5) up to n, in its turn.
  void fizz(const std::function<void()>& print_fizz);
  // buzz: calls print_buzz for each multiple of 5 (not of 3) up to n, in its turn.
  void buzz(const std::function<void()>& print_buzz);
  // fizzbuzz: calls print_fizzbuzz for each multiple of 15 up to n, in its turn.
  void fizzbuzz(const std::function<void()>& print_fizzbuzz);
  // number: calls print_number(i) for each other i up to n, in its turn.
  void number(const std::function<void(int)>& print_number);

 private:
  struct state;  // defined in fizz_buzz.cpp
  std::unique_ptr<state> state_;
};

}  // namespace ch10
