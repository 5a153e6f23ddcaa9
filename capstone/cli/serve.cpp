// importer serve: the upload service on a port, with the guide's graceful shutdown.
//
// The guide's done channel, with signals: SIGINT and SIGTERM are blocked in every thread and
// taken by one thread with sigwait, so no handler runs in an arbitrary thread. The first signal
// closes "done" (the service stops accepting; uploads in flight finish and are answered); a
// second one also cancels the imports in flight (their transactions roll back).
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "db/embedded_server.hpp"
#include "import/import.hpp"
#include "serve/upload_service.hpp"

namespace importer {
namespace {

// import_upload: one uploaded file through run_import. The import library says a failure was
// the database's by starting its message with "database:"; any other failure is the file's
// (not a workbook, no header, a missing column): the client's mistake, so a 400.
nlohmann::json import_upload(const std::string& conninfo, const std::filesystem::path& file, std::string_view method,
                             const std::stop_token& stop) {
  capstone::import_request request;
  request.file = file;
  request.method = *capstone::parse_method(method);  // the service accepts only method_names
  request.dsn = conninfo;
  try {
    return capstone::to_json(capstone::run_import(request, stop));
  } catch (const capstone::import_error& problem) {
    std::string message = problem.what();
    if (message.starts_with("database:")) throw;
    // The client never learns where its upload was stored.
    for (auto at = message.find(file.string()); at != std::string::npos; at = message.find(file.string())) {
      message.replace(at, file.string().size(), "the uploaded file");
    }
    throw capstone::serve::unreadable_file{message};
  }
}

// The default first: the guide's handler uses batch when no ?method= is given.
constexpr const char* method_names[] = {"batch", "sequential", "concurrent", "copy", "pipeline"};

}  // namespace

int run_serve(const serve_options& options) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);  // our own "the service has ended" to the signal thread
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts: they inherit it

  try {
    const auto database = capstone::db::resolve_database(options.dsn, options.keep_db);
    std::cerr << "importer: serve: database: " << database.description << '\n';
    capstone::serve::upload_service service{
        {.host = options.host, .port = options.port, .max_upload_bytes = options.max_upload_bytes,
         .threads = options.threads},
        {std::begin(method_names), std::end(method_names)},
        [&database](const std::filesystem::path& file, std::string_view method, std::stop_token stop) {
          return import_upload(database.conninfo, file, method, stop);
        }};

    std::thread signal_thread{[&] {
      for (int received = 0;;) {
        int signal_number = 0;
        sigwait(&signals, &signal_number);
        if (signal_number == SIGUSR1) return;
        if (++received == 1) {
          std::cerr << "importer: serve: shutting down; finishing " << service.in_flight() << " upload(s) in flight\n";
          service.shutdown();
        } else {
          std::cerr << "importer: serve: cancelling the imports in flight\n";
          service.cancel_imports();
        }
      }
    }};
    std::cout << "listening on http://" << options.host << ':' << service.port() << std::endl;
    service.run();
    pthread_kill(signal_thread.native_handle(), SIGUSR1);
    signal_thread.join();
    std::cerr << "importer: serve: stopped\n";
    return 0;
  } catch (const std::exception& problem) {
    std::cerr << "importer: serve: " << problem.what() << '\n';
    return 1;
  }
}

}  // namespace importer
