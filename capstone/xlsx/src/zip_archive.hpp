// zip_archive - a read-only view of a zip file's entries, on minizip (zlib's contrib/minizip).
//
//   - zip_archive archive(source): opens the archive from a file or from memory (throws
//     not_a_zip, with a hint when it is a legacy .xls or an encrypted workbook instead).
//   - archive.open(part, max_bytes, limits): the one entry that may be open at a time (minizip
//     keeps one per handle), as a zip_entry to read() until it returns 0.
//   - zip_entry::read() guards against decompression bombs (an absolute and a ratio limit) and
//     checks at the end that the entry has the size and CRC its header promised: minizip only
//     checks the CRC in unzCloseCurrentFile, and only if the sizes agree, so both are checked
//     here and a corrupted entry is an error rather than silently wrong data.
//   - ZIP64 entries: Debian's minizip 1.1 does not read the ZIP64 sizes of the central directory
//     on 64-bit Linux (it compares them with (unsigned long)-1, not 0xFFFFFFFF), so an entry
//     past 4 GiB would read as 4 GiB less one byte. When the directory says 0xFFFFFFFF, the
//     sizes come from the ZIP64 extra field here, and the entry's data is read and inflated
//     here too (zlib, raw deflate), with our own CRC.
//
// Thread safety: none; open one zip_archive per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <xlsx/reader.hpp>

namespace xlsx::detail {

// zip_source: where an archive's bytes are. `memory` is used when it is not empty.
struct zip_source {
  std::filesystem::path path;
  std::span<const std::byte> memory;
  std::string name;  // the file name shown in error messages
};

struct zip_handle;  // minizip's unzFile with the I/O state behind it
class raw_entry;    // our own reader for the entries minizip cannot size (ZIP64)

class zip_entry {
 public:
  // read: up to `size` inflated bytes into `buffer`; 0 once the entry has ended (after the size
  // and CRC checks). Throws corrupt_archive or limit_exceeded.
  std::size_t read(char* buffer, std::size_t size);
  // inflated: bytes read so far.
  [[nodiscard]] std::uint64_t inflated() const noexcept { return inflated_; }
  [[nodiscard]] std::uint64_t declared_size() const noexcept { return declared_size_; }
  [[nodiscard]] const std::string& part() const noexcept { return part_; }

  zip_entry(zip_entry&& other) noexcept;
  zip_entry& operator=(zip_entry&&) = delete;
  zip_entry(const zip_entry&) = delete;
  ~zip_entry();

 private:
  friend class zip_archive;
  zip_entry(zip_handle* handle, std::string part, std::uint64_t compressed, std::uint64_t declared,
            std::uint64_t max_bytes, const limits& limits, std::unique_ptr<raw_entry> raw);
  [[noreturn]] void fail(error_kind kind, const std::string& message) const;
  void finish();

  zip_handle* handle_;
  std::string part_;
  std::uint64_t compressed_size_;
  std::uint64_t declared_size_;
  std::uint64_t max_bytes_;
  double max_ratio_;
  std::uint64_t ratio_grace_;
  std::uint64_t inflated_ = 0;
  bool open_ = true;
  std::unique_ptr<raw_entry> raw_;  // set for ZIP64 entries: minizip only found them
};

class zip_archive {
 public:
  explicit zip_archive(const zip_source& source);
  ~zip_archive();
  zip_archive(const zip_archive&) = delete;
  zip_archive& operator=(const zip_archive&) = delete;

  // contains: whether the archive has the entry `part` (compared as OPC does, ignoring ASCII case).
  [[nodiscard]] bool contains(std::string_view part);
  // open: starts reading `part`; at most `max_bytes` may inflate from it. Throws missing_part.
  [[nodiscard]] zip_entry open(std::string_view part, std::uint64_t max_bytes, const limits& limits);
  [[nodiscard]] const std::string& name() const noexcept;

 private:
  std::unique_ptr<zip_handle> handle_;
};

}  // namespace xlsx::detail
