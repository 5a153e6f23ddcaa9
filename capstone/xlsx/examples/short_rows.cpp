// short_rows: the reader in one program - list the rows of a sheet that have too few cells.
//
//   build/bin/xlsx_short_rows sample_data.xlsx 9      # rows with fewer than 9 cells
//
// It is the check the guide's importer makes before an INSERT, done while streaming: one row
// in memory at a time, reported by the row number Excel shows.
#include <cstdlib>
#include <iostream>

#include <xlsx/reader.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: xlsx_short_rows FILE.xlsx COLUMNS\n";
    return 2;
  }
  const auto wanted = static_cast<std::size_t>(std::atoi(argv[2]));
  try {
    // [snippet: read_rows]
    auto book = xlsx::workbook::open(argv[1]);  // package, styles, shared strings
    auto sheet = book.open_sheet();             // the first worksheet; or open_sheet("Listings")
    xlsx::row row;
    while (sheet.next_row(row)) {               // one row at a time, constant memory
      if (row.number > 1 && row.cells.size() < wanted) {
        std::cout << "row " << row.number << ": " << row.cells.size() << " cells\n";
      }
    }
    // [end-snippet]
  } catch (const xlsx::error& problem) {  // one line: file, part, line:column, what
    std::cerr << problem.what() << '\n';
    return 1;
  }
  return 0;
}
