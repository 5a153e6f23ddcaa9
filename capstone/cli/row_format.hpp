// row_format - one sheet row as a line of CSV (RFC 4180), TSV or JSON Lines.
//
//   - encode_row(format, cells, out): appends the row, without its line end.
//   - finish_row(format, fields, width, out): pads a row of `fields` fields to `width` with
//     empty ones and ends the line ("\n" for every format).
//
// CSV quotes a field holding a comma, quote, CR or LF and doubles its quotes. TSV cannot quote,
// so it escapes as PostgreSQL's COPY text format does (\t \n \r \\), which is where the
// importer sends rows next. JSON Lines writes each row as an array of strings.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include <xlsx/reader.hpp>

namespace importer {

enum class row_format { csv, tsv, jsonl };

void encode_row(row_format format, std::span<const xlsx::cell> cells, std::string& out);
void finish_row(row_format format, std::size_t fields, std::size_t width, std::string& out);

}  // namespace importer
