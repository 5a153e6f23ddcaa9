// The importer's subcommands, one function each; main.cpp turns the command line into these
// option structs (CLI11), so a new subcommand is a struct, a run_ function and a few lines there.
//
//   importer dump FILE.xlsx [--sheet NAME] [--format csv|tsv|jsonl]
//   importer generate --rows N [--bad-rows K] [--seed S] OUT.xlsx
//   importer import FILE.xlsx --method M [--workers N] [--batch-size B] [--dsn DSN | --keep-db DIR]
//                   [--map 'H=col']
//                   [--key COLUMN --on-conflict skip|update] [--rejects FILE.csv] [--json]
//   importer bench [--rows N...] [--methods M...] [--repeat R] [--workers N] [--dsn DSN | --keep-db DIR]
//   importer serve [--host H] [--port P] [--max-upload SIZE] [--threads N] [--dsn DSN | --keep-db DIR]
//
// Each run_ function returns the process's exit code: 0 done, 1 failed (the reason already
// printed to stderr as one line); run_import also 128 + the signal when SIGINT or SIGTERM
// interrupted it (130, 143), as shells report a process a signal killed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "import/import.hpp"

#include "row_format.hpp"

namespace importer {

struct dump_options {
  std::string file;
  std::string sheet;  // empty: the first worksheet
  row_format format = row_format::csv;
};

// run_dump: writes the sheet to stdout, every row padded to the widest row's width.
int run_dump(const dump_options& options);

struct generate_options {
  std::uint64_t rows = 10'000;
  std::uint64_t bad_rows = 0;
  std::uint64_t seed = 1;
  std::string out;
};

// run_generate: writes `rows` business listings (plus a header row) to an xlsx file.
int run_generate(const generate_options& options);

struct import_options {
  std::string file;
  std::string sheet;
  capstone::import_method method = capstone::import_method::batch;
  unsigned workers = 0;          // 0: the method's default
  std::size_t batch_size = 0;    // 0: the method's default
  std::string dsn;               // empty: PG* variables, else the embedded server
  std::string keep_db;           // the embedded server's directory, kept afterwards
  std::vector<std::string> map;  // "Sheet Header=column"
  std::string key;
  capstone::conflict_action on_conflict = capstone::conflict_action::skip;
  std::string rejects;
  bool json = false;
};

// run_import: imports the file into the businesses table and prints the stats to stdout.
int run_import(const import_options& options);
struct bench_options {
  std::vector<std::uint64_t> rows{10'000};
  std::vector<std::string> methods;  // empty: all five
  unsigned repeat = 1;               // runs per figure; the median is shown
  unsigned workers = 0;              // 0: each method's default
  std::uint64_t seed = 1;
  bool external = true;              // also psql \copy and xlsx2csv + psql \copy
  std::string dsn;
  std::string keep_db;
};

// run_bench: the guide's comparison table (Method, Time, Records/sec, Speedup vs sequential)
// for each row count, as Markdown on stdout; progress on stderr.
int run_bench(const bench_options& options);

struct serve_options {
  std::string host = "127.0.0.1";
  int port = 8080;                                   // 0: any free port, printed at start
  std::uint64_t max_upload_bytes = std::uint64_t{256} << 20;
  std::size_t threads = 8;
  std::string dsn;                                   // empty: PG* variables, else embedded
  std::string keep_db;                               // the embedded server's kept directory
};

// run_serve: the HTTP upload service (serve/upload_service.hpp) until SIGINT or SIGTERM; prints
// "listening on http://HOST:PORT" on stdout once it accepts connections.
int run_serve(const serve_options& options);

}  // namespace importer
