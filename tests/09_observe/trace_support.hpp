// trace_support.hpp - what chapter 09's tests share: a recorded run, and its failure in words.
//
// The tests assert on the run's timeline (go::testing::run_traced), never on clocks: a stage's
// fibers live at once, two stages overlapping, fibers left blocked, and go::stats()'s counts.
#pragma once

#include <exception>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>

#include <go/go.hpp>
#include <go/testing_trace.hpp>

namespace ch09_test {

// what_of: the message of what a traced run threw ("" when it threw nothing) - for a deadlock,
// the toolkit's report: the fiber dump of the hung run.
inline std::string what_of(const std::exception_ptr& error) {
  if (!error) return "";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& thrown) {
    return thrown.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

// stage_widths: "fetch=1 resize=4 compress=1", the most fibers of each stage live at once.
inline std::string stage_widths(const go::testing::run_trace& trace, std::initializer_list<std::string_view> stages) {
  std::ostringstream widths;
  for (std::string_view stage : stages) widths << stage << '=' << trace.max_at_once(stage) << ' ';
  return widths.str();
}

}  // namespace ch09_test
