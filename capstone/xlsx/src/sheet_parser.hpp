// sheet_parser - one worksheet, inflated and parsed as rows are asked for.
//
// The parser is push-based (expat calls us) but callers pull (next_row). The bridge is
// expat's suspension: the handler for </row> suspends the parser, next_row() hands the row
// out, and the next call resumes parsing where it stopped. So at any time the reader holds
// one row, one inflate buffer and expat's state: memory does not grow with the sheet.
//
//   <sheetData>
//     <row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" s="1"><v>45351.5</v></c></row>
//   </sheetData>
//
// The grammar handled (ECMA-376 part 1, 18.3.1.4 c and 18.3.1.73 row): r on rows and cells is
// optional (then: the next row, the next column); t is s, n (the default), b, e, str,
// inlineStr or d; <v> holds the value, or the cached result when there is an <f> formula;
// <is> holds an inline string as <t> or rich <r><t> runs, with <rPh> phonetic runs ignored.
//
// Thread safety: none; a sheet_reader belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <xlsx/reader.hpp>

#include "read_ahead.hpp"
#include "workbook_state.hpp"
#include "xml_parser.hpp"
#include "zip_archive.hpp"

namespace xlsx::detail {

class sheet_parser final : public xml_handler {
 public:
  sheet_parser(std::shared_ptr<const workbook_state> book, const sheet_info& sheet, inflate_mode mode);

  bool next_row(row& out);
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const std::string& part() const noexcept { return part_; }
  [[nodiscard]] std::uint64_t bytes_parsed() const noexcept { return bytes_parsed_; }

  void start(xml_name name, const xml_attributes& attributes) override;
  void end(xml_name name) override;
  void text(std::string_view text) override;

 private:
  enum class value_kind : std::uint8_t { number, shared_string, boolean, error, formula_string, inline_string, iso_date };

  // slot: a finished cell of the row being built; its text is either a shared string or a
  // range of row_text_ (an offset, since row_text_ may still grow and move).
  struct slot {
    std::uint32_t column;
    cell_type type;
    bool shared;
    std::string_view shared_text;
    std::size_t offset;
    std::size_t size;
  };

  void pump();
  void start_row(const xml_attributes& attributes);
  void start_cell(const xml_attributes& attributes);
  void end_cell();
  [[noreturn]] void invalid(const std::string& message) const;
  [[nodiscard]] std::string cell_name() const;

  std::shared_ptr<const workbook_state> book_;
  std::string name_;
  std::string part_;
  zip_archive archive_;
  zip_entry entry_;
  std::unique_ptr<read_ahead> ahead_;  // inflates entry_ on another thread; null: same thread
  xml_parser parser_;
  std::uint64_t bytes_parsed_ = 0;

  // The driver: where pulling stands.
  bool suspended_ = false;
  bool last_chunk_ = false;
  bool finished_ = false;
  std::exception_ptr failure_;        // the error that ended reading, thrown again if asked
  bool ready_ = false;                // a row with values is waiting in slots_
  std::uint32_t ready_number_ = 0;
  std::uint32_t next_number_ = 1;     // the row number next_row() hands out next

  // The parse: where in the sheet's XML we are.
  bool in_sheet_data_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;             // inside <v>
  bool in_inline_ = false;            // inside <is>
  bool in_inline_text_ = false;       // inside <is>...<t>
  std::uint32_t phonetic_depth_ = 0;  // inside <rPh>
  std::uint32_t row_number_ = 0;      // of the row being built, or of the last one
  std::uint32_t next_column_ = 1;

  // The cell being parsed.
  std::uint32_t column_ = 0;
  value_kind kind_ = value_kind::number;
  bool is_date_style_ = false;
  bool has_value_ = false;
  std::size_t cell_begin_ = 0;        // where its text starts in row_text_

  // The row being built.
  std::vector<slot> slots_;
  std::string row_text_;
  std::string scratch_;
};

}  // namespace xlsx::detail
