// column_mapping: header names to columns, and the checks every row passes before the database.
#include "columns.hpp"

#include <algorithm>

#include "db/schema.hpp"
#include "import.hpp"

namespace capstone::detail {

std::string normalized_header(std::string_view header) {
  std::string out;
  for (const char c : header) {
    if (c == ' ' || c == '_' || c == '\t') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::size_t char_count(std::string_view text) {
  // Every UTF-8 character has exactly one byte that is not a continuation byte (10xxxxxx).
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

column_mapping column_mapping::from_header(std::span<const xlsx::cell> header,
                                           const std::vector<std::pair<std::string, std::string>>& overrides) {
  constexpr auto& columns = db::business_columns;
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  column_mapping mapping;
  mapping.sheet_column_.fill(none);

  // What each normalized header feeds: the column of the same name, unless an override says otherwise.
  auto column_of = [&](std::string_view text) -> std::size_t {
    const std::string normalized = normalized_header(text);
    for (const auto& [sheet_header, column] : overrides) {
      if (normalized_header(sheet_header) != normalized) continue;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c].name == normalized_header(column)) return c;
      }
      throw import_error("--map " + sheet_header + "=" + column + ": businesses has no column " + column);
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].name == normalized) return c;
    }
    return none;
  };

  std::string seen;
  for (std::size_t position = 0; position < header.size(); ++position) {
    const std::string_view text = header[position].text;
    if (text.empty()) continue;
    if (!seen.empty()) seen += ", ";
    seen += '"' + std::string(text) + '"';
    const std::size_t c = column_of(text);
    if (c == none) continue;  // an extra column: ignored
    if (mapping.sheet_column_[c] != none) {
      throw import_error("two sheet columns feed " + std::string(columns[c].name) + ": \"" +
                         std::string(header[mapping.sheet_column_[c]].text) + "\" and \"" + std::string(text) + "\"");
    }
    mapping.sheet_column_[c] = position;
  }
  std::string missing;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (mapping.sheet_column_[c] != none) continue;
    if (!missing.empty()) missing += ", ";
    missing += columns[c].name;
  }
  if (!missing.empty()) {
    throw import_error("the header row lacks column(s) " + missing + " (it has " + (seen.empty() ? "nothing" : seen) +
                       "); rename them in the sheet or map them with --map 'Sheet Header=column'");
  }
  return mapping;
}

std::optional<std::string> column_mapping::extract(const xlsx::row& row, record& out) const {
  constexpr auto& columns = db::business_columns;
  std::size_t present = 0;
  for (const std::size_t position : sheet_column_) present += position < row.cells.size();
  if (present < columns.size()) {
    return "insufficient columns: " + std::to_string(present) + " of " + std::to_string(columns.size());
  }
  out.row = row.number;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::string_view text = row.cells[sheet_column_[c]].text;
    if (text.find('\0') != std::string_view::npos) return std::string(columns[c].name) + " contains a NUL character";
    // A UTF-8 character is at least one byte, so only a field with more bytes than the limit
    // allows characters needs counting: nearly none, where counting them all cost 1.4% of
    // the import's instructions.
    if (columns[c].max_chars != 0 && text.size() > columns[c].max_chars) {
      const std::size_t length = char_count(text);
      if (length > columns[c].max_chars) {
        return std::string(columns[c].name) + " is " + std::to_string(length) + " characters long, over the limit of " +
               std::to_string(columns[c].max_chars);
      }
    }
    out.fields[c].assign(text);
  }
  if (out.fields[0].find_first_not_of(" \t\r\n") == std::string::npos) return "empty name";
  return std::nullopt;
}

}  // namespace capstone::detail
