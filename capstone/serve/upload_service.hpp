// capstone::serve::upload_service - the guide's Gin upload service, in C++ with cpp-httplib.
//
//   POST /upload?method=M   multipart/form-data with the workbook in the field `file`
//   GET  /health            {"status":"healthy","uploads_in_flight":N}
//
// Responses are the guide's: 400 {"error": ...} when there is no file, the file is not .xlsx or
// the method is unknown; 500 {"error": ...} when the import fails; 200 {"message", "method",
// "stats"} when it succeeds. And what the guide leaves out:
//   - The upload streams into a private temporary file (mkstemps in a directory of mode 0700
//     made for this service) whose name the client never chooses - the guide writes to
//     "./uploads/" + the client's file name, which lets "../" escape the directory and lets two
//     uploads of "data.xlsx" overwrite each other. The file is removed after the import.
//   - Uploads larger than max_upload_bytes are answered 413 - before the body is sent when
//     the client asks first (Expect: 100-continue, as curl does), else as soon as they pass it.
//   - A file that is not a readable workbook is the client's mistake: 400, not 500.
//   - Requests are served on `threads` threads at once, so uploads run concurrently.
//   - shutdown() is the guide's done channel: no new connections, but every upload in flight
//     finishes its import and gets its answer before run() returns. cancel_imports() then asks
//     the imports themselves to stop (their open transactions roll back; 503 with the stats).
//
// Thread safety: shutdown() and cancel_imports() may be called from any thread (a signal
// thread); the rest from the thread that owns the service.
//
//   upload_service service{{.port = 8080}, {"batch", "copy"},
//                          [](const std::filesystem::path& file, std::string_view method,
//                             std::stop_token stop) { return import_somehow(file, method, stop); }};
//   std::cout << "listening on port " << service.port() << '\n';
//   service.run();   // until service.shutdown() from another thread
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace capstone::serve {

struct service_options {
  std::string host = "127.0.0.1";  // "0.0.0.0" serves every interface, as the guide's ":8080"
  int port = 8080;                 // 0: any free port (see port())
  std::uint64_t max_upload_bytes = std::uint64_t{256} << 20;
  std::size_t threads = 8;         // requests served at once
};

// unreadable_file: thrown by an import_function when the upload is not a workbook it can
// read; the client gets 400 with the message. Any other exception is a 500.
struct unreadable_file : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// import_function: imports one uploaded file by `method` and returns its stats as JSON; when
// `stop` is requested it ends early and says so with "interrupted": true in the stats.
using import_function =
    std::function<nlohmann::json(const std::filesystem::path& file, std::string_view method, std::stop_token stop)>;

class upload_service {
 public:
  // upload_service: binds the port (throws std::runtime_error if it cannot) and makes the
  // private upload directory. `methods` are the accepted values of ?method=, the first the default.
  upload_service(service_options options, std::vector<std::string> methods, import_function import);
  // ~upload_service: removes the upload directory.
  ~upload_service();
  upload_service(const upload_service&) = delete;
  upload_service& operator=(const upload_service&) = delete;

  // port: the bound port, useful with options.port == 0.
  [[nodiscard]] int port() const noexcept { return port_; }
  // run: serves until shutdown(); returns once every request in flight has been answered.
  void run();
  // shutdown: stops accepting connections; uploads in flight carry on to their answer. Called
  // before run() has started listening, it waits for that, so the stop is never lost.
  void shutdown();
  // cancel_imports: asks running and future imports to stop early.
  void cancel_imports() { cancel_.request_stop(); }
  // in_flight: uploads being received or imported now.
  [[nodiscard]] int in_flight() const noexcept { return in_flight_.load(); }

 private:
  void handle_upload(const httplib::Request& request, httplib::Response& response,
                     const httplib::ContentReader& read_body);

  service_options options_;
  std::vector<std::string> methods_;
  import_function import_;
  std::unique_ptr<httplib::Server> server_;
  std::filesystem::path upload_dir_;
  int port_ = 0;
  std::stop_source cancel_;
  std::atomic<int> in_flight_{0};
  std::atomic<bool> finished_{false};  // run() has returned
};

}  // namespace capstone::serve
