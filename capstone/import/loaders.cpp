// loaders: the five methods' database halves. INSERTs go through libpqxx; COPY through libpq
// (db::copy_connection says why).
#include "loaders.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <unordered_set>
#include <vector>

#include <pqxx/connection>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "db/copy_connection.hpp"
#include "db/schema.hpp"

namespace capstone::detail {
namespace {

constexpr auto& columns = db::business_columns;

// has_copy_special: whether any of the eight bytes at `bytes` is one that COPY's text format
// escapes: a backslash, or below 14 (tab, newline and carriage return are 9, 10 and 13). Bit
// Twiddling Hacks' "determine if a word has a byte less than n" and "... equal to n", whose
// yes/no answer is exact.
bool has_copy_special(const char* bytes) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101u;
  constexpr std::uint64_t highs = 0x8080808080808080u;
  std::uint64_t word = 0;
  std::memcpy(&word, bytes, sizeof word);
  const std::uint64_t backslash = word ^ (ones * '\\');
  return ((((word - ones * 14) & ~word) | ((backslash - ones) & ~backslash)) & highs) != 0;
}

// reason_of: the first line of a server error, without libpq's "ERROR:  " prefix.
std::string reason_of(const std::exception& problem) {
  std::string_view text = problem.what();
  if (text.starts_with("ERROR:")) text.remove_prefix(6);
  while (text.starts_with(' ')) text.remove_prefix(1);
  text = text.substr(0, text.find('\n'));
  return "database: " + std::string(text);
}

// as_db_error: runs `body`, turning libpqxx's exceptions into db::error so that one retry loop
// handles both libraries.
template <typename Body>
auto as_db_error(Body&& body) {
  try {
    return body();
  } catch (const pqxx::sql_error& problem) {
    throw db::error(problem.what(), problem.sqlstate().empty() ? "XX000" : problem.sqlstate(), std::nullopt);
  } catch (const pqxx::broken_connection& problem) {
    throw db::error(problem.what(), "08006", std::nullopt);
  } catch (const pqxx::transaction_rollback& problem) {
    // libpqxx 6.4 throws deadlocks and serialization failures without their SQLSTATE.
    throw db::error(problem.what(), "40000", std::nullopt);
  } catch (const pqxx::failure& problem) {
    throw db::error(problem.what(), "XX000", std::nullopt);
  }
}

// The ON CONFLICT clause for a key, updating every imported column and updated_at.
std::string conflict_clause(const loader_options& options) {
  if (options.key.empty()) return {};
  std::string clause = " ON CONFLICT (" + options.key + ") DO ";
  if (options.on_conflict == conflict_action::skip) return clause + "NOTHING";
  clause += "UPDATE SET ";
  for (const auto& column : columns) {
    clause += std::string(column.name) + " = EXCLUDED." + std::string(column.name) + ", ";
  }
  return clause + "updated_at = now()";
}

// key_index: the position of the key among the nine columns.
std::size_t key_index(const std::string& key) {
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].name == key) return c;
  }
  throw import_error("--key " + key + ": not a column of businesses");
}

// count_returned: a batch's tally from RETURNING (xmax = 0): true rows were inserted, false ones
// updated an existing row, and rows that returned nothing were skipped.
tally count_returned(const pqxx::result& returned, std::size_t rows) {
  tally counted;
  for (const auto& row : returned) (row[0].template as<bool>() ? counted.inserted : counted.updated) += 1;
  counted.skipped = rows - returned.size();
  return counted;
}

// store_isolating: stores `rows` with attempt(part), which commits `part` in one transaction and
// returns its tally, or nothing when it rolled back for a stop. A row error splits the part
// (at the line COPY names, else in halves) until the rows the database refuses stand alone.
template <typename Attempt>
tally store_isolating(std::span<record> rows, reject_log& rejects, const std::stop_token& stop, Attempt attempt) {
  tally result;
  std::vector<std::span<record>> work{rows};
  int retries_left = 10;  // for deadlocks and serialization failures, which a retry resolves
  while (!work.empty()) {
    if (stop.stop_requested()) {
      result.stopped = true;
      break;
    }
    const auto part = work.back();
    work.pop_back();
    if (part.empty()) continue;
    try {
      const std::optional<tally> stored = attempt(part);
      if (!stored) {
        result.stopped = true;
        break;
      }
      result += *stored;
    } catch (const db::error& problem) {
      if (problem.sqlstate.starts_with("40") && retries_left-- > 0) {
        work.push_back(part);
        continue;
      }
      if (!problem.row_error()) throw;
      if (part.size() == 1) {
        rejects.add(part.front().row, reason_of(problem));
        ++result.rejected;
      } else if (problem.line && *problem.line >= 1 && *problem.line <= part.size()) {
        const std::size_t bad = *problem.line - 1;
        rejects.add(part[bad].row, reason_of(problem));
        ++result.rejected;
        work.push_back(part.subspan(bad + 1));
        work.push_back(part.first(bad));  // popped first: the rows keep their order
      } else {
        work.push_back(part.subspan(part.size() / 2));
        work.push_back(part.first(part.size() / 2));
      }
    }
  }
  return result;
}

