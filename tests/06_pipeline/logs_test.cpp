// logs_test.cpp - chapter 06's log pipeline tests, on the real log file data/app.log.
//
// The file is found next to this source: its path comes from __FILE__, so the tests run from any
// directory without the build passing them a path.
#include "logs.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using ch06_test::collect;
using ch06_test::take;

const std::filesystem::path app_log = std::filesystem::path{__FILE__}.parent_path() / "data" / "app.log";
const std::filesystem::path missing_log = std::filesystem::path{__FILE__}.parent_path() / "data" / "no-such.log";

// lines_of: the lines of `path`, read here without any fiber, as read_logs should send them.
std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::ifstream file{path};
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);
  return lines;
}

// scratch_file: a file with `content` in the temp directory, removed when the test ends. The
// name holds the process id: the exercise and solution builds of this test may run at once.
class scratch_file {
 public:
  scratch_file(const std::string& name, const std::string& content)
      : path_{std::filesystem::temp_directory_path() / ("ch06_" + std::to_string(::getpid()) + "_" + name)} {
    std::ofstream{path_} << content;
  }
  ~scratch_file() { std::filesystem::remove(path_); }
  scratch_file(const scratch_file&) = delete;
  scratch_file& operator=(const scratch_file&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

const std::vector<std::string> app_log_errors{
    "[2024-03-15T09:00:09Z] ERROR: payment gateway timeout after 5s for order 1045",
    "[2024-03-15T09:00:21Z] ERROR: database connection refused: dial tcp 10.0.3.7:5432: connect: connection refused",
    "[2024-03-15T09:00:31Z] ERROR: invalid JSON in request body: unexpected end of input at offset 212",
    "[2024-03-15T09:00:42Z] ERROR: inventory service returned 503 for sku A-7731",
    "[2024-03-15T09:00:53Z] ERROR: failed to publish order.created for 1053: kafka: broker not available",
};

constexpr auto never_closed = "ranging over the lines never ended: close the output after the last line";

}  // namespace

// ---------------------------------------------------------------------------------------------
// read_logs

TEST(ReadLogsTest, SendsEveryLineInOrderThenCloses) {
  const auto expected = lines_of(app_log);
  ASSERT_EQ(expected.size(), 54u) << "the test data " << app_log << " is missing or changed";
  std::vector<std::string> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::read_logs(done, app_log));
      },
      never_closed);
  EXPECT_EQ(received, expected);
}

TEST(ReadLogsTest, SendsALastLineThatHasNoNewline) {
  const scratch_file file{"no_newline.log", "first\nsecond\nno newline at the end"};
  std::vector<std::string> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::read_logs(done, file.path()));
      },
      never_closed);
  EXPECT_EQ(received, (std::vector<std::string>{"first", "second", "no newline at the end"}));
}

TEST(ReadLogsTest, ReadsAFileOfTenThousandLines) {
  std::string content;
  for (int i = 0; i < 10'000; ++i) content += "2024-03-15T09:00:00Z INFO request " + std::to_string(i) + "\n";
  const scratch_file file{"ten_thousand.log", content};
  std::vector<std::string> received;
  ch06_test::run_expecting_completion(
      [&] {
        auto done = go::make_chan<go::empty>();
        received = collect(ch06::read_logs(done, file.path()));
      },
      never_closed);
  EXPECT_EQ(received, lines_of(file.path())) << "every line of every chunk, in order";
}

TEST(ReadLogsTest, StopsWhenDoneIsClosed) {
  std::vector<std::string> received;
  go::testing::run([&] {
    auto done = go::make_chan<go::empty>();
    received = take(ch06::read_logs(done, app_log), 3);
    done.close();
    go::testing::expect_no_leaks();
  });
  const auto lines = lines_of(app_log);
  EXPECT_EQ(received, std::vector<std::string>(lines.begin(), lines.begin() + 3));
}

TEST(ReadLogsTest, ThrowsForAMissingFileNamingIt) {
  std::string message;
  go::testing::run([&] {
    auto done = go::make_chan<go::empty>();
    try {
      (void)ch06::read_logs(done, missing_log);
    } catch (const std::runtime_error& failure) {
      message = failure.what();
    }
  });
  EXPECT_NE(message.find("no-such.log"), std::string::npos)
      << "read_logs must throw std::runtime_error naming the file; what() was \"" << message << '"';
}

// ---------------------------------------------------------------------------------------------
// process_logs

TEST(ProcessLogsTest, ReturnsTheFormattedErrorsInFileOrder) {
  std::vector<std::string> errors;
  ch06_test::run_expecting_completion([&] { errors = ch06::process_logs(app_log); },
                                      "a stage never closed its output, so the next one waited forever");
  EXPECT_EQ(errors, app_log_errors);
}

TEST(ProcessLogsTest, StopsAfterTheLimitWithoutLeaks) {
  std::vector<std::string> errors;
  go::testing::run([&] {
    errors = ch06::process_logs(app_log, 2);
    go::testing::expect_no_leaks();  // the stages must have seen done and ended
  });
  EXPECT_EQ(errors, std::vector<std::string>(app_log_errors.begin(), app_log_errors.begin() + 2));
}

TEST(ProcessLogsTest, ReturnsNothingForALimitOfZero) {
  std::vector<std::string> errors{"not yet"};
  go::testing::run([&] {
    errors = ch06::process_logs(app_log, 0);
    go::testing::expect_no_leaks();
  });
  EXPECT_TRUE(errors.empty());
}

TEST(ProcessLogsTest, ThrowsForAMissingFile) {
  bool threw = false;
  go::testing::run([&] {
    try {
      (void)ch06::process_logs(missing_log);
    } catch (const std::runtime_error&) {
      threw = true;
    }
    go::testing::expect_no_leaks();
  });
  EXPECT_TRUE(threw) << "a file that cannot be opened must end in std::runtime_error, not an empty result";
}
