// cell_text - turning what a <c> element holds into the text a reader reports.
//
//   - decode_escapes(text, from): decodes ST_Xstring's _xHHHH_ escapes (ECMA-376 part 1,
//     22.9.2.19) in place from offset `from`: "_x000D_" is a carriage return, "_x005F_" an
//     underscore (so "_x005F_x000D_" is the literal text "_x000D_"); UTF-16 surrogate pairs
//     (_xD83D__xDE00_) become one UTF-8 character.
//   - format_number(v, out): "1.5E3" -> "1500", "0.1" -> "0.1": the shortest decimal that
//     reads back as the same double (std::to_chars), never in exponent form.
//   - format_serial_date(v, date1904, out): Excel's serial day number as ISO 8601, with the
//     1900 leap-year bug (serial 60 is 1900-02-29, which never was) and the 1904 system.
//   - parse_cell_reference("AB12"): column 28, row 12, or nothing when malformed or beyond
//     Excel's limits.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xlsx::detail {

void decode_escapes(std::string& text, std::size_t from);
[[nodiscard]] bool format_number(std::string_view value, std::string& out);
[[nodiscard]] bool format_serial_date(double serial, bool date1904, std::string& out);
[[nodiscard]] std::optional<double> parse_double(std::string_view value) noexcept;

struct cell_reference {
  std::uint32_t column = 0;  // 1-based; 0 when the reference has no column letters
  std::uint32_t row = 0;     // 1-based; 0 when the reference has no row digits
};

// parse_cell_reference: nullopt when malformed, or when the column is past XFD or the row past
// 1,048,576 (`too_far` tells those apart).
[[nodiscard]] std::optional<cell_reference> parse_cell_reference(std::string_view text, bool& too_far) noexcept;
// parse_row_number: the r attribute of <row>; nullopt when malformed or out of range.
[[nodiscard]] std::optional<std::uint32_t> parse_row_number(std::string_view text, bool& too_far) noexcept;

}  // namespace xlsx::detail
