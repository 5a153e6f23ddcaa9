// web_crawler.hpp - drill: a concurrent web crawler (LeetCode 1242; the Go tour's last
// exercise). Statement: hints.md, "web_crawler".
//
// crawl() visits every page reachable from `start` by following links, fetching each page
// exactly once, with up to `max_in_flight` fetches running at the same time:
//
//   auto pages = ch10::crawl("https://go.dev/", fetch_links_of, 8);
//
// `fetch` is the slow part (a network call in real life, a fake link graph in the tests); it
// may be called from several fibers at once. Your work is all in web_crawler.cpp.
//
// Thread safety: crawl may be called from any fiber; it calls fetch from fibers of its own.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace ch10 {

// fetch_links: the links on page `url`, in page order (duplicates and cycles included).
using fetch_links = std::function<std::vector<std::string>(const std::string& url)>;

// crawl: every URL reachable from `start`, `start` included, in any order. Calls fetch once per
// URL, never more than `max_in_flight` (>= 1) calls at a time, and returns after the last.
std::vector<std::string> crawl(const std::string& start, const fetch_links& fetch, int max_in_flight);

}  // namespace ch10
