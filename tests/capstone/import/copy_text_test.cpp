// append_copy_text: the COPY text format the copy and pipeline loaders send, no database needed.
#include <string>

#include <gtest/gtest.h>

#include "import/loaders.hpp"

namespace capstone_test {
namespace {

std::string copy_text(std::string_view value) {
  std::string out = "before|";  // appended to, never replaced
  capstone::detail::append_copy_text(value, out);
  return out;
}

TEST(CopyTextTest, PlainTextIsAppendedUnchanged) {
  EXPECT_EQ(copy_text(""), "before|");
  EXPECT_EQ(copy_text("Café Müller, 01067 Dresden"), "before|Café Müller, 01067 Dresden");
}

TEST(CopyTextTest, EscapesBackslashTabNewlineAndCarriageReturnWhereverTheyStand) {
  EXPECT_EQ(copy_text("a\\b\tc\nd\re"), "before|a\\\\b\\tc\\nd\\re");
  EXPECT_EQ(copy_text("\t\t"), "before|\\t\\t");
  EXPECT_EQ(copy_text("\\"), "before|\\\\");
  EXPECT_EQ(copy_text("end\r\n"), "before|end\\r\\n");
}

TEST(CopyTextTest, EveryByteValueAtEveryPlaceOfALongFieldIsEscapedOrKept) {
  // The fast path skips eight bytes at a time: a special byte must be found wherever it stands
  // in the word, and no other byte (UTF-8's, above 0x7F, included) mistaken for one.
  for (int byte = 1; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    const std::string expected_byte = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
                                                                                                  : std::string(1, c);
    for (std::size_t place = 0; place < 20; ++place) {
      std::string field(20, 'x');
      field[place] = c;
      const std::string expected = "before|" + std::string(place, 'x') + expected_byte + std::string(19 - place, 'x');
      ASSERT_EQ(copy_text(field), expected) << "byte " << byte << " at " << place;
    }
  }
}

}  // namespace
}  // namespace capstone_test
