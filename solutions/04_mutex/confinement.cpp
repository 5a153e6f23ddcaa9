// confinement.cpp - reference solutions to chapter 04's confinement exercises (statements in
// confinement.hpp).
#include "confinement.hpp"

#include <cstddef>
#include <exception>
#include <thread>
#include <utility>

namespace ch04 {

void double_in_background(const std::vector<int>& data, const spawner& spawn,
                          std::function<void(std::vector<int>)> report) {
  // `local = data` copies now, while the caller's vector is certainly alive and unchanged; the
  // task owns the copy and nothing else can reach it. `report` is moved in for the same reason.
  spawn([local = data, report = std::move(report)]() mutable {
    for (int& number : local) number *= 2;
    report(std::move(local));
  });
}

std::vector<processed_record> process_records(std::span<const record> records,
                                              const std::function<std::string(const record&)>& process_record) {
  std::vector<processed_record> results(records.size());  // sized up front: never reallocated
  {
    std::vector<std::jthread> threads;
    threads.reserve(records.size());
    for (std::size_t index = 0; index < records.size(); ++index) {
      threads.emplace_back([&, index] {  // index by value: each thread keeps its own
        const record& mine = records[index];
        processed_record& out = results[index];  // only this thread touches results[index]
        out.id = mine.id;
        try {
          out.result = process_record(mine);
        } catch (const std::exception& failure) {
          out.error = failure.what();
        }
      });
    }
  }  // the jthreads join here: every result is written, and visible to this thread
  return results;
}

}  // namespace ch04
