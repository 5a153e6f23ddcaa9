// show.cpp - runs your version of one exercise and shows what the toolkit sees of it.
//
//   ./build/bin/ch09_show                   # make_thumbnails: run it traced with ./workbook trace 09
//   ./build/bin/ch09_show check_links       # the pool, and go::stats: how many fibers it spawned
//   ./build/bin/ch09_show profile_cache     # a fiber dump taken while four callers use the cache
//   ./build/bin/ch09_show count_matches     # the search; if it hangs, the deadlock report
//
// It is linked with YOUR chapters/09_observe code: before you repair an exercise it shows the
// symptom (one slow stage, a queue on a mutex, the hang), afterwards the repaired behaviour.
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <go/go.hpp>

#include "stuck.hpp"
#include "throughput.hpp"

namespace {

using namespace std::chrono_literals;

// in_a_run: runs `body` in go::run on `threads` workers, prints what escaped, if anything - a
// panic, or go::deadlock's report of every blocked fiber - then the run's last statistics.
void in_a_run(const std::function<void()>& body, unsigned threads = 1) {
  try {
    go::run(
        [&body] {
          body();
          std::cout << "\ngo::stats() at the end: " << go::stats() << '\n';
        },
        {.threads = threads});
  } catch (const std::exception& escaped) {
    std::cout << "\ngo::run threw: " << escaped.what() << '\n';
  }
}

void show_make_thumbnails() {
  in_a_run(
      [] {
        std::vector<int> ids;
        for (int id = 1; id <= 24; ++id) ids.push_back(id);
        const auto started = std::chrono::steady_clock::now();
        const std::vector<ch09::thumbnail> made = ch09::make_thumbnails(ids, 4);
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        std::cout << made.size() << " thumbnails of 24 photos in " << took.count() << " ms (4 workers)\n"
                  << "the timeline of this run: ./workbook trace 09 (it prints where each stage waited)\n";
      },
      2);
}

void show_check_links() {
  in_a_run([] {
    std::vector<std::string> urls;
    for (int i = 0; i < 50; ++i) urls.push_back("https://example.com/" + std::to_string(i));
    const std::vector<int> statuses = ch09::check_links(urls, 5, [](const std::string&) {
      go::sleep(1ms);  // the request
      return 200;
    });
    std::cout << statuses.size() << " urls checked with a limit of 5; spawned below counts main and every "
              << "fiber the pool started\n";
  });
}

void show_profile_cache() {
  in_a_run([] {
    ch09::profile_cache cache{[](int user) {
      go::sleep(50ms);  // the profile service
      return "profile " + std::to_string(user);
    }};
    go::wait_group callers;
    callers.add(4);
    for (int user = 1; user <= 4; ++user) {
      go::spawn_named("caller", [&cache, &callers, user] {
        (void)cache.get(user);
        callers.done();
      });
    }
    go::sleep(10ms);  // every caller is inside get now
    std::cout << "the fiber dump 10 ms after four callers asked for four users:\n\n";
    go::dump_fibers(std::cout);
    callers.wait();
  });
}

void show_count_matches() {
  in_a_run([] {
    const long total = ch09::count_matches({"go stop go", "gopher go", "go"}, "go");
    std::cout << "\"go\" occurs " << total << " times in three shards\n";
  });
}

struct exercise {
  std::string_view name;
  void (*show)();
};

constexpr exercise exercises[] = {
    {"make_thumbnails", show_make_thumbnails},
    {"check_links", show_check_links},
    {"profile_cache", show_profile_cache},
    {"count_matches", show_count_matches},
};

}  // namespace

int main(int argc, char** argv) {
  // Line by line also into a pipe, so that our lines and the toolkit's reports on stderr keep
  // their order.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  // With no argument, the pipeline: `./workbook trace 09` runs this program as it is.
  const std::string_view wanted = argc > 1 ? argv[1] : "make_thumbnails";
  for (const exercise& one : exercises) {
    if (one.name == wanted) {
      one.show();
      return 0;
    }
  }
  std::printf("usage: ch09_show [EXERCISE] - one of:");
  for (const exercise& one : exercises) std::printf(" %s", one.name.data());
  std::printf("\n");
  return 2;
}
