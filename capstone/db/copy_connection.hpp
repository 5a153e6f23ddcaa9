// capstone::db::copy_connection - a libpq connection for COPY FROM STDIN, and db::error.
//
//   db::copy_connection connection{dsn};
//   connection.exec("BEGIN");
//   connection.copy_in("COPY businesses (name, city) FROM STDIN", "Café Müller\tDresden\n");
//   connection.exec("COMMIT");
//
// Why libpq rather than libpqxx 6.4's stream_to: stream_to writes every non-ASCII byte as a
// four-character octal escape (\303\274 for ü; libpqxx issue #473), converts each field through
// to_string, and 6.4 keeps the connection's PGconn private (raw_connection()), so a libpq COPY
// needs its own PQconnectdb. Measured on the generated 100k-row file (99,870 rows, 22 MB of
// COPY text, 3.4% of it non-ASCII bytes) into the indexed table on the same 2-core host: the
// same wall time either way (~2.5 s, 37-40k rows/s: the server's index upkeep is the limit),
// but stream_to spent 0.15-0.17 s of client CPU and sent 10% more bytes, PQputCopyData 0.04 s.
// On a machine where the importer and PostgreSQL share two cores, client CPU is server time.
// (scratch program: both paths over the same rows, three rounds each, TRUNCATE in between.)
//
// - exec(sql) runs a statement (or several) and returns the first row's fields as text.
// - copy_in(copy_sql, data) runs a COPY ... FROM STDIN and sends `data` whole.
// - Failures throw db::error with the SQLSTATE and, for COPY, the failing line.
//
// Thread safety: one connection, one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;

namespace capstone::db {

// error: a statement failed. sqlstate is PostgreSQL's five-character error code.
struct error : std::runtime_error {
  error(const std::string& message, std::string state, std::optional<std::uint64_t> copy_line)
      : std::runtime_error(message), sqlstate(std::move(state)), line(copy_line) {}
  std::string sqlstate;
  std::optional<std::uint64_t> line;  // COPY's failing input line, from 1, when it names one

  // row_error: the data is at fault (class 22 data exception, 23 integrity violation), not the
  // connection or the server: retrying without the offending row will succeed.
  [[nodiscard]] bool row_error() const { return sqlstate.starts_with("22") || sqlstate.starts_with("23"); }
};

class copy_connection {
 public:
  // copy_connection: connects with a libpq conninfo string or URI; throws db::error.
  explicit copy_connection(const std::string& dsn);
  ~copy_connection();
  copy_connection(const copy_connection&) = delete;
  copy_connection& operator=(const copy_connection&) = delete;

  // exec: runs `sql`; the first row of its (last) result, empty when it returns no rows.
  std::vector<std::string> exec(const std::string& sql);
  // copy_in: runs `copy_sql` (a COPY ... FROM STDIN) and sends `data`, COPY text format.
  void copy_in(const std::string& copy_sql, std::string_view data);

 private:
  pg_conn* connection_;
};

}  // namespace capstone::db
