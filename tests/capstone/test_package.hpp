// test_package - small xlsx packages built in a test, part by part (written with minizip).
//
//   auto book = test_package::with_rows(R"(<row r="1"><c r="A1"><v>1</v></c></row>)").open();
//   EXPECT_EQ(read_rows(book), (rows{{"1"}}));
//
// Thread safety: none needed; each test builds its own.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <xlsx/reader.hpp>

namespace capstone_test {

inline constexpr std::string_view ns_main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

using rows = std::vector<std::vector<std::string>>;

struct test_package {
  std::map<std::string, std::string> parts;

  // with_rows: a one-sheet workbook whose <sheetData> holds `rows_xml`; shared strings and
  // styles parts are added when given.
  static test_package with_rows(const std::string& rows_xml, const std::string& shared_strings = {},
                                const std::string& styles = {});
  // write: the package as a zip file in a fresh temporary directory.
  [[nodiscard]] std::filesystem::path write() const;
  // bytes: the package as a zip in memory.
  [[nodiscard]] std::vector<std::byte> bytes() const;
  // open: the package, opened from a copy in memory that lives as long as the test program.
  [[nodiscard]] xlsx::workbook open(const xlsx::limits& limits = {}) const;
};

// read_rows: every row of a sheet as text, with row numbers checked to run 1, 2, 3, ...
[[nodiscard]] rows read_rows(const xlsx::workbook& book, std::string_view sheet = {});

}  // namespace capstone_test
