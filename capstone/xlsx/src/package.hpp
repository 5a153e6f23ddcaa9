// package - the Open Packaging Conventions (ECMA-376 part 2) as far as a reader needs them.
//
// An xlsx file is a zip of XML "parts" tied together by relationship parts (.rels). Excel finds
// a sheet by following them, never by its file name:
//
//   _rels/.rels                 officeDocument -> xl/workbook.xml   (any name, any folder)
//   xl/workbook.xml             <sheet name="Listings" r:id="rId3"/> in tab order
//   xl/_rels/workbook.xml.rels  rId3 -> worksheets/sheet1.xml     (relative or absolute)
//
//   - read_xml_part(archive, part, handler, ...): streams one part through an xml_handler.
//   - read_relationships(archive, part): the relationships of `part` ("" for the package),
//     with every target resolved to a zip entry name.
//   - read_workbook(archive, file, limits): all of the above, down to the list of sheets and
//     the parts that hold the shared strings and the styles.
//
// Thread safety: none needed; these are functions over one archive.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xlsx/reader.hpp>

#include "xml_parser.hpp"
#include "zip_archive.hpp"

namespace xlsx::detail {

// read_xml_part: inflates `part` and parses all of it with `handler`.
void read_xml_part(zip_archive& archive, const std::string& part, xml_handler& handler,
                   std::uint64_t max_bytes, const limits& limits);

struct relationship {
  std::string id;
  std::string type;    // a URI; compare its last segment with relationship_is()
  std::string target;  // the zip entry it points to (for internal targets)
  bool external = false;
};

// relationship_is: whether `type` is the OOXML relationship type called `kind` ("worksheet",
// "officeDocument", "sharedStrings", ...), in the transitional or the strict namespace.
[[nodiscard]] bool relationship_is(std::string_view type, std::string_view kind) noexcept;

// resolve_target: the zip entry that `target`, found in the rels of `source_part`, names.
[[nodiscard]] std::string resolve_target(std::string_view source_part, std::string_view target);

// read_relationships: the relationships of `source_part` ("" for the package itself); none when
// the part has no .rels.
[[nodiscard]] std::vector<relationship> read_relationships(zip_archive& archive, const std::string& source_part,
                                                           const limits& limits);

// workbook_layout: what workbook.xml and its relationships say.
struct workbook_layout {
  std::string workbook_part;
  std::vector<sheet_info> sheets;
  std::string shared_strings_part;  // empty when there is none
  std::string styles_part;          // empty when there is none
  bool date1904 = false;
};

[[nodiscard]] workbook_layout read_workbook(zip_archive& archive, const limits& limits);

}  // namespace xlsx::detail
