// importer bench: the guide's performance table, measured. For each --rows count it generates
// the sample file, imports it with every method into a fresh `businesses` table, and adds the
// two loads the methods are judged against:
//   - psql \copy of the same rows as CSV: PostgreSQL's own bulk path, the physical limit;
//   - xlsx2csv, then psql \copy: what one would do without an importer.
// Each figure is the median of --repeat runs of wall time, from starting the import to its
// commit (connecting included; creating the table not: every run gets a fresh one, made before
// the clock starts, and a CHECKPOINT so one run's dirty pages are not written during the next).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "commands.hpp"
#include "db/embedded_server.hpp"
#include "db/schema.hpp"
#include "import/import.hpp"

extern char** environ;

namespace importer {
namespace {

namespace fs = std::filesystem;
using seconds = std::chrono::duration<double>;

// run_program: runs argv (found on PATH, no shell) with stdout discarded; whether it succeeded.
bool run_program(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  pid_t child = 0;
  const int failed = posix_spawnp(&child, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (failed != 0) {
    std::cerr << "importer: bench: cannot run " << args[0] << '\n';
    return false;
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  std::cerr << "importer: bench: " << args[0] << " failed\n";
  return false;
}

class bench_database {
 public:
  explicit bench_database(std::string conninfo) : conninfo_{std::move(conninfo)}, connection_{conninfo_} {}

  // fresh_table: an empty `businesses` with its indexes, its old pages flushed.
  void fresh_table() {
    pqxx::nontransaction{connection_}.exec0("DROP TABLE IF EXISTS " + std::string{capstone::db::table_name});
    capstone::db::ensure_schema(connection_);
    pqxx::nontransaction{connection_}.exec0("CHECKPOINT");
  }
  [[nodiscard]] long long rows() {
    pqxx::nontransaction work{connection_};
    return work.exec1("SELECT count(*) FROM " + std::string{capstone::db::table_name})[0].as<long long>();
  }
  // psql_copy: `psql -c "\copy ..."` against this database.
  [[nodiscard]] bool psql_copy(const std::string& copy_command) const {
    return run_program({"psql", "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", conninfo_, "-c", copy_command});
  }

 private:
  std::string conninfo_;
  pqxx::connection connection_;
};

struct measurement {
  std::string name;
  double seconds = 0;
  long long rows = 0;
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// measure: the median time of `repeat` runs of `load` into fresh tables, and the rows it stored.
template <class Load>
std::optional<measurement> measure(const std::string& name, bench_database& database, unsigned repeat,
                                   long long expected_rows, Load load) {
  std::vector<double> times;
  for (unsigned run = 0; run < repeat; ++run) {
    database.fresh_table();
    const auto start = std::chrono::steady_clock::now();
    if (!load()) return std::nullopt;
    times.push_back(seconds{std::chrono::steady_clock::now() - start}.count());
    if (const long long stored = database.rows(); stored != expected_rows) {
      std::cerr << "importer: bench: " << name << " stored " << stored << " rows, not " << expected_rows << '\n';
      return std::nullopt;
    }
  }
  std::cerr << "  " << name << ": " << median(times) << "s\n";
  return measurement{name, median(times), expected_rows};
}

std::string with_commas(double value) {
  std::string digits = std::to_string(static_cast<long long>(value + 0.5));
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return digits;
}

void print_table(std::uint64_t rows, const std::vector<measurement>& results) {
  const auto find = [&](const std::string& name) -> const measurement* {
    for (const auto& result : results) {
      if (result.name == name) return &result;
    }
    return nullptr;
  };
  const measurement* sequential = find("sequential");
  std::printf("\n%s rows\n\n| Method | Time | Records/sec | Speedup vs sequential |\n|---|---:|---:|---:|\n",
              with_commas(static_cast<double>(rows)).c_str());
  for (const auto& result : results) {
    char speedup[32] = "-";
    if (sequential != nullptr) std::snprintf(speedup, sizeof speedup, "%.1fx", sequential->seconds / result.seconds);
    std::printf("| %s | %.3fs | %s | %s |\n", result.name.c_str(), result.seconds,
                with_commas(static_cast<double>(result.rows) / result.seconds).c_str(), speedup);
  }
  const measurement* pipeline = find("pipeline");
  const measurement* copy = find("psql \\copy (CSV)");
  const measurement* convert = find("xlsx2csv + psql \\copy");
  if (pipeline != nullptr && copy != nullptr) {
    std::printf("\npipeline takes %.2fx the time of psql \\copy (target: within 1.15x)\n",
                pipeline->seconds / copy->seconds);
  }
  if (pipeline != nullptr && convert != nullptr) {
    std::printf("xlsx2csv + psql \\copy takes %.2fx the time of pipeline (target: at least 3x)\n",
                convert->seconds / pipeline->seconds);
  }
  std::fflush(stdout);
}

}  // namespace

int run_bench(const bench_options& options) {
  const std::vector<std::string> methods =
      options.methods.empty() ? std::vector<std::string>{"sequential", "concurrent", "batch", "copy", "pipeline"}
                              : options.methods;
  try {
    const auto database = capstone::db::resolve_database(options.dsn, options.keep_db);
    std::cerr << "importer: bench: database: " << database.description << '\n';
    bench_database bench{database.conninfo};

    std::string pattern = (fs::temp_directory_path() / "importer-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error{"cannot make a scratch directory"};
    const fs::path scratch = pattern;
    struct remove_at_exit {
      fs::path path;
      ~remove_at_exit() { fs::remove_all(path); }
    } const cleanup{scratch};
    const std::string columns = capstone::db::column_list();

    for (const std::uint64_t rows : options.rows) {
      const fs::path xlsx = scratch / ("sample_data_" + std::to_string(rows) + ".xlsx");
      const fs::path csv = scratch / "businesses.csv";
      const fs::path converted = scratch / "xlsx2csv.csv";
      if (run_generate({.rows = rows, .bad_rows = 0, .seed = options.seed, .out = xlsx.string()}) != 0) return 1;
      std::cerr << "importer: bench: " << rows << " rows, " << fs::file_size(xlsx) / 1024 << " KiB of xlsx\n";
      const auto expected = static_cast<long long>(rows);

      std::vector<measurement> results;
      for (const auto& method_name : methods) {
        const auto method = capstone::parse_method(method_name);
        if (!method) {
          std::cerr << "importer: bench: unknown method " << method_name << '\n';
          return 1;
        }
        capstone::import_request request;
        request.file = xlsx;
        request.method = *method;
        request.workers = options.workers;
        request.dsn = database.conninfo;
        auto result = measure(method_name, bench, options.repeat, expected, [&] {
          const auto stats = capstone::run_import(request, std::stop_token{});
          return stats.success_count == rows;
        });
        if (!result) return 1;
        results.push_back(*result);
      }
      if (options.external) {
        // The CSV psql loads: the rows an import stored, in the table's column order.
        if (!bench.psql_copy("\\copy (SELECT " + columns + " FROM businesses ORDER BY id) TO '" + csv.string() + "' CSV")) {
          return 1;
        }
        auto copy = measure("psql \\copy (CSV)", bench, options.repeat, expected, [&] {
          return bench.psql_copy("\\copy businesses(" + columns + ") FROM '" + csv.string() + "' CSV");
        });
        auto convert = measure("xlsx2csv + psql \\copy", bench, options.repeat, expected, [&] {
          return run_program({"xlsx2csv", xlsx.string(), converted.string()}) &&
                 bench.psql_copy("\\copy businesses(" + columns + ") FROM '" + converted.string() + "' CSV HEADER");
        });
        if (!copy || !convert) return 1;
        results.push_back(*copy);
        results.push_back(*convert);
      }
      print_table(rows, results);
      fs::remove(xlsx);
    }
    return 0;
  } catch (const std::exception& problem) {
    std::cerr << "importer: bench: " << problem.what() << '\n';
    return 1;
  }
}

}  // namespace importer
