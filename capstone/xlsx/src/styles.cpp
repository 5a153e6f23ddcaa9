// styles: number formats and the cellXfs table.
#include "styles.hpp"

#include <charconv>
#include <cstring>
#include <unordered_map>

#include "package.hpp"

namespace xlsx::detail {

bool is_builtin_date_format(unsigned id) noexcept {
  // ECMA-376 part 1, 18.8.30: 14-17 dates, 18-21 times, 22 date and time, 45-47 minutes and
  // seconds. (27-36 and 50-58 are East Asian locale dates; Excel itself stores those with an
  // explicit formatCode, which is_date_format() then reads.)
  return (id >= 14 && id <= 22) || (id >= 45 && id <= 47);
}

bool is_date_format(std::string_view code) noexcept {
  // Only the first section counts: "yyyy-mm-dd;@" and "0.00;[Red]-0.00" are judged by what
  // they do to a positive number.
  bool in_quotes = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (in_quotes) {
      in_quotes = c != '"';
      continue;
    }
    switch (c) {
      case '"': in_quotes = true; break;
      case ';': return false;
      case '\\':  // an escaped literal character
      case '_':   // a space as wide as the next character
      case '*':   // fill with the next character
        ++i;
        break;
      case '[': {
        const auto close = code.find(']', i);
        if (close == std::string_view::npos) return false;
        const auto inside = code.substr(i + 1, close - i - 1);
        // [h], [hh], [m], [mm], [s], [ss] are elapsed time; [Red], [$-409], [>100] are not.
        if (!inside.empty() && inside.find_first_not_of(inside[0]) == std::string_view::npos &&
            std::strchr("hHmMsS", inside[0]) != nullptr) {
          return true;
        }
        i = close;
        break;
      }
      case 'y': case 'Y': case 'm': case 'M': case 'd': case 'D':
      case 'h': case 'H': case 's': case 'S':
        return true;
      default: break;
    }
  }
  return false;
}

namespace {

class styles_handler final : public xml_handler {
 public:
  std::unordered_map<unsigned, bool> custom_is_date;  // numFmtId -> is a date
  std::vector<unsigned> xf_formats;                   // cellXfs index -> numFmtId

  void start(xml_name name, const xml_attributes& attributes) override {
    if (!is_main(name.ns)) return;
    if (name.local == "numFmt") {
      const char* id = attributes.find("numFmtId");
      const char* code = attributes.find("formatCode");
      if (id != nullptr && code != nullptr) custom_is_date[number(id)] = is_date_format(code);
    } else if (name.local == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name.local == "xf" && in_cell_xfs_) {
      const char* id = attributes.find("numFmtId");
      xf_formats.push_back(id == nullptr ? 0 : number(id));
    }
  }
  void end(xml_name name) override {
    if (is_main(name.ns) && name.local == "cellXfs") in_cell_xfs_ = false;
  }
  void text(std::string_view) override {}

 private:
  static unsigned number(const char* text) {
    unsigned value = 0;
    std::from_chars(text, text + std::strlen(text), value);  // a bad id reads as 0, "General"
    return value;
  }
  bool in_cell_xfs_ = false;
};

}  // namespace

std::vector<bool> read_date_styles(zip_archive& archive, const std::string& part, const limits& limits) {
  styles_handler handler;
  read_xml_part(archive, part, handler, limits.max_metadata_bytes, limits);
  std::vector<bool> is_date;
  is_date.reserve(handler.xf_formats.size());
  for (const unsigned id : handler.xf_formats) {
    const auto custom = handler.custom_is_date.find(id);
    is_date.push_back(custom != handler.custom_is_date.end() ? custom->second : is_builtin_date_format(id));
  }
  return is_date;
}

}  // namespace xlsx::detail
