// row_format: CSV, TSV and JSON Lines encoders.
#include "row_format.hpp"

#include <cstdio>

namespace importer {
namespace {

bool needs_quotes(std::string_view field) noexcept {
  // One pass over the field; find_first_of(",\"\r\n") would make four, one per character.
  for (const char c : field) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  }
  return false;
}

void encode_csv(std::string_view field, std::string& out) {
  if (!needs_quotes(field)) {
    out += field;
    return;
  }
  out += '"';
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void encode_tsv(std::string_view field, std::string& out) {
  for (const char c : field) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
}

void encode_json(std::string_view field, std::string& out) {
  out += '"';
  for (const char c : field) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
          out += escape;
        } else {
          out += c;  // the reader's text is UTF-8 already (expat guarantees it)
        }
    }
  }
  out += '"';
}

}  // namespace

void encode_row(row_format format, std::span<const xlsx::cell> cells, std::string& out) {
  const char separator = format == row_format::tsv ? '\t' : ',';
  if (format == row_format::jsonl) out += '[';
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i != 0) out += separator;
    switch (format) {
      case row_format::csv: encode_csv(cells[i].text, out); break;
      case row_format::tsv: encode_tsv(cells[i].text, out); break;
      case row_format::jsonl: encode_json(cells[i].text, out); break;
    }
  }
}

void finish_row(row_format format, std::size_t fields, std::size_t width, std::string& out) {
  for (std::size_t i = fields; i < width; ++i) {
    const bool first = i == 0;
    switch (format) {
      case row_format::csv: out += first ? "" : ","; break;
      case row_format::tsv: out += first ? "" : "\t"; break;
      case row_format::jsonl: out += first ? "\"\"" : ",\"\""; break;
    }
  }
  out += format == row_format::jsonl ? "]\n" : "\n";
}

}  // namespace importer
