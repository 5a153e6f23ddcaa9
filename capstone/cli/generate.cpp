// importer generate: sample listings as an xlsx file, written by libxlsxwriter.
//
// constant_memory mode writes each row out as soon as the next begins (and stores strings
// inline rather than in a shared-strings table), so a million rows take seconds and little
// memory. Bad rows are placed by selection sampling (Knuth's Algorithm S): exactly K of the N
// rows, spread uniformly, decided row by row without remembering any.
#include <cstdio>
#include <iostream>
#include <string>

#include <xlsxwriter.h>

#include "commands.hpp"
#include "listings.hpp"

namespace importer {
namespace {

bool check(lxw_error result, const char* what) {
  if (result == LXW_NO_ERROR) return true;
  std::cerr << "importer: generate: " << what << ": " << lxw_strerror(result) << '\n';
  return false;
}

}  // namespace

int run_generate(const generate_options& options) {
  if (options.rows >= xlsx::max_rows) {
    std::cerr << "importer: generate: --rows must be below " << xlsx::max_rows << " (Excel's rows, less the header)\n";
    return 1;
  }
  if (options.bad_rows > options.rows) {
    std::cerr << "importer: generate: --bad-rows cannot exceed --rows\n";
    return 1;
  }
  lxw_workbook_options book_options{};
  book_options.constant_memory = LXW_TRUE;
  lxw_workbook* book = workbook_new_opt(options.out.c_str(), &book_options);
  if (book == nullptr) {
    std::cerr << "importer: generate: cannot create " << options.out << '\n';
    return 1;
  }
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Listings");
  bool ok = sheet != nullptr;
  for (lxw_col_t column = 0; ok && column < listing_columns.size(); ++column) {
    ok = check(worksheet_write_string(sheet, 0, column, listing_columns[column], nullptr), "header");
  }

  listing_generator make(options.seed);
  std::uint64_t bad_left = options.bad_rows;
  for (std::uint64_t i = 0; ok && i < options.rows; ++i) {
    const bool bad = bad_left != 0 && make.chance(bad_left, options.rows - i);
    if (bad) --bad_left;
    const listing row = bad ? make.next_bad(bad_left % 2 == 0 ? bad_row::too_few_columns : bad_row::empty_name)
                            : make.next();
    const auto sheet_row = static_cast<lxw_row_t>(i + 1);
    for (lxw_col_t column = 0; ok && column < row.columns; ++column) {
      if (row.fields[column].empty()) continue;  // an empty cell, not an empty string
      ok = check(worksheet_write_string(sheet, sheet_row, column, row.fields[column].c_str(), nullptr), "row");
    }
  }
  // workbook_close writes the file and frees the workbook even when something failed before.
  const lxw_error closed = workbook_close(book);
  return ok && check(closed, options.out.c_str()) ? 0 : 1;
}

}  // namespace importer
