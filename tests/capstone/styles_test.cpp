// Which number formats make a number a date (styles.hpp).
#include "styles.hpp"

#include <gtest/gtest.h>

namespace xlsx::detail {
namespace {

TEST(DateFormatTest, RecognisesDateAndTimeCodes) {
  EXPECT_TRUE(is_date_format("yyyy-mm-dd"));
  EXPECT_TRUE(is_date_format("yyyy\\-mm\\-dd\\ hh:mm"));
  EXPECT_TRUE(is_date_format("d/m/yy"));
  EXPECT_TRUE(is_date_format("h:mm AM/PM"));
  EXPECT_TRUE(is_date_format("[$-409]mmmm d, yyyy;@"));
  EXPECT_TRUE(is_date_format("[h]:mm:ss"));  // elapsed time
}

TEST(DateFormatTest, IgnoresLettersInQuotesBracketsAndEscapes) {
  EXPECT_FALSE(is_date_format("General"));
  EXPECT_FALSE(is_date_format("0.00"));
  EXPECT_FALSE(is_date_format("#,##0\" days\""));
  EXPECT_FALSE(is_date_format("[Red]0.00"));
  EXPECT_FALSE(is_date_format("\\d0"));
  EXPECT_FALSE(is_date_format("0_s"));
  EXPECT_FALSE(is_date_format("0;[Red]-0;\"day\""));
  EXPECT_FALSE(is_date_format("0.00E+00"));
}

TEST(DateFormatTest, KnowsTheBuiltInDateFormats) {
  for (unsigned id = 14; id <= 22; ++id) EXPECT_TRUE(is_builtin_date_format(id)) << id;
  for (unsigned id = 45; id <= 47; ++id) EXPECT_TRUE(is_builtin_date_format(id)) << id;
  for (unsigned id : {0u, 1u, 2u, 10u, 13u, 23u, 44u, 48u, 49u, 164u}) EXPECT_FALSE(is_builtin_date_format(id)) << id;
}

}  // namespace
}  // namespace xlsx::detail
