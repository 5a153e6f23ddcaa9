// xlsx::workbook and xlsx::sheet_reader - a streaming reader for Excel's .xlsx files.
//
// Rows come out one at a time while the sheet's XML is inflated (minizip) and parsed (expat's
// SAX interface): memory stays constant however long the sheet is. Only the shared-strings
// table is held, in one arena, and cells that use a shared string point into it.
//
//   - workbook::open(path) reads the package's table of contents: which sheets there are and
//     where (found as Excel finds them: _rels/.rels -> workbook -> its rels -> the sheet), the
//     date system, the styles that make a number a date, and the shared strings.
//   - workbook::open_sheet(name) starts a sheet_reader; an empty name means the first
//     worksheet in workbook order. Each reader has its own zip handle, so several may be open.
//   - sheet_reader::next_row(row) fills in the next row and returns true, or returns false at
//     the end. Rows are numbered as in the sheet (row.number, from 1) and come without gaps: a
//     row missing from the file comes out empty. Trailing rows without values are dropped.
//     It blocks on file I/O (and, by default, on the thread that inflates ahead of it): from a
//     fiber, call it through go::blocking, or give the reader a thread of its own.
//   - Every cell is text: numbers in shortest round-trip form ("1500", "0.1"), dates as
//     ISO 8601 ("2024-02-29", "2024-02-29T12:30:00", "12:30:00" for a bare time), booleans
//     as TRUE/FALSE, errors as Excel shows them (#N/A); cell::type says which it was.
//   - Anything wrong with the file throws xlsx::error (see error.hpp) with a one-line message.
//     The zip's CRC is only known at the end of the sheet, so the last next_row() can still
//     throw: commit an import only after next_row() has returned false.
//
// Preconditions: row views (cell::text) stay valid until the next call of next_row() on the same
// reader, or until the workbook's last reader is gone (shared strings live as long as either).
// Thread safety: a workbook may be shared by threads that each open their own sheet_reader; one
// sheet_reader belongs to one thread (or one fiber) at a time.
//
//   auto book = xlsx::workbook::open("listings.xlsx");
//   auto sheet = book.open_sheet();            // or open_sheet("Listings")
//   xlsx::row row;
//   while (sheet.next_row(row)) {
//     if (row.cells.size() < 9) std::cerr << "row " << row.number << ": too few columns\n";
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <xlsx/error.hpp>

namespace xlsx {

// Excel's own limits: a row or column beyond them is an error, never an allocation.
inline constexpr std::uint32_t max_rows = 1'048'576;
inline constexpr std::uint32_t max_columns = 16'384;  // column XFD

// limits: what a hostile file may cost. Each one exceeded throws error_kind::limit_exceeded.
struct limits {
  // max_part_bytes: inflated size of any one part; well above 4 GiB so huge sheets still read.
  std::uint64_t max_part_bytes = std::uint64_t{64} << 30;
  // max_metadata_bytes: inflated size of the small parts (rels, workbook.xml, styles.xml).
  std::uint64_t max_metadata_bytes = std::uint64_t{256} << 20;
  // max_compression_ratio: inflated / compressed size of a part, checked once the part has
  // inflated past ratio_grace_bytes, as Apache POI's ZipSecureFile does (its defaults are the
  // same). Real sheets compress 5-20 times; a zip bomb, hundreds or thousands of times.
  double max_compression_ratio = 100.0;
  std::uint64_t ratio_grace_bytes = std::uint64_t{1} << 20;
  // max_shared_strings_bytes: the shared-strings arena plus its offsets.
  std::uint64_t max_shared_strings_bytes = std::uint64_t{2} << 30;
  // max_cell_bytes: one cell's text. Excel stops at 32,767 UTF-16 units (under 96 KiB of
  // UTF-8); other writers go further, so this allows ten times that.
  std::uint32_t max_cell_bytes = 1u << 20;
  // max_row_bytes: all the text one row holds outside the shared strings.
  std::uint64_t max_row_bytes = std::uint64_t{64} << 20;
  // max_xml_depth: element nesting; expat keeps every open element, so depth costs memory.
  std::uint32_t max_xml_depth = 256;
  // max_xml_token_bytes: one start tag, comment or other token expat must hold whole.
  std::uint64_t max_xml_token_bytes = std::uint64_t{16} << 20;
};

enum class cell_type : std::uint8_t { empty, string, number, boolean, error, date };

// cell: one cell's value as text. `text` points into the reader or into the shared strings.
struct cell {
  cell_type type = cell_type::empty;
  std::string_view text;
};

// row: one sheet row. cells[0] is column A; cells stops at the row's last cell with a value.
struct row {
  std::uint32_t number = 0;
  std::vector<cell> cells;
};

// sheet_info: one entry of the workbook's sheet list, in workbook order.
struct sheet_info {
  std::string name;
  std::string part;  // the zip entry, e.g. "xl/worksheets/sheet1.xml"
  bool is_worksheet = true;  // false for chartsheets, dialog and macro sheets
};

// inflate_mode: whether a sheet_reader inflates the zip on a second thread while the calling
// thread parses (faster on two or more cores), or does both itself.
enum class inflate_mode : std::uint8_t { read_ahead_thread, same_thread };

namespace detail {
struct workbook_state;
class sheet_parser;
}  // namespace detail

class sheet_reader;

class workbook {
 public:
  // open: reads the package structure, styles and shared strings of the file at `path`.
  [[nodiscard]] static workbook open(const std::filesystem::path& path, const limits& limits = {});
  // open_memory: the same from bytes in memory, which must outlive the workbook and its readers.
  // `name` stands for the file name in error messages.
  [[nodiscard]] static workbook open_memory(std::span<const std::byte> bytes, std::string name,
                                            const limits& limits = {});

  // sheets: every sheet of the workbook, in workbook order (the order of Excel's tabs).
  [[nodiscard]] const std::vector<sheet_info>& sheets() const;
  // date1904: whether serial dates count from 1904-01-01 (old Mac Excel) rather than 1900.
  [[nodiscard]] bool date1904() const;
  // shared_string_count: how many strings the shared-strings table holds.
  [[nodiscard]] std::size_t shared_string_count() const;

  // open_sheet: a reader for the worksheet called `name`, or the first worksheet when empty.
  // Throws error_kind::missing_part when there is no such sheet (naming the ones there are).
  [[nodiscard]] sheet_reader open_sheet(std::string_view name = {},
                                        inflate_mode mode = inflate_mode::read_ahead_thread) const;

  workbook(workbook&&) noexcept;
  workbook& operator=(workbook&&) noexcept;
  ~workbook();

 private:
  explicit workbook(std::shared_ptr<const detail::workbook_state> state);
  std::shared_ptr<const detail::workbook_state> state_;
};

class sheet_reader {
 public:
  // next_row: the next row into `out` (reusing its storage); false once the sheet has ended.
  // After it has thrown, every later call throws the same error.
  [[nodiscard]] bool next_row(row& out);

  // name, part: which sheet this reads.
  [[nodiscard]] const std::string& name() const;
  [[nodiscard]] const std::string& part() const;
  // bytes_parsed: how much of the sheet's XML has been parsed so far.
  [[nodiscard]] std::uint64_t bytes_parsed() const;

  sheet_reader(sheet_reader&&) noexcept;
  sheet_reader& operator=(sheet_reader&&) noexcept;
  ~sheet_reader();

 private:
  friend class workbook;
  explicit sheet_reader(std::unique_ptr<detail::sheet_parser> parser);
  std::unique_ptr<detail::sheet_parser> parser_;
};

}  // namespace xlsx
