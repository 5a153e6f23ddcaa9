// importer generate (run_generate), read back with the reader.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "commands.hpp"
#include "listings.hpp"
#include "test_package.hpp"

namespace capstone_test {
namespace {

namespace fs = std::filesystem;

fs::path generated(std::uint64_t rows, std::uint64_t bad_rows, std::uint64_t seed) {
  const auto path = fs::temp_directory_path() / ("capstone_generate_" + std::to_string(::getpid()) + "_" +
                                                 std::to_string(rows) + "_" + std::to_string(seed) + ".xlsx");
  importer::generate_options options;
  options.rows = rows;
  options.bad_rows = bad_rows;
  options.seed = seed;
  options.out = path.string();
  if (importer::run_generate(options) != 0) throw std::runtime_error("generate failed");
  return path;
}

TEST(GenerateTest, WritesTheHeaderTheRowsAndExactlyTheBadRows) {
  const auto path = generated(2000, 13, 7);
  const auto book = xlsx::workbook::open(path);
  ASSERT_EQ(book.sheets().size(), 1u);
  const auto rows = read_rows(book);
  fs::remove(path);
  ASSERT_EQ(rows.size(), 2001u);
  EXPECT_EQ(rows[0], (std::vector<std::string>(importer::listing_columns.begin(), importer::listing_columns.end())));
  int bad = 0;
  for (std::size_t r = 1; r < rows.size(); ++r) bad += rows[r].size() < 9 || rows[r][0].empty();
  EXPECT_EQ(bad, 13);
}

TEST(GenerateTest, KeepsLeadingZerosAsText) {
  const auto path = generated(300, 0, 3);
  const auto book = xlsx::workbook::open(path);
  auto reader = book.open_sheet();
  xlsx::row row;
  int leading_zero_phones = 0;
  int non_ascii_cities = 0;
  ASSERT_TRUE(reader.next_row(row));  // header
  while (reader.next_row(row)) {
    ASSERT_EQ(row.cells.size(), 9u);
    EXPECT_EQ(row.cells[2].type, xlsx::cell_type::string);
    leading_zero_phones += row.cells[2].text.starts_with('0');
    non_ascii_cities += row.cells[5].text.find_first_of("\x80\xff") != std::string_view::npos ||
                        std::any_of(row.cells[5].text.begin(), row.cells[5].text.end(), [](char c) { return c & 0x80; });
  }
  fs::remove(path);
  EXPECT_GT(leading_zero_phones, 50);
  EXPECT_GT(non_ascii_cities, 20);
}

TEST(GenerateTest, TheSameSeedGivesTheSameRows) {
  const auto first = generated(200, 5, 42);
  const auto rows = read_rows(xlsx::workbook::open(first));
  fs::remove(first);
  const auto second = generated(200, 5, 42);
  EXPECT_EQ(read_rows(xlsx::workbook::open(second)), rows);
  fs::remove(second);
  const auto other = generated(200, 5, 43);
  EXPECT_NE(read_rows(xlsx::workbook::open(other)), rows);
  fs::remove(other);
}

TEST(GenerateTest, RefusesMoreBadRowsThanRows) {
  importer::generate_options options;
  options.rows = 3;
  options.bad_rows = 4;
  options.out = (fs::temp_directory_path() / "capstone_never_written.xlsx").string();
  EXPECT_EQ(importer::run_generate(options), 1);
}

}  // namespace
}  // namespace capstone_test
