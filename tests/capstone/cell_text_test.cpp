// Numbers, serial dates, _xHHHH_ escapes and cell references, as cell_text.hpp promises.
#include "cell_text.hpp"

#include <gtest/gtest.h>

namespace xlsx::detail {
namespace {

std::string number(std::string_view text) {
  std::string out;
  return format_number(text, out) ? out : "<not a number>";
}

std::string serial(double value, bool date1904 = false) {
  std::string out;
  return format_serial_date(value, date1904, out) ? out : "<no date>";
}

std::string decoded(std::string text) {
  decode_escapes(text, 0);
  return text;
}

TEST(FormatNumberTest, PrintsTheShortestRoundTripDecimal) {
  EXPECT_EQ(number("1500"), "1500");
  EXPECT_EQ(number("1.5E3"), "1500");
  EXPECT_EQ(number("0.1"), "0.1");
  EXPECT_EQ(number("0.30000000000000004"), "0.30000000000000004");
  EXPECT_EQ(number("45352.520833333336"), "45352.520833333336");
  EXPECT_EQ(number("1e-7"), "0.0000001");
  EXPECT_EQ(number("1E20"), "100000000000000000000");
}

TEST(FormatNumberTest, NormalisesSignsAndSpaces) {
  EXPECT_EQ(number("-0"), "0");
  EXPECT_EQ(number("+5"), "5");
  EXPECT_EQ(number(" 42 "), "42");
  EXPECT_EQ(number("-3.25"), "-3.25");
}

TEST(FormatNumberTest, RejectsWhatIsNotAFiniteNumber) {
  EXPECT_EQ(number(""), "<not a number>");
  EXPECT_EQ(number("twelve"), "<not a number>");
  EXPECT_EQ(number("1.5x"), "<not a number>");
  EXPECT_EQ(number("inf"), "<not a number>");
  EXPECT_EQ(number("nan"), "<not a number>");
  EXPECT_EQ(number("1e999"), "<not a number>");
}

TEST(SerialDateTest, KeepsExcelsLeapYearBugOf1900) {
  EXPECT_EQ(serial(1), "1900-01-01");
  EXPECT_EQ(serial(59), "1900-02-28");
  EXPECT_EQ(serial(60), "1900-02-29");  // never was, but Excel shows it
  EXPECT_EQ(serial(61), "1900-03-01");
  EXPECT_EQ(serial(45351), "2024-02-29");
}

TEST(SerialDateTest, CountsFrom1904InThe1904System) {
  EXPECT_EQ(serial(0, true), "1904-01-01");
  EXPECT_EQ(serial(43889, true), "2024-02-29");
}

TEST(SerialDateTest, AddsTheTimeOnlyWhenThereIsOne) {
  EXPECT_EQ(serial(45351.5), "2024-02-29T12:00:00");
  EXPECT_EQ(serial(45351.0 + 45000.0 / 86400), "2024-02-29T12:30:00");
  EXPECT_EQ(serial(0.75), "18:00:00");  // a bare time: day 0 is no date
  EXPECT_EQ(serial(0.5 + 0.25 / 86400), "12:00:00.250");
  EXPECT_EQ(serial(45351.99999999999), "2024-03-01");  // rounds to the next midnight
}

TEST(SerialDateTest, RefusesSerialsNoCalendarHas) {
  EXPECT_EQ(serial(-1), "<no date>");
  EXPECT_EQ(serial(3'000'000), "<no date>");  // after 9999-12-31
}

TEST(DecodeEscapesTest, DecodesXstringEscapes) {
  EXPECT_EQ(decoded("a_x000D_b"), "a\rb");
  EXPECT_EQ(decoded("_x005F_x000D_"), "_x000D_");
  EXPECT_EQ(decoded("_x00e9_"), "\u00e9");
  EXPECT_EQ(decoded("_xD83D__xDE00_"), "\U0001F600");
}

TEST(DecodeEscapesTest, LeavesWhatIsNotAnEscapeAlone) {
  EXPECT_EQ(decoded("snake_case_x"), "snake_case_x");
  EXPECT_EQ(decoded("_x12G4_"), "_x12G4_");
  EXPECT_EQ(decoded("_x000D"), "_x000D");
  EXPECT_EQ(decoded("_xD83D_"), "\uFFFD");  // a lone surrogate has no UTF-8 form
}

TEST(CellReferenceTest, ParsesColumnsAndRowsUpToExcelsLimits) {
  bool too_far = false;
  const auto a1 = parse_cell_reference("A1", too_far);
  ASSERT_TRUE(a1);
  EXPECT_EQ(a1->column, 1u);
  EXPECT_EQ(a1->row, 1u);
  const auto last = parse_cell_reference("XFD1048576", too_far);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->column, 16384u);
  EXPECT_EQ(last->row, 1048576u);
  EXPECT_EQ(parse_cell_reference("AB12", too_far)->column, 28u);
}

TEST(CellReferenceTest, RefusesReferencesBeyondExcelsLimits) {
  bool too_far = false;
  EXPECT_FALSE(parse_cell_reference("XFE1", too_far));
  EXPECT_TRUE(too_far);
  EXPECT_FALSE(parse_cell_reference("A1048577", too_far));
  EXPECT_TRUE(too_far);
  EXPECT_FALSE(parse_cell_reference("AAAA1", too_far));
  EXPECT_TRUE(too_far);
  EXPECT_FALSE(parse_cell_reference("A99999999999999999999", too_far));
  EXPECT_TRUE(too_far);
}

TEST(CellReferenceTest, RefusesMalformedReferences) {
  bool too_far = false;
  EXPECT_FALSE(parse_cell_reference("1A", too_far));
  EXPECT_FALSE(parse_cell_reference("A0", too_far));
  EXPECT_FALSE(parse_cell_reference("A1x", too_far));
  EXPECT_FALSE(parse_cell_reference("", too_far));
  EXPECT_FALSE(too_far);
}

}  // namespace
}  // namespace xlsx::detail
