#!/usr/bin/env bash
# The xlsx reader's benchmark: `importer dump` against Debian's xlsx2csv and openpyxl's
# read-only mode, converting the same generated files to CSV, side by side.
#
#   bench/xlsx_reader/run.sh                 # 100k and 1M rows, 3 runs each (about 12 minutes)
#   ROWS="10000 100000" REPEAT=5 bench/xlsx_reader/run.sh
#
# Reports the fastest of REPEAT runs of each: rows/s, MB/s of uncompressed sheet XML and peak
# memory (/usr/bin/time's maximum resident set size) as a Markdown table, ready for
# docs/performance.md. Builds the release preset (build-release/) unless BUILD_DIR names a
# build, and installs its comparison readers (xlsx2csv, python3-openpyxl, time) when they are
# missing, as root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rows_list="${ROWS:-100000 1000000}"
build="${BUILD_DIR:-$root/build-release}"
work="${WORK_DIR:-$(mktemp -d)}"

missing=()
for package in xlsx2csv python3-openpyxl time; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -z "${BUILD_DIR:-}" ]; then
  cmake --preset release -S "$root" >/dev/null
fi
cmake --build "$build" --target importer >/dev/null
importer="$build/bin/importer"

# openpyxl in read-only mode, writing CSV as xlsx2csv and importer dump do. Debian's python3
# (/usr/bin/python3) is the one python3-openpyxl installs into.
cat >"$work/openpyxl_csv.py" <<'EOF'
import csv, sys
import openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
writer = csv.writer(sys.stdout, lineterminator="\n")
for row in book.worksheets[0].iter_rows(values_only=True):
    writer.writerow(["" if value is None else value for value in row])
EOF

# measure COMMAND...: runs it REPEAT times (default 3; the file was just written, so it is in
# the page cache) and prints the fastest run as "wall_seconds cpu_seconds peak_kb". The fastest
# of several is the figure least disturbed by whatever else the machine is doing. CPU time
# (user + system, all threads) is shown beside wall time for the same reason.
measure() {
  local best=""
  for _ in $(seq "${REPEAT:-3}"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null
    local run
    run="$(awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/time.txt")"
    if [ -z "$best" ] || awk -v a="${run%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best="$run"; fi
  done
  echo "$best"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo
echo "| file | rows | sheet XML | reader | wall time | CPU time | rows/s | MB/s | peak memory | wall vs importer | CPU vs importer |"
echo "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for rows in $rows_list; do
  file="$work/listings_$rows.xlsx"
  "$importer" generate --rows "$rows" --bad-rows $((rows * 13 / 10000)) --seed 1 "$file"
  xml_bytes="$(/usr/bin/python3 -c 'import sys, zipfile; print(max(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist() if i.filename.startswith("xl/worksheets/")))' "$file")"
  total_rows=$((rows + 1))
  base_wall="" base_cpu=""
  for reader in importer xlsx2csv openpyxl; do
    case "$reader" in
      importer) result="$(measure "$importer" dump "$file")" ;;
      xlsx2csv) result="$(measure xlsx2csv "$file")" ;;
      openpyxl) result="$(measure /usr/bin/python3 "$work/openpyxl_csv.py" "$file")" ;;
    esac
    read -r wall cpu peak_kb <<<"$result"
    [ -z "$base_wall" ] && base_wall="$wall" base_cpu="$cpu"
    awk -v f="$(basename "$file")" -v rows="$total_rows" -v xml="$xml_bytes" -v r="$reader" -v w="$wall" -v c="$cpu" \
        -v kb="$peak_kb" -v bw="$base_wall" -v bc="$base_cpu" 'BEGIN {
      printf "| %s | %d | %.0f MB | %s | %.2f s | %.2f s | %.0f | %.1f | %.0f MB | %.1fx | %.1fx |\n",
             f, rows, xml / 1e6, r, w, c, rows / w, xml / 1e6 / w, kb / 1024, w / bw, c / bc }'
  done
done
echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
if [ -z "${WORK_DIR:-}" ]; then rm -rf "$work"; fi
