// xlsx::workbook and xlsx::sheet_reader on packages built in the test (test_package.hpp).
#include <xlsx/reader.hpp>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "test_package.hpp"

namespace capstone_test {
namespace {

std::string cell(const std::string& reference, const std::string& value, const std::string& type = "") {
  return "<c r=\"" + reference + "\"" + (type.empty() ? "" : " t=\"" + type + "\"") + "><v>" + value + "</v></c>";
}

TEST(ReaderTest, ReadsSharedInlineAndFormulaStrings) {
  auto book = test_package::with_rows(
                  "<row r=\"1\">" + cell("A1", "1", "s") + "<c r=\"B1\" t=\"inlineStr\"><is><t>inline</t></is></c>" +
                      "<c r=\"C1\" t=\"str\"><f>A1</f><v>cached</v></c></row>",
                  "<si><t>zero</t></si><si><r><t>ri</t></r><r><t>ch</t></r><rPh><t>x</t></rPh></si>")
                  .open();
  EXPECT_EQ(read_rows(book), (rows{{"rich", "inline", "cached"}}));
}

TEST(ReaderTest, FillsColumnAndRowGapsWithEmptyCells) {
  auto book = test_package::with_rows("<row r=\"2\">" + cell("C2", "3") + "</row><row r=\"4\">" + cell("A4", "4") +
                                      cell("B4", "5") + "</row>")
                  .open();
  EXPECT_EQ(read_rows(book), (rows{{}, {"", "", "3"}, {}, {"4", "5"}}));
}

TEST(ReaderTest, CellsAndRowsWithoutReferencesFollowTheOnesBefore) {
  auto book = test_package::with_rows("<row><c><v>1</v></c><c><v>2</v></c></row><row r=\"3\"><c r=\"B3\"><v>3</v></c>"
                                      "<c><v>4</v></c></row><row><c><v>5</v></c></row>")
                  .open();
  EXPECT_EQ(read_rows(book), (rows{{"1", "2"}, {}, {"", "3", "4"}, {"5"}}));
}

TEST(ReaderTest, DropsTrailingRowsAndCellsWithoutValues) {
  auto book = test_package::with_rows("<row r=\"1\">" + cell("A1", "1") + "<c r=\"B1\" s=\"1\"/></row>" +
                                      "<row r=\"2\"/><row r=\"3\"><c r=\"A3\" s=\"2\"/></row>")
                  .open();
  EXPECT_EQ(read_rows(book), (rows{{"1"}}));
}

TEST(ReaderTest, MatchesElementsByNamespaceNotPrefix) {
  test_package package = test_package::with_rows("");
  package.parts["xl/worksheets/sheet1.xml"] =
      "<s:worksheet xmlns:s=\"" + std::string(ns_main) + "\" xmlns=\"urn:other\"><s:sheetData>"
      "<s:row r=\"1\"><s:c r=\"A1\"><s:v>1</s:v></s:c><c r=\"B1\"><v>not ours</v></c></s:row>"
      "</s:sheetData></s:worksheet>";
  EXPECT_EQ(read_rows(package.open()), (rows{{"1"}}));
}

TEST(ReaderTest, CellsShareTheirSharedStringInsteadOfCopyingIt) {
  auto book = test_package::with_rows("<row r=\"1\">" + cell("A1", "0", "s") + cell("B1", "0", "s") + "</row>",
                                      "<si><t>" + std::string(10000, 'x') + "</t></si>")
                  .open();
  auto reader = book.open_sheet();
  xlsx::row row;
  ASSERT_TRUE(reader.next_row(row));
  ASSERT_EQ(row.cells.size(), 2u);
  EXPECT_EQ(row.cells[0].text.data(), row.cells[1].text.data());
  EXPECT_EQ(row.cells[0].type, xlsx::cell_type::string);
}

TEST(ReaderTest, IgnoresTheSharedStringCountHints) {
  test_package package = test_package::with_rows("<row r=\"1\">" + cell("A1", "0", "s") + "</row>", "<si/>");
  package.parts["xl/sharedStrings.xml"] =
      "<sst xmlns=\"" + std::string(ns_main) + "\" count=\"4000000000\" uniqueCount=\"4000000000\"><si><t>one</t></si></sst>";
  EXPECT_EQ(read_rows(package.open()), (rows{{"one"}}));
}

TEST(ReaderTest, TypesEveryCell) {
  auto book = test_package::with_rows("<row r=\"1\">" + cell("A1", "1.5") + cell("B1", "1", "b") + cell("C1", "#N/A", "e") +
                                      cell("D1", "2024-02-29", "d") + "<c r=\"E1\" s=\"1\"><v>45351</v></c></row>",
                                      "", "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>")
                  .open();
  auto reader = book.open_sheet();
  xlsx::row row;
  ASSERT_TRUE(reader.next_row(row));
  ASSERT_EQ(row.cells.size(), 5u);
  EXPECT_EQ(row.cells[0].type, xlsx::cell_type::number);
  EXPECT_EQ(row.cells[1].type, xlsx::cell_type::boolean);
  EXPECT_EQ(row.cells[1].text, "TRUE");
  EXPECT_EQ(row.cells[2].type, xlsx::cell_type::error);
  EXPECT_EQ(row.cells[3].type, xlsx::cell_type::date);
  EXPECT_EQ(row.cells[4].type, xlsx::cell_type::date);
  EXPECT_EQ(row.cells[4].text, "2024-02-29");
  EXPECT_FALSE(reader.next_row(row));
}

TEST(ReaderTest, OpensFromAFileAsFromMemory) {
  const auto package = test_package::with_rows("<row r=\"1\">" + cell("A1", "7") + "</row>");
  const auto path = package.write();
  EXPECT_EQ(read_rows(xlsx::workbook::open(path)), (rows{{"7"}}));
  std::filesystem::remove_all(path.parent_path());
}

TEST(ReaderTest, SelectsSheetsByNameAndNamesTheOnesThereAre) {
  auto book = test_package::with_rows("<row r=\"1\">" + cell("A1", "7") + "</row>").open();
  EXPECT_EQ(read_rows(book, "Sheet"), (rows{{"7"}}));
  try {
    (void)book.open_sheet("Nope");
    FAIL() << "a missing sheet must throw";
  } catch (const xlsx::error& problem) {
    EXPECT_EQ(problem.kind(), xlsx::error_kind::missing_part);
    EXPECT_NE(std::string(problem.what()).find("no sheet named 'Nope' (the workbook has 'Sheet')"), std::string::npos)
        << problem.what();
  }
}

TEST(ReaderTest, ReadAheadThreadGivesTheSameRows) {
  std::string rows_xml;
  for (int r = 1; r <= 20000; ++r) {
    rows_xml += "<row r=\"" + std::to_string(r) + "\">" + cell("A" + std::to_string(r), std::to_string(r * 7)) +
                "<c r=\"C" + std::to_string(r) + "\" t=\"inlineStr\"><is><t>row " + std::to_string(r) + "</t></is></c></row>";
  }
  auto book = test_package::with_rows(rows_xml).open();
  auto threaded = book.open_sheet({}, xlsx::inflate_mode::read_ahead_thread);
  auto direct = book.open_sheet({}, xlsx::inflate_mode::same_thread);
  xlsx::row a;
  xlsx::row b;
  std::size_t count = 0;
  while (threaded.next_row(a)) {
    ASSERT_TRUE(direct.next_row(b));
    ASSERT_EQ(a.number, b.number);
    ASSERT_EQ(a.cells.size(), b.cells.size());
    for (std::size_t i = 0; i < a.cells.size(); ++i) ASSERT_EQ(a.cells[i].text, b.cells[i].text);
    ++count;
  }
  EXPECT_FALSE(direct.next_row(b));
  EXPECT_EQ(count, 20000u);
  EXPECT_EQ(threaded.bytes_parsed(), direct.bytes_parsed());
}

TEST(ReaderTest, AReaderLeftMidwayStopsItsThread) {
  std::string rows_xml;
  for (int r = 1; r <= 50000; ++r) rows_xml += "<row r=\"" + std::to_string(r) + "\"><c><v>1</v></c></row>";
  auto book = test_package::with_rows(rows_xml).open();
  auto reader = book.open_sheet();
  xlsx::row row;
  ASSERT_TRUE(reader.next_row(row));
  // The destructor must stop and join the inflating thread even though the sheet is unread.
}

// ---------------------------------------------------------------------------------------------
// Errors and limits

xlsx::error error_of(test_package package, const xlsx::limits& limits = {}) {
  try {
    (void)read_rows(package.open(limits));
  } catch (const xlsx::error& problem) {
    return problem;
  }
  ADD_FAILURE() << "reading must fail";
  return xlsx::error(xlsx::error_kind::io, "no error");
}

TEST(ReaderErrorTest, NamesTheFilePartLineAndColumn) {
  const auto problem = error_of(test_package::with_rows("<row r=\"1\"><c r=\"A1\"><v>1</c></row>"));
  EXPECT_EQ(problem.kind(), xlsx::error_kind::malformed_xml);
  EXPECT_EQ(problem.file(), "test.xlsx");
  EXPECT_EQ(problem.part(), "xl/worksheets/sheet1.xml");
  EXPECT_EQ(problem.line(), 1u);
  EXPECT_GT(problem.column(), 100u);
  EXPECT_EQ(std::string(problem.what()).find("test.xlsx: xl/worksheets/sheet1.xml:1:"), 0u) << problem.what();
}

TEST(ReaderErrorTest, KeepsFailingAfterAnError) {
  auto book = test_package::with_rows("<row r=\"1\">" + cell("A1", "1") + "</row><row r=\"2\"><c r=\"A2\"><v>x</v></c></row>").open();
  auto reader = book.open_sheet();
  xlsx::row row;
  ASSERT_TRUE(reader.next_row(row));
  EXPECT_THROW((void)reader.next_row(row), xlsx::error);
  EXPECT_THROW((void)reader.next_row(row), xlsx::error);
}

TEST(ReaderErrorTest, RefusesSharedStringIndexesOutOfRange) {
  const auto problem = error_of(test_package::with_rows("<row r=\"1\">" + cell("A1", "1", "s") + "</row>", "<si><t>a</t></si>"));
  EXPECT_EQ(problem.kind(), xlsx::error_kind::invalid_content);
  EXPECT_NE(problem.message().find("shared string index 1 out of range"), std::string::npos) << problem.what();
}

TEST(ReaderErrorTest, RefusesCellsOutOfOrder) {
  const auto problem = error_of(test_package::with_rows("<row r=\"1\">" + cell("B1", "1") + cell("A1", "2") + "</row>"));
  EXPECT_NE(problem.message().find("cells must be in ascending order"), std::string::npos) << problem.what();
}

TEST(ReaderErrorTest, RefusesACellReferenceInAnotherRow) {
  const auto problem = error_of(test_package::with_rows("<row r=\"1\">" + cell("A2", "1") + "</row>"));
  EXPECT_NE(problem.message().find("cell A2 is inside row 1"), std::string::npos) << problem.what();
}

TEST(ReaderErrorTest, RefusesDoctypes) {
  test_package package = test_package::with_rows("");
  package.parts["xl/worksheets/sheet1.xml"] = "<!DOCTYPE worksheet [<!ENTITY e \"x\">]><worksheet/>";
  EXPECT_NE(error_of(package).message().find("DTD refused"), std::string::npos);
}

TEST(ReaderLimitsTest, CellLongerThanTheLimitIsAnError) {
  xlsx::limits limits;
  limits.max_cell_bytes = 16;
  const auto problem = error_of(
      test_package::with_rows("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + std::string(17, 'x') + "</t></is></c></row>"),
      limits);
  EXPECT_EQ(problem.kind(), xlsx::error_kind::limit_exceeded);
  EXPECT_NE(problem.message().find("cell A1 is longer than the limit of 16 bytes"), std::string::npos) << problem.what();
}

TEST(ReaderLimitsTest, RowLargerThanTheLimitIsAnError) {
  xlsx::limits limits;
  limits.max_row_bytes = 100;
  std::string cells;
  for (int c = 0; c < 20; ++c) cells += "<c t=\"inlineStr\"><is><t>0123456789</t></is></c>";
  EXPECT_EQ(error_of(test_package::with_rows("<row r=\"1\">" + cells + "</row>"), limits).kind(),
            xlsx::error_kind::limit_exceeded);
}

TEST(ReaderLimitsTest, SharedStringsLargerThanTheLimitAreAnError) {
  xlsx::limits limits;
  limits.max_shared_strings_bytes = 1000;
  std::string strings;
  for (int i = 0; i < 100; ++i) strings += "<si><t>0123456789</t></si>";
  EXPECT_EQ(error_of(test_package::with_rows("", strings), limits).kind(), xlsx::error_kind::limit_exceeded);
}

TEST(ReaderLimitsTest, HighCompressionRatioIsABomb) {
  xlsx::limits limits;
  limits.ratio_grace_bytes = 1000;
  limits.max_compression_ratio = 10;
  const auto problem = error_of(test_package::with_rows("<row r=\"1\"><c><v>1</v></c></row>" + std::string(100000, ' ')), limits);
  EXPECT_NE(problem.message().find("more than 10 times its compressed size"), std::string::npos) << problem.what();
}

TEST(ReaderLimitsTest, PartLargerThanTheLimitIsAnError) {
  xlsx::limits limits;
  limits.max_part_bytes = 1000;
  const auto problem = error_of(test_package::with_rows(std::string(5000, ' ')), limits);
  EXPECT_NE(problem.message().find("inflates beyond the limit of 1000 bytes"), std::string::npos) << problem.what();
}

TEST(ReaderLimitsTest, DeepNestingIsAnError) {
  xlsx::limits limits;
  limits.max_xml_depth = 10;
  std::string nested;
  for (int i = 0; i < 20; ++i) nested = "<x>" + nested + "</x>";
  EXPECT_NE(error_of(test_package::with_rows(nested), limits).message().find("nested deeper than 10"), std::string::npos);
}

TEST(ReaderLimitsTest, HugeTokenIsAnError) {
  xlsx::limits limits;
  limits.max_xml_token_bytes = 300 * 1024;
  EXPECT_NE(error_of(test_package::with_rows("<row r=\"1\" a=\"" + std::string(1 << 20, 'a') + "\"/>"), limits)
                .message()
                .find("XML token longer than"),
            std::string::npos);
}

}  // namespace
}  // namespace capstone_test
