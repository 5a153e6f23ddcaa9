// xlsx::error - what the reader throws when a file cannot be read.
//
// Every failure of the reader is one exception type with a kind and a one-line message that
// names the file, the part of the package (the zip entry) and, for XML, the line and column:
//
//   listings.xlsx: xl/worksheets/sheet1.xml:2:45: malformed XML: mismatched tag
//   listings.xlsx: xl/sharedStrings.xml: part inflates more than 100 times its compressed size
//
// Kinds say what went wrong, so a caller can react to a class of problem (an HTTP handler
// answers 400 for bad input and 500 for io):
//
//   try { ... } catch (const xlsx::error& e) {
//     if (e.kind() == xlsx::error_kind::io) throw;   // our problem, not the upload's
//     std::cerr << e.what() << '\n';
//   }
//
// Thread safety: an immutable value; copy it freely.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace xlsx {

enum class error_kind : std::uint8_t {
  io,               // the file could not be opened or read
  not_a_zip,        // not a zip archive at all, or truncated before its central directory
  corrupt_archive,  // a zip entry fails to inflate, has the wrong CRC or the wrong size
  missing_part,     // a part the package points to (workbook, sheet, ...) is not in the archive
  malformed_xml,    // not well-formed XML, or a DTD (refused: entity-expansion attacks)
  invalid_content,  // well-formed XML that breaks the spreadsheet rules (bad index, bad row)
  limit_exceeded,   // a configured limit was hit: decompression bomb, huge cell, deep nesting
  unsupported,      // legal, but not something this reader does (encryption, a chartsheet)
};

// to_string: the kind's name as the messages use it.
[[nodiscard]] const char* to_string(error_kind kind) noexcept;

class error : public std::runtime_error {
 public:
  // error: `file` and `part` may be empty; `line` 0 means "not at a place in XML".
  error(error_kind kind, const std::string& message, std::string file = {}, std::string part = {},
        std::uint64_t line = 0, std::uint64_t column = 0);

  [[nodiscard]] error_kind kind() const noexcept { return kind_; }
  // message: the problem alone, without the file and place that what() puts before it.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] const std::string& part() const noexcept { return part_; }
  [[nodiscard]] std::uint64_t line() const noexcept { return line_; }
  [[nodiscard]] std::uint64_t column() const noexcept { return column_; }

  // with_place: the same error, placed in `file` (and `part`, if it had none yet).
  [[nodiscard]] error with_place(const std::string& file, const std::string& part) const;

 private:
  error_kind kind_;
  std::string message_;
  std::string file_;
  std::string part_;
  std::uint64_t line_;
  std::uint64_t column_;
};

}  // namespace xlsx
