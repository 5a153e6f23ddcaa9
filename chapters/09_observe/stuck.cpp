// stuck.cpp - your answers to chapter 09's dump exercises (statements in stuck.hpp).
//
// Both stubs run - wrongly. Run `./build/bin/ch09_show <exercise>` and read the fiber dump it
// prints, then repair each TODO(exercise) and run `./workbook check 09 <exercise>`.
#include "stuck.hpp"

#include <mutex>
#include <sstream>

namespace ch09 {

// [snippet: profile_cache]
std::string profile_cache::get(int user) {
  // TODO(exercise): hold the lock to read and write the map, never across the fetch.
  std::lock_guard lock{mu_};
  auto cached = profiles_.find(user);
  if (cached == profiles_.end()) {
    cached = profiles_.emplace(user, fetch_(user)).first;  // blocks, and every caller with it
  }
  return cached->second;
}
// [end-snippet]

// [snippet: count_matches]
long count_matches(const std::vector<std::string>& shards, const std::string& word) {
  // TODO(exercise): the fiber dump of the hang says who waits for whom. Break the circle.
  auto counts = go::make_chan<long>();
  go::wait_group searching;
  for (const std::string& shard : shards) {
    searching.add(1);
    go::spawn_named("search", [&shard, &word, counts, &searching] {
      counts.send(words_in(shard, word));
      searching.done();
    });
  }
  searching.wait();  // every search must finish before we add up
  long total = 0;
  for (std::size_t received = 0; received < shards.size(); ++received) total += *counts.recv();
  return total;
}
// [end-snippet]

// words_in: given, not part of the exercise.
long words_in(const std::string& text, const std::string& word) {
  std::istringstream words{text};
  long found = 0;
  for (std::string each; words >> each;) found += each == word ? 1 : 0;
  return found;
}

}  // namespace ch09
