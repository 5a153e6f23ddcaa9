// `importer serve` end to end: a real server process (the built importer) on a free port, a
// real HTTP client (cpp-httplib's), and the test binary's embedded PostgreSQL behind it.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <poll.h>

#include "embedded_database.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using capstone::testing::embedded_database;

constexpr auto patience = 20s;  // far more than anything here takes; a bug fails, never hangs

// A server that closes a connection while the client still writes must fail the test, not
// kill the test program (cpp-httplib's client does not suppress SIGPIPE).
[[maybe_unused]] const auto sigpipe_ignored = std::signal(SIGPIPE, SIG_IGN);

// scratch_dir: a directory of this test's own, removed at the end.
struct scratch_dir {
  scratch_dir() {
    std::string pattern = (fs::temp_directory_path() / "serve-test-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~scratch_dir() { fs::remove_all(path); }
  fs::path path;
};

// A sample workbook of `rows` listings, `bad` of them ones an importer must reject.
fs::path workbook(const fs::path& dir, int rows, int bad, int seed) {
  const fs::path file = dir / ("listings-" + std::to_string(seed) + ".xlsx");
  const std::string command = std::string{CAPSTONE_IMPORTER} + " generate --rows " + std::to_string(rows) +
                              " --bad-rows " + std::to_string(bad) + " --seed " + std::to_string(seed) + " " +
                              file.string();
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return file;
}

std::string read_file(const fs::path& file) {
  std::ifstream in{file, std::ios::binary};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

long long table_rows() {
  pqxx::connection connection{embedded_database::dsn()};
  pqxx::work transaction{connection};
  if (transaction.exec1("SELECT to_regclass('businesses') IS NULL")[0].as<bool>()) return 0;
  return transaction.exec1("SELECT count(*) FROM businesses")[0].as<long long>();
}

// server_process: `importer serve --port 0` with its own TMPDIR, stopped (SIGKILL if it must)
// at the end of the test.
class server_process {
 public:
  explicit server_process(const fs::path& dir, const std::string& max_upload = "256KB") : tmp_{dir / "tmp"} {
    fs::create_directories(tmp_);
    stderr_file_ = dir / "serve.stderr";
    std::vector<std::string> args{CAPSTONE_IMPORTER, "serve",        "--port", "0", "--max-upload", max_upload,
                                  "--dsn",           embedded_database::dsn()};
    std::vector<std::string> env{"TMPDIR=" + tmp_.string()};
    for (char** variable = environ; *variable != nullptr; ++variable) {
      if (!std::string_view{*variable}.starts_with("TMPDIR=")) env.emplace_back(*variable);
    }
    std::vector<char*> argv, envp;
    for (auto& arg : args) argv.push_back(arg.data());
    for (auto& variable : env) envp.push_back(variable.data());
    argv.push_back(nullptr), envp.push_back(nullptr);
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    const std::string stderr_path = stderr_file_.string();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a test program that crashes takes its server along
      ::dup2(out[1], 1);
      const int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(err, 2);
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(out[1]);
    stdout_ = out[0];
    const std::string line = read_line(patience);
    const auto colon = line.rfind(':');
    if (line.starts_with("listening on http://") && colon != std::string::npos) port_ = std::stoi(line.substr(colon + 1));
    EXPECT_GT(port_, 0) << "the server did not start: " << line << "\n" << stderr_text();
  }
  ~server_process() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(stdout_);
  }
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  [[nodiscard]] httplib::Client client() const {
    httplib::Client client{"127.0.0.1", port_};
    client.set_connection_timeout(patience);
    client.set_read_timeout(patience);
    client.set_write_timeout(patience);
    return client;
  }
  void signal(int number) const { ::kill(pid_, number); }
  [[nodiscard]] std::string stderr_text() const { return read_file(stderr_file_); }
  // wait_for_stderr: whether `text` appears in the server's stderr in time.
  [[nodiscard]] bool wait_for_stderr(const std::string& text) const {
    for (const auto deadline = std::chrono::steady_clock::now() + patience; std::chrono::steady_clock::now() < deadline;
         std::this_thread::sleep_for(10ms)) {
      if (stderr_text().find(text) != std::string::npos) return true;
    }
    return false;
  }
  // exit_code: waits for the server to end by itself; -1 if it does not in time.
  int exit_code() {
    for (const auto deadline = std::chrono::steady_clock::now() + patience; std::chrono::steady_clock::now() < deadline;
         std::this_thread::sleep_for(10ms)) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
    }
    return -1;
  }
  // uploads_in_flight: what /health says; -1 if it does not answer.
  [[nodiscard]] int uploads_in_flight() const {
    auto response = client().Get("/health");
    if (!response || response->status != 200) return -1;
    return nlohmann::json::parse(response->body).value("uploads_in_flight", -1);
  }
  [[nodiscard]] bool wait_for_uploads_in_flight(int count) const {
    for (const auto deadline = std::chrono::steady_clock::now() + patience; std::chrono::steady_clock::now() < deadline;
         std::this_thread::sleep_for(10ms)) {
      if (uploads_in_flight() == count) return true;
    }
    return false;
  }
  [[nodiscard]] const fs::path& tmp() const { return tmp_; }

 private:
  std::string read_line(std::chrono::milliseconds timeout) const {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (char c = 0; std::chrono::steady_clock::now() < deadline;) {
      pollfd ready{stdout_, POLLIN, 0};
      if (::poll(&ready, 1, 100) <= 0) continue;
      if (::read(stdout_, &c, 1) != 1 || c == '\n') break;
      line += c;
    }
    return line;
  }

  fs::path tmp_;
  fs::path stderr_file_;
  pid_t pid_ = -1;
  int stdout_ = -1;
  int port_ = 0;
  bool exited_ = false;
};

httplib::Result upload(const server_process& server, const std::string& query, const std::string& field,
                       const std::string& file_name, const std::string& content) {
  return server.client().Post("/upload" + query,
                              httplib::MultipartFormDataItems{{field, content, file_name, "application/octet-stream"}});
}

nlohmann::json body_of(const httplib::Result& response) { return nlohmann::json::parse(response->body); }

// paused_upload: a chunked multipart upload that sends half the file, waits for resume(),
// then sends the rest - an upload the test can hold in flight.
class paused_upload {
 public:
  paused_upload(const server_process& server, std::string query, std::string content)
      : content_{std::move(content)},
        result_{std::async(std::launch::async, [this, &server, query = std::move(query)] {
          const std::string boundary = "capstone-serve-test-boundary";
          const std::string head = "--" + boundary +
                                   "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"listings.xlsx\"\r\n"
                                   "Content-Type: application/octet-stream\r\n\r\n";
          const std::string tail = "\r\n--" + boundary + "--\r\n";
          const std::size_t half = content_.size() / 2;
          auto response = server.client().Post(
              "/upload" + query,
              [&](std::size_t, httplib::DataSink& sink) {
                const std::string first = head + content_.substr(0, half);
                sink.write(first.data(), first.size());
                resumed_.get_future().wait_for(patience);
                const std::string rest = content_.substr(half) + tail;
                sink.write(rest.data(), rest.size());
                sink.done();
                return true;
              },
              "multipart/form-data; boundary=" + boundary);
          return response ? std::make_pair(response->status, response->body) : std::make_pair(-1, std::string{});
        })} {}
  ~paused_upload() {
    resume();
    if (result_.valid()) result_.wait();
  }
  paused_upload(const paused_upload&) = delete;
  paused_upload& operator=(const paused_upload&) = delete;

