// zip_archive: entries located and inflated by minizip, checked here (bombs, size, CRC).
#include "zip_archive.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <unzip.h>
#include <zlib.h>

#include "raw_entry.hpp"
#include "zip_io.hpp"

namespace xlsx::detail {

struct zip_handle {
  io_stream stream;
  unzFile file = nullptr;
  std::string name;

  ~zip_handle() {
    if (file != nullptr) unzClose(file);
    if (stream.fd >= 0) ::close(stream.fd);
  }
};

namespace {

// not_a_zip_message: why minizip found no zip, in words a user can act on.
std::string not_a_zip_message(const io_stream& stream) {
  unsigned char head[8] = {};
  io_stream probe = stream;
  const std::size_t got = read_at(probe, 0, head, sizeof head);
  static constexpr unsigned char ole_signature[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  if (got == 0) return "empty file: not an xlsx workbook";
  if (got == sizeof head && std::memcmp(head, ole_signature, sizeof head) == 0) {
    return "an OLE compound file (a legacy .xls, or an encrypted workbook), not an xlsx zip";
  }
  if (got >= 2 && head[0] == 'P' && head[1] == 'K') {
    return "truncated or damaged zip archive: its central directory is missing";
  }
  return "not a zip archive (an xlsx workbook is a zip of XML parts)";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// zip_archive

zip_archive::zip_archive(const zip_source& source) : handle_(std::make_unique<zip_handle>()) {
  handle_->name = source.name;
  io_stream& stream = handle_->stream;
  if (!source.memory.empty()) {
    stream.data = source.memory.data();
    stream.size = source.memory.size();
  } else {
    stream.fd = ::open(source.path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat info {};
    if (stream.fd < 0 || ::fstat(stream.fd, &info) != 0) {
      throw error(error_kind::io, std::string("cannot open: ") + std::strerror(errno), source.name);
    }
    if (S_ISDIR(info.st_mode)) throw error(error_kind::io, "is a directory", source.name);
    stream.size = static_cast<std::uint64_t>(info.st_size);
  }
  zlib_filefunc64_def functions = io_functions(stream);
  // unzOpen2_64 passes `path` only to io_open, which ignores it; the 64-bit variant is what
  // reads ZIP64 archives (entries and offsets past 4 GiB).
  handle_->file = unzOpen2_64("", &functions);
  if (handle_->file == nullptr) {
    if (stream.error != 0) {
      throw error(error_kind::io, std::string("read failed: ") + std::strerror(stream.error), source.name);
    }
    throw error(error_kind::not_a_zip, not_a_zip_message(stream), source.name);
  }
}

zip_archive::~zip_archive() = default;

const std::string& zip_archive::name() const noexcept { return handle_->name; }

bool zip_archive::contains(std::string_view part) {
  // unzLocateFile's case sensitivity 2 means "ignore ASCII case", as OPC compares part names.
  return unzLocateFile(handle_->file, std::string(part).c_str(), 2) == UNZ_OK;
}

zip_entry zip_archive::open(std::string_view part, std::uint64_t max_bytes, const limits& limits) {
  const std::string name(part);
  if (unzLocateFile(handle_->file, name.c_str(), 2) != UNZ_OK) {
    throw error(error_kind::missing_part, "part is missing from the archive", handle_->name, name);
  }
  unz_file_info64 info{};
  if (unzGetCurrentFileInfo64(handle_->file, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
    throw error(error_kind::corrupt_archive, "unreadable zip directory entry", handle_->name, name);
  }
  if ((info.flag & 1u) != 0) {
    throw error(error_kind::unsupported, "zip entry is encrypted", handle_->name, name);
  }
  if (info.compression_method != 0 && info.compression_method != Z_DEFLATED) {
    throw error(error_kind::unsupported,
                "zip compression method " + std::to_string(info.compression_method) +
                    " (only stored and deflated entries are supported)",
                handle_->name, name);
  }
  std::uint64_t compressed = info.compressed_size;
  std::uint64_t uncompressed = info.uncompressed_size;
  if (compressed != 0xFFFFFFFFu && uncompressed != 0xFFFFFFFFu) {
    if (unzOpenCurrentFile(handle_->file) != UNZ_OK) {
      throw error(error_kind::corrupt_archive, "damaged zip entry header", handle_->name, name);
    }
    return zip_entry(handle_.get(), name, compressed, uncompressed, max_bytes, limits, nullptr);
  }
  // ZIP64 sizes, which Debian's minizip leaves at 0xFFFFFFFF (see zip_archive.hpp): read them
  // from the extra field, and the data ourselves from where minizip says it starts.
  std::vector<unsigned char> extra(info.size_file_extra);
  if (unzGetCurrentFileInfo64(handle_->file, &info, nullptr, 0, extra.data(), static_cast<uLong>(extra.size()),
                              nullptr, 0) != UNZ_OK ||
      !zip64_sizes(extra, uncompressed, compressed)) {
    throw error(error_kind::corrupt_archive, "zip entry lacks the ZIP64 sizes its header calls for", handle_->name, name);
  }
  int method = 0;
  int level = 0;
  if (unzOpenCurrentFile2(handle_->file, &method, &level, 1) != UNZ_OK) {
    throw error(error_kind::corrupt_archive, "damaged zip entry header", handle_->name, name);
  }
  const ZPOS64_T data_offset = unzGetCurrentFileZStreamPos64(handle_->file);
  auto raw = std::make_unique<raw_entry>(handle_->stream, data_offset, compressed, method == Z_DEFLATED,
                                         static_cast<std::uint32_t>(info.crc));
  return zip_entry(handle_.get(), name, compressed, uncompressed, max_bytes, limits, std::move(raw));
}

// ---------------------------------------------------------------------------------------------
// zip_entry

zip_entry::zip_entry(zip_handle* handle, std::string part, std::uint64_t compressed,
                     std::uint64_t declared, std::uint64_t max_bytes, const limits& limits,
                     std::unique_ptr<raw_entry> raw)
    : handle_(handle),
      part_(std::move(part)),
      compressed_size_(compressed),
      declared_size_(declared),
      max_bytes_(max_bytes),
      max_ratio_(limits.max_compression_ratio),
      ratio_grace_(limits.ratio_grace_bytes),
      raw_(std::move(raw)) {}

zip_entry::zip_entry(zip_entry&& other) noexcept
    : handle_(other.handle_),
      part_(std::move(other.part_)),
      compressed_size_(other.compressed_size_),
      declared_size_(other.declared_size_),
      max_bytes_(other.max_bytes_),
      max_ratio_(other.max_ratio_),
      ratio_grace_(other.ratio_grace_),
      inflated_(other.inflated_),
      open_(std::exchange(other.open_, false)),
      raw_(std::move(other.raw_)) {}

zip_entry::~zip_entry() {
  if (open_) unzCloseCurrentFile(handle_->file);  // abandoned early: nothing left to check
}

void zip_entry::fail(error_kind kind, const std::string& message) const {
  throw error(kind, message, handle_->name, part_);
}

std::size_t zip_entry::read(char* buffer, std::size_t size) {
  if (!open_) return 0;
  // unzReadCurrentFile takes an unsigned and returns an int: keep each call well below 2 GiB.
  const auto wanted = static_cast<unsigned>(std::min<std::size_t>(size, 1u << 30));
  const int got = raw_ ? raw_->read(buffer, wanted) : unzReadCurrentFile(handle_->file, buffer, wanted);
  if (got < 0) {
    fail(error_kind::corrupt_archive, "zip entry fails to inflate (zlib error " + std::to_string(got) + ")");
  }
  if (got == 0) {
    finish();
    return 0;
  }
  inflated_ += static_cast<std::uint64_t>(got);
  if (inflated_ > max_bytes_) {
    fail(error_kind::limit_exceeded, "part inflates beyond the limit of " + std::to_string(max_bytes_) + " bytes");
  }
  // The ratio is measured on bytes actually inflated, against the compressed size in the
  // directory (which bounds what minizip reads), so a header that lies gains nothing.
  if (inflated_ > ratio_grace_ &&
      static_cast<double>(inflated_) > max_ratio_ * static_cast<double>(std::max<std::uint64_t>(compressed_size_, 1))) {
    fail(error_kind::limit_exceeded, "part inflates more than " + std::to_string(static_cast<long long>(max_ratio_)) +
                                         " times its compressed size (a decompression bomb?)");
  }
  return static_cast<std::size_t>(got);
}

void zip_entry::finish() {
  open_ = false;
  const int closed = unzCloseCurrentFile(handle_->file);
  // minizip compares the CRC only when the inflated size matches the header's, so a size
  // mismatch is checked first: otherwise a damaged entry could pass unnoticed.
  if (inflated_ != declared_size_) {
    fail(error_kind::corrupt_archive, "zip entry inflates to " + std::to_string(inflated_) +
                                          " bytes but its header says " + std::to_string(declared_size_));
  }
  if (raw_) {  // minizip read nothing itself, so only our CRC counts
    if (!raw_->crc_matches()) fail(error_kind::corrupt_archive, "CRC mismatch: the zip entry is corrupted");
    return;
  }
  if (closed == UNZ_CRCERROR) fail(error_kind::corrupt_archive, "CRC mismatch: the zip entry is corrupted");
  if (closed != UNZ_OK) fail(error_kind::corrupt_archive, "zip entry cannot be closed (error " + std::to_string(closed) + ")");
}

}  // namespace xlsx::detail
