// importer serve: the upload service on a port, with the guide's graceful shutdown.
//
// The guide's done channel, with signals: SIGINT and SIGTERM are blocked in every thread and
// taken by one thread with sigwait, so no handler runs in an arbitrary thread. The first signal
// closes "done" (the service stops accepting; uploads in flight finish and are answered); a
// second one also cancels the imports in flight (their transactions roll back).
#include <cstdio>
#include <iostream>
#include <pthread.h>
#include <signal.h>
#include <string>
#include <thread>

#include "commands.hpp"
#include "db/embedded_server.hpp"
#include "serve/upload_service.hpp"

namespace importer {
namespace {

// The import behind the service. Until the import library lands, every upload fails with 500.
nlohmann::json import_upload(const std::string& /*conninfo*/, const std::filesystem::path& /*file*/,
                             std::string_view /*method*/, std::stop_token /*stop*/) {
  throw std::runtime_error{"the import library is not built into this importer yet"};
}

constexpr const char* methods[] = {"batch", "sequential", "concurrent", "copy", "pipeline"};

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
        {std::begin(methods), std::end(methods)},
        [&database](const std::filesystem::path& file, std::string_view method, std::stop_token stop) {
          return import_upload(database.conninfo, file, method, std::move(stop));
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
