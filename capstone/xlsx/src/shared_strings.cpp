// shared_strings: <sst><si><t>plain</t></si><si><r><t>rich </t></r><r><t>text</t></r></si></sst>
#include "shared_strings.hpp"

#include "cell_text.hpp"
#include "package.hpp"

namespace xlsx::detail {

class shared_strings_handler final : public xml_handler {
 public:
  shared_strings_handler(shared_strings& table, const limits& limits) : table_(table), limits_(limits) {}

  void start(xml_name name, const xml_attributes&) override {
    if (!is_main(name.ns)) return;
    if (name.local == "si") {
      in_item_ = true;
      item_begin_ = table_.arena_.size();
    } else if (name.local == "rPh") {
      ++phonetic_depth_;  // furigana for East Asian text: not part of the string
    } else if (name.local == "t") {
      in_text_ = in_item_;
    }
  }

  void end(xml_name name) override {
    if (!is_main(name.ns)) return;
    if (name.local == "t") {
      in_text_ = false;
    } else if (name.local == "rPh") {
      --phonetic_depth_;
    } else if (name.local == "si" && in_item_) {
      in_item_ = false;
      decode_escapes(table_.arena_, item_begin_);
      table_.ends_.push_back(table_.arena_.size());
      if (table_.bytes() > limits_.max_shared_strings_bytes) {
        throw content_error{error_kind::limit_exceeded, "shared strings exceed the limit of " +
                                                            std::to_string(limits_.max_shared_strings_bytes) + " bytes"};
      }
    }
  }

  void text(std::string_view text) override {
    if (!in_text_ || phonetic_depth_ != 0) return;
    if (table_.arena_.size() - item_begin_ + text.size() > limits_.max_cell_bytes) {
      throw content_error{error_kind::limit_exceeded, "a shared string longer than the limit of " +
                                                          std::to_string(limits_.max_cell_bytes) + " bytes"};
    }
    table_.arena_.append(text);
  }

 private:
  shared_strings& table_;
  const limits& limits_;
  std::size_t item_begin_ = 0;
  std::uint32_t phonetic_depth_ = 0;
  bool in_item_ = false;
  bool in_text_ = false;
};

shared_strings read_shared_strings(zip_archive& archive, const std::string& part, const limits& limits) {
  shared_strings table;
  shared_strings_handler handler(table, limits);
  read_xml_part(archive, part, handler, limits.max_part_bytes, limits);
  table.arena_.shrink_to_fit();
  table.ends_.shrink_to_fit();
  return table;
}

}  // namespace xlsx::detail
