// The fiber dump: one printer for go::dump_fibers, SIGQUIT, and the deadlock and leak reports.
//
// SIGQUIT is handled the async-signal-safe way: the handler only writes a byte to a pipe, and a
// watcher thread, blocked reading that pipe, prints the dump - printing takes locks and
// allocates, which a signal handler must never do.
#include <csignal>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string_view>
#include <thread>
#include <vector>

#include <unistd.h>

#include "go/detail/observe.hpp"
#include "go/detail/runtime.hpp"
#include "go/observe.hpp"
#include "counters.hpp"

namespace go::detail {

namespace {

std::mutex runs_mutex;
std::vector<runtime*> runs;  // guarded by runs_mutex; every runtime between run_started and run_ended

int quit_pipe[2] = {-1, -1};  // written by the SIGQUIT handler, read by the watcher thread

void on_sigquit(int) {
  const int saved = errno;  // write() may change errno under the interrupted code's feet
  const char byte = 'q';
  [[maybe_unused]] const auto written = ::write(quit_pipe[1], &byte, 1);
  errno = saved;
}

void watch_sigquit() {
  char byte = 0;
  for (;;) {
    const auto got = ::read(quit_pipe[0], &byte, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return;
    std::ostringstream dump;  // one write to stderr, so the dump is not interleaved with output
    dump << "SIGQUIT: fiber dump (the program goes on)\n\n";
    dump_fibers(dump);
    std::cerr << dump.str() << std::flush;
  }
}

void install_sigquit_handler() {
  if (::pipe(quit_pipe) != 0) return;  // no dump on SIGQUIT, but the program still works
  std::thread{watch_sigquit}.detach();  // lives as long as the process, like Go's signal thread
  struct sigaction action {};
  action.sa_handler = on_sigquit;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGQUIT, &action, nullptr);
}

// kind_of: "chan" of "chan receive", "wait_group" of "wait_group.wait".
std::string_view kind_of(std::string_view operation) {
  return operation.substr(0, operation.find_first_of(" ."));
}

}  // namespace

std::size_t object_numbers::number_of(const void* object) {
  for (const auto& [address, number] : seen_) {
    if (address == object) return number;
  }
  seen_.emplace_back(object, seen_.size() + 1);
  return seen_.size();
}

void print_fiber(std::ostream& out, const fiber_record& record, object_numbers& objects) {
  const char* waiting_on = record.waiting_on.load();
  const void* object = record.object.load();
  out << "fiber " << record.id;
  if (!record.name.empty()) out << " \"" << record.name << '"';
  out << " [";
  if (waiting_on == nullptr) {
    out << (&record == &current_fiber() ? "running" : "running or runnable");
  } else {
    out << waiting_on;
    if (object != nullptr) out << " on " << kind_of(waiting_on) << " #" << objects.number_of(object);
  }
  out << "]:\n    spawned at " << record.site.file_name() << ':' << record.site.line() << " in "
      << record.site.function_name() << "\n";
}

void run_started(runtime& rt) {
  static std::once_flag installed;
  std::call_once(installed, install_sigquit_handler);
  {
    std::lock_guard lock{runs_mutex};
    runs.push_back(&rt);
  }
  start_schedtrace(rt);
  start_trace(rt);
}

void run_ended(runtime& rt) noexcept {
  stop_schedtrace(rt);
  finish_trace(rt);
  std::lock_guard lock{runs_mutex};
  std::erase(runs, &rt);
}

}  // namespace go::detail

namespace go {

void dump_fibers(std::ostream& out) {
  if (detail::runtime* rt = detail::runtime::current()) {
    out << rt->describe_fibers();
    return;
  }
  std::lock_guard lock{detail::runs_mutex};  // keeps each run alive while it is printed
  if (detail::runs.empty()) out << "no go::run is running\n";
  for (detail::runtime* rt : detail::runs) {
    const std::source_location site = rt->site();
    out << "go::run at " << site.file_name() << ':' << site.line() << " on " << rt->threads()
        << " worker thread(s):\n"
        << rt->describe_fibers() << '\n';
  }
}

}  // namespace go
