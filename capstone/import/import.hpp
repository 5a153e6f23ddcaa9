// capstone::import - load the business listings of an xlsx sheet into PostgreSQL's `businesses`.
//
//   import_request request;
//   request.file = "sample_data.xlsx";
//   request.method = import_method::pipeline;     // or sequential, concurrent, batch, copy
//   request.dsn = "host=127.0.0.1 port=5432 user=app dbname=shop";  // empty: libpq's PG* defaults
//   std::stop_source stop;                         // request_stop() from a signal or a server
//   import_stats stats = run_import(request, stop.get_token());
//   std::cout << to_json(stats).dump(2);
//
// - Columns are found by the header row's names (case and space insensitive; `column_map`
//   renames sheet headers), so reordered or extra columns import correctly. A missing column is
//   an import_error before any row is written.
// - Every row is validated (all nine columns, a name, field lengths); a rejected row is counted,
//   reported with its sheet row number and reason, and written to `rejects_file` if given. A
//   database error in a batch rejects only the rows that cause it: the batch is split and the
//   rest retried. Counts are exact: total_records == success_count + error_count.
// - With `key`, a re-run neither duplicates nor loses rows: rows whose key is already in the
//   table are skipped or update it (`on_conflict`).
// - A stop request ends the import early: the transaction in flight rolls back, committed
//   batches stay, stats.interrupted is true and the counts cover exactly the committed work.
// - The database calls block: they run on go::blocking's threads, never on a fiber worker.
//
// Throws import_error for what stops a whole import (unreadable file, missing column, no
// database); rows never throw.
//
// Thread safety: run_import may run in several threads at once (each run has its own fibers
// and connections). It runs its own go::run, so call it from a plain thread (or go::blocking),
// not from a fiber of another run. on_progress is called from the import's fiber, one call at
// a time, and must not block.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace capstone {

// import_method: the guide's three strategies and two COPY-based ones.
enum class import_method {
  sequential,  // one INSERT per row, autocommit, on one connection (the guide's baseline)
  concurrent,  // N workers, one connection each, one INSERT per row
  batch,       // N workers, one multi-row INSERT per batch (the guide's fastest)
  copy,        // one connection, COPY FROM STDIN, parsing and loading taking turns
  pipeline,    // a reader fiber parses while N COPY writers load, on a bounded channel
};

// parse_method / method_name: the command line's and the HTTP API's spelling of a method.
[[nodiscard]] std::optional<import_method> parse_method(std::string_view name);
[[nodiscard]] std::string_view method_name(import_method method);

enum class conflict_action { skip, update };

// import_progress: what has happened so far, for a progress line.
struct import_progress {
  std::uint64_t rows_done = 0;   // rows whose fate is decided (stored or rejected)
  std::uint64_t rows_total = 0;  // an estimate from the sheet's size; 0 when unknown
  std::chrono::steady_clock::duration elapsed{};
};

struct import_request {
  std::filesystem::path file;
  std::string sheet;                    // empty: the first worksheet
  import_method method = import_method::batch;
  unsigned workers = 0;                 // 0: the method's default (1 or 2 x hardware threads)
  std::size_t batch_size = 0;           // 0: the method's default (100 rows per INSERT, 10,000 per COPY)
  std::string dsn;                      // libpq conninfo or URI; empty: PG* environment variables
  std::vector<std::pair<std::string, std::string>> column_map;  // {sheet header, column}
  std::string key;                      // a column that identifies a row; empty: plain inserts
  conflict_action on_conflict = conflict_action::skip;
  std::filesystem::path rejects_file;   // empty: rejects are only counted and listed
  std::function<void(const import_progress&)> on_progress;  // called a few times a second
};

// rejected_row: one row that was not imported, as the user sees it in Excel.
struct rejected_row {
  std::uint32_t row = 0;  // the sheet's row number (the header is row 1)
  std::string reason;
};

// import_stats: the guide's ImportStats and more.
struct import_stats {
  std::uint64_t total_records = 0;  // rows processed: success_count + error_count
  std::uint64_t success_count = 0;  // rows stored: inserted + updated + skipped
  std::uint64_t error_count = 0;    // rows rejected
  std::uint64_t inserted = 0;
  std::uint64_t updated = 0;        // with a key and on_conflict update
  std::uint64_t skipped = 0;        // with a key: the row's key was there already
  std::chrono::nanoseconds duration{};
  double records_per_second = 0;    // success_count / duration
  import_method method = import_method::batch;
  unsigned workers = 0;
  std::size_t batch_size = 0;
  std::uint64_t peak_memory_bytes = 0;  // the process's peak resident set size
  bool interrupted = false;             // a stop was requested before the end
  std::vector<rejected_row> rejects;    // the first max_listed_rejects of them
};

inline constexpr std::size_t max_listed_rejects = 1000;

struct import_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// run_import: imports request.file (see the header comment); stops early when `stop` is requested.
[[nodiscard]] import_stats run_import(const import_request& request, const std::stop_token& stop);

// to_json: the stats as the guide's JSON (total_records, success_count, error_count, duration
// as "1.234s", records_per_second) plus every other field.
[[nodiscard]] nlohmann::json to_json(const import_stats& stats);

}  // namespace capstone