// ------------------------------------------------------------------------------------------
// sequential and concurrent: one INSERT per row, autocommit.

class row_loader final : public loader {
 public:
  row_loader(const loader_options& options, reject_log& rejects)
      : connection_(options.dsn), rejects_(rejects), keyed_(!options.key.empty()) {
    std::string sql = "INSERT INTO businesses (" + db::column_list() + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)" +
                      conflict_clause(options);
    if (keyed_) sql += " RETURNING (xmax = 0)";
    connection_.prepare("insert_business", sql);
  }

  tally load(batch& rows, const std::stop_token& stop) override {
    tally result;
    for (const record& row : rows) {
      if (stop.stop_requested()) {
        result.stopped = true;
        break;
      }
      try {
        const auto& f = row.fields;
        const pqxx::result returned = as_db_error([&] {
          pqxx::nontransaction autocommit{connection_};
          return autocommit.exec_prepared("insert_business", f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
        });
        result += keyed_ ? count_returned(returned, 1) : tally{.inserted = 1};
      } catch (const db::error& problem) {
        if (!problem.row_error()) throw;
        rejects_.add(row.row, reason_of(problem));
        ++result.rejected;
      }
    }
    return result;
  }

 private:
  pqxx::connection connection_;
  reject_log& rejects_;
  bool keyed_;
};

// ------------------------------------------------------------------------------------------
// batch: one multi-row INSERT per batch, in a transaction.

// by_key_without_duplicates: with a key, a batch keeps one row per key - the first for skip, the
// last for update - since one INSERT ... ON CONFLICT DO UPDATE may not touch a row twice, and is
// sorted by key, so that concurrent batches lock keys in the same order and cannot deadlock.
// Returns how many rows it dropped: they count as skipped (skip: the key came earlier; update: a
// later row wins).
std::size_t by_key_without_duplicates(batch& rows, std::size_t key, conflict_action action) {
  if (action == conflict_action::update) std::reverse(rows.begin(), rows.end());
  std::unordered_set<std::string> seen;
  const auto kept_end =
      std::remove_if(rows.begin(), rows.end(), [&](const record& row) { return !seen.insert(row.fields[key]).second; });
  const auto dropped = static_cast<std::size_t>(rows.end() - kept_end);
  rows.erase(kept_end, rows.end());
  std::sort(rows.begin(), rows.end(), [&](const record& a, const record& b) { return a.fields[key] < b.fields[key]; });
  return dropped;
}

class batch_loader final : public loader {
 public:
  batch_loader(const loader_options& options, reject_log& rejects)
      : connection_(options.dsn), rejects_(rejects), options_(options) {}

  tally load(batch& rows, const std::stop_token& stop) override {
    const std::size_t duplicates =
        options_.key.empty() ? 0 : by_key_without_duplicates(rows, key_index(options_.key), options_.on_conflict);
    tally result = store_isolating(rows, rejects_, stop, [&](std::span<record> part) -> std::optional<tally> {
      return as_db_error([&]() -> std::optional<tally> {
        std::vector<std::string> values;
        values.reserve(part.size() * columns.size());
        for (const record& row : part) values.insert(values.end(), row.fields.begin(), row.fields.end());
        pqxx::work transaction{connection_};
        const pqxx::result returned =
            transaction.exec_params(statement(part.size()), pqxx::prepare::make_dynamic_params(values));
        if (stop.stop_requested()) {
          transaction.abort();
          return std::nullopt;
        }
        transaction.commit();
        if (!options_.key.empty()) return count_returned(returned, part.size());
        return tally{.inserted = part.size()};
      });
    });
    // After a stop, the batch's fate is open: its duplicates are left out of the counts with it.
    if (!result.stopped) result.skipped += duplicates;
    return result;
  }

 private:
  std::string statement(std::size_t rows) const {
    std::string sql = "INSERT INTO businesses (" + db::column_list() + ") VALUES ";
    std::size_t parameter = 1;
    for (std::size_t r = 0; r < rows; ++r) {
      sql += r == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < columns.size(); ++c) {
        sql += (c == 0 ? "$" : ", $") + std::to_string(parameter++);
      }
      sql += ')';
    }
    sql += conflict_clause(options_);
    if (!options_.key.empty()) sql += " RETURNING (xmax = 0)";
    return sql;
  }

  pqxx::connection connection_;
  reject_log& rejects_;
  loader_options options_;
};

