// capstone::serve::upload_service: routes, streaming uploads into private temporary files, the
// size limit and the graceful shutdown. See upload_service.hpp.
#include "serve/upload_service.hpp"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <httplib.h>
#include <unistd.h>

namespace capstone::serve {
namespace {

namespace fs = std::filesystem;

void reply(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

void reply_error(httplib::Response& response, int status, const std::string& message) {
  reply(response, status, {{"error", message}});
}

bool has_xlsx_extension(const std::string& client_file_name) {
  std::string extension = fs::path{client_file_name}.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension == ".xlsx";
}

std::string method_list(const std::vector<std::string>& methods) {
  std::string list;
  for (std::size_t i = 0; i < methods.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == methods.size() ? " or " : ", ") + methods[i];
  }
  return list;
}

// upload_file: one upload's private temporary file; the name is mkstemps's, never the client's.
class upload_file {
 public:
  explicit upload_file(const fs::path& dir) {
    std::string pattern = (dir / "upload-XXXXXX.xlsx").string();
    fd_ = ::mkostemps(pattern.data(), 5, O_CLOEXEC);
    if (fd_ < 0) throw std::system_error{errno, std::generic_category(), "creating an upload file"};
    path_ = pattern;
  }
  ~upload_file() {
    if (fd_ >= 0) ::close(fd_);
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  upload_file(const upload_file&) = delete;
  upload_file& operator=(const upload_file&) = delete;

  bool write(const char* data, std::size_t size) {
    while (size > 0) {
      const ssize_t written = ::write(fd_, data, size);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) return false;
      data += written, size -= static_cast<std::size_t>(written);
    }
    return true;
  }
  // finish: closes the file so the importer reads everything that was written.
  bool finish() {
    const bool closed = ::close(fd_) == 0;
    fd_ = -1;
    return closed;
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  int fd_ = -1;
  fs::path path_;
};

// in_flight_guard: counts one upload from its first byte to its answer.
struct in_flight_guard {
  explicit in_flight_guard(std::atomic<int>& count) : count_{count} { ++count_; }
  ~in_flight_guard() { --count_; }
  in_flight_guard(const in_flight_guard&) = delete;
  in_flight_guard& operator=(const in_flight_guard&) = delete;
  std::atomic<int>& count_;
};

}  // namespace

upload_service::upload_service(service_options options, std::vector<std::string> methods, import_function import)
    : options_{std::move(options)},
      methods_{std::move(methods)},
      import_{std::move(import)},
      server_{std::make_unique<httplib::Server>()} {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string{tmp != nullptr && *tmp != '\0' ? tmp : "/tmp"} + "/importer-uploads-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {  // mode 0700: other users cannot read or plant uploads
    throw std::system_error{errno, std::generic_category(), "creating the upload directory " + pattern};
  }
  upload_dir_ = pattern;

  const std::size_t threads = options_.threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Room for the multipart framing around the file; the file itself is counted in handle_upload.
  server_->set_payload_max_length(options_.max_upload_bytes + 64 * 1024);
  // One request per connection. An answer given without reading the whole body (an oversized
  // chunked upload) leaves the rest of it on the connection, and cpp-httplib 0.11 would parse
  // it as the next request; uploads gain nothing from keep-alive anyway.
  server_->set_keep_alive_max_count(1);
  server_->set_expect_100_continue_handler([this](const httplib::Request& request, httplib::Response& response) {
    const auto length = std::strtoull(request.get_header_value("Content-Length").c_str(), nullptr, 10);
    if (length <= options_.max_upload_bytes + 64 * 1024) return 100;
    reply_error(response, 413, "File too large: the limit is " + std::to_string(options_.max_upload_bytes) + " bytes");
    return 413;
  });
  server_->set_logger([](const httplib::Request& request, const httplib::Response& response) {
    const std::string line = request.method + " " + request.path +
                             (request.has_param("method") ? "?method=" + request.get_param_value("method") : "") +
                             " -> " + std::to_string(response.status) + "\n";
    std::fputs(line.c_str(), stderr);  // one call, so lines from concurrent requests do not mix
  });
  server_->Get("/health", [this](const httplib::Request&, httplib::Response& response) {
    reply(response, 200, {{"status", "healthy"}, {"uploads_in_flight", in_flight_.load()}});
  });
  server_->Post("/upload", [this](const httplib::Request& request, httplib::Response& response,
                                  const httplib::ContentReader& read_body) {
    handle_upload(request, response, read_body);
  });

