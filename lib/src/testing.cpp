#include "go/testing.hpp"

#include <gtest/gtest.h>

#include "go/time.hpp"

namespace go::testing {

void expect_no_leaks(std::chrono::milliseconds grace) {
  auto& rt = detail::runtime::current_or_throw("go::testing::expect_no_leaks");
  const auto give_up = clock::now() + grace;
  // Wait for the others to finish. They are stuck for good once every one of them is blocked
  // and no timer is pending (blocked == live - 1, the caller being the one running).
  while (rt.fibers() > 1 && clock::now() < give_up) {
    const std::uint64_t accounting = rt.accounting();
    if ((accounting >> 32) == (accounting & 0xffff'ffffu) + 1) break;
    go::sleep(std::chrono::milliseconds{1});
  }
  if (rt.fibers() <= 1) return;
  const detail::fiber_record& self = detail::current_fiber();
  ADD_FAILURE() << "fiber leak: " << rt.fibers() - 1 << " fiber(s) outlived the test:\n\n"
                << rt.describe_fibers(&self);
  // Unwind them; a fiber that never blocks again is left to go::run's timeout.
  rt.abort_others(self);
  const auto stop_waiting = clock::now() + grace;
  while (rt.fibers() > 1 && clock::now() < stop_waiting) go::sleep(std::chrono::milliseconds{1});
}

}  // namespace go::testing
