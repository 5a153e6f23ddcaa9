// run_import: the sheet is read in batches of validated rows and handed to loaders (loaders.hpp).
//
//   sequential, copy:            one fiber reads a batch, then loads it, then reads the next
//   concurrent, batch, pipeline: a reader fiber sends batches on a bounded go::chan to N
//                                loader fibers, each with its own connection
//
// Reading and loading both block (file I/O; libpq), so every such call goes through
// go::blocking and the fibers only coordinate: the run needs one worker thread. The channel's
// capacity (one batch per loader) bounds memory and lets the reader parse the next batches
// while the loaders wait on the database: the guide's producer goroutine, and with COPY
// writers behind it the pipeline method, whose load then hides the parse entirely.
#include "import.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>
#include <pqxx/connection>
#include <pqxx/except>
#include <unzip.h>

#include <go/go.hpp>
#include <xlsx/reader.hpp>

#include "columns.hpp"
#include "db/copy_connection.hpp"
#include "db/schema.hpp"
#include "loaders.hpp"
#include "reject_log.hpp"

namespace capstone {
namespace {

using namespace std::chrono_literals;

constexpr std::pair<import_method, std::string_view> method_names[] = {
    {import_method::sequential, "sequential"}, {import_method::concurrent, "concurrent"},
    {import_method::batch, "batch"},           {import_method::copy, "copy"},
    {import_method::pipeline, "pipeline"}};

// close_at_exit: closes a channel when the scope ends, however it ends (Go: defer close(ch)).
template <typename T>
struct close_at_exit {
  go::chan<T> channel;
  ~close_at_exit() { channel.close(); }
};

bool per_row(import_method method) { return method == import_method::sequential || method == import_method::concurrent; }
bool parses_concurrently(import_method method) {
  return method != import_method::sequential && method != import_method::copy;
}

// sheet_xml_bytes: the inflated size of the sheet's XML, from the zip's directory, so progress
// can estimate the total rows from how far the parser has got. 0 when unknown.
std::uint64_t sheet_xml_bytes(const std::filesystem::path& file, const std::string& part) {
  unzFile zip = unzOpen64(file.c_str());
  if (zip == nullptr) return 0;
  std::uint64_t size = 0;
  unz_file_info64 info{};
  if (unzLocateFile(zip, part.c_str(), 0) == UNZ_OK &&
      unzGetCurrentFileInfo64(zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) == UNZ_OK) {
    size = info.uncompressed_size;
  }
  unzClose(zip);
  return size;
}

std::uint64_t peak_memory_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

// sheet_source: the sheet after its header row, as batches of rows that passed validation.
class sheet_source {
 public:
  sheet_source(xlsx::sheet_reader reader, detail::column_mapping mapping, detail::reject_log& rejects,
               std::size_t batch_rows)
      : reader_(std::move(reader)), mapping_(mapping), rejects_(rejects), batch_rows_(batch_rows) {}

  // next_batch: up to batch_rows valid rows; empty at the end of the sheet or on a stop.
  // Rows it rejects are logged and counted in `rejected`. Blocks: call it through go::blocking.
  // The rows are written over those of `recycled`, a batch already loaded, whose strings keep
  // their memory: so a row's nine fields cost no allocation once the first batches are made.
  detail::batch next_batch(const std::stop_token& stop, std::uint64_t& rejected, detail::batch recycled = {}) {
    detail::batch rows = std::move(recycled);
    rows.reserve(batch_rows_);
    std::size_t filled = 0;
    while (filled < batch_rows_ && !stop.stop_requested() && reader_.next_row(row_)) {
      ++read_;
      if (filled == rows.size()) rows.emplace_back();
      if (auto reason = mapping_.extract(row_, rows[filled])) {
        rejects_.add(row_.number, std::move(*reason));
        ++rejected;
      } else {
        ++filled;
      }
    }
    rows.resize(filled);
    bytes_parsed = reader_.bytes_parsed();
    rows_read = read_;
    return rows;
  }

  // rows_read, bytes_parsed: how far reading has got, for progress; safe from any thread.
  std::atomic<std::uint64_t> rows_read{0};
  std::atomic<std::uint64_t> bytes_parsed{0};

