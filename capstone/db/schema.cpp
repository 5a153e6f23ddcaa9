// schema: the DDL of the guide's Business model, PostgreSQL spelling.
#include "schema.hpp"

#include <algorithm>

#include <pqxx/connection_base>
#include <pqxx/nontransaction>

namespace capstone::db {

std::string column_list() {
  std::string list;
  for (const auto& column : business_columns) {
    if (!list.empty()) list += ", ";
    list += column.name;
  }
  return list;
}

std::string create_statements() {
  std::string sql = "CREATE TABLE IF NOT EXISTS businesses (\n  id bigserial PRIMARY KEY";
  for (const auto& column : business_columns) {
    sql += ",\n  ";
    sql += column.name;
    sql += column.max_chars == 0 ? " text" : " varchar(" + std::to_string(column.max_chars) + ")";
    if (column.name == "name") sql += " NOT NULL";
  }
  sql += ",\n  created_at timestamptz NOT NULL DEFAULT now(),"
         "\n  updated_at timestamptz NOT NULL DEFAULT now(),"
         "\n  deleted_at timestamptz);\n";
  // GORM's index names, so a database migrated by the guide's program is recognised as is.
  auto index = [&](std::string_view column) {
    sql += "CREATE INDEX IF NOT EXISTS idx_businesses_";
    sql += column;
    sql += " ON businesses (";
    sql += column;
    sql += ");\n";
  };
  for (const auto& column : business_columns) {
    if (column.indexed) index(column.name);
  }
  index("deleted_at");
  return sql;
}

void ensure_schema(pqxx::connection_base& connection) {
  pqxx::nontransaction run{connection};
  // Two importers starting at once may both find the table missing; the loser of the
  // CREATE TABLE race fails on the catalog's unique index, so take a lock for the migration.
  run.exec("SELECT pg_advisory_lock(hashtext('capstone.businesses.schema'))");
  try {
    run.exec(create_statements());
  } catch (...) {
    run.exec("SELECT pg_advisory_unlock(hashtext('capstone.businesses.schema'))");
    throw;
  }
  run.exec("SELECT pg_advisory_unlock(hashtext('capstone.businesses.schema'))");
}

void ensure_unique_key(pqxx::connection_base& connection, std::string_view column) {
  if (!is_business_column(column)) throw std::invalid_argument("not a column of businesses: " + std::string(column));
  pqxx::nontransaction run{connection};
  run.exec("CREATE UNIQUE INDEX IF NOT EXISTS businesses_" + std::string(column) + "_key ON businesses (" +
           std::string(column) + ")");
}

bool is_business_column(std::string_view name) {
  return std::any_of(business_columns.begin(), business_columns.end(),
                     [&](const column_spec& column) { return column.name == name; });
}

}  // namespace capstone::db
