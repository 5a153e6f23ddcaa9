// zip_io - the I/O under minizip: positioned reads from a file descriptor or from memory.
//
// minizip reads through a table of callbacks (zlib_filefunc64_def). Ours read with pread() or
// memcpy, so one code path serves a file on disk and an upload held in memory, and every read
// says where it reads: no FILE* buffering to second-guess, no shared file position.
//
//   io_stream stream{...};                      // fd >= 0, or data + size
//   zlib_filefunc64_def functions = io_functions(stream);
//   unzFile file = unzOpen2_64("", &functions);
//
// Thread safety: an io_stream belongs to one minizip handle, used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>

#include <ioapi.h>

namespace xlsx::detail {

struct io_stream {
  int fd = -1;                        // a file, when >= 0
  const std::byte* data = nullptr;    // or memory
  std::uint64_t size = 0;
  std::uint64_t position = 0;
  int error = 0;                      // the errno of the last failed read
};

// io_functions: minizip's callback table over `stream`.
[[nodiscard]] zlib_filefunc64_def io_functions(io_stream& stream);

// read_at: up to `size` bytes from `offset`; fewer only at the end or on an error.
std::size_t read_at(io_stream& stream, std::uint64_t offset, void* buffer, std::size_t size);

}  // namespace xlsx::detail
