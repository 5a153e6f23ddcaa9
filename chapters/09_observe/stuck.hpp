// stuck.hpp - two broken programs to diagnose from a fiber dump, then repair.
//
// A dump lists every fiber with what it is blocked on (go/observe.hpp): `kill -QUIT <pid>` or
// go::dump_fibers(std::cerr) prints one from a running program, and the deadlock report of a
// hung one prints the same lines. Read the dump first:
//
//   ./build/bin/ch09_show profile_cache   # a dump taken while your cache serves four callers
//   ./build/bin/ch09_show count_matches   # your search: the deadlock report, if it hangs
//   ./workbook check 09 profile_cache     # the tests
//
// Call them from inside go::run:
//
//   go::run([] {
//     ch09::profile_cache cache{[](int user) { return load_profile(user); }};
//     std::cout << cache.get(7) << ' ' << ch09::count_matches({"a b a", "b a"}, "a") << '\n';
//   });
//
// Exercises: profile_cache (the fiber that holds a mutex across a blocking call), count_matches
// (a hung program). The timeline exercises are in throughput.hpp.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <go/go.hpp>

namespace ch09 {

// profile_cache: user profiles, each fetched once by the function given and then served from
// memory.
//
// The stub holds the cache's go::mutex across the fetch - a call to the profile service, which
// blocks its fiber for as long as the service takes. Every other caller, even one whose
// profile is already cached, queues on the mutex meanwhile: the cache serves one caller at a
// time. Nothing fails, it is only slow, so the tests catch it by counting, and you find it in a
// dump: one fiber blocked in the fetch (here `sleep`), and the others `mutex.lock` on the same
// mutex - the fiber that is not waiting for the lock is the one holding it.
//
// Hold the lock only to read and write the map: look up under the lock, fetch with it
// released, then lock again to store. Two callers that miss the same user at once may both
// fetch it; keep the first profile stored (Go would reach for singleflight to fetch it once).
//
// Tests: on one thread, eight callers of different users: no fiber ever blocked on the mutex
// (go::stats().blocked(go::block_kind::mutex) == 0); four fetches of different users are in
// progress at once, on one thread and on two; a second get of a user does not fetch again.
//
// Thread safety: get may be called from any fiber at once.
class profile_cache {
 public:
  explicit profile_cache(std::function<std::string(int)> fetch) : fetch_{std::move(fetch)} {}
  profile_cache(const profile_cache&) = delete;
  profile_cache& operator=(const profile_cache&) = delete;

  // get: the profile of `user`, fetched on its first get.
  [[nodiscard]] std::string get(int user);

 private:
  std::function<std::string(int)> fetch_;
  go::mutex mu_;
  std::map<int, std::string> profiles_;  // guarded by mu_
};

// count_matches: how many times `word` occurs (as a whole, space-separated word) in all of
// `shards`, searched at once: one fiber named "search" per shard, each counting its shard with
// words_in (given) and sending its count to the caller, which adds them up.
//
// The stub hangs. Run `./build/bin/ch09_show count_matches`: the toolkit sees that no fiber can
// ever run again and prints its deadlock report - the fiber dump of the hung program. Read what
// main waits on, what each "search" fiber waits on, and why neither can go on first. (Go's
// runtime says "all goroutines are asleep - deadlock!" and dumps them the same way.)
//
// Tests: five shards on one thread and twenty on two give the right total, with one "search"
// fiber per shard, no go::deadlock, and no fiber left blocked.
long count_matches(const std::vector<std::string>& shards, const std::string& word);

// words_in: how many times `word` occurs in `text` as a whole, space-separated word.
long words_in(const std::string& text, const std::string& word);

}  // namespace ch09
