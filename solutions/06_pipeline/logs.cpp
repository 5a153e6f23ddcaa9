// logs.cpp - reference solutions to chapter 06's log pipeline exercises (statements in logs.hpp).
#include "logs.hpp"

#include <fstream>
#include <stdexcept>
#include <utility>

namespace ch06 {

namespace {

// lines_per_read: how many lines one go::blocking call reads. Each call hands the fiber's work
// to another thread and back (microseconds); a chunk spreads that cost over many lines while
// holding only a few kilobytes, so the file may be as large as the disk.
constexpr std::size_t lines_per_read = 256;

template <class T>
bool send_or_stop(const go::send_chan<T>& out, T value, const done_chan& done) {
  return go::select(go::send(out, std::move(value)), go::recv(done)) == 0;
}

// read_chunk: up to lines_per_read lines of `file`; empty at the end. Runs on a blocking thread.
std::vector<std::string> read_chunk(std::ifstream& file) {
  std::vector<std::string> lines;
  std::string line;
  while (lines.size() < lines_per_read && std::getline(file, line)) lines.push_back(std::move(line));
  return lines;
}

// send_lines: sends the lines of `file` on `out`, a chunk per go::blocking call, until the end
// of the file or until `done` is closed.
void send_lines(std::ifstream& file, const go::send_chan<std::string>& out, const done_chan& done) {
  for (;;) {
    std::vector<std::string> chunk = go::blocking([&] { return read_chunk(file); });
    if (chunk.empty()) return;
    for (std::string& line : chunk) {
      if (!send_or_stop(out, std::move(line), done)) return;
    }
  }
}

// stage: a fiber that sends step(v) for each v of `in`, dropping the empty optionals - the
// shape shared by the parse, filter and format stages.
template <class In, class Out, class Step>
go::recv_chan<Out> stage(done_chan done, go::recv_chan<In> in, Step step) {
  auto out = go::make_chan<Out>();
  go::spawn([done, in, out = go::send_chan<Out>{out}, step = std::move(step)] {
    for (In& value : in) {
      std::optional<Out> next = step(std::move(value));
      if (next && !send_or_stop(out, std::move(*next), done)) break;
    }
    out.close();
  });
  return out;
}

}  // namespace

go::recv_chan<std::string> read_logs(done_chan done, const std::filesystem::path& path) {
  // Opening touches the disk too. Doing it here, before the fiber starts, lets the caller see
  // the error as an exception instead of a channel that just closes (the guide only logs it).
  std::ifstream file = go::blocking([&] { return std::ifstream{path}; });
  if (!file) throw std::runtime_error{"read_logs: cannot open " + path.string()};

  auto out = go::make_chan<std::string>();
  go::spawn([done, out = go::send_chan<std::string>{out}, file = std::move(file)]() mutable {
    send_lines(file, out, done);
    out.close();
  });
  return out;
}

std::vector<std::string> process_logs(const std::filesystem::path& path, std::size_t limit) {
  auto done = go::make_chan<go::empty>();
  const auto lines = read_logs(done, path);  // throws before any fiber starts
  const auto entries = stage<std::string, log_entry>(done, lines, [](std::string line) {
    return parse_log_line(line);
  });
  const auto errors = stage<log_entry, log_entry>(done, entries, [](log_entry entry) -> std::optional<log_entry> {
    if (entry.level != "ERROR") return std::nullopt;
    return entry;
  });
  const auto formatted = stage<log_entry, std::string>(done, errors, [](log_entry entry) {
    return std::optional{format_log_entry(entry)};
  });

  std::vector<std::string> output;
  while (output.size() < limit) {
    std::optional<std::string> line = formatted.recv();
    if (!line) break;
    output.push_back(std::move(*line));
  }
  done.close();  // we may stop before the end: every stage still running sees this and ends
  return output;
}

}  // namespace ch06