  void resume() {
    if (!resumed_once_) resumed_.set_value(), resumed_once_ = true;
  }
  // answer: the status and body, once the upload is resumed and answered.
  std::pair<int, std::string> answer() {
    resume();
    return result_.get();
  }
  [[nodiscard]] bool answered() const { return result_.wait_for(0s) == std::future_status::ready; }

 private:
  std::string content_;
  std::promise<void> resumed_;
  bool resumed_once_ = false;
  std::future<std::pair<int, std::string>> result_;
};

TEST(ServeTest, HealthSaysHealthy) {
  const scratch_dir dir;
  const server_process server{dir.path};
  auto response = server.client().Get("/health");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(body_of(response)["status"], "healthy");
}

TEST(ServeTest, UploadImportsExactlyTheGoodRows) {
  const scratch_dir dir;
  const server_process server{dir.path};
  const std::string content = read_file(workbook(dir.path, 300, 2, 1));
  const long long before = table_rows();
  auto response = upload(server, "?method=batch", "file", "listings.xlsx", content);
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 200) << response->body;
  const auto body = body_of(response);
  EXPECT_EQ(body["message"], "Import completed successfully");
  EXPECT_EQ(body["method"], "batch");
  EXPECT_EQ(body["stats"]["total_records"], 300);
  EXPECT_EQ(body["stats"]["success_count"], 298);
  EXPECT_EQ(body["stats"]["error_count"], 2);
  EXPECT_EQ(table_rows() - before, 298) << "the table must hold exactly the rows the stats report";
}

TEST(ServeTest, EveryMethodImportsTheSameRows) {
  const scratch_dir dir;
  const server_process server{dir.path};
  const std::string content = read_file(workbook(dir.path, 200, 3, 2));
  for (const char* method : {"sequential", "concurrent", "batch", "copy", "pipeline"}) {
    const long long before = table_rows();
    auto response = upload(server, std::string{"?method="} + method, "file", "listings.xlsx", content);
    ASSERT_TRUE(response) << method;
    EXPECT_EQ(response->status, 200) << method << ": " << response->body;
    EXPECT_EQ(table_rows() - before, 197) << method;
  }
}

