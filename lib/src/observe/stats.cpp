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

namespace {

block_kind kind_of(std::string_view operation) {
  if (operation.starts_with("chan")) return block_kind::chan;
  if (operation.starts_with("select")) return block_kind::select;
  if (operation.starts_with("mutex") || operation.starts_with("rw_mutex")) return block_kind::mutex;
  if (operation.starts_with("wait_group")) return block_kind::wait_group;
  if (operation.starts_with("sleep")) return block_kind::sleep;
  return block_kind::other;
}

run_stats snapshot(runtime& rt) {
  run_stats stats;
  stats.gomaxprocs = rt.threads();
  stats.live = rt.fibers();
  stats.spawned = rt.spawned();
  stats.finished = stats.spawned - static_cast<std::uint64_t>(std::max(0L, stats.live));
  for (const worker_counters& worker : rt.counters().workers) {
    stats.switches_per_worker.push_back(worker.switches.load(std::memory_order_relaxed));
    for (std::size_t kind = 0; kind < block_kinds; ++kind) stats.blocks[kind] += worker.blocks[kind].load(std::memory_order_relaxed);
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

void count_block(const char* operation) noexcept {
  runtime* rt = runtime::current();
  if (rt == nullptr) return;  // a plain thread or a raw Boost fiber: not counted
  worker_counters& worker = rt->counters().workers[current_worker_index()];
  worker.add(worker.blocks[static_cast<std::size_t>(kind_of(operation))]);
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
  out << "] blocks:";
  for (std::size_t kind = 0; kind < block_kinds; ++kind) out << ' ' << block_kind_names[kind] << '=' << stats.blocks[kind];
  return out;
}

}  // namespace go
