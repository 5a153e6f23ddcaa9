// capstone::db::embedded_server - a private, throwaway PostgreSQL server for the importer and
// its tests, and resolve_database(), which picks the database an importer run talks to.
//
// The idea is the one of the embedded-postgres libraries other ecosystems use (zonkyio's and
// opentable's for Java, fergusstrange's for Go): no server to install or configure, no shared
// state between runs. Here the PostgreSQL binaries are the system's (postgresql-15 on Debian).
//
//   - embedded_server{options} runs initdb into a fresh directory (mkdtemp under $TMPDIR, or
//     options.keep_dir), then starts the server with pg_ctl on a free port of 127.0.0.1 only,
//     with a random password (SCRAM; no trust authentication on any socket) and no Unix socket.
//     Binaries are found through `pg_config --bindir`, else /usr/lib/postgresql/<newest>/bin.
//   - When the process runs as root (containers, CI) the server runs as an unprivileged user,
//     `postgres` if it exists, else `nobody`: PostgreSQL refuses to run as root.
//   - Durability is traded for speed, as a throwaway server can: fsync, synchronous_commit and
//     full_page_writes are off. A crash of the machine can lose the data; nothing else can.
//     Benchmarks against it measure the importer, not the disk.
//   - conninfo() / uri() say how to connect (libpq keyword=value string / postgresql:// URI).
//   - The destructor (or stop()) shuts the server down and removes the directory. A guardian
//     process, forked at start, does the same when this process dies in any other way (a
//     signal, std::exit, SIGKILL): it waits for a pipe from this process to close, which the
//     kernel does however the process ends, so no cleanup runs inside a signal handler.
//   - With options.keep_dir the directory is DIR and is kept: the server is stopped at the end
//     but its data stays, and the next embedded_server on the same DIR starts it again
//     (password in DIR/password). `pg_ctl -D DIR/data start` lets a person look inside.
//
// resolve_database(dsn, keep_dir) chooses, as the importer's --dsn and --keep-db flags say:
// the --dsn string if given; else libpq's PG* environment variables if any of them names a
// server (PGHOST, PGHOSTADDR, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE); else an
// embedded server. --keep-db asks for the embedded server, so it wins over the environment.
//
// Errors throw embedded_server_error with one line saying what failed, plus the end of the
// server's log when the server itself failed.
// Thread safety: const members may be called from any thread; construction and stop() from one.
//
//   capstone::db::embedded_server server;         // ~1 s: initdb, then start
//   pqxx::connection connection{server.conninfo()};
//   pqxx::work{connection}.exec("SELECT 1");
//                                                 // ~server: stopped, directory removed
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <sys/types.h>

namespace capstone::db {

class embedded_server_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct embedded_server_options {
  // keep_dir: where the server lives, kept afterwards; empty: a temporary directory, removed.
  std::filesystem::path keep_dir;
  // user, database: the superuser initdb creates and the database conninfo() names.
  std::string user = "importer";
  std::string database = "postgres";
  // max_connections: the server's limit; every import worker holds one connection.
  int max_connections = 100;
};

class embedded_server {
 public:
  // embedded_server: starts the server; returns once it accepts connections.
  explicit embedded_server(embedded_server_options options = {});
  // ~embedded_server: stop().
  ~embedded_server();
  embedded_server(const embedded_server&) = delete;
  embedded_server& operator=(const embedded_server&) = delete;

  // stop: shuts the server down (fast: open sessions are ended, their transactions rolled
  // back) and removes its directory unless it is kept. Idempotent; never throws.
  void stop() noexcept;

  // conninfo: "host=127.0.0.1 port=N dbname=D user=U password=P" for pqxx::connection.
  [[nodiscard]] const std::string& conninfo() const noexcept { return conninfo_; }
  // uri: the same as postgresql://U:P@127.0.0.1:N/D, for psql and other tools.
  [[nodiscard]] std::string uri() const;
  [[nodiscard]] int port() const noexcept { return port_; }
  // directory: holds data/ (the cluster), server.log and password.
  [[nodiscard]] const std::filesystem::path& directory() const noexcept { return directory_; }
  [[nodiscard]] bool kept() const noexcept { return !options_.keep_dir.empty(); }
  // running: whether start succeeded and stop() has not run yet.
  [[nodiscard]] bool running() const noexcept { return guardian_ > 0; }

 private:
  void start();

  embedded_server_options options_;
  std::filesystem::path directory_;
  std::filesystem::path bin_dir_;
  std::string password_;
  std::string conninfo_;
  int port_ = 0;
  pid_t guardian_ = -1;    // the cleanup process; -1 once stopped
  int guardian_pipe_ = -1; // our end: closing it tells the guardian to clean up
};

// database: where one importer run stores its rows.
struct database {
  // conninfo: for pqxx::connection; empty means "libpq's PG* environment variables".
  std::string conninfo;
  // description: one line for people, without the password ("embedded PostgreSQL on ...").
  std::string description;
  // server: the embedded server when there is one; it lives as long as this struct.
  std::unique_ptr<embedded_server> server;
};

// resolve_database: --dsn, else the PG* environment, else an embedded server (see the top).
// Throws embedded_server_error when both a dsn and a keep_dir are given, or the server fails.
[[nodiscard]] database resolve_database(const std::string& dsn, const std::filesystem::path& keep_dir);

}  // namespace capstone::db
