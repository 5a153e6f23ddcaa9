// xlsx::error: the one-line message "file: part:line:column: message".
#include <xlsx/error.hpp>

#include <string>
#include <utility>

namespace xlsx {
namespace {

// one_line: control characters (a zip entry's name may hold a newline) become '?', so the
// message stays one line whatever the file contains.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  }
  return text;
}

std::string compose(const std::string& message, const std::string& file, const std::string& part,
                    std::uint64_t line, std::uint64_t column) {
  std::string text;
  if (!file.empty()) text += file + ": ";
  if (!part.empty()) {
    text += part;
    if (line != 0) text += ":" + std::to_string(line) + ":" + std::to_string(column);
    text += ": ";
  }
  return one_line(text + message);
}

}  // namespace

const char* to_string(error_kind kind) noexcept {
  switch (kind) {
    case error_kind::io: return "io";
    case error_kind::not_a_zip: return "not_a_zip";
    case error_kind::corrupt_archive: return "corrupt_archive";
    case error_kind::missing_part: return "missing_part";
    case error_kind::malformed_xml: return "malformed_xml";
    case error_kind::invalid_content: return "invalid_content";
    case error_kind::limit_exceeded: return "limit_exceeded";
    case error_kind::unsupported: return "unsupported";
  }
  return "unknown";
}

error::error(error_kind kind, const std::string& message, std::string file, std::string part,
             std::uint64_t line, std::uint64_t column)
    : std::runtime_error(compose(message, file, part, line, column)),
      kind_(kind),
      message_(message),
      file_(std::move(file)),
      part_(std::move(part)),
      line_(line),
      column_(column) {}

error error::with_place(const std::string& file, const std::string& part) const {
  return error(kind_, message_, file, part_.empty() ? part : part_, line_, column_);
}

}  // namespace xlsx
