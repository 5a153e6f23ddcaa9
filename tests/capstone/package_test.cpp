// Relationship targets and types (package.hpp).
#include "package.hpp"

#include <gtest/gtest.h>

namespace xlsx::detail {
namespace {

TEST(ResolveTargetTest, ResolvesRelativeToTheSourcePartsFolder) {
  EXPECT_EQ(resolve_target("xl/workbook.xml", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
  EXPECT_EQ(resolve_target("xl/workbook.xml", "./worksheets/./sheet1.xml"), "xl/worksheets/sheet1.xml");
  EXPECT_EQ(resolve_target("custom/book.xml", "../sheets/main.xml"), "sheets/main.xml");
  EXPECT_EQ(resolve_target("", "xl/workbook.xml"), "xl/workbook.xml");
}

TEST(ResolveTargetTest, ResolvesAbsoluteTargetsFromTheRoot) {
  EXPECT_EQ(resolve_target("xl/workbook.xml", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
  EXPECT_EQ(resolve_target("a/b/c.xml", "/d.xml"), "d.xml");
}

TEST(ResolveTargetTest, NeverClimbsAboveTheRoot) {
  EXPECT_EQ(resolve_target("xl/workbook.xml", "../../../etc/passwd"), "etc/passwd");
}

TEST(ResolveTargetTest, DropsFragmentsAndQueries) {
  EXPECT_EQ(resolve_target("xl/workbook.xml", "sheet.xml#part"), "xl/sheet.xml");
}

TEST(RelationshipTypeTest, MatchesTransitionalAndStrictTypes) {
  EXPECT_TRUE(relationship_is("http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", "worksheet"));
  EXPECT_TRUE(relationship_is("http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet", "worksheet"));
  EXPECT_FALSE(relationship_is("http://example.com/relationships/worksheet", "worksheet"));
  EXPECT_FALSE(relationship_is("http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet", "worksheet"));
}

}  // namespace
}  // namespace xlsx::detail
