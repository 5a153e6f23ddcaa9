// raw_entry - reads a zip entry's data without minizip: stored bytes copied, deflated bytes
// inflated by zlib as raw deflate (zip's form), the CRC computed on the way.
//
// Only for ZIP64 entries, whose sizes Debian's minizip 1.1 misreads on 64-bit Linux (see
// zip_archive.hpp): minizip still finds the entry and says where its data starts
// (unzGetCurrentFileZStreamPos64); zip64_sizes() reads the real sizes; this reads the data.
//
//   raw_entry raw(stream, data_offset, compressed_size, /*deflated=*/true, crc_from_directory);
//   while (int got = raw.read(buffer, size)) { if (got < 0) fail(); ... }
//   if (!raw.crc_matches()) fail();
//
// Thread safety: none; it reads through its archive's io_stream.
#pragma once

#include <algorithm>
#include <cstdint>
#include <new>
#include <vector>

#include <unzip.h>
#include <zlib.h>

#include "zip_io.hpp"

namespace xlsx::detail {

// zip64_sizes: the real sizes from the ZIP64 extra field (id 0x0001) of a central directory
// entry, which holds a 64-bit value for each 32-bit field set to 0xFFFFFFFF, in this order:
// uncompressed size, compressed size (APPNOTE.TXT 4.5.3).
inline bool zip64_sizes(const std::vector<unsigned char>& extra, std::uint64_t& uncompressed, std::uint64_t& compressed) {
  auto little_endian = [&](std::size_t at, int bytes) {
    std::uint64_t value = 0;
    for (int i = bytes - 1; i >= 0; --i) value = value << 8 | extra[at + static_cast<std::size_t>(i)];
    return value;
  };
  for (std::size_t at = 0; at + 4 <= extra.size();) {
    const auto id = little_endian(at, 2);
    const auto size = static_cast<std::size_t>(little_endian(at + 2, 2));
    const std::size_t data = at + 4;
    if (data + size > extra.size()) return false;
    if (id == 0x0001) {
      std::size_t field = data;
      for (std::uint64_t* value : {&uncompressed, &compressed}) {
        if (*value != 0xFFFFFFFFu) continue;
        if (field + 8 > data + size) return false;
        *value = little_endian(field, 8);
        field += 8;
      }
      return true;
    }
    at = data + size;
  }
  return false;
}

class raw_entry {
 public:
  raw_entry(io_stream& stream, std::uint64_t offset, std::uint64_t compressed, bool deflated, std::uint32_t crc)
      : stream_(stream), position_(offset), remaining_(compressed), deflated_(deflated), expected_crc_(crc) {
    if (deflated_ && inflateInit2(&z_, -MAX_WBITS) != Z_OK) throw std::bad_alloc();
  }
  ~raw_entry() {
    if (deflated_) inflateEnd(&z_);
  }
  raw_entry(const raw_entry&) = delete;
  raw_entry& operator=(const raw_entry&) = delete;

  // read: as unzReadCurrentFile - bytes read, 0 at the end, or a negative error code.
  int read(char* buffer, unsigned size) {
    const int got = deflated_ ? inflate_into(buffer, size) : copy_into(buffer, size);
    if (got > 0) crc_ = crc32(crc_, reinterpret_cast<const Bytef*>(buffer), static_cast<uInt>(got));
    return got;
  }
  [[nodiscard]] bool crc_matches() const noexcept { return crc_ == expected_crc_; }

 private:
  // fetch: the next `size` compressed bytes; false on a short read.
  bool fetch(unsigned char* into, std::size_t size) {
    if (read_at(stream_, position_, into, size) != size) return false;
    position_ += size;
    remaining_ -= size;
    return true;
  }

  int copy_into(char* buffer, unsigned size) {
    const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(size, remaining_));
    if (wanted == 0) return 0;
    return fetch(reinterpret_cast<unsigned char*>(buffer), wanted) ? static_cast<int>(wanted) : UNZ_ERRNO;
  }

  int inflate_into(char* buffer, unsigned size) {
    z_.next_out = reinterpret_cast<Bytef*>(buffer);
    z_.avail_out = size;
    while (z_.avail_out > 0 && !ended_) {
      if (z_.avail_in == 0) {
        if (remaining_ == 0) return Z_DATA_ERROR;  // the deflate stream is cut short
        const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(input_.size(), remaining_));
        if (!fetch(input_.data(), chunk)) return UNZ_ERRNO;
        z_.next_in = input_.data();
        z_.avail_in = static_cast<uInt>(chunk);
      }
      const int status = inflate(&z_, Z_NO_FLUSH);
      if (status == Z_STREAM_END) ended_ = true;
      else if (status != Z_OK) return status;
    }
    return static_cast<int>(size - z_.avail_out);
  }

  io_stream& stream_;
  std::uint64_t position_;
  std::uint64_t remaining_;
  bool deflated_;
  std::uint32_t expected_crc_;
  uLong crc_ = crc32(0, nullptr, 0);
  z_stream z_{};
  bool ended_ = false;
  std::vector<unsigned char> input_ = std::vector<unsigned char>(256 * 1024);
};

}  // namespace xlsx::detail
