// styles - which cell styles turn a number into a date.
//
// Excel stores a date as a number (days since 1900 or 1904) and only the cell's number format
// says it is one. A cell's s="N" indexes <cellXfs> in styles.xml; each xf has a numFmtId that
// is either built in (14-22 and 45-47 are the date and time formats) or defined by a
// <numFmt formatCode="..."> in the same part.
//
//   - is_date_format(code): whether a format code shows a date or time: it has y, m, d, h or s
//     outside quoted text, [bracketed] colours and locales, and \-escaped characters ([h], [mm]
//     and [ss], elapsed time, count as time).
//   - read_date_styles(archive, part, limits): for each cellXfs index, whether it is a date.
//
// Thread safety: none needed; plain functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xlsx/reader.hpp>

#include "zip_archive.hpp"

namespace xlsx::detail {

[[nodiscard]] bool is_date_format(std::string_view code) noexcept;
[[nodiscard]] bool is_builtin_date_format(unsigned id) noexcept;
[[nodiscard]] std::vector<bool> read_date_styles(zip_archive& archive, const std::string& part, const limits& limits);

}  // namespace xlsx::detail
