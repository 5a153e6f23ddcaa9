// fiber_link: what a run keeps on each Boost context it schedules - the fiber's record and, in
// the tsan build, its ThreadSanitizer fiber - in the one pointer Boost keeps in every context for
// a scheduler's per-fiber data (fiber_properties; the run's scheduler uses none).
//
//   fiber_link& link = link_of(boost::fibers::context::active());
//   fiber_record& record = *link.record;
//
// Finding the record is one load (a fiber_specific_ptr searched a std::map in the context, at
// every block and every switch). Boost deletes the link with its context, right before it
// resumes the finished fiber one last time to free its stack; the tsan build switches TSan to
// that fiber there (tsan_fibers::fiber_released).
//
// Thread safety: a context's link is created and read by the thread the context is attached to.
#pragma once

#include <memory>

#include <boost/fiber/context.hpp>
#include <boost/fiber/properties.hpp>

#include "go/detail/fiber_record.hpp"
#include "tsan_fibers.hpp"

namespace go::detail {

struct fiber_link final : boost::fibers::fiber_properties {
  explicit fiber_link(boost::fibers::context* ctx) noexcept : fiber_properties{ctx} {}
  fiber_link(const fiber_link&) = delete;
  fiber_link& operator=(const fiber_link&) = delete;
  // Not instrumented in the tsan build: it switches TSan to the finished fiber first, so that
  // what follows (freeing an anonymous record the fiber wrote) runs as that fiber.
  GO_TSAN_SWITCH_POINT ~fiber_link() override { tsan_fibers::fiber_released(tsan_fiber); }

  fiber_record* record = nullptr;           // the runtime's (not owned), or anonymous.get()
  std::unique_ptr<fiber_record> anonymous;  // a raw Boost fiber started inside the run
  void* tsan_fiber = nullptr;               // the tsan build's, once the context is first picked
};

// link_of: the link of a context of a run (a worker runs only contexts of the run's scheduler),
// created on first use.
inline fiber_link& link_of(boost::fibers::context* ctx) {
  if (boost::fibers::fiber_properties* properties = ctx->get_properties()) return static_cast<fiber_link&>(*properties);
  auto* link = new fiber_link{ctx};
  ctx->set_properties(link);
  return *link;
}

}  // namespace go::detail
