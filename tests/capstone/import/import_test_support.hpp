// What the import tests share: a database of their own, sample files, and the table's content.
//
//   const std::string dsn = capstone_test_dsn();   // a fresh schema on the test server
//   auto file = sample_file(3000, 11, 5);          // `importer generate`, in a temp directory
//   auto expected = good_rows(file);               // the rows an import must store, as text
//   EXPECT_EQ(table_rows(dsn), expected);          // the table's content, sorted
//
// capstone_test_dsn() is the one place that knows where the tests' database is: the embedded
// server of capstone_db_testing (one per test process), with search_path set to a schema made
// for the calling test, so tests run in one process never see each other's tables.
//
// Thread safety: call from the test's thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace capstone_test {

using table = std::vector<std::string>;  // one string per row: the nine fields joined by '|'

// capstone_test_dsn: a conninfo for a new, empty schema on the test server.
[[nodiscard]] std::string capstone_test_dsn();

// sample_file: run_generate's file with `rows` listings of which `bad_rows` must be rejected.
[[nodiscard]] std::filesystem::path sample_file(std::uint64_t rows, std::uint64_t bad_rows, std::uint64_t seed);

// good_rows: the rows of a generated file an import must store (nine cells, a name), sorted.
// bad_row_numbers: the sheet row numbers of the others.
[[nodiscard]] table good_rows(const std::filesystem::path& file);
[[nodiscard]] std::vector<std::uint32_t> bad_row_numbers(const std::filesystem::path& file);

// table_rows: the businesses table's nine columns, sorted.
[[nodiscard]] table table_rows(const std::string& dsn);

// exec: runs SQL on the test database; query_count: a query's single number.
void exec(const std::string& dsn, const std::string& sql);
[[nodiscard]] std::uint64_t query_count(const std::string& dsn, const std::string& sql);

}  // namespace capstone_test
