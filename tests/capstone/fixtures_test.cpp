// The built `importer dump` against every committed fixture (tests/capstone/data):
//   good/NAME.xlsx      must dump to good/NAME.csv (and to good/NAME.SHEET.csv with --sheet SHEET)
//   bad/NAME.xlsx       must fail: exit code 1 and one line on stderr that names the file and
//                       holds the text of bad/NAME.error
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

const fs::path data_dir = CAPSTONE_DATA_DIR;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// run_importer: runs `importer ARGS` with stdout and stderr captured in files.
run_result run_importer(const std::string& arguments) {
  static int counter = 0;
  const auto scratch = fs::temp_directory_path() / ("capstone_fixture_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const std::string command = quoted(CAPSTONE_IMPORTER) + " " + arguments + " >" + quoted((scratch.string() + ".out")) +
                              " 2>" + quoted(scratch.string() + ".err");
  const int status = std::system(command.c_str());
  run_result result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(scratch.string() + ".out");
  result.err = slurp(scratch.string() + ".err");
  fs::remove(scratch.string() + ".out");
  fs::remove(scratch.string() + ".err");
  return result;
}

std::vector<std::string> files_in(const fs::path& directory, const std::string& extension) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() == extension) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string test_name(const std::string& file) {
  std::string name;
  for (const char c : file) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

// ---------------------------------------------------------------------------------------------

class GoodFixtureTest : public testing::TestWithParam<std::string> {};

TEST_P(GoodFixtureTest, DumpsToTheExpectedCsv) {
  const std::string expected_name = GetParam();                      // NAME.csv or NAME.SHEET.csv
  const std::string stem = expected_name.substr(0, expected_name.size() - 4);
  const auto dot = stem.find('.');
  const std::string workbook = stem.substr(0, dot) + ".xlsx";
  std::string arguments = "dump " + quoted((data_dir / "good" / workbook).string());
  if (dot != std::string::npos) arguments += " --sheet " + quoted(stem.substr(dot + 1));
  const auto result = run_importer(arguments);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, slurp(data_dir / "good" / expected_name)) << "importer " << arguments;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, GoodFixtureTest, testing::ValuesIn(files_in(data_dir / "good", ".csv")),
                         [](const auto& param_info) { return test_name(param_info.param); });

class BadFixtureTest : public testing::TestWithParam<std::string> {};

TEST_P(BadFixtureTest, FailsWithAOneLineErrorNamingTheProblem) {
  const std::string workbook = GetParam();
  const std::string stem = workbook.substr(0, workbook.size() - 5);
  std::string expected = slurp(data_dir / "bad" / (stem + ".error"));
  expected.erase(expected.find_last_not_of('\n') + 1);
  const auto result = run_importer("dump " + quoted((data_dir / "bad" / workbook).string()));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(result.out.empty()) << "nothing may be printed from a file that fails";
  ASSERT_FALSE(result.err.empty());
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find(workbook), std::string::npos) << "the error must name the file: " << result.err;
  EXPECT_NE(result.err.find(expected), std::string::npos) << "expected \"" << expected << "\" in: " << result.err;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, BadFixtureTest, testing::ValuesIn(files_in(data_dir / "bad", ".xlsx")),
                         [](const auto& param_info) { return test_name(param_info.param); });

TEST(DumpCommandTest, ReportsAMissingSheetByName) {
  const auto result = run_importer("dump " + quoted((data_dir / "good" / "openpyxl_features.xlsx").string()) + " --sheet Nope");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no sheet named 'Nope' (the workbook has 'Data', 'Second')"), std::string::npos) << result.err;
}

TEST(DumpCommandTest, ReportsAMissingFile) {
  const auto result = run_importer("dump /nonexistent/book.xlsx");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("/nonexistent/book.xlsx: cannot open: No such file or directory"), std::string::npos) << result.err;
}

TEST(DumpCommandTest, WritesTsvAndJsonLines) {
  const auto book = quoted((data_dir / "good" / "xlsxwriter_inline.xlsx").string());
  EXPECT_EQ(run_importer("dump " + book + " --format tsv").out,
            "inline \xE2\x9C\x93\tx_x0041_y\t\n3.5\t\t\n\t\t\n\t\tafter a gap\n");
  EXPECT_EQ(run_importer("dump " + book + " --format jsonl").out,
            "[\"inline \xE2\x9C\x93\",\"x_x0041_y\",\"\"]\n[\"3.5\",\"\",\"\"]\n[\"\",\"\",\"\"]\n[\"\",\"\",\"after a gap\"]\n");
}

TEST(DumpCommandTest, RejectsAnUnknownFormat) {
  const auto result = run_importer("dump x.xlsx --format xml");
  EXPECT_EQ(result.exit_code, 2) << "a usage error exits with 2";
  EXPECT_NE(result.err.find("--format"), std::string::npos) << result.err;
}

}  // namespace
