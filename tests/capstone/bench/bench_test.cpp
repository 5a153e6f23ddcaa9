// `importer bench` as ./workbook demo runs it, on a small file: every method and both psql
// loads are timed and tabled, and bench checks each run's exact row count itself (exit 1 if not).
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

#include <gtest/gtest.h>

namespace {

struct command_result {
  int exit_code = -1;
  std::string output;  // stdout
};

command_result run(const std::string& command) {
  command_result result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  for (std::size_t got; (got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) result.output.append(buffer.data(), got);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST(BenchTest, TablesEveryMethodAndBothPsqlLoads) {
  const auto result = run(std::string{CAPSTONE_IMPORTER} + " bench --rows 300");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("| Method | Time | Records/sec | Speedup vs sequential |"), std::string::npos);
  for (const char* row : {"| sequential |", "| concurrent |", "| batch |", "| copy |", "| pipeline |",
                          "| psql \\copy (CSV) |", "| xlsx2csv + psql \\copy |"}) {
    EXPECT_NE(result.output.find(row), std::string::npos) << row << " missing from\n" << result.output;
  }
  EXPECT_NE(result.output.find("| 1.0x |"), std::string::npos) << "sequential is the baseline";
}

TEST(BenchTest, RowsAcceptThousandsAndMillionsSuffixes) {
  const auto result = run(std::string{CAPSTONE_IMPORTER} + " bench --rows 1k --methods copy --no-external");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("1,000 rows"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("psql"), std::string::npos) << "--no-external skips the psql loads";
}

}  // namespace
