// capstone::db schema - the `businesses` table of the guide's model, and its nine imported columns.
//
//   pqxx::connection connection{dsn};
//   db::ensure_schema(connection);        // the guide's AutoMigrate: CREATE ... IF NOT EXISTS
//   for (const auto& column : db::business_columns) std::cout << column.name << ' ' << column.max_chars;
//
// The table follows the guide's GORM model (id, the nine text columns, created_at, updated_at,
// deleted_at, and an index wherever the model says `index`). The length limits are the one
// place both the table's varchar types and the importer's row validation come from.
//
// Thread safety: constants and functions of their arguments only.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace pqxx {
class connection_base;
}

namespace capstone::db {

struct column_spec {
  std::string_view name;   // the SQL column, also the sheet's header (case-insensitively)
  std::size_t max_chars;   // 0: text without a limit
  bool indexed;            // the guide's `gorm:"index"`
};

inline constexpr std::array<column_spec, 9> business_columns = {{
    {"name", 255, true},
    {"category", 100, true},
    {"phone", 50, false},
    {"email", 255, true},
    {"address", 500, false},
    {"city", 100, true},
    {"country", 100, true},
    {"website", 500, false},
    {"description", 0, false},
}};

inline constexpr std::string_view table_name = "businesses";

// column_list: "name, category, ..., description", for INSERT and COPY statements.
[[nodiscard]] std::string column_list();

// create_statements: the DDL ensure_schema runs, one string.
[[nodiscard]] std::string create_statements();

// ensure_schema: creates the table and its indexes if they are missing.
void ensure_schema(pqxx::connection_base& connection);

// ensure_unique_key: a unique index on `column`, which INSERT ... ON CONFLICT (column) needs.
// Fails (pqxx::unique_violation) if the table already holds duplicates of it.
void ensure_unique_key(pqxx::connection_base& connection, std::string_view column);

// is_business_column: whether `name` is one of the nine imported columns.
[[nodiscard]] bool is_business_column(std::string_view name);

}  // namespace capstone::db
