// zip_io: minizip's I/O callbacks over pread() and memcpy().
#include "zip_io.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace xlsx::detail {
namespace {


voidpf io_open(voidpf opaque, const void* /*filename*/, int /*mode*/) { return opaque; }

uLong io_read(voidpf /*opaque*/, voidpf handle, void* buffer, uLong size) {
  auto& stream = *static_cast<io_stream*>(handle);
  if (stream.position >= stream.size) return 0;
  const std::uint64_t wanted = std::min<std::uint64_t>(size, stream.size - stream.position);
  if (stream.fd < 0) {
    std::memcpy(buffer, stream.data + stream.position, wanted);
    stream.position += wanted;
    return static_cast<uLong>(wanted);
  }
  std::uint64_t done = 0;
  while (done < wanted) {
    const ssize_t got = ::pread(stream.fd, static_cast<char*>(buffer) + done, wanted - done,
                                static_cast<off_t>(stream.position + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      stream.error = got < 0 ? errno : EIO;
      break;
    }
    done += static_cast<std::uint64_t>(got);
  }
  stream.position += done;
  return static_cast<uLong>(done);
}

uLong io_write(voidpf, voidpf, const void*, uLong) { return 0; }  // read-only

ZPOS64_T io_tell(voidpf /*opaque*/, voidpf handle) { return static_cast<io_stream*>(handle)->position; }

long io_seek(voidpf /*opaque*/, voidpf handle, ZPOS64_T offset, int origin) {
  auto& stream = *static_cast<io_stream*>(handle);
  std::uint64_t base = 0;
  switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = stream.position; break;
    case ZLIB_FILEFUNC_SEEK_END: base = stream.size; break;
    default: return -1;
  }
  // minizip seeks backwards by passing a "negative" offset to SEEK_CUR (an unsigned that wraps
  // around), as fseeko would take it: so the sum is taken modulo 2^64, then checked.
  const std::uint64_t target = base + offset;
  if (target > stream.size) return -1;
  stream.position = target;
  return 0;
}

int io_close(voidpf, voidpf) { return 0; }  // zip_handle owns the descriptor

int io_error(voidpf /*opaque*/, voidpf handle) { return static_cast<io_stream*>(handle)->error; }

// not_a_zip_message: why minizip found no zip, in words a user can act on.

}  // namespace

zlib_filefunc64_def io_functions(io_stream& stream) {
  return {io_open, io_read, io_write, io_tell, io_seek, io_close, io_error, &stream};
}

std::size_t read_at(io_stream& stream, std::uint64_t offset, void* buffer, std::size_t size) {
  stream.position = offset;
  return io_read(nullptr, &stream, buffer, static_cast<uLong>(size));
}

}  // namespace xlsx::detail
