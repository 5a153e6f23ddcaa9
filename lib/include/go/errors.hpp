// go/errors.hpp - the exceptions the toolkit throws where Go would panic.
//
// Go: panic("send on closed channel"), "all goroutines are asleep - deadlock!"
//
//   try { ch.send(1); } catch (const go::channel_closed& e) { /* Go would have panicked */ }
//   try { go::run(main_fiber); } catch (const go::deadlock& e) { std::cerr << e.what(); }
//
// Thread safety: exception objects are immutable after construction.
#pragma once

#include <stdexcept>
#include <string>

namespace go {

// not_implemented: thrown by an exercise stub until the learner writes the body.
struct not_implemented : std::logic_error {
  explicit not_implemented(const std::string& what) : std::logic_error("not implemented yet: " + what) {}
};

// channel_error: misuse of a channel that Go answers with a panic.
struct channel_error : std::logic_error {
  using std::logic_error::logic_error;
};

// channel_closed: send on a closed channel, or close of a closed channel.
struct channel_closed : channel_error {
  using channel_error::channel_error;
};

// nil_channel: close of a nil (default-constructed) channel.
struct nil_channel : channel_error {
  using channel_error::channel_error;
};

// deadlock: every live fiber of a go::run is blocked on a toolkit primitive and nothing (no
// timer, no running fiber) can wake any of them. what() lists each fiber, its spawn site and the
// operation it waits on.
struct deadlock : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// fiber_leak: the main fiber returned, but fibers it spawned are blocked forever (or are still
// running when go::testing::expect_no_leaks gives up). what() lists them as deadlock does.
struct fiber_leak : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// run_timeout: go::run's options.timeout elapsed before every fiber finished.
struct run_timeout : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace go
