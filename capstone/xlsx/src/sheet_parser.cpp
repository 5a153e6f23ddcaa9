// sheet_parser: the streaming worksheet parser behind xlsx::sheet_reader.
#include "sheet_parser.hpp"

#include <charconv>
#include <cstring>
#include <string>
#include <utility>

#include "cell_text.hpp"

namespace xlsx::detail {
namespace {

// 256 KiB per read: large enough that inflate and expat work in long runs, small enough to
// stay in the L2 cache.
constexpr std::size_t chunk_bytes = 256 * 1024;

// excerpt: file text quoted in a message, cut short: a hostile file decides its length.
std::string excerpt(std::string_view text) {
  return text.size() <= 40 ? std::string(text) : std::string(text.substr(0, 40)) + "...";
}

std::string column_letters(std::uint32_t column) {
  std::string letters;
  for (; column > 0; column = (column - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (column - 1) % 26));
  return letters;
}

}  // namespace

sheet_parser::sheet_parser(std::shared_ptr<const workbook_state> book, const sheet_info& sheet, inflate_mode mode)
    : book_(std::move(book)),
      name_(sheet.name),
      part_(sheet.part),
      archive_(book_->source),
      entry_(archive_.open(part_, book_->bounds.max_part_bytes, book_->bounds)),
      ahead_(mode == inflate_mode::read_ahead_thread ? std::make_unique<read_ahead>(entry_) : nullptr),
      parser_(*this, book_->source.name, part_, book_->bounds) {}

// ---------------------------------------------------------------------------------------------
// Pulling rows

bool sheet_parser::next_row(row& out) {
  for (;;) {
    if (ready_) {
      if (next_number_ < ready_number_) {  // a row the file skipped: it is empty
        out.number = next_number_++;
        out.cells.clear();
        return true;
      }
      out.number = ready_number_;
      out.cells.assign(slots_.back().column, cell{});
      for (const slot& done : slots_) {
        const std::string_view text =
            done.shared ? done.shared_text : std::string_view(row_text_).substr(done.offset, done.size);
        out.cells[done.column - 1] = cell{done.type, text};
      }
      next_number_ = ready_number_ + 1;
      ready_ = false;
      return true;
    }
    if (finished_) return false;
    if (failure_) std::rethrow_exception(failure_);
    try {
      pump();
    } catch (...) {
      // expat cannot continue after an error, nor can we: every later call throws the same.
      failure_ = std::current_exception();
      throw;
    }
  }
}

// pump: parses until a row is ready or the sheet has ended.
void sheet_parser::pump() {
  if (suspended_) {
    suspended_ = !parser_.resume();
  } else {
    // Inflate (or copy what the read-ahead thread inflated) straight into expat's buffer.
    char* room = parser_.buffer(chunk_bytes);
    const std::size_t got = ahead_ ? ahead_->read(room, chunk_bytes) : entry_.read(room, chunk_bytes);
    bytes_parsed_ += got;  // at the end (got == 0) the size and CRC have been checked
    last_chunk_ = got == 0;
    suspended_ = !parser_.parse(got, last_chunk_);
  }
  if (!suspended_ && last_chunk_) finished_ = true;
}

// ---------------------------------------------------------------------------------------------
// The SAX handlers

void sheet_parser::invalid(const std::string& message) const {
  throw content_error{error_kind::invalid_content, message};
}

std::string sheet_parser::cell_name() const { return column_letters(column_) + std::to_string(row_number_); }

void sheet_parser::start(xml_name name, const xml_attributes& attributes) {
  const std::string_view local = name.local;
  if (!is_main(name.ns)) return;
  if (local == "c") {
    if (in_row_) start_cell(attributes);
  } else if (local == "v") {
    if (in_cell_) {
      in_value_ = true;
      has_value_ = true;
    }
  } else if (local == "t") {
    in_inline_text_ = in_inline_;
  } else if (local == "row") {
    if (in_sheet_data_) start_row(attributes);
  } else if (local == "is") {
    if (in_cell_) {
      in_inline_ = true;
      has_value_ = true;
    }
  } else if (local == "rPh") {
    ++phonetic_depth_;
  } else if (local == "sheetData") {
    in_sheet_data_ = true;
  }
}

void sheet_parser::end(xml_name name) {
  const std::string_view local = name.local;
  if (!is_main(name.ns)) return;
  if (local == "v") {
    in_value_ = false;
  } else if (local == "t") {
    in_inline_text_ = false;
  } else if (local == "c") {
    if (in_cell_) end_cell();
  } else if (local == "is") {
    in_inline_ = false;
  } else if (local == "rPh") {
    --phonetic_depth_;
  } else if (local == "row") {
    if (!in_row_) return;
    in_row_ = false;
    // A row without values is left out here and comes back empty from next_row's gap
    // filling if a later row has values: so trailing empty rows never appear.
    if (!slots_.empty()) {
      ready_ = true;
      ready_number_ = row_number_;
      parser_.suspend();
    }
  } else if (local == "sheetData") {
    in_sheet_data_ = false;
  }
}

void sheet_parser::text(std::string_view text) {
  if (!in_value_ && !(in_inline_text_ && phonetic_depth_ == 0)) return;
  if (row_text_.size() - cell_begin_ + text.size() > book_->bounds.max_cell_bytes) {
    throw content_error{error_kind::limit_exceeded, "cell " + cell_name() + " is longer than the limit of " +
                                                        std::to_string(book_->bounds.max_cell_bytes) + " bytes"};
  }
  if (row_text_.size() + text.size() > book_->bounds.max_row_bytes) {
    throw content_error{error_kind::limit_exceeded, "row " + std::to_string(row_number_) + " holds more than " +
                                                        std::to_string(book_->bounds.max_row_bytes) + " bytes"};
  }
  row_text_.append(text);
}

void sheet_parser::start_row(const xml_attributes& attributes) {
  std::uint32_t number = row_number_ + 1;  // no r: the row after the last one
  if (const char* r = attributes.find("r")) {
    bool too_far = false;
    const auto parsed = parse_row_number(r, too_far);
    if (!parsed) {
      if (too_far) invalid("row " + excerpt(r) + " is beyond Excel's limit of 1048576 rows");
      invalid("row number '" + excerpt(r) + "' is not a number from 1 to 1048576");
    }
    number = *parsed;
  }
  if (number > max_rows) invalid("row " + std::to_string(number) + " is beyond Excel's limit of 1048576 rows");
  if (number <= row_number_) {
    invalid("row " + std::to_string(number) + " comes after row " + std::to_string(row_number_) +
            ": rows must be in ascending order");
  }
  row_number_ = number;
  in_row_ = true;
  next_column_ = 1;
  slots_.clear();
  row_text_.clear();  // the previous row's views end here, as next_row() promises
}

void sheet_parser::start_cell(const xml_attributes& attributes) {
  // One pass over the attributes for the three we read (every cell pays for this).
  const char* r = nullptr;
  const char* t = nullptr;
  const char* s = nullptr;
  attributes.each([&](const char* name, const char* value) {
    if (name[0] == '\0' || name[1] != '\0') return;  // only one-letter, unqualified names
    if (name[0] == 'r') r = value;
    else if (name[0] == 't') t = value;
    else if (name[0] == 's') s = value;
  });
  std::uint32_t column = next_column_;  // no r: the column after the last one
  if (r != nullptr) {
    bool too_far = false;
    const auto reference = parse_cell_reference(r, too_far);
    if (!reference) {
      if (too_far) invalid("cell " + excerpt(r) + " is beyond Excel's limits (column XFD, row 1048576)");
      invalid("cell reference '" + excerpt(r) + "' is malformed");
    }
    if (reference->row != 0 && reference->row != row_number_) {
      invalid("cell " + excerpt(r) + " is inside row " + std::to_string(row_number_));
    }
    column = reference->column;
  }
  if (column > max_columns) invalid("a cell past column XFD, Excel's last, in row " + std::to_string(row_number_));
  if (column < next_column_) {
    column_ = column;
    invalid("cell " + cell_name() + " comes after column " + column_letters(next_column_ - 1) +
            ": cells must be in ascending order");
  }
  column_ = column;
  next_column_ = column + 1;
  in_cell_ = true;
  has_value_ = false;
  cell_begin_ = row_text_.size();

  kind_ = value_kind::number;
  if (t != nullptr) {
    const std::string_view type = t;
    if (type == "s") kind_ = value_kind::shared_string;
    else if (type == "n") kind_ = value_kind::number;
    else if (type == "str") kind_ = value_kind::formula_string;
    else if (type == "inlineStr") kind_ = value_kind::inline_string;
    else if (type == "b") kind_ = value_kind::boolean;
    else if (type == "e") kind_ = value_kind::error;
    else if (type == "d") kind_ = value_kind::iso_date;
    else invalid("cell " + cell_name() + " has unknown type t=\"" + excerpt(type) + "\"");
  }
  is_date_style_ = false;
  if (s != nullptr) {
    std::size_t style = 0;
    const auto [end, problem] = std::from_chars(s, s + std::strlen(s), style);
    // An unknown style is cosmetic, so it only means "not a date" rather than an error.
    is_date_style_ = problem == std::errc{} && style < book_->date_styles.size() && book_->date_styles[style];
  }
}

void sheet_parser::end_cell() {
  in_cell_ = false;
  in_value_ = false;
  in_inline_ = false;
  const std::string_view raw = std::string_view(row_text_).substr(cell_begin_);
  // No value: a styled empty cell, a formula never calculated, or an empty <v/> where a
  // number, boolean or string index belongs (openpyxl writes one for every formula).
  const bool text_kind = kind_ == value_kind::inline_string || kind_ == value_kind::formula_string ||
                         kind_ == value_kind::error || kind_ == value_kind::iso_date;
  if (!has_value_ || (raw.empty() && !text_kind)) {
    row_text_.resize(cell_begin_);
    return;
  }
  slot done{column_, cell_type::string, false, {}, cell_begin_, 0};
  switch (kind_) {
    case value_kind::shared_string: {
      std::uint64_t index = 0;
      const auto [end, problem] = std::from_chars(raw.data(), raw.data() + raw.size(), index);
      if (problem != std::errc{} || end != raw.data() + raw.size()) {
        invalid("cell " + cell_name() + ": shared string index '" + excerpt(raw) + "' is not a number");
      }
      const auto shared = book_->strings.at(index);
      if (!shared) {
        invalid("cell " + cell_name() + ": shared string index " + std::to_string(index) +
                " out of range (the table has " + std::to_string(book_->strings.size()) + " strings)");
      }
      done.shared = true;
      done.shared_text = *shared;
      row_text_.resize(cell_begin_);
      break;
    }
    case value_kind::number: {
      scratch_.assign(raw);
      row_text_.resize(cell_begin_);
      bool formatted = false;
      if (is_date_style_) {
        const auto serial = parse_double(scratch_);
        formatted = serial && format_serial_date(*serial, book_->layout.date1904, row_text_);
        done.type = cell_type::date;
      }
      if (!formatted) {  // not a date style, or a serial no calendar has (negative, past 9999)
        done.type = cell_type::number;
        if (!format_number(scratch_, row_text_)) {
          invalid("cell " + cell_name() + ": '" + excerpt(scratch_) + "' is not a number");
        }
      }
      break;
    }
    case value_kind::boolean: {
      const bool truth = raw == "1" || raw == "true";
      if (!truth && raw != "0" && raw != "false") {
        invalid("cell " + cell_name() + ": '" + excerpt(raw) + "' is not a boolean");
      }
      row_text_.resize(cell_begin_);
      row_text_ += truth ? "TRUE" : "FALSE";
      done.type = cell_type::boolean;
      break;
    }
    case value_kind::error: done.type = cell_type::error; break;
    case value_kind::iso_date: done.type = cell_type::date; break;
    case value_kind::formula_string:
    case value_kind::inline_string: decode_escapes(row_text_, cell_begin_); break;
  }
  done.size = row_text_.size() - cell_begin_;
  slots_.push_back(done);
}

}  // namespace xlsx::detail
