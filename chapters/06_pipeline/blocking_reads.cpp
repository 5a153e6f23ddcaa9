// blocking_reads.cpp - reading a file from a fiber: on the worker, a line per go::blocking call,
// or a chunk per call.
//
//   ./build/bin/ch06_blocking_reads
//
// std::getline on a file is a blocking system call: while it waits for the disk, the worker
// thread - and every fiber queued on it - waits too. go::blocking runs the read on another thread
// and parks only the calling fiber, but each call is a hand-off there and back. So read_logs
// reads a chunk of lines per call: few hand-offs, little memory. A heartbeat fiber, which beats
// whenever it gets the worker thread, shows whether other fibers could run during the read.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <go/go.hpp>

namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;

// [snippet: read_chunk]
// read_chunk: up to `lines` lines of `file`; empty at the end of the file.
std::vector<std::string> read_chunk(std::ifstream& file, std::size_t lines) {
  std::vector<std::string> chunk;
  std::string line;
  while (chunk.size() < lines && std::getline(file, line)) chunk.push_back(std::move(line));
  return chunk;
}

// count_lines: reads the whole file, `lines_per_call` lines per go::blocking call (0: directly
// on the worker thread), and returns how many lines it read.
std::size_t count_lines(const std::filesystem::path& path, std::size_t lines_per_call) {
  std::ifstream file{path};
  std::size_t total = 0;
  for (;;) {
    const auto chunk = lines_per_call == 0 ? read_chunk(file, 4096)
                                           : go::blocking([&] { return read_chunk(file, lines_per_call); });
    if (chunk.empty()) return total;
    total += chunk.size();
  }
}
// [end-snippet]

// measure: counts the lines while a heartbeat fiber beats whenever it gets the worker thread,
// and prints how long the read took and how often the heartbeat - any other fiber - ran meanwhile.
void measure(const char* name, const std::filesystem::path& path, std::size_t lines_per_call) {
  // Outside the run's main fiber, whose frame is gone once it returns: the heartbeat reads
  // `reading` once more after that. One worker thread: the two fibers never run at once.
  bool reading = true;
  long beats = 0;
  go::run([&] {
    go::spawn([&] {
      while (reading) {
        ++beats;
        go::yield();  // lets the reader run, if it can
      }
    });
    go::yield();  // the heartbeat starts before the read does
    const long beats_before = beats;
    const auto started = go::clock::now();
    const std::size_t lines = count_lines(path, lines_per_call);
    const auto took = go::clock::now() - started;
    const long beats_during = beats - beats_before;
    reading = false;
    std::printf("  %-22s %6zu lines in %7lld us; the heartbeat ran %7ld times meanwhile\n", name, lines,
                static_cast<long long>(duration_cast<microseconds>(took).count()), beats_during);
  });
}

}  // namespace

int main() {
  const auto path = std::filesystem::temp_directory_path() / "ch06_blocking_reads.log";
  {
    std::ofstream file{path};
    for (int i = 0; i < 20'000; ++i) file << "2024-03-15T09:00:00Z INFO GET /api/orders/" << i << " 200 12ms\n";
  }
  std::printf("20,000 lines, one worker thread (the file is in the page cache: a real disk is slower):\n");
  measure("on the worker thread", path, 0);
  measure("go::blocking per line", path, 1);
  measure("go::blocking per 4096", path, 4096);
  std::filesystem::remove(path);
}
