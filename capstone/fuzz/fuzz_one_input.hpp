// fuzz_one_input - what the fuzzer does with one input: read it as an xlsx, every sheet.
//
// Shared by the libFuzzer target (xlsx_reader_fuzzer.cpp, built with clang) and by the
// regression test that replays every crash input ever found (tests/capstone, built with g++).
// Any xlsx::error is a correct answer; a crash, a hang, a leak or a sanitizer report is not.
//
// Two kinds of input, so that mutations reach the XML parsers as well as the zip reader:
//   - "PK..." is a whole xlsx file;
//   - anything else is SHEET_XML \0 SHARED_STRINGS_XML \0 STYLES_XML, packed here into a zip
//     of stored (uncompressed) parts with the usual relationships. Random bytes rarely make a
//     valid deflate stream, but they always make a valid stored entry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <xlsx/reader.hpp>

namespace capstone_fuzz {

// crc32: the zip CRC. zlib has one, but this header needs no link to stay usable anywhere.
inline std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char c : bytes) {
    crc ^= static_cast<unsigned char>(c);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// stored_zip: a zip archive of `parts` (name, content), every entry stored.
inline std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& parts) {
  std::string zip;
  std::string directory;
  auto put16 = [](std::string& out, std::uint32_t value) {
    out += static_cast<char>(value & 0xFF);
    out += static_cast<char>((value >> 8) & 0xFF);
  };
  auto put32 = [&](std::string& out, std::uint32_t value) {
    put16(out, value & 0xFFFF);
    put16(out, value >> 16);
  };
  for (const auto& [name, content] : parts) {
    const auto offset = static_cast<std::uint32_t>(zip.size());
    const auto size = static_cast<std::uint32_t>(content.size());
    const std::uint32_t crc = crc32(content);
    zip += "PK\x03\x04";
    put16(zip, 20); put16(zip, 0); put16(zip, 0); put16(zip, 0); put16(zip, 0);  // version, flags, stored, time, date
    put32(zip, crc); put32(zip, size); put32(zip, size);
    put16(zip, static_cast<std::uint32_t>(name.size())); put16(zip, 0);
    zip += name;
    zip += content;
    directory += "PK\x01\x02";
    put16(directory, 20); put16(directory, 20); put16(directory, 0); put16(directory, 0);
    put16(directory, 0); put16(directory, 0);
    put32(directory, crc); put32(directory, size); put32(directory, size);
    put16(directory, static_cast<std::uint32_t>(name.size()));
    put16(directory, 0); put16(directory, 0); put16(directory, 0); put16(directory, 0);
    put32(directory, 0); put32(directory, offset);
    directory += name;
  }
  const auto directory_offset = static_cast<std::uint32_t>(zip.size());
  zip += directory;
  zip += "PK\x05\x06";
  put16(zip, 0); put16(zip, 0);
  put16(zip, static_cast<std::uint32_t>(parts.size())); put16(zip, static_cast<std::uint32_t>(parts.size()));
  put32(zip, static_cast<std::uint32_t>(directory.size())); put32(zip, directory_offset);
  put16(zip, 0);
  return zip;
}

// package_of_parts: SHEET \0 STRINGS \0 STYLES as an xlsx package.
inline std::string package_of_parts(std::string_view input) {
  std::string_view pieces[3];
  for (auto& piece : pieces) {
    const auto end = input.find('\0');
    piece = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
  }
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  auto link = [&](const char* id, const char* type, const char* target) {
    return std::string("<Relationship Id=\"") + id + "\" Type=\"" + rel + "/" + type + "\" Target=\"" + target + "\"/>";
  };
  std::string links = link("rId1", "worksheet", "worksheets/sheet1.xml");
  std::vector<std::pair<std::string, std::string>> parts{
      {"_rels/.rels", pkg + link("rId1", "officeDocument", "xl/workbook.xml") + "</Relationships>"},
      {"xl/workbook.xml",
       "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"" + rel +
           "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/worksheets/sheet1.xml", std::string(pieces[0])},
  };
  // An empty piece means no such part (an empty part is not XML).
  if (!pieces[1].empty()) {
    links += link("rId2", "sharedStrings", "sharedStrings.xml");
    parts.emplace_back("xl/sharedStrings.xml", pieces[1]);
  }
  if (!pieces[2].empty()) {
    links += link("rId3", "styles", "styles.xml");
    parts.emplace_back("xl/styles.xml", pieces[2]);
  }
  parts.emplace_back("xl/_rels/workbook.xml.rels", pkg + links + "</Relationships>");
  return stored_zip(parts);
}

inline void read_everything(std::span<const std::byte> bytes) {
  xlsx::limits limits;
  // Smaller limits keep each run fast; the code paths are the same.
  limits.max_part_bytes = 8u << 20;
  limits.max_shared_strings_bytes = 8u << 20;
  try {
    const auto book = xlsx::workbook::open_memory(bytes, "fuzz.xlsx", limits);
    for (const auto& sheet : book.sheets()) {
      try {
        auto reader = book.open_sheet(sheet.name, xlsx::inflate_mode::same_thread);
        xlsx::row row;
        std::size_t characters = 0;
        while (reader.next_row(row)) {
          for (const auto& cell : row.cells) characters += cell.text.size();  // touch every view
        }
        (void)characters;
      } catch (const xlsx::error&) {
      }
    }
  } catch (const xlsx::error&) {
  }
}

inline void fuzz_one_input(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.starts_with("PK")) {
    read_everything(std::as_bytes(std::span(data, size)));
  } else {
    const std::string zip = package_of_parts(input);
    read_everything(std::as_bytes(std::span(zip.data(), zip.size())));
  }
}

}  // namespace capstone_fuzz
