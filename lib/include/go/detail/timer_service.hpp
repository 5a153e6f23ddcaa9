// go/detail/timer_service.hpp - one thread that fires the timers of a run (Go's timer heap).
//
// go::after, go::timer, go::ticker and context deadlines add timers here; a timer's callback runs
// on the service's thread and must be short and never block (it sends into a buffered channel or
// cancels a context). A pending timer counts as live in its runtime's deadlock accounting: a
// fiber waiting for it is asleep, not deadlocked.
//
// Thread safety: every member may be called from any thread or fiber.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "go/detail/parker.hpp"

namespace go::detail {

class runtime;

class timer_service {
 public:
  using callback = std::function<void()>;

  // owner: the runtime whose accounting the timers join; null for the process-wide service.
  explicit timer_service(runtime* owner);
  ~timer_service();
  timer_service(const timer_service&) = delete;
  timer_service& operator=(const timer_service&) = delete;

  // add: fires `fn` at `when`, then every `period` if period > 0, until cancelled. Returns its id.
  std::uint64_t add(clock::time_point when, clock::duration period, callback fn);

  // cancel: stops timer `id`; true if it was still pending (or periodic).
  bool cancel(std::uint64_t id);

  // shutdown: drops every pending timer and stops the thread; later add() calls are ignored.
  void shutdown();

  // for_current: the service of the calling fiber's run, or the process-wide one.
  static std::shared_ptr<timer_service> for_current();

 private:
  struct entry {
    clock::duration period;
    callback fn;
  };
  using key = std::pair<clock::time_point, std::uint64_t>;
  void loop();
  void forget(std::uint64_t id);  // accounting when a timer stops being pending

  runtime* owner_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<key, entry> due_;                                // guarded by mutex_
  std::unordered_map<std::uint64_t, clock::time_point> when_;  // guarded by mutex_
  std::uint64_t next_id_ = 1;                               // guarded by mutex_
  bool stopping_ = false;                                   // guarded by mutex_
  std::thread thread_;
};

}  // namespace go::detail
