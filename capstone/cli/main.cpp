// importer - the capstone's command line.
//
//   importer dump listings.xlsx --sheet Listings --format csv > listings.csv
//   importer generate --rows 10000 --bad-rows 13 --seed 7 sample_data.xlsx
//   importer import sample_data.xlsx --method pipeline --dsn 'host=127.0.0.1 dbname=shop' --json
//   importer bench --rows 10k 100k --repeat 3
//   importer serve --port 8080 --max-upload 64MB
//
// Each subcommand is an options struct and a run_ function (commands.hpp); this file only
// maps the command line onto them with CLI11. Exit codes: 0 done, 1 failed, 2 usage error.
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"importer: the Excel-to-database capstone of the Go Concurrency Workbook"};
  app.require_subcommand(1);

  importer::dump_options dump;
  auto* dump_command = app.add_subcommand("dump", "Write one sheet of an xlsx file to stdout");
  dump_command->add_option("file", dump.file, "The .xlsx file")->required();
  dump_command->add_option("--sheet", dump.sheet, "Sheet name (default: the first worksheet)");
  const std::map<std::string, importer::row_format> formats{
      {"csv", importer::row_format::csv}, {"tsv", importer::row_format::tsv}, {"jsonl", importer::row_format::jsonl}};
  dump_command->add_option("--format", dump.format, "Output format: csv (RFC 4180), tsv or jsonl")
      ->transform(CLI::CheckedTransformer(formats));

  importer::generate_options generate;
  auto* generate_command = app.add_subcommand("generate", "Write sample business listings to an xlsx file");
  generate_command->add_option("--rows", generate.rows, "Listings to write (plus a header row)")->required();
  generate_command->add_option("--bad-rows", generate.bad_rows, "How many of them an importer must reject");
  generate_command->add_option("--seed", generate.seed, "Random seed: the same seed, the same file");
  generate_command->add_option("out", generate.out, "The .xlsx file to write")->required();

  importer::import_options import;
  auto* import_command = app.add_subcommand("import", "Import business listings from an xlsx file into PostgreSQL");
  import_command->add_option("file", import.file, "The .xlsx file")->required();
  import_command->add_option("--sheet", import.sheet, "Sheet name (default: the first worksheet)");
  const std::map<std::string, capstone::import_method> methods{
      {"sequential", capstone::import_method::sequential}, {"concurrent", capstone::import_method::concurrent},
      {"batch", capstone::import_method::batch},           {"copy", capstone::import_method::copy},
      {"pipeline", capstone::import_method::pipeline}};
  import_command->add_option("--method", import.method, "sequential, concurrent, batch, copy or pipeline")
      ->transform(CLI::CheckedTransformer(methods))
      ->option_text("METHOD (default: batch)");
  import_command->add_option("--workers", import.workers, "Loaders for concurrent, batch, pipeline (default: CPUs)")
      ->check(CLI::Range(1u, 64u));
  import_command->add_option("--batch-size", import.batch_size, "Rows per INSERT (batch, default 100) or per COPY (copy, pipeline, default 2000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  import_command->add_option("--dsn", import.dsn, "libpq conninfo or URI (default: PG* variables, else an embedded server)");
  import_command->add_option("--keep-db", import.keep_db, "Run the embedded server in DIR and keep it for inspection");
  import_command->add_option("--map", import.map, "'Sheet Header=column': the sheet column that feeds a table column")
      ->allow_extra_args(false);  // one mapping per --map, so `--map A=name file.xlsx` keeps the file

  import_command->add_option("--key", import.key, "A column identifying a row: re-imports skip or update instead of duplicating");
  const std::map<std::string, capstone::conflict_action> actions{{"skip", capstone::conflict_action::skip},
                                                                 {"update", capstone::conflict_action::update}};
  import_command->add_option("--on-conflict", import.on_conflict, "With --key: skip (default) or update existing rows")
      ->transform(CLI::CheckedTransformer(actions))
      ->option_text("skip|update");
  import_command->add_option("--rejects", import.rejects, "Write rejected rows (row, reason) to this CSV file");
  import_command->add_flag("--json", import.json, "Print the stats as JSON");
  importer::bench_options bench;
  auto* bench_command = app.add_subcommand("bench", "Time every method (and psql \\copy) on generated files: the guide's table");
  bench_command->add_option("--rows", bench.rows, "Row counts to measure, e.g. 10k 100k 1M (default 10k)")
      ->transform(CLI::AsNumberWithUnit(std::map<std::string, std::uint64_t>{{"k", 1'000}, {"m", 1'000'000}},
                                        CLI::AsNumberWithUnit::CASE_INSENSITIVE));
  bench_command->add_option("--methods", bench.methods, "Methods to time (default: all five)")
      ->check(CLI::IsMember({"sequential", "concurrent", "batch", "copy", "pipeline"}));
  bench_command->add_option("--repeat", bench.repeat, "Runs per figure; the median is shown")->check(CLI::Range(1u, 100u))->capture_default_str();
  bench_command->add_option("--workers", bench.workers, "Loaders per method (default: each method's own)")
      ->check(CLI::Range(1u, 64u));
  bench_command->add_option("--seed", bench.seed, "Seed of the generated file");
  bench_command->add_flag("!--no-external", bench.external, "Skip psql \\copy and xlsx2csv + psql \\copy");
  bench_command->add_option("--keep-db", bench.keep_db, "Run the embedded server in DIR and keep it");

  importer::serve_options serve;
  auto* serve_command = app.add_subcommand("serve", "Serve POST /upload?method=M (multipart field `file`) and GET /health");
  serve_command->add_option("--host", serve.host, "Address to listen on (0.0.0.0: every interface)")->capture_default_str();
  serve_command->add_option("--port", serve.port, "Port to listen on (0: any free port)")->check(CLI::Range(0, 65535))->capture_default_str();
  serve_command->add_option("--max-upload", serve.max_upload_bytes, "Largest upload accepted, e.g. 64MB (larger: 413; default 256MB)")
      ->transform(CLI::AsSizeValue(false));
  serve_command->add_option("--threads", serve.threads, "Requests served at once")->check(CLI::PositiveNumber)->capture_default_str();
  auto* serve_dsn = serve_command->add_option("--dsn", serve.dsn, "libpq conninfo or URI (default: PG* variables, else an embedded server)");
  serve_command->add_option("--keep-db", serve.keep_db, "Keep the embedded server's data in this directory")->excludes(serve_dsn);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& problem) {
    const int code = app.exit(problem);  // prints the message, or the help text
    return code == 0 ? 0 : 2;            // 2: a usage error, as the shell's own tools say
  }
  if (dump_command->parsed()) return importer::run_dump(dump);
  if (generate_command->parsed()) return importer::run_generate(generate);
  if (import_command->parsed()) return importer::run_import(import);
  if (bench_command->parsed()) return importer::run_bench(bench);
  if (serve_command->parsed()) return importer::run_serve(serve);
  return 2;
}
