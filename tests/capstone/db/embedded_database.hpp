// capstone::testing::embedded_database - one embedded PostgreSQL server per test binary, for
// every capstone test that needs a real database.
//
//   - embedded_database::dsn() starts the server the first time a test asks for it (so a
//     binary whose chosen tests never touch the database starts none) and returns its libpq
//     conninfo; later calls return the same server's.
//   - The server stops, and its directory goes, when the test program ends: at the global
//     environment's TearDown, or through the server's guardian if ctest kills the program.
//   - ctest runs each test in a process of its own (gtest_discover_tests), so tests do not see
//     each other's tables; tests run in one process (./capstone_db_test) share the server, so a
//     test that needs an empty table drops and creates it.
//
// Thread safety: dsn() may be called from any thread.
//
//   TEST(ImportTest, EveryRowArrives) {
//     pqxx::connection connection{capstone::testing::embedded_database::dsn()};
//     ...
//   }
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "db/embedded_server.hpp"

namespace capstone::testing {

class embedded_database : public ::testing::Environment {
 public:
  // dsn: the shared server's conninfo; throws embedded_server_error if it cannot start.
  [[nodiscard]] static const std::string& dsn();
  // server: the shared server itself (its port, directory, URI for psql).
  [[nodiscard]] static db::embedded_server& server();
  // TearDown: stops the server, once every test has run.
  void TearDown() override;
};

}  // namespace capstone::testing
