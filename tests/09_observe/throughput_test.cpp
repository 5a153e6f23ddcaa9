// throughput_test.cpp - chapter 09's timeline exercises: make_thumbnails, check_links.
//
// Every assertion reads the run's recorded timeline: how many fibers of a stage were live at
// once, and whether two stages overlapped. Nothing is timed.
#include "throughput.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <go/go.hpp>
#include <go/testing_trace.hpp>
#include <gtest/gtest.h>

namespace {

// stage_widths: "fetch=1 resize=4 compress=1", the most fibers of each stage live at once.
std::string stage_widths(const go::testing::run_trace& trace, std::initializer_list<std::string_view> stages) {
  std::ostringstream widths;
  for (std::string_view stage : stages) widths << stage << '=' << trace.max_at_once(stage) << ' ';
  return widths.str();
}

std::vector<int> ids(int n) {
  std::vector<int> all;
  for (int id = 1; id <= n; ++id) all.push_back(id);
  return all;
}

TEST(MakeThumbnailsTest, FansOutTheSlowStageOnly) {
  const go::testing::run_trace trace = go::testing::run_traced([] { (void)ch09::make_thumbnails(ids(24), 4); });
  ASSERT_FALSE(trace.error) << trace.error_message();
  const std::string widths = stage_widths(trace, {"fetch", "resize", "compress"});
  const long slow_stage_fibers = trace.max_at_once("resize");  // named so that a failure does not say which
  EXPECT_EQ(slow_stage_fibers, 4)
      << "the slow stage must run in `workers` (4) fibers of its name at once; fibers live at once per stage: "
      << widths << "- which stage did the others wait for? (./workbook trace 09)";
  EXPECT_EQ(trace.max_at_once("fetch"), 1) << "fetch waits anyway: keep it one fiber (" << widths << ")";
  EXPECT_EQ(trace.max_at_once("compress"), 1) << "compress waits anyway: keep it one fiber (" << widths << ")";
}

TEST(MakeThumbnailsTest, DeliversEveryPhotoOnceWithTheStagesOverlapping) {
  std::vector<ch09::thumbnail> made;
  const go::testing::run_trace trace =
      go::testing::run_traced([&made] { made = ch09::make_thumbnails(ids(40), 3); }, {.threads = 2});
  ASSERT_FALSE(trace.error) << trace.error_message();
  std::sort(made.begin(), made.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  ASSERT_EQ(made.size(), 40u) << "every photo gives exactly one thumbnail";
  for (int id = 1; id <= 40; ++id) {
    EXPECT_EQ(made[id - 1].id, id);
    EXPECT_EQ(made[id - 1].pixels, "zip(thumb(photo-" + std::to_string(id) + "))")
        << "each photo goes through fetch, resize and compress";
  }
  EXPECT_TRUE(trace.overlapped("fetch", "resize")) << "fetch and resize must run at the same time";
  EXPECT_TRUE(trace.overlapped("resize", "compress")) << "resize and compress must run at the same time";
  const long slow_stage_fibers = trace.max_at_once("resize");
  EXPECT_EQ(slow_stage_fibers, 3)
      << "the slow stage must run in `workers` (3) fibers at once; per stage: "
      << stage_widths(trace, {"fetch", "resize", "compress"});
  EXPECT_TRUE(trace.left_blocked().empty()) << "a fiber was left blocked: is every channel closed?";
}

// status: a status per url, made up from its text; the checker yields so that every fiber of
// the pool gets to run while the others check.
int status(const std::string& url) {
  go::yield();
  return url.ends_with("/gone") ? 404 : 200;
}

std::vector<std::string> urls(int n) {
  std::vector<std::string> all;
  for (int i = 0; i < n; ++i) all.push_back("https://example.com/" + std::to_string(i) + (i % 7 == 3 ? "/gone" : ""));
  return all;
}

void expect_statuses_in_place(const std::vector<std::string>& checked, const std::vector<int>& statuses) {
  ASSERT_EQ(statuses.size(), checked.size()) << "one status per url";
  for (std::size_t i = 0; i < checked.size(); ++i) {
    EXPECT_EQ(statuses[i], status(checked[i])) << "the status of " << checked[i] << " belongs in slot " << i;
  }
}

TEST(CheckLinksTest, NeverHasMoreCheckersLiveThanTheLimit) {
  const std::vector<std::string> checked = urls(50);
  std::vector<int> statuses;
  const go::testing::run_trace trace =
      go::testing::run_traced([&] { statuses = ch09::check_links(checked, 5, status); });
  ASSERT_FALSE(trace.error) << trace.error_message();
  EXPECT_EQ(trace.max_at_once("checker"), 5)
      << "a pool of 5 has exactly 5 fibers named \"checker\" live at once: more is not bounded (a fiber waiting "
         "for a slot is live too), 0 means the fibers are not named \"checker\" (go::spawn_named)";
  expect_statuses_in_place(checked, statuses);
}

TEST(CheckLinksTest, ChecksEveryUrlOnceOnTwoThreads) {
  const std::vector<std::string> checked = urls(60);
  std::map<std::string, int> calls;
  go::mutex calls_mu;
  std::vector<int> statuses;
  const go::testing::run_trace trace = go::testing::run_traced(
      [&] {
        statuses = ch09::check_links(checked, 3, [&](const std::string& url) {
          {
            std::lock_guard lock{calls_mu};
            ++calls[url];
          }
          return status(url);
        });
      },
      {.threads = 2});
  ASSERT_FALSE(trace.error) << trace.error_message();
  EXPECT_EQ(trace.max_at_once("checker"), 3) << "a pool of 3 \"checker\" fibers, live at once";
  EXPECT_EQ(calls.size(), checked.size()) << "every url is checked";
  for (const auto& [url, times] : calls) EXPECT_EQ(times, 1) << url << " is checked exactly once";
  expect_statuses_in_place(checked, statuses);
}

}  // namespace
