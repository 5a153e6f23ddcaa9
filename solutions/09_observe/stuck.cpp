// stuck.cpp - reference repairs of chapter 09's dump exercises (statements in stuck.hpp).
#include "stuck.hpp"

#include <mutex>
#include <sstream>

namespace ch09 {

std::string profile_cache::get(int user) {
  {
    std::lock_guard lock{mu_};
    if (auto cached = profiles_.find(user); cached != profiles_.end()) return cached->second;
  }
  std::string fetched = fetch_(user);  // blocks this fiber only: the lock is free meanwhile
  std::lock_guard lock{mu_};
  // Another caller may have fetched the same user meanwhile: the first one stored wins, so
  // every caller sees one profile per user.
  return profiles_.emplace(user, std::move(fetched)).first->second;
}

long count_matches(const std::vector<std::string>& shards, const std::string& word) {
  // The dump showed main in wait_group.wait and every search in chan send on one channel: each
  // waited for the other. Receiving a count per shard already waits for every search, so the
  // wait_group goes; each search ends once main has taken its count.
  auto counts = go::make_chan<long>();
  for (const std::string& shard : shards) {
    go::spawn_named("search", [&shard, &word, counts] { counts.send(words_in(shard, word)); });
  }
  long total = 0;
  for (std::size_t received = 0; received < shards.size(); ++received) total += *counts.recv();
  return total;
}

// words_in: given, the same as in chapters/09_observe/stuck.cpp.
long words_in(const std::string& text, const std::string& word) {
  std::istringstream words{text};
  long found = 0;
  for (std::string each; words >> each;) found += each == word ? 1 : 0;
  return found;
}

}  // namespace ch09
