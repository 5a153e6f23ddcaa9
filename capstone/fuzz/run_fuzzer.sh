#!/usr/bin/env bash
# run_fuzzer.sh FUZZER SECONDS WORK_DIR SEED_DIR... - the ctest `capstone.fuzz.xlsx_reader`.
#
# Fuzzes for SECONDS, starting from the seeds (the committed fixtures); new inputs go to
# WORK_DIR/corpus, crash inputs to WORK_DIR/artifacts. Exits 77 (ctest: skipped) when the
# fuzzer was not built; ./workbook test always builds it first.
set -euo pipefail
fuzzer="$1" seconds="$2" work="$3"
shift 3
if [ ! -x "$fuzzer" ]; then
  echo "fuzzer not built: cmake --build <build> --target xlsx_fuzzer (needs clang, libclang-rt-14-dev)"
  exit 77
fi
mkdir -p "$work/corpus" "$work/artifacts"
dictionary="$(dirname "${BASH_SOURCE[0]}")/xlsx.dict"
set +e
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -dict="$dictionary" -artifact_prefix="$work/artifacts/" "$work/corpus" "$@" >"$work/fuzz.log" 2>&1
status=$?
set -e
grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)" "$work/fuzz.log" || true
if [ "$status" -ne 0 ]; then
  tail -n 60 "$work/fuzz.log"
  echo "the fuzzer found a crash: commit the input from $work/artifacts/ to tests/capstone/fuzz/regressions/"
fi
exit "$status"
