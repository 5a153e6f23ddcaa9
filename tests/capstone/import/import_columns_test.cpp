// Columns found by header name: reordered and extra columns, --map, text kept as text, and a
// missing column refused before anything is written.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "import/import.hpp"
#include "import_test_support.hpp"
#include "test_package.hpp"

namespace capstone_test {
namespace {

// sheet_file: an xlsx whose first sheet holds `cells` as inline strings (an empty string: no cell).
std::filesystem::path sheet_file(const std::vector<std::vector<std::string>>& cells) {
  std::string xml;
  for (std::size_t r = 0; r < cells.size(); ++r) {
    const std::string number = std::to_string(r + 1);
    xml += "<row r=\"" + number + "\">";
    for (std::size_t c = 0; c < cells[r].size(); ++c) {
      if (cells[r][c].empty()) continue;
      xml += "<c r=\"" + std::string(1, static_cast<char>('A' + c)) + number + "\" t=\"inlineStr\"><is><t>" +
             cells[r][c] + "</t></is></c>";
    }
    xml += "</row>";
  }
  static int files = 0;
  const auto path = test_directory() / ("sheet_" + std::to_string(++files) + ".xlsx");
  const auto bytes = test_package::with_rows(xml).bytes();
  std::ofstream{path, std::ios::binary}.write(reinterpret_cast<const char*>(bytes.data()),
                                             static_cast<std::streamsize>(bytes.size()));
  return path;
}

capstone::import_request request_for(const std::filesystem::path& file, const std::string& dsn) {
  capstone::import_request request;
  request.file = file;
  request.dsn = dsn;
  request.method = capstone::import_method::copy;
  return request;
}

TEST(ImportColumnsTest, ReorderedAndExtraColumnsImportByHeaderName) {
  const std::string dsn = capstone_test_dsn();
  const auto file = sheet_file({
      {"Notes", "WEBSITE", "City", "Company", "phone", "E-Mail", "Country", "Address", "Category", "Description"},
      {"ignore me", "https://a.example", "Dresden", "Café Müller", "0351 0012345", "info@a.example", "Germany",
       "Königsbrücker Straße 1, 01099", "Restaurant", "Fait maison, \"best in town\"\ttab"},
  });
  auto request = request_for(file, dsn);
  request.column_map = {{"Company", "name"}, {"e-mail", "email"}};
  const auto stats = capstone::run_import(request, {});
  EXPECT_EQ(stats.success_count, 1u);
  EXPECT_EQ(stats.error_count, 0u);
  EXPECT_EQ(table_rows(dsn),
            table{"Café Müller|Restaurant|0351 0012345|info@a.example|Königsbrücker Straße 1, 01099|Dresden|Germany|"
                  "https://a.example|Fait maison, \"best in town\"\ttab|"})
      << "columns must be matched by header name, text (leading zeros, tabs, quotes, accents) kept as is";
}

TEST(ImportColumnsTest, AMissingColumnIsAnErrorBeforeAnyRowIsWritten) {
  const std::string dsn = capstone_test_dsn();
  const auto file = sheet_file({
      {"Name", "Category", "Phone", "Email", "Address", "City", "Country", "Description"},
      {"Atlas Garage", "Automotive", "089 1234567", "a@b.example", "Street 1", "München", "Germany", "text"},
  });
  try {
    (void)capstone::run_import(request_for(file, dsn), {});
    FAIL() << "a sheet without a Website column must not import";
  } catch (const capstone::import_error& problem) {
    EXPECT_NE(std::string(problem.what()).find("website"), std::string::npos) << problem.what();
  }
  EXPECT_EQ(query_count(dsn, "SELECT count(*) FROM pg_tables WHERE tablename = 'businesses' AND "
                             "schemaname = current_schema()"),
            0u)
      << "nothing, not even the table, may be written before the columns are known to be there";
}

TEST(ImportColumnsTest, RowValidationNamesTheRowAndTheReason) {
  const std::string dsn = capstone_test_dsn();
  const std::string long_city(101, 'x');
  // Limits count characters, as varchar(n) does, not bytes: 100 two-byte characters fit.
  std::string umlaut_city;
  for (int i = 0; i < 100; ++i) umlaut_city += "ü";
  const std::string long_umlaut_city = umlaut_city + "ü";
  const auto file = sheet_file({
      {"Name", "Category", "Phone", "Email", "Address", "City", "Country", "Website", "Description"},
      {"Good", "c", "p", "e", "a", "Dresden", "Germany", "w", "d"},
      {"   ", "c", "p", "e", "a", "Dresden", "Germany", "w", "d"},
      {"Short", "c", "p"},
      {"Long city", "c", "p", "e", "a", long_city, "Germany", "w", "d"},
      {"Umlaut city", "c", "p", "e", "a", umlaut_city, "Germany", "w", "d"},
      {"Long umlaut city", "c", "p", "e", "a", long_umlaut_city, "Germany", "w", "d"},
  });
  const auto stats = capstone::run_import(request_for(file, dsn), {});
  EXPECT_EQ(stats.success_count, 2u) << "a city of 100 two-byte characters is within varchar(100)";
  ASSERT_EQ(stats.rejects.size(), 4u);
  EXPECT_EQ(stats.rejects[0].row, 3u);
  EXPECT_EQ(stats.rejects[0].reason, "empty name");
  EXPECT_EQ(stats.rejects[1].row, 4u);
  EXPECT_EQ(stats.rejects[1].reason, "insufficient columns: 3 of 9");
  EXPECT_EQ(stats.rejects[2].row, 5u);
  EXPECT_EQ(stats.rejects[2].reason, "city is 101 characters long, over the limit of 100");
  EXPECT_EQ(stats.rejects[3].row, 7u);
  EXPECT_EQ(stats.rejects[3].reason, "city is 101 characters long, over the limit of 100");
}

}  // namespace
}  // namespace capstone_test
