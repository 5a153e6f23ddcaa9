// capstone::db::embedded_server and resolve_database against real PostgreSQL servers: each
// test starts its own (about a second each), except the one that uses the shared fixture.
#include "db/embedded_server.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "embedded_database.hpp"

namespace {

namespace fs = std::filesystem;
using capstone::db::embedded_server;
using capstone::db::embedded_server_options;

std::string query_one(const std::string& conninfo, const std::string& sql) {
  pqxx::connection connection{conninfo};
  pqxx::work transaction{connection};
  return transaction.exec1(sql)[0].as<std::string>();
}

// The owner of the postmaster process, from the pid the server wrote into its directory.
uid_t postmaster_uid(const embedded_server& server) {
  std::ifstream pid_file{server.directory() / "data" / "postmaster.pid"};
  std::string pid;
  std::getline(pid_file, pid);
  struct stat status {};
  if (pid.empty() || ::stat(("/proc/" + pid).c_str(), &status) != 0) ADD_FAILURE() << "no postmaster.pid";
  return status.st_uid;
}

bool gone_within(const fs::path& path, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (fs::exists(path)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return true;
}

// Sets an environment variable for one scope, restoring what was there.
class scoped_env {
 public:
  scoped_env(const char* name, const char* value) : name_{name} {
    if (const char* old = std::getenv(name)) old_ = old;
    value != nullptr ? ::setenv(name, value, 1) : ::unsetenv(name);
  }
  ~scoped_env() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }
  scoped_env(const scoped_env&) = delete;
  scoped_env& operator=(const scoped_env&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(EmbeddedServerTest, AcceptsAConnectionAsItsSuperuser) {
  embedded_server server;
  EXPECT_EQ(query_one(server.conninfo(), "SELECT current_user"), "importer");
  EXPECT_EQ(query_one(server.uri(), "SELECT current_setting('fsync')"), "off")
      << "a throwaway server trades durability for speed";
  EXPECT_EQ(query_one(server.conninfo(), "SELECT inet_server_addr()::text"), "127.0.0.1/32");
}

TEST(EmbeddedServerTest, RefusesAWrongPassword) {
  embedded_server server;
  const std::string wrong = "host=127.0.0.1 port=" + std::to_string(server.port()) + " user=importer password=wrong";
  EXPECT_THROW(pqxx::connection{wrong}, pqxx::broken_connection) << "no trust authentication on TCP";
}

TEST(EmbeddedServerTest, IsGoneAfterStop) {
  embedded_server server;
  const fs::path directory = server.directory();
  const std::string conninfo = server.conninfo();
  ASSERT_TRUE(fs::exists(directory / "data" / "PG_VERSION"));
  server.stop();
  EXPECT_FALSE(server.running());
  EXPECT_FALSE(fs::exists(directory)) << "stop() removes the temporary directory";
  EXPECT_THROW(pqxx::connection{conninfo}, pqxx::broken_connection) << "the server must be down";
  server.stop();  // idempotent
}

TEST(EmbeddedServerTest, RunsUnprivilegedEvenWhenWeAreRoot) {
  embedded_server server;
  const uid_t owner = postmaster_uid(server);
  if (::geteuid() == 0) {
    EXPECT_NE(owner, 0u) << "PostgreSQL must run as an unprivileged user when we are root";
  } else {
    EXPECT_EQ(owner, ::geteuid());
  }
}

TEST(EmbeddedServerTest, GuardianCleansUpWhenTheProcessIsKilled) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t child = ::fork();  // this test process has no other threads yet
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    embedded_server server;
    const std::string path = server.directory().string() + "\n";
    if (::write(pipe_fds[1], path.data(), path.size()) < 0) ::_exit(1);
    ::raise(SIGKILL);  // no destructor runs: only the guardian can clean up
  }
  ::close(pipe_fds[1]);
  std::string path;
  char c = 0;
  while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n') path += c;
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_FALSE(path.empty()) << "the child's server did not start";
  EXPECT_TRUE(gone_within(path, std::chrono::seconds{20})) << path << " outlived its process";
}

TEST(EmbeddedServerTest, KeptDirectoryOutlivesTheServerAndStartsAgain) {
  const fs::path keep = fs::temp_directory_path() / ("importer-keep-test-" + std::to_string(::getpid()));
  {
    embedded_server server{embedded_server_options{.keep_dir = keep}};
    EXPECT_TRUE(server.kept());
    pqxx::connection connection{server.conninfo()};
    pqxx::work transaction{connection};
    transaction.exec0("CREATE TABLE kept (value text)");
    transaction.exec0("INSERT INTO kept VALUES ('still here')");
    transaction.commit();
  }
  EXPECT_TRUE(fs::exists(keep / "data" / "PG_VERSION")) << "--keep-db keeps the data";
  {
    embedded_server again{embedded_server_options{.keep_dir = keep}};
    EXPECT_EQ(query_one(again.conninfo(), "SELECT value FROM kept"), "still here");
  }
  fs::remove_all(keep);
}

TEST(ResolveDatabaseTest, DsnWinsAndStartsNoServer) {
  const auto database = capstone::db::resolve_database("host=db.example user=me", {});
  EXPECT_EQ(database.conninfo, "host=db.example user=me");
  EXPECT_EQ(database.server, nullptr);
}

TEST(ResolveDatabaseTest, DsnAndKeepDbTogetherAreAnError) {
  EXPECT_THROW((void)capstone::db::resolve_database("host=db.example", "/tmp/x"), capstone::db::embedded_server_error);
}

TEST(ResolveDatabaseTest, PgEnvironmentIsLeftToLibpq) {
  const scoped_env host{"PGHOST", "db.example"};
  const auto database = capstone::db::resolve_database("", {});
  EXPECT_EQ(database.conninfo, "") << "an empty conninfo makes libpq read PG* itself";
  EXPECT_NE(database.description.find("PGHOST"), std::string::npos) << database.description;
  EXPECT_EQ(database.server, nullptr);
}

TEST(ResolveDatabaseTest, WithoutDsnOrEnvironmentStartsAnEmbeddedServer) {
  const scoped_env host{"PGHOST", nullptr}, port{"PGPORT", nullptr}, user{"PGUSER", nullptr},
      name{"PGDATABASE", nullptr}, address{"PGHOSTADDR", nullptr}, password{"PGPASSWORD", nullptr},
      service{"PGSERVICE", nullptr};
  const auto database = capstone::db::resolve_database("", {});
  ASSERT_NE(database.server, nullptr);
  EXPECT_EQ(query_one(database.conninfo, "SELECT 1"), "1");
  EXPECT_EQ(database.description.find("password"), std::string::npos) << "no password shown";
}

TEST(EmbeddedDatabaseTest, SharedServerServesEveryTestOfTheBinary) {
  const std::string& dsn = capstone::testing::embedded_database::dsn();
  EXPECT_EQ(&dsn, &capstone::testing::embedded_database::dsn()) << "one server per test binary";
  EXPECT_EQ(query_one(dsn, "SELECT 2 + 2"), "4");
}

}  // namespace
