// copy_connection: libpq's COPY protocol, PQputCopyData and PQputCopyEnd, with errors that
// carry the line COPY stopped at.
#include "copy_connection.hpp"

#include <charconv>
#include <memory>

#include <libpq-fe.h>

namespace capstone::db {
namespace {

struct result_deleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using result_ptr = std::unique_ptr<PGresult, result_deleter>;

// copy_line: the "line N" of COPY's error context ("COPY businesses, line 42, column name: ...").
std::optional<std::uint64_t> copy_line(const char* context) {
  if (context == nullptr) return std::nullopt;
  const std::string_view text{context};
  const auto at = text.find(", line ");
  if (at == std::string_view::npos) return std::nullopt;
  std::uint64_t line = 0;
  const char* first = text.data() + at + 7;
  const auto [end, problem] = std::from_chars(first, text.data() + text.size(), line);
  if (problem != std::errc{} || end == first) return std::nullopt;
  return line;
}

[[noreturn]] void fail(PGconn* connection, const PGresult* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* context = result ? PQresultErrorField(result, PG_DIAG_CONTEXT) : nullptr;
  std::string message = result && *PQresultErrorMessage(result) ? PQresultErrorMessage(result)
                                                                 : PQerrorMessage(connection);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  // No SQLSTATE means libpq itself failed (a lost connection): class 08, connection exception.
  throw error(message, state ? state : "08000", copy_line(context));
}

// finish: reads every result of the last command; throws the first error among them.
std::vector<std::string> finish(PGconn* connection) {
  std::vector<std::string> first_row;
  result_ptr failed;
  while (result_ptr result{PQgetResult(connection)}) {
    const auto status = PQresultStatus(result.get());
    if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE) {
      if (!failed) failed = std::move(result);
    } else if (status == PGRES_TUPLES_OK && PQntuples(result.get()) > 0) {
      first_row.clear();
      for (int field = 0; field < PQnfields(result.get()); ++field) first_row.emplace_back(PQgetvalue(result.get(), 0, field));
    }
  }
  if (failed) fail(connection, failed.get());
  if (PQstatus(connection) != CONNECTION_OK) fail(connection, nullptr);
  return first_row;
}

}  // namespace

copy_connection::copy_connection(const std::string& dsn) : connection_(PQconnectdb(dsn.c_str())) {
  if (connection_ == nullptr) throw error("out of memory connecting to the database", "08000", std::nullopt);
  if (PQstatus(connection_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(connection_);
    PQfinish(connection_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw error(message, "08001", std::nullopt);
  }
}

copy_connection::~copy_connection() { PQfinish(connection_); }

std::vector<std::string> copy_connection::exec(const std::string& sql) {
  if (PQsendQuery(connection_, sql.c_str()) == 0) fail(connection_, nullptr);
  return finish(connection_);
}

void copy_connection::copy_in(const std::string& copy_sql, std::string_view data) {
  if (PQsendQuery(connection_, copy_sql.c_str()) == 0) fail(connection_, nullptr);
  result_ptr started{PQgetResult(connection_)};
  if (PQresultStatus(started.get()) != PGRES_COPY_IN) {
    // Not a COPY, or it failed at once (no such table): report it and drain the rest.
    if (PQresultStatus(started.get()) == PGRES_FATAL_ERROR) {
      finish(connection_);
      fail(connection_, started.get());
    }
    finish(connection_);
    throw error("not a COPY FROM STDIN statement: " + copy_sql, "42601", std::nullopt);
  }
  started.reset();
  // One call with the whole buffer: libpq splits it into CopyData messages itself and, on a
  // blocking connection, waits for the socket when its output buffer is full.
  if (PQputCopyData(connection_, data.data(), static_cast<int>(data.size())) != 1 ||
      PQputCopyEnd(connection_, nullptr) != 1) {
    fail(connection_, nullptr);
  }
  finish(connection_);
}

}  // namespace capstone::db
