// go::stats() and GO_SCHEDTRACE: the run's counters, read on demand or printed at an interval
// by one thread per run (Go prints schedtrace from its sysmon thread the same way).
#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <sstream>
#include <string_view>
#include <thread>

#include "counters.hpp"
#include "go/detail/runtime.hpp"

namespace go::detail {

fiber_record* record_of(boost::fibers::context* ctx) noexcept;  // runtime.cpp

namespace {

// kind_of: the kind of a block, by the first letter of its operation, since this runs at every
// block: "chan ...", "select", "sleep", "mutex...", "rw_mutex...", "wait_group...", "blocking call".
block_kind kind_of(const char* operation) {
  switch (operation[0]) {
    case 'c':
      return block_kind::chan;
    case 's':
      return operation[1] == 'e' ? block_kind::select : block_kind::sleep;
    case 'm':
    case 'r':
      return block_kind::mutex;
    case 'w':
      return block_kind::wait_group;
    case 'b':
      return block_kind::blocking;
    default:
      return block_kind::other;
  }
}

// The fiber this worker resumed last, until it switches out (null between fibers).
thread_local fiber_record* resumed_here = nullptr;

run_stats snapshot(runtime& rt) {
  run_stats stats;
  stats.gomaxprocs = rt.threads();
  stats.live = rt.fibers();
  stats.spawned = rt.spawned();
  stats.finished = stats.spawned - static_cast<std::uint64_t>(std::max(0L, stats.live));
  const double ns_per_tick = rt.counters().ns_per_tick();
  for (const worker_counters& worker : rt.counters().workers) {
    stats.switches_per_worker.push_back(worker.switches.load(std::memory_order_relaxed));
    stats.steals_per_worker.push_back(worker.steals.load(std::memory_order_relaxed));
    for (std::size_t kind = 0; kind < block_kinds; ++kind) {
      stats.blocks[kind] += worker.blocks[kind].load(std::memory_order_relaxed);
      const auto ticks = static_cast<double>(worker.blocked_ticks[kind].load(std::memory_order_relaxed));
      stats.blocked_ns[kind] += static_cast<std::uint64_t>(ticks * ns_per_tick);
    }
  }
  return stats;
}

// schedtrace_interval: GO_SCHEDTRACE as "500ms", "2s" or "500" (milliseconds, as Go's);
// nothing when unset or unreadable.
std::optional<std::chrono::milliseconds> schedtrace_interval() {
  const char* text = std::getenv("GO_SCHEDTRACE");
  if (text == nullptr) return std::nullopt;
  const std::string_view value{text};
  long amount = 0;
  const auto [rest, error] = std::from_chars(value.data(), value.data() + value.size(), amount);
  if (error != std::errc{} || amount <= 0) return std::nullopt;
  const std::string_view unit{rest, static_cast<std::size_t>(value.data() + value.size() - rest)};
  if (unit == "s") return std::chrono::seconds{amount};
  if (unit == "ms" || unit.empty()) return std::chrono::milliseconds{amount};
  return std::nullopt;
}

class schedtrace {
 public:
  schedtrace(runtime& rt, std::chrono::milliseconds interval)
      : thread_{[this, run = &rt, interval] { print_until_stopped(*run, interval); }} {}
  ~schedtrace() {
    {
      std::lock_guard lock{mutex_};
      stopped_ = true;
    }
    stop_.notify_one();
    thread_.join();
  }

 private:
  void print_until_stopped(runtime& rt, std::chrono::milliseconds interval) {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock lock{mutex_};
    for (auto next = start + interval; !stop_.wait_until(lock, next, [this] { return stopped_; }); next += interval) {
      const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(next - start);
      std::ostringstream line;  // one write, so lines of several runs never interleave
      line << "SCHED " << elapsed.count() << "ms: " << snapshot(rt) << '\n';
      std::cerr << line.str() << std::flush;
    }
  }

  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopped_ = false;  // guarded by mutex_
  std::thread thread_;    // last: it starts running in the constructor
};

std::mutex schedtraces_mutex;
std::map<const runtime*, std::unique_ptr<schedtrace>> schedtraces;  // guarded by schedtraces_mutex

}  // namespace

void count_block(fiber_record& fiber, const char* operation) noexcept {
  if (fiber.rt == nullptr) return;  // a plain thread or a raw Boost fiber: not counted
  const auto kind = static_cast<std::size_t>(kind_of(operation));
  worker_counters& worker = fiber.rt->counters().workers[current_worker_index()];
  worker.add(worker.blocks[kind]);
  fiber.blocked_kind = static_cast<std::uint8_t>(kind);
  fiber.blocked_since = unstamped;  // count_switch stamps it when the fiber switches out
}

double run_counters::ns_per_tick() const noexcept {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start);
  const std::uint64_t ticks = now_ticks() - start_ticks;
  return ticks == 0 ? 0.0 : static_cast<double>(ns.count()) / static_cast<double>(ticks);
}

