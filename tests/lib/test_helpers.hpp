// test_helpers.hpp - small helpers shared by the toolkit's tests.
//
// - contains(text, part): an assertion that prints the whole text when `part` is missing, so a
//   failing report check shows the report.
// - yield_until(done): lets the other fibers run until `done()` holds. With {.threads = 1} and
//   fibers that set a flag just before they block, it returns once they are all blocked - the
//   way these tests observe "blocked" without sleeping. The run's timeout is the safety net.
// - what_of<E>(fn, options): runs fn in go::testing::run and returns the message of the E it
//   throws (failing the test if it throws nothing).
#pragma once

#include <source_location>
#include <string>
#include <string_view>

#include <go/runtime.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace test {

inline ::testing::AssertionResult contains(std::string_view text, std::string_view part) {
  if (text.find(part) != std::string_view::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected to find \"" << part << "\" in:\n" << text;
}

template <class Done>
void yield_until(Done done) {
  while (!done()) go::yield();
}

template <class E, class F>
std::string what_of(F fn, go::run_options options = {},
                    std::source_location site = std::source_location::current()) {
  try {
    go::testing::run(fn, options, site);  // the main fiber's site is the caller's line
  } catch (const E& error) {
    return error.what();
  }
  ADD_FAILURE() << "the run ended without the expected exception";
  return {};
}

}  // namespace test
