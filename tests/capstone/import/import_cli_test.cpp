// `importer import` as a user runs it: the guide's JSON, and SIGTERM in the middle of an import.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "import_test_support.hpp"

namespace capstone_test {
namespace {

// start_importer: runs the importer with `arguments`, its stdout into `out`; returns its pid.
pid_t start_importer(const std::vector<std::string>& arguments, const std::filesystem::path& out) {
  const pid_t child = ::fork();
  if (child == 0) {
    const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, STDOUT_FILENO);
    std::vector<char*> argv{const_cast<char*>(CAPSTONE_IMPORTER)};
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    ::execv(CAPSTONE_IMPORTER, argv.data());
    ::_exit(127);
  }
  return child;
}

int exit_code_of(pid_t child) {
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

nlohmann::json json_in(const std::filesystem::path& file) {
  std::ifstream in{file};
  return nlohmann::json::parse(in);
}

TEST(ImportCliTest, PrintsTheGuidesStatsAsJson) {
  const std::string dsn = capstone_test_dsn();
  const auto file = sample_file(3000, 11, 5);
  const auto out = file.parent_path() / "cli_json.out";
  const pid_t child = start_importer({"import", file.string(), "--method", "batch", "--dsn", dsn, "--json"}, out);
  ASSERT_EQ(exit_code_of(child), 0);
  const auto stats = json_in(out);
  EXPECT_EQ(stats["total_records"], 3000);
  EXPECT_EQ(stats["success_count"], 2989);
  EXPECT_EQ(stats["error_count"], 11);
  EXPECT_EQ(stats["method"], "batch");
  EXPECT_EQ(stats["batch_size"], 100);
  EXPECT_TRUE(stats["duration"].get<std::string>().ends_with("s"));
  EXPECT_GT(stats["records_per_second"].get<double>(), 0);
  EXPECT_GT(stats["peak_memory_bytes"].get<double>(), 0);
}

TEST(ImportCliTest, SigtermRollsBackTheBatchInFlightAndExitsWith143) {
  const std::string dsn = capstone_test_dsn();
  const auto file = sample_file(60'000, 0, 11);
  const auto out = file.parent_path() / "cli_sigterm.out";
  const pid_t child =
      start_importer({"import", file.string(), "--method", "copy", "--batch-size", "1000", "--dsn", dsn, "--json"}, out);
  // Wait (a minute at most) until the first batch is in, then interrupt.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  std::uint64_t stored = 0;
  while (stored == 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    try {
      stored = query_count(dsn, "SELECT count(*) FROM businesses");
    } catch (const std::exception&) {
      // the table is not there yet
    }
  }
  ::kill(child, SIGTERM);
  const int code = exit_code_of(child);
  const auto stats = json_in(out);
  const std::uint64_t final_count = query_count(dsn, "SELECT count(*) FROM businesses");
  EXPECT_EQ(final_count, stats["success_count"].get<std::uint64_t>());
  EXPECT_EQ(final_count % 1000, 0u) << "a batch was committed in part";
  if (stats["interrupted"].get<bool>()) {
    EXPECT_EQ(code, 143);
    EXPECT_LT(final_count, 60'000u);
  } else {
    EXPECT_EQ(code, 0) << "the import finished before the signal came";
    EXPECT_EQ(final_count, 60'000u);
  }
}

}  // namespace
}  // namespace capstone_test
