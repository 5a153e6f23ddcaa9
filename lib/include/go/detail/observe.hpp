// go/detail/observe.hpp - the runtime's hooks into go/observe.hpp: the one fiber printer, and
// the registry of live runs that a SIGQUIT dump walks.
//
// Thread safety: every function may be called from any thread.
#pragma once

#include <cstddef>
#include <ostream>
#include <utility>
#include <vector>

#include "go/detail/fiber_record.hpp"

namespace go::detail {

class runtime;

// object_numbers: numbers the objects fibers wait on in the order one report first meets them,
// so a report reads "chan #1" instead of an address that differs on every run.
class object_numbers {
 public:
  std::size_t number_of(const void* object);

 private:
  std::vector<std::pair<const void*, std::size_t>> seen_;  // few objects per report: a scan will do
};

// print_fiber: the two lines a report shows for `record` (see go/observe.hpp for the format).
void print_fiber(std::ostream& out, const fiber_record& record, object_numbers& objects);

// run_started / run_ended: register a runtime for SIGQUIT dumps (and install the handler).
void run_started(runtime& rt);
void run_ended(runtime& rt) noexcept;

}  // namespace go::detail
