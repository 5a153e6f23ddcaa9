// reject_log: a mutex around a FILE and a short list; rejects are rare, so contention is too.
#include "reject_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace capstone::detail {

reject_log::reject_log(const std::filesystem::path& file) : path_(file) {
  if (file.empty()) return;
  file_.reset(std::fopen(file.c_str(), "w"));
  if (!file_) throw import_error("cannot write " + file.string() + ": " + std::strerror(errno));
  std::fputs("row,reason\n", file_.get());
}

void reject_log::add(std::uint32_t row, std::string reason) {
  std::lock_guard lock{mutex_};
  if (file_) {
    std::string quoted = "\"";
    for (const char c : reason) {
      quoted += c;
      if (c == '"') quoted += '"';
    }
    quoted += "\"";
    std::fprintf(file_.get(), "%u,%s\n", static_cast<unsigned>(row), quoted.c_str());
  }
  if (listed_.size() < max_listed_rejects) listed_.push_back({row, std::move(reason)});
}

void reject_log::close() {
  std::lock_guard lock{mutex_};
  if (!file_) return;
  const bool failed = std::ferror(file_.get()) != 0;
  if (std::fclose(file_.release()) != 0 || failed) throw import_error("writing " + path_.string() + " failed");
}

std::vector<rejected_row> reject_log::take_listed() {
  std::lock_guard lock{mutex_};
  std::sort(listed_.begin(), listed_.end(), [](const rejected_row& a, const rejected_row& b) { return a.row < b.row; });
  return std::move(listed_);
}

}  // namespace capstone::detail
