// capstone::db connection settings: which database the importer talks to.
//
//   auto dsn = db::configured_dsn(options.dsn);   // --dsn, else "" when PG* variables are set
//   if (!dsn) { /* nothing configured: start the embedded server */ }
//
// libpq reads PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE ... itself when the
// conninfo string leaves them out, so an empty DSN means "whatever the environment says".
//
// Thread safety: reads the environment; do not call while another thread calls setenv.
#pragma once

#include <optional>
#include <string>

namespace capstone::db {

// configured_dsn: `dsn` if not empty; "" if any libpq PG* environment variable is set;
// otherwise nothing (no database configured).
[[nodiscard]] std::optional<std::string> configured_dsn(const std::string& dsn);

}  // namespace capstone::db
