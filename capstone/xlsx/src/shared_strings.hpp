// shared_strings - the workbook's string table, kept compactly.
//
// Cells with t="s" hold an index into xl/sharedStrings.xml. Millions of small strings as
// std::strings would cost 32 bytes of header each plus an allocation; here they are one
// arena of text and one offset per string, and a cell refers to its string as a view into
// the arena - so a huge string used by thousands of cells (Apache POI's "shared strings bomb")
// is stored once and never copied.
//
//   - read_shared_strings(archive, part, limits): parses the part. Rich text runs (<r><t>) are
//     concatenated, phonetic runs (<rPh>) ignored, _xHHHH_ escapes decoded. The count and
//     uniqueCount attributes are hints that a hostile file can set to anything, so nothing is
//     sized from them.
//   - table.at(i): the i-th string, or std::nullopt when i is out of range.
//
// Thread safety: immutable once read; share it freely.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xlsx/reader.hpp>

#include "zip_archive.hpp"

namespace xlsx::detail {

class shared_strings {
 public:
  [[nodiscard]] std::optional<std::string_view> at(std::uint64_t index) const noexcept {
    if (index >= ends_.size()) return std::nullopt;
    const std::uint64_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(arena_).substr(begin, ends_[index] - begin);
  }
  [[nodiscard]] std::size_t size() const noexcept { return ends_.size(); }
  [[nodiscard]] std::size_t bytes() const noexcept { return arena_.size() + ends_.size() * sizeof(std::uint64_t); }

 private:
  friend class shared_strings_handler;
  friend shared_strings read_shared_strings(zip_archive& archive, const std::string& part, const limits& limits);
  std::string arena_;                // every string, back to back
  std::vector<std::uint64_t> ends_;  // where each string ends in the arena
};

[[nodiscard]] shared_strings read_shared_strings(zip_archive& archive, const std::string& part, const limits& limits);

}  // namespace xlsx::detail
