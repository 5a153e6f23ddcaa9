// import_test_support: the tests' database, files and expected content.
#include "import_test_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include <pqxx/pqxx>
#include <xlsx/reader.hpp>

#include "commands.hpp"
#include "db/schema.hpp"
#include "embedded_database.hpp"

namespace capstone_test {
namespace {

std::string joined(const std::vector<std::string>& fields) {
  std::string row;
  for (const auto& field : fields) (row += field) += '|';
  return row;
}

}  // namespace

std::string capstone_test_dsn() {
  static int schemas = 0;
  const std::string& server = capstone::testing::embedded_database::dsn();
  const std::string schema = "import_test_" + std::to_string(::getpid()) + "_" + std::to_string(++schemas);
  exec(server, "CREATE SCHEMA " + schema);
  return server + " options='-c search_path=" + schema + "'";
}

std::filesystem::path sample_file(std::uint64_t rows, std::uint64_t bad_rows, std::uint64_t seed) {
  const auto directory = std::filesystem::temp_directory_path() / ("capstone_import_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  const auto path = directory / ("sample_" + std::to_string(rows) + "_" + std::to_string(bad_rows) + "_" +
                                 std::to_string(seed) + ".xlsx");
  if (std::filesystem::exists(path)) return path;
  importer::generate_options options;
  options.rows = rows;
  options.bad_rows = bad_rows;
  options.seed = seed;
  options.out = path.string();
  if (importer::run_generate(options) != 0) throw std::runtime_error("importer generate failed");
  return path;
}

namespace {

// each_data_row: calls visit(row number, cells as strings) for every row after the header.
template <typename Visit>
void each_data_row(const std::filesystem::path& file, Visit visit) {
  const auto book = xlsx::workbook::open(file);
  auto sheet = book.open_sheet();
  xlsx::row row;
  if (!sheet.next_row(row)) throw std::runtime_error("no header");
  while (sheet.next_row(row)) {
    std::vector<std::string> cells;
    for (const auto& cell : row.cells) cells.emplace_back(cell.text);
    visit(row.number, cells);
  }
}

bool good(const std::vector<std::string>& cells) { return cells.size() >= 9 && !cells[0].empty(); }

}  // namespace

table good_rows(const std::filesystem::path& file) {
  table rows;
  each_data_row(file, [&](std::uint32_t, const std::vector<std::string>& cells) {
    if (good(cells)) rows.push_back(joined(cells));
  });
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<std::uint32_t> bad_row_numbers(const std::filesystem::path& file) {
  std::vector<std::uint32_t> numbers;
  each_data_row(file, [&](std::uint32_t number, const std::vector<std::string>& cells) {
    if (!good(cells)) numbers.push_back(number);
  });
  return numbers;
}

table table_rows(const std::string& dsn) {
  pqxx::connection connection{dsn};
  pqxx::work transaction{connection};
  table rows;
  for (const auto& row : transaction.exec("SELECT " + capstone::db::column_list() + " FROM businesses")) {
    std::vector<std::string> fields;
    for (const auto& field : row) fields.push_back(field.c_str());
    rows.push_back(joined(fields));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

void exec(const std::string& dsn, const std::string& sql) {
  pqxx::connection connection{dsn};
  pqxx::nontransaction run{connection};
  run.exec(sql);
}

std::uint64_t query_count(const std::string& dsn, const std::string& sql) {
  pqxx::connection connection{dsn};
  pqxx::nontransaction run{connection};
  return run.exec1(sql)[0].as<std::uint64_t>();
}

}  // namespace capstone_test
