// The fuzzer's regression inputs and seeds, replayed through the same code the fuzzer runs
// (capstone/fuzz/fuzz_one_input.hpp), here built with g++ on every test run.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../../capstone/fuzz/fuzz_one_input.hpp"
#include "test_package.hpp"

namespace capstone_test {
namespace {

namespace fs = std::filesystem;

// Every input that ever crashed the fuzzer, and its seeds, must read without crashing.
TEST(FuzzRegressionTest, EveryCrashInputAndSeedReadsWithoutCrashing) {
  std::size_t inputs = 0;
  for (const char* folder : {"regressions", "seeds"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(CAPSTONE_FUZZ_DIR) / folder)) {
      if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      capstone_fuzz::fuzz_one_input(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++inputs;
    }
  }
  EXPECT_GE(inputs, 2u);
}

// The fuzzer's second input form really builds a package the reader reads.
TEST(FuzzRegressionTest, PartsInputBecomesAReadablePackage) {
  const std::string zip = capstone_fuzz::package_of_parts(
      "<worksheet xmlns=\"" + std::string(ns_main) + "\"><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c></row>"
      "</sheetData></worksheet>" + std::string(1, '\0') + "<sst xmlns=\"" + std::string(ns_main) +
      "\"><si><t>seed</t></si></sst>" + std::string(1, '\0'));
  const auto book = xlsx::workbook::open_memory(std::as_bytes(std::span(zip.data(), zip.size())), "parts.xlsx");
  EXPECT_EQ(read_rows(book), (rows{{"seed"}}));
}

}  // namespace
}  // namespace capstone_test
