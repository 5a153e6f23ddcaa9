// cell_text: escapes, numbers, serial dates and cell references.
#include "cell_text.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <xlsx/reader.hpp>

namespace xlsx::detail {
namespace {

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// escape_at: the UTF-16 unit of an _xHHHH_ escape starting at text[i], or -1 if there is none.
long escape_at(const std::string& text, std::size_t i) noexcept {
  if (i + 7 > text.size() || text[i] != '_' || text[i + 1] != 'x' || text[i + 6] != '_') return -1;
  long unit = 0;
  for (std::size_t k = i + 2; k < i + 6; ++k) {
    const int digit = hex_digit(text[k]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

// put_utf8: writes `code` at text[out] (never past the escape it replaces: at most 4 bytes
// for 14 characters, 3 for 7) and returns the new end.
std::size_t put_utf8(std::string& text, std::size_t out, char32_t code) noexcept {
  if (code < 0x80) {
    text[out++] = static_cast<char>(code);
  } else if (code < 0x800) {
    text[out++] = static_cast<char>(0xC0 | (code >> 6));
    text[out++] = static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    text[out++] = static_cast<char>(0xE0 | (code >> 12));
    text[out++] = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    text[out++] = static_cast<char>(0x80 | (code & 0x3F));
  } else {
    text[out++] = static_cast<char>(0xF0 | (code >> 18));
    text[out++] = static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    text[out++] = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    text[out++] = static_cast<char>(0x80 | (code & 0x3F));
  }
  return out;
}

}  // namespace

void decode_escapes(std::string& text, std::size_t from) {
  std::size_t in = text.find("_x", from);
  if (in == std::string::npos) return;  // the common case: nothing to do
  std::size_t out = in;
  while (in < text.size()) {
    const long unit = text[in] == '_' ? escape_at(text, in) : -1;
    if (unit < 0) {
      text[out++] = text[in++];
      continue;
    }
    in += 7;
    char32_t code = static_cast<char32_t>(unit);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const long low = escape_at(text, in);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        code = 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) + (static_cast<char32_t>(low) - 0xDC00);
        in += 7;
      } else {
        code = 0xFFFD;  // a lone surrogate has no UTF-8 form
      }
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      code = 0xFFFD;
    }
    out = put_utf8(text, out, code);
  }
  text.resize(out);
}

std::optional<double> parse_double(std::string_view value) noexcept {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t' || value.front() == '\n' || value.front() == '\r')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\n' || value.back() == '\r')) {
    value.remove_suffix(1);
  }
  if (value.starts_with('+')) value.remove_prefix(1);  // xsd:double allows it, from_chars not
  double number = 0;
  const auto [end, problem] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (problem != std::errc{} || end != value.data() + value.size() || value.empty() || !std::isfinite(number)) {
    return std::nullopt;
  }
  return number;
}

bool format_number(std::string_view value, std::string& out) {
  const auto number = parse_double(value);
  if (!number) return false;
  // Fixed notation at shortest round-trip precision: "1500", "0.1", "45352.5", never "1.5e+03".
  // The longest such text, for the smallest subnormal, is under 400 characters.
  char buffer[400];
  const double positive_zero_if_zero = *number == 0 ? 0.0 : *number;  // no "-0"
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, positive_zero_if_zero, std::chars_format::fixed);
  out.append(buffer, result.ptr);
  return true;
}

bool format_serial_date(double serial, bool date1904, std::string& out) {
  using namespace std::chrono;
  if (!std::isfinite(serial) || serial < 0 || serial > 2'958'466.0) return false;  // past 9999-12-31
  auto whole_days = static_cast<long>(std::floor(serial));
  auto millis = std::llround((serial - static_cast<double>(whole_days)) * 86'400'000.0);
  if (millis >= 86'400'000) {
    ++whole_days;
    millis -= 86'400'000;
  }
  char buffer[40];
  int length = 0;
  if (!date1904 && whole_days == 0) {
    length = 0;  // a bare time: day 0 of 1900 ("1900-01-00") is no date
  } else if (!date1904 && whole_days == 60) {
    // Lotus 1-2-3 thought 1900 was a leap year and Excel kept the bug for compatibility: serial
    // 60 is 1900-02-29, which never was. Shown as Excel shows it.
    length = std::snprintf(buffer, sizeof buffer, "1900-02-29");
  } else {
    // 1900 system: serial 1 is 1900-01-01 and, past the phantom 29 February, one day less
    // counts from 1899-12-30. 1904 system: serial 0 is 1904-01-01.
    const sys_days epoch = date1904 ? sys_days{year{1904} / 1 / 1}
                                    : whole_days < 60 ? sys_days{year{1899} / 12 / 31} : sys_days{year{1899} / 12 / 30};
    const year_month_day date{epoch + days{whole_days}};
    if (static_cast<int>(date.year()) > 9999) return false;
    length = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                           static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  }
  const bool bare_time = length == 0;
  if (millis != 0 || bare_time) {
    const long long seconds = millis / 1000;
    length += std::snprintf(buffer + length, sizeof buffer - static_cast<std::size_t>(length), "%s%02lld:%02lld:%02lld",
                            bare_time ? "" : "T", seconds / 3600, seconds / 60 % 60, seconds % 60);
    if (millis % 1000 != 0) {
      length += std::snprintf(buffer + length, sizeof buffer - static_cast<std::size_t>(length), ".%03lld", millis % 1000);
    }
  }
  out.append(buffer, static_cast<std::size_t>(length));
  return true;
}

std::optional<cell_reference> parse_cell_reference(std::string_view text, bool& too_far) noexcept {
  too_far = false;
  cell_reference reference;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    if (i == 3) {  // four letters: past XFD whatever they are
      too_far = true;
      return std::nullopt;
    }
    reference.column = reference.column * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
  }
  if (reference.column > max_columns) {
    too_far = true;
    return std::nullopt;
  }
  if (i == text.size()) return reference.column == 0 ? std::nullopt : std::optional(reference);
  const auto row = parse_row_number(text.substr(i), too_far);
  if (!row) return std::nullopt;
  reference.row = *row;
  return reference;
}

std::optional<std::uint32_t> parse_row_number(std::string_view text, bool& too_far) noexcept {
  too_far = false;
  std::uint64_t row = 0;
  if (text.empty()) return std::nullopt;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    row = row * 10 + static_cast<std::uint64_t>(c - '0');
    if (row > max_rows) {
      too_far = true;
      return std::nullopt;
    }
  }
  if (row == 0) return std::nullopt;
  return static_cast<std::uint32_t>(row);
}

}  // namespace xlsx::detail
