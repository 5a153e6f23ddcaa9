// close_once.cpp - the guide's anti-pattern "Closing Channels Multiple Times", and sync.Once.
//
//   ./build/bin/ch04_close_once
//
// Go:  close(ch)
//      close(ch) // panic: close of closed channel
//
//      var closeOnce sync.Once
//      closeOnce.Do(func() { close(ch) })
//
// A channel may be closed once. When several parties may decide that the work is over - a
// failing worker, a timeout, a signal handler - the second close panics in Go and throws
// go::channel_closed here. go::once runs its function exactly once, however many fibers call
// it at the same time; the callers that lose the race wait until it has finished.
#include <cstdio>
#include <exception>

#include <go/go.hpp>

namespace {

// [snippet: close_twice]
void close_twice() {
  auto ch = go::make_chan<int>();
  ch.close();
  const std::exception_ptr panic = go::recover([&] { ch.close(); });  // defer + recover()
  try {
    if (panic) std::rethrow_exception(panic);
  } catch (const go::channel_closed& error) {
    std::printf("second close: go::channel_closed: %s\n", error.what());
  }
}
// [end-snippet]

// [snippet: close_once]
void close_once_from_many_fibers() {
  auto done = go::make_chan<go::empty>();
  go::once close_once;
  go::wait_group stoppers;
  stoppers.add(10);
  for (int i = 0; i < 10; ++i) {
    go::spawn([&] {
      close_once.call([&] { done.close(); });  // closeOnce.Do(func() { close(done) })
      stoppers.done();
    });
  }
  stoppers.wait();
  std::printf("ten fibers closed it; it was closed once: receive gives %s\n",
              done.recv() ? "a value" : "nothing (closed)");
}
// [end-snippet]

}  // namespace

int main() {
  go::run([] {
    close_twice();
    close_once_from_many_fibers();
  }, {.threads = 2});
}
