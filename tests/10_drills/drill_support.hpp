// drill_support.hpp - what chapter 10's drill tests share: many random schedules, a transcript.
//
//   for (int round = 0; round < drill_test::rounds; ++round) {
//     ch10::print_in_order printer;               // outside the run: it outlives every fiber
//     drill_test::transcript out;
//     drill_test::schedule random{round};
//     auto spawn_callers = [&] { drill_test::spawn_in_order(random, random.shuffled(3), {...callers...}); };
//     if (!drill_test::run_round(spawn_callers, "what a deadlock here means")) return;
//     ASSERT_EQ(out.text(), "...") << "round " << round;
//   }
//
// - run_round: go::testing::run on parallel_threads worker threads. A run that gets stuck -
//   go::deadlock, go::fiber_leak, go::run_timeout - fails the test with `what_went_wrong` and
//   the toolkit's fiber report, and returns false; any other exception (go::not_implemented from
//   a stub) goes on up and fails the test with its message.
// - schedule: a seeded random source. shuffled(n) is an order to spawn n callers in (with
//   spawn_in_order, which starts each after a jitter); jitter() yields 0 to 3 times, so that
//   every round interleaves the fibers differently. The seed is the round number, so a failing
//   round fails again the same way (on one worker thread).
// - transcript: what the callbacks print, appended from any fiber or thread.
//
// What the fibers share lives outside the run: go::run returns only after every fiber has
// ended, also when a stub's exception ends the run early, so that state outlives them all.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace drill_test {

// parallel_threads: two worker threads, so that fibers really run at the same time - also
// under ThreadSanitizer, which follows a fiber from one thread to another (the toolkit tells it
// about every switch, lib/src/tsan_fibers.hpp), so it checks the drills for races too.
inline constexpr unsigned parallel_threads = 2;

// rounds: how many random schedules a drill's ordering test tries.
inline constexpr int rounds = 200;

// run_round: see the header comment.
template <class F>
bool run_round(F body, std::string_view what_went_wrong, unsigned threads = parallel_threads) {
  try {
    go::testing::run(body, {.threads = threads});
    return true;
  } catch (const go::deadlock& stuck) {
    ADD_FAILURE() << what_went_wrong << "\n\ngo::run reported:\n" << stuck.what();
  } catch (const go::fiber_leak& stuck) {
    ADD_FAILURE() << what_went_wrong << "\n\ngo::run reported:\n" << stuck.what();
  } catch (const go::run_timeout& stuck) {
    ADD_FAILURE() << what_went_wrong << "\n\ngo::run reported:\n" << stuck.what();
  }
  return false;
}

// schedule: see the header comment. Thread safety: any fiber or thread may call jitter.
class schedule {
 public:
  explicit schedule(int seed) : seed_{static_cast<std::uint64_t>(seed)} {}

  // shuffled: 0 .. n-1 in a random order (Fisher-Yates).
  std::vector<int> shuffled(int n) {
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[next() % i]);
    return order;
  }

  // below: a random number in 0 .. bound-1.
  int below(int bound) { return static_cast<int>(next() % static_cast<std::uint64_t>(bound)); }

  // jitter: yields 0 to 3 times.
  void jitter() {
    for (auto yields = next() % 4; yields > 0; --yields) go::yield();
  }

 private:
  // next: splitmix64 of the seed and a draw counter - one atomic add, so fibers on several
  // threads may draw at once (std::mt19937 would need a lock).
  std::uint64_t next() {
    std::uint64_t z = seed_ * 0x9E3779B97F4A7C15ULL + draws_.fetch_add(1) * 0xBF58476D1CE4E5B9ULL + 1;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  std::uint64_t seed_;
  std::atomic<std::uint64_t> draws_{0};
};

// spawn_in_order: one fiber per caller, callers[order[0]] spawned first, each starting after a
// jitter - the turn-taking drills' callers, spawned in random.shuffled(n) order or a chosen one.
inline void spawn_in_order(schedule& random, const std::vector<int>& order,
                           std::vector<std::function<void()>> callers) {
  for (int index : order) {
    go::spawn([&random, call = std::move(callers[static_cast<std::size_t>(index)])] {
      random.jitter();
      call();
    });
  }
}

// transcript: see the header comment. A std::mutex is right here: it is never held across a
// fiber switch (append does not block on the toolkit).
class transcript {
 public:
  void append(std::string_view piece) {
    std::lock_guard lock{mu_};
    text_ += piece;
  }
  [[nodiscard]] std::string text() const {
    std::lock_guard lock{mu_};
    return text_;
  }

 private:
  mutable std::mutex mu_;
  std::string text_;  // guarded by mu_
};

// repeated: `piece` n times.
inline std::string repeated(std::string_view piece, int n) {
  std::string text;
  for (int i = 0; i < n; ++i) text += piece;
  return text;
}

}  // namespace drill_test
