// logs.hpp - chapter 06's log-processing pipeline: read -> parse -> filter errors -> format.
//
// Two exercises, read_logs and process_logs; parse_log_line and format_log_entry are given.
// Write the bodies in logs.cpp, then run `./workbook check 06 read_logs`.
//
//   go::run([] {
//     for (const std::string& line : ch06::process_logs("/var/log/orders/app.log")) {
//       std::cout << line << '\n';   // [2024-03-15T09:00:09Z] ERROR: payment gateway timeout ...
//     }
//   });
//
// A log line is "<RFC 3339 timestamp> <LEVEL> <message>", for example
//   2024-03-15T09:00:09Z ERROR payment gateway timeout after 5s for order 1045
// Lines that do not have that shape (stack trace lines, blank lines) are not entries.
#pragma once

#include <cctype>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <go/go.hpp>

#include "pipeline.hpp"

namespace ch06 {

// log_entry: one parsed line (the guide's LogEntry; the timestamp stays text).
struct log_entry {
  std::string timestamp;
  std::string level;  // DEBUG, INFO, WARN or ERROR
  std::string message;
  friend bool operator==(const log_entry&, const log_entry&) = default;
};

// parse_log_line: the entry a line holds, or nothing if the line is not an entry (given; the
// guide's parseLogLine).
inline std::optional<log_entry> parse_log_line(std::string_view line) {
  // "2024-03-15T09:00:09Z": a date, a 'T', a time, then a zone ('Z' or an offset).
  auto looks_like_timestamp = [](std::string_view text) {
    constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd";  // d: a digit
    if (text.size() <= shape.size()) return false;
    for (std::size_t i = 0; i < shape.size(); ++i) {
      const bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
      if (shape[i] == 'd' ? !digit : text[i] != shape[i]) return false;
    }
    return true;
  };
  const std::size_t first_space = line.find(' ');
  if (first_space == std::string_view::npos) return std::nullopt;
  const std::size_t second_space = line.find(' ', first_space + 1);
  if (second_space == std::string_view::npos) return std::nullopt;
  log_entry entry{std::string{line.substr(0, first_space)},
                  std::string{line.substr(first_space + 1, second_space - first_space - 1)},
                  std::string{line.substr(second_space + 1)}};
  const bool known_level =
      entry.level == "DEBUG" || entry.level == "INFO" || entry.level == "WARN" || entry.level == "ERROR";
  if (!looks_like_timestamp(entry.timestamp) || !known_level || entry.message.empty()) return std::nullopt;
  return entry;
}

// format_log_entry: "[timestamp] LEVEL: message" (given; the guide's formatLog stage formats so).
inline std::string format_log_entry(const log_entry& entry) {
  return "[" + entry.timestamp + "] " + entry.level + ": " + entry.message;
}

// read_logs: the source stage. Opens `path` - throwing std::runtime_error naming the path if it
// cannot, before any fiber starts - then sends each line of the file, in order and without its
// '\n', on the returned channel, and closes it after the last line or when `done` is closed.
// The guide's readLogs:
//
//   func readLogs(done <-chan struct{}, path string) <-chan string {
//       out := make(chan string)
//       go func() {
//           defer close(out)
//           file, err := os.Open(path)
//           if err != nil { log.Printf("Error opening file: %v", err); return }
//           defer file.Close()
//           scanner := bufio.NewScanner(file)
//           for scanner.Scan() {
//               select {
//               case out <- scanner.Text():
//               case <-done:
//                   return
//               }
//           }
//       }()
//       return out
//   }
//
// Reading a file is a blocking system call: it stalls the worker thread and every fiber queued
// on it. Do the opening and the reading inside go::blocking, a chunk of lines per call (a call
// per line pays a thread hand-off per line; the whole file at once holds it all in memory).
//
// Tests: every line of tests/06_pipeline/data/app.log, in order, then the close; a last line
// without '\n' is still sent; all 10,000 lines of a file longer than one chunk; a consumer that
// takes three lines and closes `done` leaves no fiber; a file that does not exist throws
// std::runtime_error whose message names it.
go::recv_chan<std::string> read_logs(done_chan done, const std::filesystem::path& path);

// process_logs: the guide's processLogs. Builds read_logs -> parse (parse_log_line; lines that
// are not entries are dropped) -> filter (level ERROR only) -> format (format_log_entry), each
// stage a fiber that honours `done`, and returns the formatted errors in file order. It stops
// after `limit` of them: it closes `done`, so the stages still running end.
//
//   lines := readLogs(done, logFile)
//   entries := parseLog(done, lines)
//   errors := filterErrors(done, entries)
//   formatted := formatLog(done, errors)
//   for log := range formatted { fmt.Println(log) }
//
// Tests: the five errors of app.log, formatted, in order (a stack trace line and a line that is
// not an entry are in between); with limit 2 the first two, and no fiber left running; with
// limit 0 nothing; a missing file throws std::runtime_error.
std::vector<std::string> process_logs(const std::filesystem::path& path,
                                      std::size_t limit = std::numeric_limits<std::size_t>::max());

}  // namespace ch06