  port_ = options_.port == 0 ? server_->bind_to_any_port(options_.host)
                             : (server_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port_ < 0) {
    std::error_code ignored;
    fs::remove_all(upload_dir_, ignored);
    throw std::runtime_error{"cannot listen on " + options_.host + ":" + std::to_string(options_.port)};
  }
}

upload_service::~upload_service() {
  std::error_code ignored;
  fs::remove_all(upload_dir_, ignored);
}

void upload_service::run() {
  server_->listen_after_bind();
  finished_ = true;
}

void upload_service::shutdown() {
  // cpp-httplib's stop() does nothing unless the server is already listening.
  while (!server_->is_running() && !finished_) std::this_thread::sleep_for(std::chrono::milliseconds{1});
  server_->stop();
}

void upload_service::handle_upload(const httplib::Request& request, httplib::Response& response,
                                   const httplib::ContentReader& read_body) {
  const in_flight_guard counted{in_flight_};
  const std::uint64_t body_limit = options_.max_upload_bytes + 64 * 1024;
  std::uint64_t body_bytes = 0;  // of every part, so other fields cannot carry an unlimited body

  // Answers that need no file still read the body (and drop it): a client is still sending it,
  // and closing on unread data would reset the connection before the client reads the answer.
  const std::string method = request.has_param("method") ? request.get_param_value("method") : methods_.front();
  const bool known_method = std::find(methods_.begin(), methods_.end(), method) != methods_.end();
  if (!known_method || !request.is_multipart_form_data()) {
    const auto drop = [&](const char*, std::size_t size) { return (body_bytes += size) <= body_limit; };
    // cpp-httplib reads a multipart body only through its multipart reader.
    const bool read = request.is_multipart_form_data()
                          ? read_body([](const httplib::MultipartFormData&) { return true; }, drop)
                          : read_body(drop);
    if (!read && (body_bytes > body_limit || response.status == 413)) {
      return reply_error(response, 413, "File too large: the limit is " + std::to_string(options_.max_upload_bytes) + " bytes");
    }
    if (!known_method) return reply_error(response, 400, "Invalid method. Use: " + method_list(methods_));
    return reply_error(response, 400, "No file uploaded");
  }

  upload_file file{upload_dir_};
  bool in_file_part = false, seen_file = false, wrong_extension = false, write_failed = false;
  std::uint64_t file_bytes = 0;
  const bool read = read_body(
      [&](const httplib::MultipartFormData& part) {
        in_file_part = part.name == "file" && !seen_file;  // the first `file` part; others are dropped
        if (in_file_part) {
          seen_file = true;
          wrong_extension = !has_xlsx_extension(part.filename);  // the client's name: only looked at
        }
        return true;
      },
      [&](const char* data, std::size_t size) {
        if ((body_bytes += size) > body_limit) return false;
        if (!in_file_part || wrong_extension || write_failed) return true;
        file_bytes += size;
        write_failed = file_bytes > options_.max_upload_bytes || !file.write(data, size);
        return true;
      });

  if (file_bytes > options_.max_upload_bytes || body_bytes > body_limit || response.status == 413) {
    return reply_error(response, 413, "File too large: the limit is " + std::to_string(options_.max_upload_bytes) + " bytes");
  }
  if (!read) return reply_error(response, 400, "Malformed multipart upload");
  if (!seen_file) return reply_error(response, 400, "No file uploaded");
  if (wrong_extension) return reply_error(response, 400, "Only Excel files allowed (.xlsx)");
  if (write_failed || !file.finish()) return reply_error(response, 500, "Failed to save file");

  try {
    nlohmann::json stats = import_(file.path(), method, cancel_.get_token());
    if (stats.value("interrupted", false)) {
      return reply(response, 503,
                   {{"error", "Import interrupted: the server is shutting down"}, {"method", method}, {"stats", stats}});
    }
    reply(response, 200, {{"message", "Import completed successfully"}, {"method", method}, {"stats", stats}});
  } catch (const unreadable_file& problem) {
    reply_error(response, 400, problem.what());
  } catch (const std::exception& problem) {
    reply_error(response, 500, problem.what());
  }
}

}  // namespace capstone::serve
