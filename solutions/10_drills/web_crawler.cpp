// web_crawler.cpp - reference solution of the drill web_crawler (see web_crawler.hpp).
//
// One coordinator - the calling fiber - owns the set of seen URLs, so it needs no lock
// (confinement). Each new URL gets a fiber that fetches it and sends the links back; a channel
// holding max_in_flight tokens is the semaphore that bounds the fetches. The coordinator counts
// the pages still outstanding and returns when none are: every fiber has sent its links by then.
#include "web_crawler.hpp"

#include <set>

#include <go/go.hpp>

namespace ch10 {

std::vector<std::string> crawl(const std::string& start, const fetch_links& fetch, int max_in_flight) {
  auto found = go::make_chan<std::vector<std::string>>();
  auto fetch_slots = go::make_chan<go::empty>(static_cast<std::size_t>(max_in_flight));
  auto visit = [&](const std::string& url) {
    go::spawn([url, &fetch, found, fetch_slots] {
      fetch_slots.send({});  // blocks while max_in_flight fetches are running
      auto links = fetch(url);
      fetch_slots.recv();
      found.send(std::move(links));
    });
  };

  std::set<std::string> seen{start};
  std::vector<std::string> pages{start};
  visit(start);
  for (int outstanding = 1; outstanding > 0; --outstanding) {
    // Named, not `for (link : found.recv().value())`: until C++23 the optional that recv()
    // returns would be destroyed before the loop's first iteration.
    const std::vector<std::string> links = found.recv().value();
    for (const auto& link : links) {
      if (seen.insert(link).second) {
        pages.push_back(link);
        visit(link);
        ++outstanding;
      }
    }
  }
  return pages;
}

}  // namespace ch10
