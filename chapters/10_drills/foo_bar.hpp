// foo_bar.hpp - drill: print FooBar alternately (LeetCode 1115). Statement: hints.md, "foo_bar".
//
// Two fibers share one foo_bar(n): one calls foo(), which prints "foo" n times, the other bar(),
// which prints "bar" n times. Together they print "foobar" n times - never "foofoo":
//
//   ch10::foo_bar alternate{3};
//   go::run([&] {
//     go::spawn([&] { alternate.bar([] { std::cout << "bar\n"; }); });
//     go::spawn([&] { alternate.foo([] { std::cout << "foo\n"; }); });
//   }, {.threads = 2});                                // foo bar foo bar foo bar
//
// The classic problem has two threads; here they are fibers that hand the turn to each other.
// Your work is all in foo_bar.cpp, including the members: `state` is yours to define.
//
// Thread safety: foo and bar are each called once, from two fibers at once.
#pragma once

#include <functional>
#include <memory>

namespace ch10 {

class foo_bar {
 public:
  explicit foo_bar(int n);
  ~foo_bar();
  foo_bar(const foo_bar&) = delete;
  foo_bar& operator=(const foo_bar&) = delete;

  // foo: calls print_foo n times, each time before the bar of the same pair.
  void foo(const std::function<void()>& print_foo);
  // bar: calls print_bar n times, each time after the foo of the same pair.
  void bar(const std::function<void()>& print_bar);

 private:
  struct state;  // defined in foo_bar.cpp
  std::unique_ptr<state> state_;
};

}  // namespace ch10