void note_fiber_running(fiber_record* record) noexcept {
  resumed_here = record;
  if (record != nullptr) record->last_worker = current_worker_index();
}

void counting_algorithm::count_switch(boost::fibers::context* next) noexcept {
  // One read of the clock, taken only if a fiber blocks here or ends a block here, serves both:
  // the outgoing fiber's block starts at this switch and the incoming one's ends at it (rdtsc
  // takes about 30 ns on this workbook's virtual machines, a fifth of a ping-pong round trip).
  std::uint64_t now = 0;
  if (fiber_record* out = std::exchange(resumed_here, nullptr)) {
    if (out->waiting_on.load(std::memory_order_relaxed) == nullptr) {
      out->blocked_since = 0;  // it yielded, or was woken before it could park: not blocked (any more)
    } else if (out->blocked_since == unstamped) {
      out->blocked_since = now = now_ticks();
    }
  }
  if (next == nullptr || next->is_context(boost::fibers::type::pinned_context)) return;
  counters_.add(counters_.switches);
  fiber_record* record = record_of(next);
  if (record == nullptr) return;  // its first run: note_fiber_running takes over
  const unsigned here = inner_.index();
  if (record->last_worker != here) {
    counters_.add(counters_.steals);
    record->last_worker = here;
  }
  if (record->blocked_since != 0) {
    if (record->blocked_since != unstamped) {
      if (now == 0) now = now_ticks();
      counters_.add(counters_.blocked_ticks[record->blocked_kind], now - record->blocked_since);
    }
    record->blocked_since = 0;
  }
  resumed_here = record;
}

void start_schedtrace(runtime& rt) {
  static const std::optional<std::chrono::milliseconds> interval = schedtrace_interval();
  if (!interval) return;
  std::lock_guard lock{schedtraces_mutex};
  schedtraces.emplace(&rt, std::make_unique<schedtrace>(rt, *interval));
}

void stop_schedtrace(runtime& rt) noexcept {
  std::unique_ptr<schedtrace> trace;
  {
    std::lock_guard lock{schedtraces_mutex};
    auto found = schedtraces.find(&rt);
    if (found == schedtraces.end()) return;
    trace = std::move(found->second);
    schedtraces.erase(found);
  }
  // trace's destructor joins its thread here, outside the lock
}

}  // namespace go::detail

namespace go {

std::uint64_t run_stats::switches() const noexcept {
  return std::accumulate(switches_per_worker.begin(), switches_per_worker.end(), std::uint64_t{0});
}

std::uint64_t run_stats::steals() const noexcept {
  return std::accumulate(steals_per_worker.begin(), steals_per_worker.end(), std::uint64_t{0});
}

run_stats stats() {
  detail::runtime* rt = detail::runtime::current();
  return rt != nullptr ? detail::snapshot(*rt) : run_stats{};
}

std::ostream& operator<<(std::ostream& out, const run_stats& stats) {
  out << "gomaxprocs=" << stats.gomaxprocs << " live=" << stats.live << " spawned=" << stats.spawned
      << " finished=" << stats.finished << " switches=[";
  for (std::size_t worker = 0; worker < stats.switches_per_worker.size(); ++worker) {
    out << (worker == 0 ? "" : " ") << stats.switches_per_worker[worker];
  }
  out << "] steals=[";
  for (std::size_t worker = 0; worker < stats.steals_per_worker.size(); ++worker) {
    out << (worker == 0 ? "" : " ") << stats.steals_per_worker[worker];
  }
  out << "] blocks:";
  for (std::size_t kind = 0; kind < block_kinds; ++kind) {
    const std::uint64_t tenths_of_ms = stats.blocked_ns[kind] / 100'000;
    out << ' ' << block_kind_names[kind] << '=' << stats.blocks[kind] << '/' << tenths_of_ms / 10 << '.'
        << tenths_of_ms % 10 << "ms";
  }
  return out;
}

}  // namespace go
