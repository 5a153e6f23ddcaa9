// connection: the PG* variables libpq's documentation lists under "Environment Variables".
#include "connection.hpp"

#include <cstdlib>

namespace capstone::db {

std::optional<std::string> configured_dsn(const std::string& dsn) {
  if (!dsn.empty()) return dsn;
  for (const char* name : {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGPASSFILE",
                           "PGSERVICE", "PGSERVICEFILE", "PGSSLMODE", "PGOPTIONS", "PGAPPNAME", "PGCONNECT_TIMEOUT"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return std::string{};
  }
  return std::nullopt;
}

}  // namespace capstone::db
