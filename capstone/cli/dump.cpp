// importer dump: a sheet to stdout, so the reader can be checked against other tools.
//
// Every row is padded to the width of the widest row, which is known only at the end (the
// <dimension> element is a hint that may be missing or wrong). So rows are encoded once into
// a spool file as they stream in, each with its field count, and replayed with padding when
// the sheet has ended. Memory stays constant, and a sheet that fails at its last byte (a bad
// CRC is only found there) prints nothing at all rather than half a table.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <stdexcept>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <xlsx/reader.hpp>

#include "commands.hpp"

namespace importer {
namespace {

struct file_closer {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;

// spool: a temporary file of records {field count, byte count, bytes}.
class spool {
 public:
  spool() : file_(std::tmpfile()), buffer_(1 << 20) {
    if (!file_) throw std::runtime_error(std::string("cannot create a temporary file: ") + std::strerror(errno));
    std::setvbuf(file_.get(), buffer_.data(), _IOFBF, buffer_.size());
  }

  void write(std::uint64_t fields, const std::string& bytes) {
    const std::uint64_t header[2] = {fields, bytes.size()};
    put(header, sizeof header);
    put(bytes.data(), bytes.size());
  }

  // replay: calls emit(fields, bytes) for every record, in order.
  template <typename Emit>
  void replay(Emit emit) {
    if (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0) fail();
    std::uint64_t header[2];
    std::string bytes;
    while (std::fread(header, sizeof header, 1, file_.get()) == 1) {
      bytes.resize(header[1]);
      if (header[1] != 0 && std::fread(bytes.data(), header[1], 1, file_.get()) != 1) fail();
      emit(header[0], bytes);
    }
    if (std::ferror(file_.get())) fail();
  }

 private:
  void put(const void* data, std::size_t size) {
    if (size != 0 && std::fwrite(data, size, 1, file_.get()) != 1) fail();
  }
  [[noreturn]] static void fail() {
    throw std::runtime_error(std::string("temporary file: ") + std::strerror(errno));
  }
  file_ptr file_;
  std::vector<char> buffer_;
};

}  // namespace

int run_dump(const dump_options& options) {
  try {
    const auto book = xlsx::workbook::open(options.file);
    auto sheet = book.open_sheet(options.sheet);
    spool rows;
    xlsx::row row;
    std::string line;
    std::size_t width = 0;
    while (sheet.next_row(row)) {
      line.clear();
      encode_row(options.format, row.cells, line);
      rows.write(row.cells.size(), line);
      width = std::max(width, row.cells.size());
    }

    // One large buffer for stdout, static because it must outlive every write to the stream.
    static char out_buffer[1 << 20];
    std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    rows.replay([&](std::uint64_t fields, std::string& bytes) {
      finish_row(options.format, fields, width, bytes);
      std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    });
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) throw std::runtime_error(std::string("writing stdout: ") + std::strerror(errno));
    return 0;
  } catch (const std::exception& problem) {
    std::fflush(stdout);
    std::cerr << "importer: " << problem.what() << '\n';
    return 1;
  }
}

}  // namespace importer