 private:
  xlsx::sheet_reader reader_;
  detail::column_mapping mapping_;
  detail::reject_log& rejects_;
  std::size_t batch_rows_;
  xlsx::row row_;
  std::uint64_t read_ = 0;
};

// report_progress: calls on_progress every 250 ms until `finished` closes. The total is an
// estimate: rows read so far scaled by the share of the sheet's XML parsed.
void report_progress(const import_request& request, const sheet_source& source, std::uint64_t sheet_bytes,
                     const std::atomic<std::uint64_t>& done, std::chrono::steady_clock::time_point start,
                     const go::chan<go::empty>& finished) {
  go::ticker tick{250ms};
  bool running = true;
  while (running) {
    go::select(go::recv(finished, [&] { running = false; }), go::recv(tick.c(), [&] {
                 import_progress progress;
                 progress.rows_done = done.load();
                 const std::uint64_t parsed = source.bytes_parsed.load();
                 if (parsed != 0 && sheet_bytes != 0) {
                   progress.rows_total = static_cast<std::uint64_t>(
                       static_cast<double>(source.rows_read.load()) * static_cast<double>(sheet_bytes) /
                       static_cast<double>(parsed));
                 }
                 progress.elapsed = std::chrono::steady_clock::now() - start;
                 request.on_progress(progress);
               }));
  }
}

}  // namespace

std::optional<import_method> parse_method(std::string_view name) {
  for (const auto& [method, spelling] : method_names) {
    if (spelling == name) return method;
  }
  return std::nullopt;
}

std::string_view method_name(import_method method) {
  for (const auto& [each, spelling] : method_names) {
    if (each == method) return spelling;
  }
  return "unknown";
}

import_stats run_import(const import_request& request, const std::stop_token& stop) {
  const auto start = std::chrono::steady_clock::now();
  import_stats stats;
  stats.method = request.method;
  stats.workers = !parses_concurrently(request.method) ? 1
                  : request.workers != 0               ? request.workers
                                                       : std::max(2u, std::thread::hardware_concurrency());
  // COPY batches of 2,000 rows: the first one is parsed in a few milliseconds, so every writer
  // has work at once (with 10,000, a 10k-row file was one batch for one writer), while commits
  // stay few. Measured on 10k and 100k rows, 1,000 to 5,000 were equal within noise and 10,000
  // up to 25% slower.
  stats.batch_size = per_row(request.method) ? 1
                     : request.batch_size != 0 ? request.batch_size
                     : request.method == import_method::batch ? 100
                                                              : 2'000;
  if (request.method == import_method::batch && stats.batch_size > 65535 / db::business_columns.size()) {
    // The protocol numbers a statement's parameters with 16 bits.
    throw import_error("--batch-size for batch is at most " + std::to_string(65535 / db::business_columns.size()) +
                       " (nine parameters a row, 65535 a statement)");
  }
  if (!request.key.empty() && !db::is_business_column(request.key)) {
    throw import_error("--key " + request.key + ": not one of the columns " + db::column_list());
  }

  // Everything that can stop the import as a whole is checked before a row is written.
  detail::reject_log rejects{request.rejects_file};
  std::optional<xlsx::workbook> book;
  std::optional<sheet_source> source;
  std::uint64_t sheet_bytes = 0;
  try {
    book.emplace(xlsx::workbook::open(request.file));
    auto reader = book->open_sheet(request.sheet);
    sheet_bytes = sheet_xml_bytes(request.file, reader.part());
    xlsx::row header;
    if (!reader.next_row(header)) throw import_error(request.file.string() + ": the sheet is empty (no header row)");
    auto mapping = detail::column_mapping::from_header(header.cells, request.column_map);
    source.emplace(std::move(reader), mapping, rejects, per_row(request.method) ? 100 : stats.batch_size);
  } catch (const xlsx::error& problem) {
    throw import_error(problem.what());
  }
  try {
    pqxx::connection connection{request.dsn};
    db::ensure_schema(connection);
    if (!request.key.empty()) db::ensure_unique_key(connection, request.key);
  } catch (const pqxx::failure& problem) {
    throw import_error(std::string("database: ") + problem.what());
  }

  const detail::loader_options options{request.dsn, request.key, request.on_conflict};
  detail::tally totals;
  std::atomic<std::uint64_t> done{0};
  std::uint64_t read_rejects = 0;
  const auto load_all = [&] {
    auto finished = go::make_chan<go::empty>();
    if (request.on_progress) {
      go::spawn([&, finished] { report_progress(request, *source, sheet_bytes, done, start, finished); });
    }
    close_at_exit<go::empty> close_finished{finished};

    if (!parses_concurrently(request.method)) {
      const auto load = go::blocking([&] { return detail::make_loader(request.method, options, rejects); });
      detail::batch rows;
      while (!totals.stopped) {
        std::uint64_t rejected = 0;
        rows = go::blocking([&] { return source->next_batch(stop, rejected, std::move(rows)); });
        read_rejects += rejected;
        done += rejected;
        if (rows.empty()) break;
        const detail::tally loaded = go::blocking([&] { return load->load(rows, stop); });
        totals += loaded;
        done += loaded.done();
      }
      return;
    }

    go::err_group group;
    std::mutex totals_mutex;
    auto batches = go::make_chan<detail::batch>(stats.workers);
    // Loaded batches go back to the reader to be filled again, Effective Go's "leaky buffer":
    // a loader drops its batch when this list is full, the reader makes a new one when it is
    // empty, and neither ever waits for the other here.
    auto spent = go::make_chan<detail::batch>(stats.workers + 1);
    group.go([&] {
      close_at_exit<detail::batch> close_batches{batches};  // also when reading throws
      bool open = true;
      while (open) {
        std::uint64_t rejected = 0;
        detail::batch recycled = spent.try_recv().value_or(detail::batch{});
        detail::batch rows = go::blocking([&] { return source->next_batch(stop, rejected, std::move(recycled)); });
        read_rejects += rejected;  // only this fiber writes it, and it is read after group.wait()
        done += rejected;
        if (rows.empty()) break;
        go::select(go::send(batches, std::move(rows)), go::recv(group.ctx().done(), [&] { open = false; }));
      }
    });
    for (unsigned w = 0; w < stats.workers; ++w) {
      group.go([&] {
        const auto load = go::blocking([&] { return detail::make_loader(request.method, options, rejects); });
        detail::tally mine;  // this worker's own counts, added up once it is done: no shared counter
        // By reference: the channel's iterator hands out the batch it holds, and a copy would
        // duplicate every row's strings (2,000 rows) once more on their way to the database.
        for (detail::batch& rows : batches) {
          // After a stop or another worker's failure, batches still queued are drained unread,
          // so the reader is never left blocked on a full channel.
          if (mine.stopped || group.ctx().err()) continue;
          const detail::tally loaded = go::blocking([&] { return load->load(rows, stop); });
          mine += loaded;
          done += loaded.done();
          spent.try_send(std::move(rows));  // or dropped, when the list is full
        }
        std::lock_guard lock{totals_mutex};
        totals += mine;
      });
    }
    group.wait();
  };
  std::exception_ptr failure;  // caught in the run, rather than reported by go::run as a panic
  try {
    go::run([&] {
      try {
        load_all();
      } catch (...) {
        failure = std::current_exception();
      }
    });
    if (failure) std::rethrow_exception(failure);
  } catch (const db::error& problem) {
    throw import_error(std::string("database: ") + problem.what());
  } catch (const xlsx::error& problem) {
    throw import_error(problem.what());
  } catch (const pqxx::failure& problem) {
    throw import_error(std::string("database: ") + problem.what());
  }
  rejects.close();

  stats.inserted = totals.inserted;
  stats.updated = totals.updated;
  stats.skipped = totals.skipped;
  stats.success_count = totals.inserted + totals.updated + totals.skipped;
  stats.error_count = totals.rejected + read_rejects;
  stats.total_records = stats.success_count + stats.error_count;
  stats.interrupted = stop.stop_requested();
  stats.duration = std::chrono::steady_clock::now() - start;
  const double seconds = std::chrono::duration<double>(stats.duration).count();
  stats.records_per_second = seconds > 0 ? static_cast<double>(stats.success_count) / seconds : 0;
  stats.peak_memory_bytes = peak_memory_bytes();
  stats.rejects = rejects.take_listed();
  return stats;
}

nlohmann::json to_json(const import_stats& stats) {
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3fs", std::chrono::duration<double>(stats.duration).count());
  nlohmann::json rejects = nlohmann::json::array();
  for (const auto& reject : stats.rejects) rejects.push_back({{"row", reject.row}, {"reason", reject.reason}});
  return {{"total_records", stats.total_records},
          {"success_count", stats.success_count},
          {"error_count", stats.error_count},
          {"inserted", stats.inserted},
          {"updated", stats.updated},
          {"skipped", stats.skipped},
          {"duration", duration},
          {"duration_seconds", std::chrono::duration<double>(stats.duration).count()},
          {"records_per_second", stats.records_per_second},
          {"method", method_name(stats.method)},
          {"workers", stats.workers},
          {"batch_size", stats.batch_size},
          {"peak_memory_bytes", stats.peak_memory_bytes},
          {"interrupted", stats.interrupted},
          {"rejects", rejects}};
}

}  // namespace capstone
