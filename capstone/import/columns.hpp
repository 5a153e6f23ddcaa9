// column_mapping - which sheet column holds which of the nine business columns, and row validation.
//
//   auto mapping = column_mapping::from_header(header.cells, {{"Company", "name"}});
//   detail::record out;
//   if (auto reason = mapping.extract(row, out)) rejects.add(row.number, *reason);
//
// Headers match a column when they are equal ignoring case, spaces and underscores ("E-Mail"
// does not match "email"; map it). `overrides` name a sheet header and the column it feeds.
// from_header throws import_error naming every missing column and the headers it saw, before
// a single row is read.
//
// extract() copies the mapped cells as text (leading zeros and all) and returns a reason when
// the row must be rejected: columns missing (Excel drops trailing empty cells, so a row that
// stops short is indistinguishable from one with too few columns, as in the guide), an empty
// name, a field longer than its column allows, or a NUL character (which no text column holds).
//
// Thread safety: a mapping is immutable after from_header; extract may run in many threads.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <xlsx/reader.hpp>

#include "record.hpp"

namespace capstone::detail {

class column_mapping {
 public:
  [[nodiscard]] static column_mapping from_header(std::span<const xlsx::cell> header,
                                                  const std::vector<std::pair<std::string, std::string>>& overrides);

  // extract: fills `out` from `row`; a reason to reject the row, or nothing when it is good.
  [[nodiscard]] std::optional<std::string> extract(const xlsx::row& row, record& out) const;

  // sheet_column: the 0-based sheet column of business column `column`.
  [[nodiscard]] std::size_t sheet_column(std::size_t column) const { return sheet_column_[column]; }

 private:
  std::array<std::size_t, 9> sheet_column_{};
};

// normalized_header: lower case, without spaces and underscores; the form headers are compared in.
[[nodiscard]] std::string normalized_header(std::string_view header);

// char_count: UTF-8 characters (code points) in `text`, as varchar(n) counts them.
[[nodiscard]] std::size_t char_count(std::string_view text);

}  // namespace capstone::detail
