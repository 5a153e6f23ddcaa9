// Every import method against a real server: exact counts, the table's content against the
// source, rejects, database errors isolated, idempotent re-imports, and stops.
#include <algorithm>
#include <fstream>
#include <set>
#include <stop_token>
#include <string>

#include <gtest/gtest.h>

#include "db/schema.hpp"
#include "import/import.hpp"
#include "import_test_support.hpp"
#include "listings.hpp"

namespace capstone_test {
namespace {

using capstone::import_method;

class ImportMethodTest : public ::testing::TestWithParam<import_method> {
 protected:
  // request: 3000 listings, 11 of them bad, in batches of 250 by 3 workers, so that every
  // method meets several batches, a short last batch and workers finishing in any order.
  capstone::import_request request(const std::filesystem::path& file) const {
    capstone::import_request made;
    made.file = file;
    made.method = GetParam();
    made.dsn = dsn_;
    made.workers = 3;
    made.batch_size = 250;
    return made;
  }

  const std::string dsn_ = capstone_test_dsn();
  const std::filesystem::path file_ = sample_file(3000, 11, 5);
};

TEST_P(ImportMethodTest, StoresEveryGoodRowRejectsTheBadOnesAndCountsExactly) {
  const auto rejects_file = file_.parent_path() / ("rejects_" + std::string(capstone::method_name(GetParam())) + ".csv");
  auto with_rejects = request(file_);
  with_rejects.rejects_file = rejects_file;
  const auto stats = capstone::run_import(with_rejects, {});

  const table expected = good_rows(file_);
  ASSERT_EQ(expected.size(), 2989u);
  EXPECT_EQ(stats.total_records, 3000u);
  EXPECT_EQ(stats.success_count, 2989u) << "a short last batch counted as a full one?";
  EXPECT_EQ(stats.inserted, 2989u);
  EXPECT_EQ(stats.error_count, 11u);
  EXPECT_FALSE(stats.interrupted);
  EXPECT_EQ(table_rows(dsn_), expected) << "the table's content differs from the sheet's good rows";

  std::vector<std::uint32_t> rejected;
  for (const auto& reject : stats.rejects) {
    rejected.push_back(reject.row);
    EXPECT_TRUE(reject.reason == "empty name" || reject.reason.starts_with("insufficient columns")) << reject.reason;
  }
  EXPECT_EQ(rejected, bad_row_numbers(file_));
  std::ifstream csv{rejects_file};
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "row,reason");
  std::size_t lines = 0;
  while (std::getline(csv, line)) ++lines;
  EXPECT_EQ(lines, 11u);
}

TEST_P(ImportMethodTest, IsolatesTheRowsTheDatabaseRefusesAndKeepsTheRest) {
  // A constraint the importer's validation knows nothing of: every Helsinki row fails in the
  // database, scattered through every batch.
  exec(dsn_, capstone::db::create_statements());
  exec(dsn_, "ALTER TABLE businesses ADD CONSTRAINT no_helsinki CHECK (city <> 'Helsinki')");
  const auto stats = capstone::run_import(request(file_), {});

  table expected;
  for (const auto& row : good_rows(file_)) {
    if (row.find("|Helsinki|") == std::string::npos) expected.push_back(row);
  }
  const std::uint64_t refused = good_rows(file_).size() - expected.size();
  ASSERT_GT(refused, 20u);
  EXPECT_EQ(stats.success_count, expected.size());
  EXPECT_EQ(stats.error_count, 11u + refused);
  EXPECT_EQ(stats.total_records, 3000u);
  const auto database_rejects = std::count_if(stats.rejects.begin(), stats.rejects.end(), [](const auto& reject) {
    return reject.reason.find("no_helsinki") != std::string::npos;
  });
  EXPECT_EQ(static_cast<std::uint64_t>(database_rejects), refused);
  EXPECT_EQ(table_rows(dsn_), expected);
}

TEST_P(ImportMethodTest, KeyMakesAReimportNeitherDuplicateNorLose) {
  auto keyed = request(file_);
  keyed.key = "email";  // the generator's emails repeat: the file itself has duplicate keys
  const auto first = capstone::run_import(keyed, {});
  const std::uint64_t distinct = query_count(dsn_, "SELECT count(DISTINCT email) FROM businesses");
  EXPECT_EQ(query_count(dsn_, "SELECT count(*) FROM businesses"), distinct);
  EXPECT_EQ(first.inserted, distinct);
  EXPECT_EQ(first.inserted + first.skipped, 2989u);
  EXPECT_EQ(first.error_count, 11u);

  const auto again = capstone::run_import(keyed, {});
  EXPECT_EQ(again.inserted, 0u);
  EXPECT_EQ(again.skipped, 2989u);
  EXPECT_EQ(query_count(dsn_, "SELECT count(*) FROM businesses"), distinct);

  exec(dsn_, "UPDATE businesses SET city = 'nowhere'");
  keyed.on_conflict = capstone::conflict_action::update;
  const auto updated = capstone::run_import(keyed, {});
  EXPECT_EQ(updated.inserted, 0u);
  EXPECT_EQ(updated.updated + updated.skipped, 2989u);
  EXPECT_EQ(query_count(dsn_, "SELECT count(*) FROM businesses WHERE city = 'nowhere'"), 0u);
  EXPECT_EQ(query_count(dsn_, "SELECT count(*) FROM businesses"), distinct);
}

TEST_P(ImportMethodTest, AStopLeavesExactlyTheCountedRowsAndNoHalfBatch) {
  // The stop comes when progress is first reported, wherever the import has got by then; and
  // whatever that is, the table holds exactly the rows the stats count, in whole batches.
  const auto file = sample_file(20'000, 0, 9);
  std::stop_source stop;
  auto stopping = request(file);
  stopping.on_progress = [&](const capstone::import_progress&) { stop.request_stop(); };
  const auto stats = capstone::run_import(stopping, stop.get_token());
  const std::uint64_t stored = query_count(dsn_, "SELECT count(*) FROM businesses");
  EXPECT_EQ(stored, stats.success_count);
  EXPECT_EQ(stats.total_records, stats.success_count + stats.error_count);
  if (stats.interrupted) {
    EXPECT_LT(stats.total_records, 20'000u);
    if (GetParam() != import_method::sequential && GetParam() != import_method::concurrent) {
      EXPECT_EQ(stored % 250, 0u) << "a batch was committed in part";
    }
  } else {
    EXPECT_EQ(stored, 20'000u);
  }
}

TEST_P(ImportMethodTest, AStopBeforeTheStartWritesNothing) {
  std::stop_source stop;
  stop.request_stop();
  const auto stats = capstone::run_import(request(file_), stop.get_token());
  EXPECT_TRUE(stats.interrupted);
  EXPECT_EQ(stats.success_count, 0u);
  EXPECT_EQ(query_count(dsn_, "SELECT count(*) FROM businesses"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Methods, ImportMethodTest,
                         ::testing::Values(import_method::sequential, import_method::concurrent, import_method::batch,
                                           import_method::copy, import_method::pipeline),
                         [](const auto& method) { return std::string(capstone::method_name(method.param)); });

}  // namespace
}  // namespace capstone_test
