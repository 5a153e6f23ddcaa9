// loader - stores batches of validated rows in `businesses`, one database connection each.
//
//   auto load = make_loader(import_method::copy, {dsn, key, on_conflict}, rejects);  // connects
//   tally done = load->load(rows, stop);       // on a blocking thread, never on a fiber worker
//
// - row loaders (sequential, concurrent) send one INSERT per row in autocommit, as the guide;
//   a row the database refuses is rejected alone.
// - the batch loader sends one multi-row INSERT per batch; the copy loader one COPY per batch.
//   Each batch is one transaction. When the database refuses one (a data exception or an
//   integrity violation, SQLSTATE class 22 or 23), the batch is split and retried as pgloader
//   does: COPY names the line it failed at, so the rows before it are retried at once, that row
//   is rejected and the rest retried; an INSERT names no row, so it is halved until the bad
//   rows stand alone. Any other error (a lost connection) ends the import: it throws db::error.
// - With a key, rows go through INSERT ... ON CONFLICT (key) DO NOTHING / DO UPDATE; the copy
//   loader first COPYs the batch into a temporary table and merges it in key order, so that
//   writers on other connections take the key's locks in the same order and cannot deadlock.
// - A stop request is honoured between rows and before each commit: the open transaction rolls
//   back, tally::stopped is set, and the tally counts only what was committed.
//
// Thread safety: one loader per thread at a time; rejects is shared (it locks).
#pragma once

#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>

#include "import.hpp"
#include "record.hpp"
#include "reject_log.hpp"

namespace capstone::detail {

// tally: what happened to the rows a loader was given.
struct tally {
  std::uint64_t inserted = 0;
  std::uint64_t updated = 0;
  std::uint64_t skipped = 0;
  std::uint64_t rejected = 0;
  bool stopped = false;

  [[nodiscard]] std::uint64_t done() const { return inserted + updated + skipped + rejected; }
  tally& operator+=(const tally& other) {
    inserted += other.inserted;
    updated += other.updated;
    skipped += other.skipped;
    rejected += other.rejected;
    stopped = stopped || other.stopped;
    return *this;
  }
};

struct loader_options {
  std::string dsn;
  std::string key;  // empty: plain inserts
  conflict_action on_conflict = conflict_action::skip;
};

class loader {
 public:
  virtual ~loader() = default;
  // load: stores `rows` (reordering them is allowed) and reports what became of each.
  virtual tally load(batch& rows, const std::stop_token& stop) = 0;
};

[[nodiscard]] std::unique_ptr<loader> make_loader(import_method method, const loader_options& options,
                                                  reject_log& rejects);

// append_copy_text: `value` in COPY's text format (\\, \t, \n, \r escaped) appended to `out`.
void append_copy_text(std::string_view value, std::string& out);

}  // namespace capstone::detail
