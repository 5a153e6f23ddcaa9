// capstone::db::embedded_server: initdb + pg_ctl in a private directory, and the guardian that
// cleans up however this process ends. See embedded_server.hpp.
#include "db/embedded_server.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace capstone::db {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what) { throw embedded_server_error{"embedded PostgreSQL: " + what}; }

[[noreturn]] void fail_errno(const std::string& what) {
  fail(what + ": " + std::error_code{errno, std::generic_category()}.message());
}

// ---- Finding the binaries ------------------------------------------------------------------

std::optional<fs::path> bin_dir_from_pg_config() {
  // popen's shell is fine here: a fixed command, and only at start-up.
  FILE* pipe = ::popen("pg_config --bindir 2>/dev/null", "r");
  if (pipe == nullptr) return std::nullopt;
  std::array<char, 4096> line{};
  const bool got = std::fgets(line.data(), line.size(), pipe) != nullptr;
  ::pclose(pipe);
  if (!got) return std::nullopt;
  std::string dir{line.data()};
  while (!dir.empty() && (dir.back() == '\n' || dir.back() == '\r')) dir.pop_back();
  if (dir.empty() || !fs::exists(fs::path{dir} / "initdb")) return std::nullopt;  // client-only pg_config
  return fs::path{dir};
}

// Debian installs each major version side by side: /usr/lib/postgresql/15/bin. Take the newest.
std::optional<fs::path> bin_dir_from_debian_layout() {
  std::optional<fs::path> best;
  long best_version = -1;
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator{"/usr/lib/postgresql", ignored}) {
    const std::string name = entry.path().filename().string();
    char* end = nullptr;
    const long version = std::strtol(name.c_str(), &end, 10);
    if (end == name.c_str() || !fs::exists(entry.path() / "bin" / "initdb")) continue;
    if (version > best_version) best_version = version, best = entry.path() / "bin";
  }
  return best;
}

fs::path find_bin_dir() {
  if (auto dir = bin_dir_from_pg_config()) return *dir;
  if (auto dir = bin_dir_from_debian_layout()) return *dir;
  fail("initdb not found (neither `pg_config --bindir` nor /usr/lib/postgresql/*/bin has it): "
       "install the Debian package 'postgresql-15'");
}

// ---- Who runs the server -------------------------------------------------------------------

struct account {
  bool switch_user = false;  // true when we are root and must drop to uid/gid
  uid_t uid = 0;
  gid_t gid = 0;
  std::string name;
};

// PostgreSQL refuses to run as root; `postgres` is Debian's account for it, `nobody` the fallback.
account server_account() {
  if (::geteuid() != 0) return {};
  for (const char* name : {"postgres", "nobody"}) {
    if (const passwd* entry = ::getpwnam(name)) return {true, entry->pw_uid, entry->pw_gid, name};
  }
  fail("running as root, and neither user 'postgres' nor 'nobody' exists to run the server as");
}

void hand_over(const fs::path& path, const account& owner) {
  if (owner.switch_user && ::chown(path.c_str(), owner.uid, owner.gid) != 0) fail_errno("chown " + path.string());
}

// ---- Running a program ---------------------------------------------------------------------

// Everything a forked child does before execv is async-signal-safe (this process may have
// threads), so argv is built before the fork.
struct child_setup {
  const account* as = nullptr;  // switch to this user first
  int stdin_fd = -1;            // dup2'ed onto 0 when set
  int output_fd = -1;           // dup2'ed onto 1 and 2 when set
  bool own_process_group = false;
  const char* working_dir = nullptr;
};

[[noreturn]] void exec_child(const child_setup& setup, char* const argv[]) {
  // Signals: a blocked or ignored SIGINT/SIGTERM (a server's signal thread does that) would
  // otherwise be inherited by the programs we start.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGQUIT}) {
    ::sigaction(signal_number, &default_action, nullptr);
  }
  if (setup.own_process_group) ::setpgid(0, 0);  // Ctrl-C in a terminal must not reach it
  if (setup.stdin_fd >= 0) ::dup2(setup.stdin_fd, 0);
  if (setup.output_fd >= 0) ::dup2(setup.output_fd, 1), ::dup2(setup.output_fd, 2);
  ::close_range(3, ~0U, 0);  // a listening socket must not live on in the postmaster
  if (setup.working_dir != nullptr && ::chdir(setup.working_dir) != 0) ::_exit(126);
  if (setup.as != nullptr && setup.as->switch_user) {
    if (::setgroups(1, &setup.as->gid) != 0 || ::setgid(setup.as->gid) != 0 || ::setuid(setup.as->uid) != 0) {
      ::_exit(126);
    }
  }
  ::execv(argv[0], argv);
  ::_exit(127);
}