// ------------------------------------------------------------------------------------------
// copy and pipeline: one COPY per batch, in a transaction; with a key, through a staging table.

class copy_loader final : public loader {
 public:
  copy_loader(const loader_options& options, reject_log& rejects)
      : connection_(options.dsn), rejects_(rejects), options_(options) {
    if (options_.key.empty()) {
      copy_sql_ = "COPY businesses (" + db::column_list() + ") FROM STDIN";
      return;
    }
    // The staging table lives as long as the session; ON COMMIT DELETE ROWS empties it per batch.
    std::string create = "CREATE TEMP TABLE import_stage (ord integer";
    for (const auto& column : columns) create += ", " + std::string(column.name) + " text";
    connection_.exec(create + ") ON COMMIT DELETE ROWS");
    copy_sql_ = "COPY import_stage (ord, " + db::column_list() + ") FROM STDIN";
    // DISTINCT ON keeps one row per key (the first for skip, the last for update: one INSERT
    // may not update a row twice), and the key order makes every writer lock keys in the same order.
    const std::string order = options_.on_conflict == conflict_action::update ? " DESC" : "";
    merge_sql_ = "WITH merged AS (INSERT INTO businesses (" + db::column_list() + ") SELECT DISTINCT ON (" +
                 options_.key + ") " + db::column_list() + " FROM import_stage ORDER BY " + options_.key + ", ord" +
                 order + conflict_clause(options_) +
                 " RETURNING (xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE inserted), count(*) FROM merged";
  }

  tally load(batch& rows, const std::stop_token& stop) override {
    return store_isolating(rows, rejects_, stop, [&](std::span<record> part) -> std::optional<tally> {
      text_.clear();
      for (std::size_t r = 0; r < part.size(); ++r) {
        if (!options_.key.empty()) text_ += std::to_string(r) + '\t';
        for (std::size_t c = 0; c < columns.size(); ++c) {
          if (c != 0) text_ += '\t';
          append_copy_text(part[r].fields[c], text_);
        }
        text_ += '\n';
      }
      try {
        connection_.exec("BEGIN");
        connection_.copy_in(copy_sql_, text_);
        tally stored{.inserted = part.size()};
        if (!options_.key.empty()) {
          const auto counts = connection_.exec(merge_sql_);
          stored.inserted = std::stoull(counts.at(0));
          stored.updated = std::stoull(counts.at(1)) - stored.inserted;
          stored.skipped = part.size() - stored.inserted - stored.updated;
        }
        if (stop.stop_requested()) {
          connection_.exec("ROLLBACK");
          return std::nullopt;
        }
        connection_.exec("COMMIT");
        return stored;
      } catch (const db::error&) {
        rollback_quietly();
        throw;
      }
    });
  }

 private:
  void rollback_quietly() {
    try {
      connection_.exec("ROLLBACK");
    } catch (const db::error&) {
      // The connection is gone: the server rolls the transaction back itself, and the error
      // being handled says what went wrong.
    }
  }

  db::copy_connection connection_;
  reject_log& rejects_;
  loader_options options_;
  std::string copy_sql_;
  std::string merge_sql_;
  std::string text_;  // one batch in COPY text format, reused
};

}  // namespace

void append_copy_text(std::string_view value, std::string& out) {
  // Runs without a special character are appended whole, and found eight bytes at a time:
  // this runs for every byte sent to the database, and a character at a time (with a capacity
  // check per append) it cost 5% of the importer's instructions.
  const char* run = value.data();
  const char* const end = run + value.size();
  const char* at = run;
  while (at != end) {
    if (end - at >= 8 && !has_copy_special(at)) {
      at += 8;
      continue;
    }
    const char c = *at++;
    const char escaped = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\0';
    if (escaped == '\0') continue;  // any other byte, control characters too, COPY takes as it is
    out.append(run, at - 1);
    out += '\\';
    out += escaped;
    run = at;
  }
  out.append(run, end);
}

std::unique_ptr<loader> make_loader(import_method method, const loader_options& options, reject_log& rejects) {
  return as_db_error([&]() -> std::unique_ptr<loader> {
    switch (method) {
      case import_method::sequential:
      case import_method::concurrent: return std::make_unique<row_loader>(options, rejects);
      case import_method::batch: return std::make_unique<batch_loader>(options, rejects);
      case import_method::copy:
      case import_method::pipeline: return std::make_unique<copy_loader>(options, rejects);
    }
    throw import_error("unknown import method");
  });
}

}  // namespace capstone::detail
