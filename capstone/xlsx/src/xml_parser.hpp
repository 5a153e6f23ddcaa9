// xml_parser - expat, hardened, with namespace-aware callbacks that may throw.
//
//   - xml_parser parser(handler, file, part, limits): an expat parser in namespace mode, so a
//     handler sees (namespace URI, local name) pairs and never a prefix: <x:c> and <c> in the
//     same namespace are the same element, as the XML Namespaces spec says they are.
//   - parser.buffer(n) / parser.parse(n, final): feed it (expat's own buffer, so inflating
//     straight into it costs no copy). parse() returns false when a handler suspended it;
//     resume() continues from there. That is how a sheet is read one row per call.
//   - xml_handler callbacks may throw: the exception is caught before it can unwind through
//     expat's C frames (which were not compiled for exceptions), parsing stops, and the
//     exception is rethrown from parse() - with the line and column added when it is a
//     content_error.
//   - Hardening: a DTD is refused outright (an internal subset is where billion-laughs entity
//     bombs live), expat's amplification limit is set anyway, and element depth and the size
//     of any one token are bounded (expat holds open elements and whole tokens in memory).
//
// Thread safety: none; one parser per thread.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include <expat.h>

#include <xlsx/reader.hpp>

namespace xlsx::detail {

// Namespaces we match on (transitional and strict OOXML name the same things differently).
inline constexpr std::string_view ns_main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline constexpr std::string_view ns_main_strict = "http://purl.oclc.org/ooxml/spreadsheetml/main";
inline constexpr std::string_view ns_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline constexpr std::string_view ns_rel_strict = "http://purl.oclc.org/ooxml/officeDocument/relationships";
inline constexpr std::string_view ns_package_rel = "http://schemas.openxmlformats.org/package/2006/relationships";

// is_main: whether `ns` is SpreadsheetML's main namespace. xml_parser hands out ns_main itself
// for it, so the pointer comparison settles nearly every call without comparing 58 characters.
[[nodiscard]] inline bool is_main(std::string_view ns) noexcept {
  return ns.data() == ns_main.data() || ns == ns_main || ns == ns_main_strict;
}

// xml_name: an element's or attribute's expanded name.
struct xml_name {
  std::string_view ns;     // empty for no namespace (unprefixed attributes)
  std::string_view local;
};

// xml_attributes: expat's null-terminated name/value array, searched by name.
class xml_attributes {
 public:
  explicit xml_attributes(const XML_Char** pairs) : pairs_(pairs) {}
  // find: the value of the attribute without a namespace called `local`, or nullptr.
  [[nodiscard]] const char* find(std::string_view local) const noexcept;
  // find: the value of the attribute `local` in namespace `ns` (or `ns_alt`), or nullptr.
  [[nodiscard]] const char* find(std::string_view ns, std::string_view ns_alt, std::string_view local) const noexcept;
  // each: calls visit(name, value) for every attribute, in document order.
  template <typename Visit>
  void each(Visit visit) const {
    for (const XML_Char** pair = pairs_; *pair != nullptr; pair += 2) visit(pair[0], pair[1]);
  }

 private:
  const XML_Char** pairs_;
};

// content_error: thrown by handlers for a rule the content breaks; the parser adds the place.
struct content_error {
  error_kind kind;
  std::string message;
};

class xml_handler {
 public:
  virtual void start(xml_name name, const xml_attributes& attributes) = 0;
  virtual void end(xml_name name) = 0;
  virtual void text(std::string_view text) = 0;

 protected:
  ~xml_handler() = default;
};

class xml_parser {
 public:
  xml_parser(xml_handler& handler, std::string file, std::string part, const limits& limits);
  ~xml_parser();
  xml_parser(const xml_parser&) = delete;
  xml_parser& operator=(const xml_parser&) = delete;

  // buffer: room for `size` bytes of input inside expat.
  [[nodiscard]] char* buffer(std::size_t size);
  // parse: parses `size` bytes just written to buffer(); false when suspended. Throws.
  bool parse(std::size_t size, bool final);
  // resume: continues after a suspension; false when suspended again. Throws.
  bool resume();
  // suspend: called from a handler, stops parsing after the current event.
  void suspend();
  // fail: an error at the current line and column of this part.
  [[nodiscard]] error fail(error_kind kind, const std::string& message) const;

  [[nodiscard]] const std::string& part() const noexcept { return part_; }

 private:
  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attributes);
  static void XMLCALL on_end(void* self, const XML_Char* name);
  static void XMLCALL on_text(void* self, const XML_Char* text, int length);
  static void XMLCALL on_comment(void* self, const XML_Char* data);
  static void XMLCALL on_instruction(void* self, const XML_Char* target, const XML_Char* data);
  static void XMLCALL on_cdata(void* self);
  static void XMLCALL on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int);
  template <typename Body>
  static void guarded(void* self, Body body) noexcept;
  static xml_name split(const XML_Char* name) noexcept;
  void abort_with(std::exception_ptr exception);
  bool finish(XML_Status status);

  XML_Parser parser_;
  xml_handler& handler_;
  std::string file_;
  std::string part_;
  std::exception_ptr pending_;
  std::uint32_t depth_ = 0;
  std::uint32_t max_depth_;
  std::uint64_t bytes_since_event_ = 0;  // input fed since the last callback
  std::uint64_t max_token_bytes_;
};

}  // namespace xlsx::detail
