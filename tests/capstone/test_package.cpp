// test_package: minizip's zip.h writes the packages the reader's tests read.
#include "test_package.hpp"

#include <atomic>
#include <fstream>
#include <iterator>
#include <list>
#include <mutex>
#include <stdexcept>

#include <unistd.h>
#include <zip.h>

namespace capstone_test {

test_package test_package::with_rows(const std::string& rows_xml, const std::string& shared_strings,
                                     const std::string& styles) {
  const std::string ns(ns_main);
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  auto link = [&](const std::string& id, const std::string& type, const std::string& target) {
    return "<Relationship Id=\"" + id + "\" Type=\"" + rel + "/" + type + "\" Target=\"" + target + "\"/>";
  };
  test_package package;
  package.parts["_rels/.rels"] =
      "<Relationships xmlns=\"" + pkg + "\">" + link("rId1", "officeDocument", "xl/workbook.xml") + "</Relationships>";
  package.parts["xl/workbook.xml"] = "<workbook xmlns=\"" + ns + "\" xmlns:r=\"" + rel +
                                     "\"><sheets><sheet name=\"Sheet\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  std::string links = link("rId1", "worksheet", "worksheets/sheet1.xml");
  if (!shared_strings.empty()) {
    links += link("rId2", "sharedStrings", "sharedStrings.xml");
    package.parts["xl/sharedStrings.xml"] = "<sst xmlns=\"" + ns + "\">" + shared_strings + "</sst>";
  }
  if (!styles.empty()) {
    links += link("rId3", "styles", "styles.xml");
    package.parts["xl/styles.xml"] = "<styleSheet xmlns=\"" + ns + "\">" + styles + "</styleSheet>";
  }
  package.parts["xl/_rels/workbook.xml.rels"] = "<Relationships xmlns=\"" + pkg + "\">" + links + "</Relationships>";
  package.parts["xl/worksheets/sheet1.xml"] =
      "<worksheet xmlns=\"" + ns + "\"><sheetData>" + rows_xml + "</sheetData></worksheet>";
  return package;
}

std::filesystem::path test_package::write() const {
  static std::atomic<int> counter{0};
  const auto directory = std::filesystem::temp_directory_path() /
                         ("capstone_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::filesystem::create_directories(directory);
  const auto path = directory / "book.xlsx";
  zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (zip == nullptr) throw std::runtime_error("cannot create " + path.string());
  for (const auto& [name, text] : parts) {
    zip_fileinfo info{};
    if (zipOpenNewFileInZip64(zip, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                              Z_DEFAULT_COMPRESSION, 0) != ZIP_OK ||
        zipWriteInFileInZip(zip, text.data(), static_cast<unsigned>(text.size())) != ZIP_OK ||
        zipCloseFileInZip(zip) != ZIP_OK) {
      zipClose(zip, nullptr);
      throw std::runtime_error("cannot write " + name);
    }
  }
  zipClose(zip, nullptr);
  return path;
}

std::vector<std::byte> test_package::bytes() const {
  const auto path = write();
  std::ifstream in(path, std::ios::binary);
  std::vector<char> chars{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::filesystem::remove_all(path.parent_path());
  std::vector<std::byte> out(chars.size());
  for (std::size_t i = 0; i < chars.size(); ++i) out[i] = static_cast<std::byte>(chars[i]);
  return out;
}

xlsx::workbook test_package::open(const xlsx::limits& limits) const {
  // open_memory needs the bytes to outlive the workbook, and tests often open a temporary
  // package: so the bytes stay for the rest of the test program (they are small).
  static std::mutex mutex;
  static std::list<std::vector<std::byte>> kept;
  std::lock_guard lock(mutex);
  const auto& held = kept.emplace_back(bytes());
  return xlsx::workbook::open_memory(held, "test.xlsx", limits);
}

rows read_rows(const xlsx::workbook& book, std::string_view sheet) {
  auto reader = book.open_sheet(sheet, xlsx::inflate_mode::same_thread);
  rows out;
  xlsx::row row;
  while (reader.next_row(row)) {
    if (row.number != out.size() + 1) throw std::logic_error("row numbers must run without gaps");
    auto& texts = out.emplace_back();
    for (const auto& cell : row.cells) texts.emplace_back(cell.text);
  }
  return out;
}

}  // namespace capstone_test