std::vector<char*> c_argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

int wait_exit_code(pid_t child) {
  int status = 0;
  while (::waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct run_result {
  int exit_code;
  std::string output;  // stdout and stderr together
};

run_result run(std::vector<std::string> args, const account& as, const fs::path& working_dir) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) fail_errno("pipe");
  auto argv = c_argv(args);
  const std::string dir = working_dir.string();
  const child_setup setup{&as, -1, pipe_fds[1], false, dir.c_str()};
  const pid_t child = ::fork();
  if (child < 0) fail_errno("fork");
  if (child == 0) exec_child(setup, argv.data());
  ::close(pipe_fds[1]);
  std::string output;
  std::array<char, 4096> buffer{};
  for (;;) {
    const ssize_t got = ::read(pipe_fds[0], buffer.data(), buffer.size());
    if (got > 0) output.append(buffer.data(), static_cast<std::size_t>(got));
    else if (got == 0 || errno != EINTR) break;
  }
  ::close(pipe_fds[0]);
  return {wait_exit_code(child), std::move(output)};
}

// ---- Small pieces --------------------------------------------------------------------------

std::string random_password() {
  std::array<unsigned char, 16> bytes{};
  if (::getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size())) fail_errno("getrandom");
  static constexpr char hex[] = "0123456789abcdef";
  std::string password;
  for (unsigned char byte : bytes) password += hex[byte >> 4], password += hex[byte & 15];
  return password;
}

// free_port: one the kernel has just handed out. Another process may take it before the
// server binds it; start() then tries again with a new one.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) fail_errno("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(fd);
  if (!ok) fail_errno("finding a free port on 127.0.0.1");
  return ntohs(address.sin_port);
}

std::string read_file(const fs::path& path) {
  std::ifstream in{path};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_private_file(const fs::path& path, const std::string& text, const account& owner) {
  {
    std::ofstream out{path, std::ios::trunc};
    out << text;
    if (!out.flush()) fail("cannot write " + path.string());
  }
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  hand_over(path, owner);
}

std::string last_lines(const std::string& text, std::size_t count) {
  std::vector<std::string> lines;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));
  std::string tail;
  for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i) {
    tail += (tail.empty() ? "" : "\n") + lines[i];
  }
  return tail;
}

// The guardian: a shell that ignores the terminal's signals, blocks until our pipe closes
// (stop(), or this process died), then shuts the server down and removes the directory.
// The pid is checked to be a postgres process: a stale postmaster.pid must not kill a stranger.
constexpr const char* guardian_script = R"sh(
trap '' INT TERM HUP QUIT
cat >/dev/null
pidfile="$1/data/postmaster.pid"
if [ -f "$pidfile" ]; then
  pid=$(head -n 1 "$pidfile")
  if [ -n "$pid" ] && [ "$(cat /proc/$pid/comm 2>/dev/null)" = postgres ]; then
    kill -INT "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
  fi
fi
[ "$2" = keep ] || rm -rf -- "$1"
)sh";

// The settings of a throwaway server, written once into postgresql.conf.
std::string throwaway_settings() {
  return "\n# capstone::db::embedded_server - a throwaway server: speed over durability.\n"
         "listen_addresses = '127.0.0.1'\n"
         "unix_socket_directories = ''\n"
         "fsync = off\n"
         "synchronous_commit = off\n"
         "full_page_writes = off\n"
         "max_wal_size = '2GB'\n";
}

}  // namespace

// ---- embedded_server -----------------------------------------------------------------------

embedded_server::embedded_server(embedded_server_options options) : options_{std::move(options)} {
  try {
    start();
  } catch (...) {
    stop();
    throw;
  }
}

embedded_server::~embedded_server() { stop(); }

