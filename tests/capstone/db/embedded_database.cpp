// capstone::testing::embedded_database: the shared server and its registration with gtest.
#include "embedded_database.hpp"

#include <memory>
#include <mutex>

namespace capstone::testing {
namespace {

std::mutex server_mutex;
std::unique_ptr<db::embedded_server> shared_server;  // guarded by server_mutex

// Registered when this file is linked in, that is when a test uses dsn(): gtest owns it.
[[maybe_unused]] const auto* const registered = ::testing::AddGlobalTestEnvironment(new embedded_database);

}  // namespace

db::embedded_server& embedded_database::server() {
  const std::lock_guard lock{server_mutex};
  if (!shared_server) shared_server = std::make_unique<db::embedded_server>();
  return *shared_server;
}

const std::string& embedded_database::dsn() { return server().conninfo(); }

void embedded_database::TearDown() {
  const std::lock_guard lock{server_mutex};
  shared_server.reset();
}

}  // namespace capstone::testing
