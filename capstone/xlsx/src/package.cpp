// package: relationships, target resolution and the workbook's sheet list.
#include "package.hpp"

#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>

namespace xlsx::detail {

void read_xml_part(zip_archive& archive, const std::string& part, xml_handler& handler,
                   std::uint64_t max_bytes, const limits& limits) {
  zip_entry entry = archive.open(part, max_bytes, limits);
  xml_parser parser(handler, archive.name(), part, limits);
  constexpr std::size_t chunk = 64 * 1024;
  for (;;) {
    char* room = parser.buffer(chunk);
    const std::size_t got = entry.read(room, chunk);
    parser.parse(got, got == 0);
    if (got == 0) return;
  }
}

bool relationship_is(std::string_view type, std::string_view kind) noexcept {
  // Transitional: http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet
  // Strict:       http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet
  const auto slash = type.rfind('/');
  if (slash == std::string_view::npos || type.substr(slash + 1) != kind) return false;
  const auto base = type.substr(0, slash);
  return base == ns_rel || base == ns_rel_strict;
}

std::string resolve_target(std::string_view source_part, std::string_view target) {
  // A target is a URI reference: absolute ("/xl/worksheets/sheet1.xml") from the package
  // root, otherwise relative to the folder of the part whose .rels names it.
  std::string path;
  if (!target.starts_with('/')) {
    const auto slash = source_part.rfind('/');
    if (slash != std::string_view::npos) path = std::string(source_part.substr(0, slash + 1));
  }
  path += target;
  // Drop any fragment or query, then normalise "." and ".." segments and repeated slashes.
  if (const auto cut = path.find_first_of("#?"); cut != std::string::npos) path.resize(cut);
  std::vector<std::string_view> segments;
  std::string_view rest = path;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  std::string resolved;
  for (const auto segment : segments) {
    if (!resolved.empty()) resolved += '/';
    resolved += segment;
  }
  return resolved;
}

namespace {

// rels_part_of: xl/workbook.xml -> xl/_rels/workbook.xml.rels; "" -> _rels/.rels.
std::string rels_part_of(std::string_view part) {
  const auto slash = part.rfind('/');
  const auto folder = slash == std::string_view::npos ? std::string_view{} : part.substr(0, slash + 1);
  const auto file = slash == std::string_view::npos ? part : part.substr(slash + 1);
  return std::string(folder) + "_rels/" + std::string(file) + ".rels";
}

class relationships_handler final : public xml_handler {
 public:
  explicit relationships_handler(std::string source) : source_(std::move(source)) {}
  std::vector<relationship> found;

  void start(xml_name name, const xml_attributes& attributes) override {
    if (name.ns != ns_package_rel || name.local != "Relationship") return;
    const char* id = attributes.find("Id");
    const char* type = attributes.find("Type");
    const char* target = attributes.find("Target");
    if (id == nullptr || type == nullptr || target == nullptr) {
      throw content_error{error_kind::invalid_content, "a Relationship lacks its Id, Type or Target"};
    }
    const char* mode = attributes.find("TargetMode");
    const bool external = mode != nullptr && std::strcmp(mode, "External") == 0;
    found.push_back({id, type, external ? target : resolve_target(source_, target), external});
  }
  void end(xml_name) override {}
  void text(std::string_view) override {}

 private:
  std::string source_;
};

class workbook_handler final : public xml_handler {
 public:
  struct sheet_entry {
    std::string name;
    std::string relationship_id;
  };
  std::vector<sheet_entry> sheets;
  bool date1904 = false;

  void start(xml_name name, const xml_attributes& attributes) override {
    if (!is_main(name.ns)) return;
    if (name.local == "workbookPr") {
      const char* value = attributes.find("date1904");
      date1904 = value != nullptr && (std::strcmp(value, "1") == 0 || std::strcmp(value, "true") == 0);
    } else if (name.local == "sheet") {
      const char* sheet_name = attributes.find("name");
      const char* id = attributes.find(ns_rel, ns_rel_strict, "id");
      if (sheet_name == nullptr || id == nullptr) {
        throw content_error{error_kind::invalid_content, "a <sheet> lacks its name or r:id"};
      }
      sheets.push_back({sheet_name, id});
    }
  }
  void end(xml_name) override {}
  void text(std::string_view) override {}
};

}  // namespace

std::vector<relationship> read_relationships(zip_archive& archive, const std::string& source_part,
                                             const limits& limits) {
  const std::string rels = rels_part_of(source_part);
  if (!archive.contains(rels)) return {};
  relationships_handler handler(source_part);
  read_xml_part(archive, rels, handler, limits.max_metadata_bytes, limits);
  return std::move(handler.found);
}

workbook_layout read_workbook(zip_archive& archive, const limits& limits) {
  workbook_layout layout;
  if (!archive.contains("_rels/.rels")) {
    throw error(error_kind::missing_part, "no package relationships: not an OOXML package", archive.name(),
                "_rels/.rels");
  }
  for (const auto& link : read_relationships(archive, "", limits)) {
    if (!link.external && relationship_is(link.type, "officeDocument")) {
      layout.workbook_part = link.target;
      break;
    }
  }
  if (layout.workbook_part.empty()) {
    throw error(error_kind::missing_part, "no officeDocument relationship: the package has no workbook",
                archive.name(), "_rels/.rels");
  }
  if (!archive.contains(layout.workbook_part)) {
    throw error(error_kind::missing_part, "the workbook part is missing from the archive", archive.name(),
                layout.workbook_part);
  }
  workbook_handler book;
  read_xml_part(archive, layout.workbook_part, book, limits.max_metadata_bytes, limits);
  layout.date1904 = book.date1904;

  const auto links = read_relationships(archive, layout.workbook_part, limits);
  for (const auto& link : links) {
    if (link.external) continue;
    if (relationship_is(link.type, "sharedStrings")) layout.shared_strings_part = link.target;
    if (relationship_is(link.type, "styles")) layout.styles_part = link.target;
  }
  // A map, not a nested loop: a hostile workbook may list a million sheets.
  std::unordered_map<std::string_view, const relationship*> by_id;
  for (const auto& link : links) by_id.emplace(link.id, &link);
  for (const auto& entry : book.sheets) {
    const auto found = by_id.find(entry.relationship_id);
    const relationship* link = found == by_id.end() ? nullptr : found->second;
    if (link == nullptr || link->external) {
      throw error(error_kind::missing_part,
                  "sheet '" + entry.name + "' refers to relationship " + entry.relationship_id +
                      ", which the workbook's relationships do not have",
                  archive.name(), layout.workbook_part);
    }
    layout.sheets.push_back({entry.name, link->target, relationship_is(link->type, "worksheet")});
  }
  return layout;
}

}  // namespace xlsx::detail
