// sigquit_child.cpp - the program sigquit_test.py sends SIGQUIT: a run with one fiber blocked on
// a channel, and main waiting (in a blocking call) for the test's go-ahead on stdin. After the
// dump it must finish normally: the dump does not end the program, unlike Go's.
#include <iostream>
#include <string>

#include <go/go.hpp>

int main() {
  go::run([] {
    auto jobs = go::make_chan<int>();
    go::spawn_named("receiver", [jobs] { (void)jobs.recv(); });
    std::cout << "ready" << std::endl;
    std::string go_ahead;
    go::blocking([&] { std::getline(std::cin, go_ahead); });
    jobs.send(1);
  });
  std::cout << "finished" << std::endl;
}
