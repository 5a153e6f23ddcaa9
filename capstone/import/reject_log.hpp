// reject_log - every rejected row: counted, the first ones kept, all written to a CSV file.
//
//   reject_log rejects{"rejects.csv"};          // empty path: no file
//   rejects.add(17, "empty name");               // from any thread
//   auto listed = rejects.take_listed();         // sorted by row, at most max_listed_rejects
//
// The file is CSV (RFC 4180) with a header "row,reason", in the order rows were rejected: with
// several workers that is not sheet order, and sorting a million-row file's rejects would need
// them all in memory.
//
// Thread safety: add may be called from any thread at once.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "import.hpp"

namespace capstone::detail {

class reject_log {
 public:
  explicit reject_log(const std::filesystem::path& file);

  void add(std::uint32_t row, std::string reason);
  // close: flushes the file; throws import_error if writing it failed.
  void close();
  [[nodiscard]] std::vector<rejected_row> take_listed();

 private:
  struct file_closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::filesystem::path path_;
  std::mutex mutex_;
  std::unique_ptr<std::FILE, file_closer> file_;  // guarded by mutex_
  std::vector<rejected_row> listed_;              // guarded by mutex_
};

}  // namespace capstone::detail
