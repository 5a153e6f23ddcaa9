// go::blocking's thread pool: Boost.Asio's thread_pool, so no hand-written pool to maintain.
#include <algorithm>
#include <thread>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "go/detail/runtime.hpp"

namespace go::detail {

void post_blocking(std::function<void()> task) {
  // Blocking calls mostly wait (on a disk, a socket, a database), so the pool is wider than
  // the machine; a call beyond its width waits for a free thread.
  static boost::asio::thread_pool pool{std::max(8u, 4 * std::thread::hardware_concurrency())};
  // Counted in the run, which must outlive the task's wake-up of its fiber (runtime.hpp); a
  // call from outside go::run has no run to keep.
  runtime* const rt = runtime::current();
  if (rt == nullptr) {
    boost::asio::post(pool, std::move(task));
    return;
  }
  rt->blocking_started();
  try {
    boost::asio::post(pool, [rt, task = std::move(task)]() mutable {
      task();
      task = nullptr;  // before the run may end: it may hold what the run's fibers gave it
      rt->blocking_finished();
    });
  } catch (...) {
    rt->blocking_finished();
    throw;
  }
}

}  // namespace go::detail
