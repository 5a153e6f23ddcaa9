// web_crawler_test.cpp - the drill web_crawler on a fake link graph: every page once, a bounded
// number of fetches at a time, and truly in parallel.
#include "web_crawler.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using drill_test::schedule;

// link_graph: a fake web. Page "p<i>" links to the pages listed for it; fetches are counted.
struct link_graph {
  std::map<std::string, std::vector<std::string>> links;
  go::testing::counters fetched;

  explicit link_graph(std::map<std::string, std::vector<std::string>> graph)
      : links{std::move(graph)}, fetched{links.size()} {}

  std::vector<std::string> fetch(const std::string& url) {
    const auto page = links.find(url);
    if (page == links.end()) {
      ADD_FAILURE() << "fetched " << url << ", which no page links to";
      return {};
    }
    fetched.add(static_cast<std::size_t>(std::distance(links.begin(), page)));
    return page->second;
  }
  // names_fetched_other_than_once: the pages fetched zero times or several times.
  std::vector<std::string> names_fetched_other_than_once() const {
    std::vector<std::string> names;
    for (std::size_t i : fetched.indexes_not_seen_once()) names.push_back(std::next(links.begin(), i)->first);
    return names;
  }
};

// random_graph: pages p0 .. p<count-1>, each linking to `fanout` random pages (cycles, self
// links and duplicates included); p0 reaches every page through the chain p0 -> p1 -> ...
std::map<std::string, std::vector<std::string>> random_graph(int count, int fanout, schedule& random) {
  std::map<std::string, std::vector<std::string>> graph;
  for (int i = 0; i < count; ++i) {
    auto& links = graph["p" + std::to_string(i)];
    if (i + 1 < count) links.push_back("p" + std::to_string(i + 1));
    for (int k = 0; k < fanout; ++k) links.push_back("p" + std::to_string(random.below(count)));
  }
  return graph;
}

std::vector<std::string> sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST(WebCrawlerTest, FetchesEveryReachablePageExactlyOnce) {
  link_graph web{{{"home", {"about", "blog", "home"}},
                  {"about", {"home", "team"}},
                  {"blog", {"post1", "post2", "about"}},
                  {"post1", {"blog", "post2"}},
                  {"post2", {"post1", "post2"}},
                  {"team", {}},
                  {"unlinked", {"home"}}}};
  std::vector<std::string> pages;
  ASSERT_TRUE(drill_test::run_round(
      [&] { pages = ch10::crawl("home", [&](const std::string& url) { return web.fetch(url); }, 2); },
      "crawl never returned: it must return once no fetch is outstanding"));
  EXPECT_EQ(sorted(pages), (std::vector<std::string>{"about", "blog", "home", "post1", "post2", "team"}));
  EXPECT_EQ(web.names_fetched_other_than_once(), std::vector<std::string>{"unlinked"})
      << "each reachable page must be fetched exactly once, and only those";
}

TEST(WebCrawlerTest, APageWithoutLinksIsTheWholeCrawl) {
  link_graph web{{{"lonely", {}}}};
  std::vector<std::string> pages;
  ASSERT_TRUE(drill_test::run_round(
      [&] { pages = ch10::crawl("lonely", [&](const std::string& url) { return web.fetch(url); }, 3); },
      "crawl never returned for a page without links"));
  EXPECT_EQ(pages, std::vector<std::string>{"lonely"});
}

TEST(WebCrawlerTest, NeverMoreThanMaxInFlightFetchesOnTwoThreads) {
  for (int round = 0; round < drill_test::rounds / 10; ++round) {
    schedule random{round};
    link_graph web{random_graph(60, 4, random)};
    const int max_in_flight = 1 + random.below(4);
    go::testing::gauge in_flight;
    std::vector<std::string> pages;
    ASSERT_TRUE(drill_test::run_round(
        [&] {
          pages = ch10::crawl(
              "p0",
              [&](const std::string& url) {
                in_flight.enter();
                random.jitter();
                auto links = web.fetch(url);
                in_flight.leave();
                return links;
              },
              max_in_flight);
        },
        "crawl never returned: it must return once no fetch is outstanding"));
    ASSERT_LE(in_flight.peak(), max_in_flight) << "round " << round << ": more fetches at once than allowed";
    ASSERT_EQ(pages.size(), 60U) << "round " << round;
    ASSERT_EQ(web.names_fetched_other_than_once(), std::vector<std::string>{}) << "round " << round;
  }
}

TEST(WebCrawlerTest, FetchesUpToMaxInFlightPagesAtTheSameTime) {
  // The four children of "root" each wait in fetch until all four are being fetched: a crawler
  // that fetches one page at a time never gets there, and go::run reports a deadlock.
  link_graph web{{{"root", {"a", "b", "c", "d"}}, {"a", {}}, {"b", {}}, {"c", {}}, {"d", {}}}};
  go::testing::fiber_latch all_four_fetching{4};
  std::vector<std::string> pages;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        pages = ch10::crawl(
            "root",
            [&](const std::string& url) {
              if (url != "root") all_four_fetching.arrive_and_wait();
              return web.fetch(url);
            },
            4);
      },
      "the fetches of a, b, c and d never ran at the same time: with max_in_flight = 4, fetch "
      "them in fibers of their own"));
  EXPECT_EQ(sorted(pages), (std::vector<std::string>{"a", "b", "c", "d", "root"}));
}
