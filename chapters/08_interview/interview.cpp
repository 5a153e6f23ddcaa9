// interview.cpp - the guide's 20 interview questions, answered by running code.
//
//   ./build/bin/ch08_interview        # all twenty
//   ./build/bin/ch08_interview 5 11   # only Q5 and Q11
//
// Each question prints what the C++ did; docs/interview.md has the answers in words and
// tests/08_interview/ the tests that prove them.
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <span>
#include <string>

#include "interview.hpp"

namespace {

struct question {
  int number;
  const char* text;
  void (*show)();
};

// [snippet: questions]
constexpr question questions[] = {
    {1, "What is the difference between concurrency and parallelism?", ch08::show_q01},
    {2, "What is a goroutine (here: a fiber) and how does it differ from a thread?", ch08::show_q02},
    {3, "What happens if you don't wait for goroutines to complete?", ch08::show_q03},
    {4, "What's the difference between buffered and unbuffered channels?", ch08::show_q04},
    {5, "What happens if you send to a closed channel?", ch08::show_q05},
    {6, "How do you check if a channel is closed?", ch08::show_q06},
    {7, "What does the select statement do?", ch08::show_q07},
    {8, "How do you implement a timeout with channels?", ch08::show_q08},
    {9, "What is a WaitGroup and when would you use it?", ch08::show_q09},
    {10, "What's the difference between sync.Mutex and sync.RWMutex?", ch08::show_q10},
    {11, "What is a race condition and how do you detect it?", ch08::show_q11},
    {12, "Explain the worker pool pattern.", ch08::show_q12},
    {13, "What is the done channel pattern?", ch08::show_q13},
    {14, "Explain the pipeline pattern.", ch08::show_q14},
    {15, "What is fan-out/fan-in?", ch08::show_q15},
    {16, "What is context.Context and when should you use it?", ch08::show_q16},
    {17, "What happens if you don't call the cancel function from context?", ch08::show_q17},
    {18, "How many goroutines (here: fibers) is too many?", ch08::show_q18},
    {19, "How do you prevent goroutine leaks?", ch08::show_q19},
    {20, "Should you use channels or mutexes?", ch08::show_q20},
};
// [end-snippet]

void ask(const question& q) {
  std::printf("\nQ%d: %s\n", q.number, q.text);
  std::fflush(stdout);  // Q5's panic report goes to stderr: keep the two in order
  q.show();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 1) {
    for (const question& q : questions) ask(q);
    return 0;
  }
  for (const std::string arg : std::span{argv + 1, argv + argc}) {
    const int number = std::atoi(arg.c_str());
    if (number < 1 || number > static_cast<int>(std::size(questions))) {
      std::fprintf(stderr, "usage: ch08_interview [1-%zu ...]\n", std::size(questions));
      return 2;
    }
    ask(questions[number - 1]);
  }
  return 0;
}
