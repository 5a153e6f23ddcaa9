// xml_parser: the expat wrapper. Every callback goes through a trampoline that catches.
#include "xml_parser.hpp"

#include <cstring>
#include <string>
#include <utility>

namespace xlsx::detail {
namespace {

// Expat joins a namespace URI and a local name with this character. A space cannot occur in
// a namespace URI (expat 2.4.5 and later reject one that tries), so the split is unambiguous.
constexpr XML_Char namespace_separator = ' ';

}  // namespace

const char* xml_attributes::find(std::string_view local) const noexcept {
  // Compared in place: measuring each attribute's name first (strlen) costs more than this.
  for (const XML_Char** pair = pairs_; *pair != nullptr; pair += 2) {
    if (std::strncmp(pair[0], local.data(), local.size()) == 0 && pair[0][local.size()] == '\0') return pair[1];
  }
  return nullptr;
}

const char* xml_attributes::find(std::string_view ns, std::string_view ns_alt, std::string_view local) const noexcept {
  for (const XML_Char** pair = pairs_; *pair != nullptr; pair += 2) {
    const std::string_view name = pair[0];
    const auto separator = name.rfind(namespace_separator);
    if (separator == std::string_view::npos || name.substr(separator + 1) != local) continue;
    const auto uri = name.substr(0, separator);
    if (uri == ns || uri == ns_alt) return pair[1];
  }
  return nullptr;
}

xml_parser::xml_parser(xml_handler& handler, std::string file, std::string part, const limits& limits)
    : parser_(XML_ParserCreateNS(nullptr, namespace_separator)),
      handler_(handler),
      file_(std::move(file)),
      part_(std::move(part)),
      max_depth_(limits.max_xml_depth),
      max_token_bytes_(limits.max_xml_token_bytes) {
  if (parser_ == nullptr) throw std::bad_alloc();
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, on_start, on_end);
  XML_SetCharacterDataHandler(parser_, on_text);
  XML_SetCommentHandler(parser_, on_comment);
  XML_SetProcessingInstructionHandler(parser_, on_instruction);
  XML_SetCdataSectionHandler(parser_, on_cdata, on_cdata);
  XML_SetStartDoctypeDeclHandler(parser_, on_doctype);
  // Refusing DTDs already rules out entity expansion; the amplification limit (on by default
  // since expat 2.4.0) is set explicitly so that it stays on whatever the default becomes.
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
#ifdef XML_DTD
  XML_SetBillionLaughsAttackProtectionMaximumAmplification(parser_, 100.0f);
  XML_SetBillionLaughsAttackProtectionActivationThreshold(parser_, 8u << 20);
#endif
}

xml_parser::~xml_parser() { XML_ParserFree(parser_); }

error xml_parser::fail(error_kind kind, const std::string& message) const {
  return error(kind, message, file_, part_, XML_GetCurrentLineNumber(parser_),
               XML_GetCurrentColumnNumber(parser_) + 1);
}

char* xml_parser::buffer(std::size_t size) {
  void* room = XML_GetBuffer(parser_, static_cast<int>(size));
  if (room == nullptr) throw fail(error_kind::limit_exceeded, "out of memory for the XML buffer");
  return static_cast<char*>(room);
}

bool xml_parser::parse(std::size_t size, bool final) {
  bytes_since_event_ += size;
  return finish(XML_ParseBuffer(parser_, static_cast<int>(size), final ? XML_TRUE : XML_FALSE));
}

bool xml_parser::resume() { return finish(XML_ResumeParser(parser_)); }

void xml_parser::suspend() { XML_StopParser(parser_, XML_TRUE); }

bool xml_parser::finish(XML_Status status) {
  if (status == XML_STATUS_ERROR) {
    if (pending_) std::rethrow_exception(std::exchange(pending_, nullptr));
    throw fail(error_kind::malformed_xml,
               std::string("malformed XML: ") + XML_ErrorString(XML_GetErrorCode(parser_)));
  }
  if (bytes_since_event_ > max_token_bytes_) {
    throw fail(error_kind::limit_exceeded,
               "an XML token longer than " + std::to_string(max_token_bytes_) + " bytes");
  }
  return status != XML_STATUS_SUSPENDED;
}

void xml_parser::abort_with(std::exception_ptr exception) {
  if (!pending_) pending_ = std::move(exception);
  XML_StopParser(parser_, XML_FALSE);
}

xml_name xml_parser::split(const XML_Char* name) noexcept {
  // Nearly every element of a sheet is in the main namespace: recognise it with one memcmp
  // of the URI rather than measuring and searching the whole expanded name.
  constexpr std::size_t uri_size = ns_main.size();
  if (std::strncmp(name, ns_main.data(), uri_size) == 0 && name[uri_size] == namespace_separator) {
    return {ns_main, std::string_view(name + uri_size + 1)};
  }
  const std::string_view full = name;
  const auto separator = full.rfind(namespace_separator);
  if (separator == std::string_view::npos) return {{}, full};
  return {full.substr(0, separator), full.substr(separator + 1)};
}

// guarded: every expat callback runs its body through here. A C++ exception must never unwind
// through expat (C code, built without unwind tables), so this catches everything and parks
// it in pending_, for parse() to rethrow once expat has returned.
template <typename Body>
void xml_parser::guarded(void* self, Body body) noexcept {
  auto& parser = *static_cast<xml_parser*>(self);
  parser.bytes_since_event_ = 0;
  try {
    body(parser);
  } catch (const content_error& problem) {
    parser.abort_with(std::make_exception_ptr(parser.fail(problem.kind, problem.message)));
  } catch (...) {
    parser.abort_with(std::current_exception());
  }
}

void XMLCALL xml_parser::on_start(void* self, const XML_Char* name, const XML_Char** attributes) {
  guarded(self, [&](xml_parser& parser) {
    if (++parser.depth_ > parser.max_depth_) {
      throw content_error{error_kind::limit_exceeded,
                          "XML nested deeper than " + std::to_string(parser.max_depth_) + " elements"};
    }
    parser.handler_.start(split(name), xml_attributes(attributes));
  });
}

void XMLCALL xml_parser::on_end(void* self, const XML_Char* name) {
  guarded(self, [&](xml_parser& parser) {
    --parser.depth_;
    parser.handler_.end(split(name));
  });
}

void XMLCALL xml_parser::on_text(void* self, const XML_Char* text, int length) {
  guarded(self, [&](xml_parser& parser) {
    parser.handler_.text(std::string_view(text, static_cast<std::size_t>(length)));
  });
}

// Comments, processing instructions and CDATA boundaries only prove that input is moving.
void XMLCALL xml_parser::on_comment(void* self, const XML_Char*) {
  guarded(self, [](xml_parser&) {});
}

void XMLCALL xml_parser::on_instruction(void* self, const XML_Char*, const XML_Char*) {
  guarded(self, [](xml_parser&) {});
}

void XMLCALL xml_parser::on_cdata(void* self) {
  guarded(self, [](xml_parser&) {});
}

void XMLCALL xml_parser::on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  guarded(self, [](xml_parser&) {
    throw content_error{error_kind::malformed_xml,
                        "DTD refused: a <!DOCTYPE> has no place in xlsx and can hide entity-expansion bombs"};
  });
}

}  // namespace xlsx::detail