void embedded_server::start() {
  bin_dir_ = find_bin_dir();
  const account owner = server_account();

  // The directory, and at once the guardian that removes it whatever happens next.
  bool created = false;
  if (options_.keep_dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string{tmp != nullptr && *tmp != '\0' ? tmp : "/tmp"} + "/importer-db-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) fail_errno("mkdtemp " + pattern);
    directory_ = pattern;
    created = true;
  } else {
    directory_ = fs::absolute(options_.keep_dir);
    created = fs::create_directories(directory_);
  }
  if (created) hand_over(directory_, owner);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) fail_errno("pipe");
  std::vector<std::string> guardian_args{"/bin/sh", "-c", guardian_script, "importer-db-guardian",
                                         directory_.string(), kept() ? "keep" : "remove"};
  auto guardian_argv = c_argv(guardian_args);
  const int dev_null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  const child_setup guardian_setup{nullptr, pipe_fds[0], -1, true, "/"};
  guardian_ = ::fork();
  if (guardian_ == 0) {
    ::dup2(dev_null, 1);
    exec_child(guardian_setup, guardian_argv.data());
  }
  ::close(pipe_fds[0]);
  ::close(dev_null);
  if (guardian_ < 0) {
    ::close(pipe_fds[1]);
    fail_errno("fork");
  }
  guardian_pipe_ = pipe_fds[1];

  // The cluster: made once; a kept directory that has one is started again.
  const fs::path data = directory_ / "data";
  const fs::path password_file = directory_ / "password";
  if (fs::exists(data / "PG_VERSION") && fs::exists(password_file)) {
    password_ = read_file(password_file);
  } else {
    password_ = random_password();
    write_private_file(password_file, password_, owner);
    fs::create_directories(data);
    hand_over(data, owner);
    const auto initdb = run({(bin_dir_ / "initdb").string(), "-D", data.string(), "-U", options_.user,
                             "--pwfile=" + password_file.string(), "--auth=scram-sha-256", "--encoding=UTF8",
                             "--locale=C", "--no-sync", "--no-instructions"},
                            owner, directory_);
    if (initdb.exit_code != 0) fail("initdb failed:\n" + last_lines(initdb.output, 15));
    std::ofstream{data / "postgresql.conf", std::ios::app} << throwaway_settings();
  }

  const fs::path log = directory_ / "server.log";
  if (!fs::exists(log)) write_private_file(log, "", owner);
  constexpr int attempts = 3;  // a free port can be taken by someone else before we bind it
  for (int attempt = 1;; ++attempt) {
    port_ = free_port();
    const auto started =
        run({(bin_dir_ / "pg_ctl").string(), "start", "--wait", "--timeout=60", "--silent", "-D", data.string(),
             "-l", log.string(), "-o",
             "-p " + std::to_string(port_) + " -c max_connections=" + std::to_string(options_.max_connections)},
            owner, directory_);
    if (started.exit_code == 0) break;
    if (attempt == attempts) {
      fail("pg_ctl start failed:\n" + last_lines(started.output, 5) + "\nserver.log:\n" +
           last_lines(read_file(log), 15));
    }
  }
  conninfo_ = "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=" + options_.database +
              " user=" + options_.user + " password=" + password_ + " connect_timeout=10";
}

void embedded_server::stop() noexcept {
  if (guardian_pipe_ >= 0) ::close(guardian_pipe_);
  guardian_pipe_ = -1;
  if (guardian_ > 0) wait_exit_code(guardian_);
  guardian_ = -1;
}

std::string embedded_server::uri() const {
  return "postgresql://" + options_.user + ":" + password_ + "@127.0.0.1:" + std::to_string(port_) + "/" +
         options_.database;
}

// ---- resolve_database ----------------------------------------------------------------------

database resolve_database(const std::string& dsn, const fs::path& keep_dir) {
  if (!dsn.empty()) {
    if (!keep_dir.empty()) fail("--keep-db starts an embedded server, so it cannot go with --dsn");
    return {dsn, "the server given by --dsn", nullptr};
  }
  // These name a server or who to be on it; PGTZ or PGCLIENTENCODING alone do not.
  std::string named;
  for (const char* variable : {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGSERVICE"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && *value != '\0') named += (named.empty() ? "" : ", ") + std::string{variable};
  }
  if (keep_dir.empty() && !named.empty()) return {"", "the server of libpq's environment (" + named + ")", nullptr};

  auto server = std::make_unique<embedded_server>(embedded_server_options{.keep_dir = keep_dir});
  std::string description = "embedded PostgreSQL on 127.0.0.1:" + std::to_string(server->port());
  if (server->kept()) description += ", kept in " + server->directory().string();
  return {server->conninfo(), std::move(description), std::move(server)};
}

}  // namespace capstone::db
