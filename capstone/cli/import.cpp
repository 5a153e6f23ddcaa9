// importer import: run_import (capstone/import/import.hpp) from the command line, with a
// progress line, Ctrl-C handling and the stats as text or JSON.
//
// Signals: SIGINT and SIGTERM are blocked in every thread (the mask is inherited by the threads
// the import starts) and taken by one watcher thread with sigtimedwait, which asks the import to
// stop. That keeps the handler out of async-signal context, where almost nothing is allowed.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stop_token>
#include <thread>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "db/embedded_server.hpp"
#include "import/import.hpp"

namespace importer {
namespace {

// signal_watcher: turns SIGINT/SIGTERM into a stop request and remembers which came.
class signal_watcher {
 public:
  explicit signal_watcher(std::stop_source& stop) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    thread_ = std::jthread([this, &stop](std::stop_token done) {
      const timespec poll{0, 100'000'000};
      while (!done.stop_requested()) {
        const int caught = sigtimedwait(&signals_, nullptr, &poll);
        if (caught > 0) {
          signal_ = caught;
          stop.request_stop();
          return;
        }
      }
    });
  }
  // signal: the signal that asked to stop, or 0.
  [[nodiscard]] int signal() const { return signal_; }

 private:
  sigset_t signals_;
  std::atomic<int> signal_{0};
  std::jthread thread_;
};

void print_progress(const capstone::import_progress& progress, bool& printed) {
  using namespace std::chrono;
  const double seconds = duration<double>(progress.elapsed).count();
  if (seconds < 1.0) return;  // a short run needs no progress line
  const double rate = static_cast<double>(progress.rows_done) / seconds;
  char eta[32] = "?";
  if (progress.rows_total > progress.rows_done && rate > 0) {
    std::snprintf(eta, sizeof eta, "%.0fs", static_cast<double>(progress.rows_total - progress.rows_done) / rate);
  } else if (progress.rows_total != 0) {
    std::snprintf(eta, sizeof eta, "0s");
  }
  std::fprintf(stderr, "\r\033[K%llu of ~%llu rows, %.0f rows/s, ETA %s", static_cast<unsigned long long>(progress.rows_done),
               static_cast<unsigned long long>(progress.rows_total), rate, eta);
  printed = true;
}

void print_text(const capstone::import_stats& stats) {
  std::printf("%s: %llu of %llu rows stored (%llu inserted, %llu updated, %llu skipped), %llu rejected, in %.3fs: "
              "%.0f rows/s; %u worker(s), batch size %zu, peak memory %.1f MiB%s\n",
              std::string(capstone::method_name(stats.method)).c_str(),
              static_cast<unsigned long long>(stats.success_count), static_cast<unsigned long long>(stats.total_records),
              static_cast<unsigned long long>(stats.inserted), static_cast<unsigned long long>(stats.updated),
              static_cast<unsigned long long>(stats.skipped), static_cast<unsigned long long>(stats.error_count),
              std::chrono::duration<double>(stats.duration).count(), stats.records_per_second, stats.workers,
              stats.batch_size, static_cast<double>(stats.peak_memory_bytes) / (1 << 20),
              stats.interrupted ? " - INTERRUPTED" : "");
  constexpr std::size_t shown = 20;
  for (std::size_t i = 0; i < stats.rejects.size() && i < shown; ++i) {
    std::printf("  row %u: %s\n", stats.rejects[i].row, stats.rejects[i].reason.c_str());
  }
  if (stats.error_count > shown) std::printf("  ... (--rejects FILE.csv lists them all)\n");
}

}  // namespace

int run_import(const import_options& options) {
  std::stop_source stop;
  signal_watcher signals{stop};
  try {
    capstone::import_request request;
    request.file = options.file;
    request.sheet = options.sheet;
    request.method = options.method;
    request.workers = options.workers;
    request.batch_size = options.batch_size;
    request.key = options.key;
    request.on_conflict = options.on_conflict;
    request.rejects_file = options.rejects;
    for (const auto& mapping : options.map) {
      const auto equals = mapping.rfind('=');
      if (equals == std::string::npos || equals == 0 || equals + 1 == mapping.size()) {
        std::cerr << "importer: --map takes 'Sheet Header=column', not '" << mapping << "'\n";
        return 2;
      }
      request.column_map.emplace_back(mapping.substr(0, equals), mapping.substr(equals + 1));
    }
    // --dsn, else the PG* variables, else a throwaway server that lives as long as `database`.
    const capstone::db::database database = capstone::db::resolve_database(options.dsn, options.keep_db);
    if (database.server) std::cerr << "importer: " << database.description << '\n';
    request.dsn = database.conninfo;
    bool progress_printed = false;
    if (isatty(STDERR_FILENO) != 0) {
      request.on_progress = [&](const capstone::import_progress& progress) { print_progress(progress, progress_printed); };
    }
    const capstone::import_stats stats = capstone::run_import(request, stop.get_token());
    if (progress_printed) std::fputs("\r\033[K", stderr);
    if (options.json) {
      std::cout << capstone::to_json(stats).dump(2) << '\n';
    } else {
      print_text(stats);
    }
    if (!stats.interrupted) return 0;
    return 128 + (signals.signal() != 0 ? signals.signal() : SIGINT);  // the shell's 130 / 143
  } catch (const std::exception& problem) {
    std::cerr << "importer: import: " << problem.what() << '\n';
    return 1;
  }
}

}  // namespace importer
