// The libFuzzer target for the xlsx reader: every input is read as a workbook, every sheet
// row by row (fuzz_one_input.hpp). Built with clang, AddressSanitizer and UBSan.
//
//   build/capstone/fuzz/xlsx_reader_fuzzer -max_total_time=60 corpus/ tests/capstone/data/good
//
// A crash leaves its input as crash-<sha1>: commit it to tests/capstone/fuzz/regressions/,
// where capstone.FuzzRegressionTest replays it on every test run.
#include <cstddef>
#include <cstdint>

#include "fuzz_one_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  capstone_fuzz::fuzz_one_input(data, size);
  return 0;
}
