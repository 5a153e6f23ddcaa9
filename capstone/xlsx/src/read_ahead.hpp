// read_ahead - inflates a zip entry on its own thread, a few blocks ahead of the parser.
//
// Inflating and parsing a sheet take comparable time (zlib about a quarter, expat the rest),
// so doing them on two cores makes reading faster at the cost of one thread and a few blocks
// of memory. The parser thread calls read() exactly as it would call zip_entry::read(); an
// exception on the inflating thread (a bad CRC, a bomb) is rethrown by the read() that
// reaches the point where it happened.
//
//   read_ahead ahead(entry);                      // starts the thread
//   while (std::size_t got = ahead.read(buffer, size)) parse(buffer, got);
//
// Thread safety: read() from one thread at a time; the destructor stops and joins the
// inflating thread (it may be abandoned mid-entry).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "zip_archive.hpp"

namespace xlsx::detail {

class read_ahead {
 public:
  static constexpr std::size_t block_bytes = 256 * 1024;

  explicit read_ahead(zip_entry& entry, std::size_t blocks = 4);
  ~read_ahead();
  read_ahead(const read_ahead&) = delete;
  read_ahead& operator=(const read_ahead&) = delete;

  // read: copies the next inflated bytes (at most `size`) into `buffer`; 0 at the end.
  std::size_t read(char* buffer, std::size_t size);

 private:
  struct block {
    std::vector<char> bytes;
    std::size_t size = 0;      // inflated bytes held; 0 marks the end
    std::size_t consumed = 0;  // how many of them read() has copied out
  };
  void inflate_all(zip_entry& entry);

  std::vector<block> blocks_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t filled_ = 0;     // blocks the inflater has filled, ever (guarded by mutex_)
  std::size_t emptied_ = 0;    // blocks the reader has emptied, ever (guarded by mutex_)
  bool stopping_ = false;      // guarded by mutex_
  bool ended_ = false;         // the reader has seen the end (reader thread only)
  std::exception_ptr failure_; // guarded by mutex_; set before the block count that reaches it
  std::thread inflater_;
};

}  // namespace xlsx::detail