TEST(ServeTest, NoFileIsABadRequest) {
  const scratch_dir dir;
  const server_process server{dir.path};
  auto response = upload(server, "", "attachment", "listings.xlsx", read_file(workbook(dir.path, 10, 0, 3)));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(body_of(response)["error"], "No file uploaded");
  auto not_multipart = server.client().Post("/upload", "{}", "application/json");
  ASSERT_TRUE(not_multipart);
  EXPECT_EQ(not_multipart->status, 400);
}

TEST(ServeTest, WrongExtensionIsABadRequestAndImportsNothing) {
  const scratch_dir dir;
  const server_process server{dir.path};
  const long long before = table_rows();
  auto response = upload(server, "", "file", "listings.csv", read_file(workbook(dir.path, 10, 0, 4)));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(body_of(response)["error"], "Only Excel files allowed (.xlsx)");
  EXPECT_EQ(table_rows(), before);
}

TEST(ServeTest, UnknownMethodIsABadRequest) {
  const scratch_dir dir;
  const server_process server{dir.path};
  auto response = upload(server, "?method=quantum", "file", "listings.xlsx", read_file(workbook(dir.path, 10, 0, 5)));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(body_of(response)["error"].get<std::string>().find("Invalid method"), std::string::npos);
}

TEST(ServeTest, AFileThatIsNoWorkbookIsABadRequestThatHidesWhereItWasStored) {
  const scratch_dir dir;
  const server_process server{dir.path};
  auto response = upload(server, "", "file", "listings.xlsx", "these bytes are not a zip archive");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body.find(server.tmp().string()), std::string::npos) << response->body;
}

TEST(ServeTest, OversizedUploadIsRefusedWith413) {
  const scratch_dir dir;
  const server_process server{dir.path, "64KB"};
  const std::string too_big(200 * 1024, 'x');
  auto response = upload(server, "", "file", "listings.xlsx", too_big);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  paused_upload chunked{server, "", too_big};  // no Content-Length: counted as it arrives
  EXPECT_EQ(chunked.answer().first, 413);
  EXPECT_EQ(server.uploads_in_flight(), 0) << "the server must still serve";
}

TEST(ServeTest, ClientFileNameNeverBecomesAPath) {
  const scratch_dir dir;
  const server_process server{dir.path};
  auto response = upload(server, "", "file", "../../escaped.xlsx", read_file(workbook(dir.path, 20, 0, 6)));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200) << response->body;
  for (const auto& entry : fs::recursive_directory_iterator{dir.path}) {
    EXPECT_NE(entry.path().filename(), "escaped.xlsx") << entry.path();
  }
  for (const auto& entry : fs::recursive_directory_iterator{server.tmp()}) {
    EXPECT_FALSE(entry.is_regular_file()) << entry.path() << ": uploads must be removed after their import";
  }
}

TEST(ServeTest, TwoUploadsAreServedAtOnce) {
  const scratch_dir dir;
  const server_process server{dir.path};
  const long long before = table_rows();
  paused_upload first{server, "?method=copy", read_file(workbook(dir.path, 100, 0, 7))};
  ASSERT_TRUE(server.wait_for_uploads_in_flight(1));
  // The first upload cannot finish until it is resumed, so the second is answered only if the
  // server serves both at once.
  auto second = upload(server, "?method=batch", "file", "listings.xlsx", read_file(workbook(dir.path, 50, 0, 8)));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200) << second->body;
  EXPECT_FALSE(first.answered());
  EXPECT_EQ(first.answer().first, 200);
  EXPECT_EQ(table_rows() - before, 150);
}

TEST(ServeTest, SigtermFinishesTheUploadInFlightThenStops) {
  const scratch_dir dir;
  server_process server{dir.path};
  const long long before = table_rows();
  paused_upload in_flight{server, "?method=pipeline", read_file(workbook(dir.path, 400, 1, 9))};
  ASSERT_TRUE(server.wait_for_uploads_in_flight(1));
  server.signal(SIGTERM);
  ASSERT_TRUE(server.wait_for_stderr("shutting down")) << server.stderr_text();
  EXPECT_EQ(server.uploads_in_flight(), -1) << "a stopping server accepts no new connections";
  const auto [status, body] = in_flight.answer();
  EXPECT_EQ(status, 200) << body;
  EXPECT_EQ(table_rows() - before, 399) << "the upload in flight is imported in full";
  EXPECT_EQ(server.exit_code(), 0) << server.stderr_text();
  EXPECT_FALSE(fs::exists(server.tmp()) && !fs::is_empty(server.tmp())) << "the upload directory is removed";
}

}  // namespace
