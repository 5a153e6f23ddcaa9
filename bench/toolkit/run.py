#!/usr/bin/env python3
"""The toolkit against Go: the same programs (bench/toolkit/, bench/go/) side by side.

    ./workbook bench toolkit                    # every row, each benchmark run once
    REPEAT=3 ./workbook bench toolkit skynet    # chosen rows; the fastest of 3 runs

Builds the release preset (build-release/, frame pointers on) unless BUILD_DIR names a build,
and the Go benchmarks with Debian's `go` into the same build directory (GOCACHE there too, so
nothing is written to $HOME). Both run with two worker threads: the C++ runs use
go::run_options{.threads = 2}, the Go ones GOMAXPROCS=2.

Prints a Markdown table for docs/performance.md: time per item in each language (an item is a
round trip, a value, a whole skynet tree, a fiber ...), the ratio C++/Go (below 1: the toolkit
is faster) and each process's peak resident memory. Every benchmark runs in a process of its
own, so the peak memory is that benchmark's alone (/usr/bin/time's maximum resident set size).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# (row, item, Google Benchmark name in toolkit_bench, Go benchmark name in bench/go)
ROWS = [
    ("pingpong", "round trip", "BM_Chan_PingPong", "BenchmarkPingpong"),
    ("buffered", "value", "BM_Chan_Buffered", "BenchmarkBuffered"),
    ("select2", "value", "BM_Select_TwoProducers", "BenchmarkSelect2"),
    ("skynet", "tree of 1M", "BM_Fiber_Skynet", "BenchmarkSkynet"),
    ("spawn", "fiber", "BM_Fiber_SpawnAndWait", "BenchmarkSpawn"),
    ("mutex", "increment", "BM_Mutex_FourFibers", "BenchmarkMutex"),
    ("pipeline3", "value", "BM_Pipeline_ThreeStages", "BenchmarkPipeline3"),
    ("workerpool", "task", "BM_WorkerPool_FourWorkers", "BenchmarkWorkerpool"),
    ("context", "child", "BM_Context_WithCancel", "BenchmarkContext"),
]


def run_measured(command: list[str], env: dict[str, str] | None = None) -> tuple[str, int]:
    """Runs `command`; returns its stdout and its peak resident memory in KiB.

    The peak comes from /usr/bin/time (the maximum resident set size its child reported): a
    child of this Python process would inherit Python's own high-water mark across exec."""
    with tempfile.NamedTemporaryFile(mode="r") as peak:
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak.name, *command], env=env,
                                stdout=subprocess.PIPE, text=True)
        if result.returncode != 0:
            sys.exit(f"bench: {' '.join(command)} failed with status {result.returncode}")
        return result.stdout, int(peak.read().split()[-1])


def build(build_dir: Path) -> tuple[Path, Path, dict[str, str]]:
    """Builds both halves; returns the C++ binary, the Go test binary and the Go environment."""
    if "BUILD_DIR" not in os.environ:
        subprocess.run(["cmake", "--preset", "release", "-S", str(ROOT)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", str(build_dir), "--target", "toolkit_bench"], check=True,
                   stdout=subprocess.DEVNULL)
    go_dir = build_dir / "bench-go"
    go_env = dict(os.environ, GOCACHE=str(go_dir / "cache"), GOPATH=str(go_dir / "path"), GOFLAGS="-mod=mod",
                  GOMAXPROCS="2")
    go_binary = go_dir / "toolkit.test"
    subprocess.run(["go", "test", "-c", "-o", str(go_binary), "."], cwd=ROOT / "bench" / "go", env=go_env,
                   check=True)
    return build_dir / "bin" / "toolkit_bench", go_binary, go_env


def cxx_ns_per_item(binary: Path, name: str) -> tuple[float, int]:
    text, peak_kib = run_measured([str(binary), f"--benchmark_filter=^{name}(/|$)", "--benchmark_format=json"])
    [result] = json.loads(text)["benchmarks"]
    return 1e9 / result["items_per_second"], peak_kib


def go_ns_per_item(binary: Path, name: str, env: dict[str, str]) -> tuple[float, int]:
    text, peak_kib = run_measured([str(binary), "-test.run", "^$", "-test.bench", f"^{name}$"], env)
    match = re.search(rf"^{name}-\d+\s+\d+\s+.*?([\d.]+) ns/item", text, re.M)
    if match is None:
        sys.exit(f"bench: no ns/item in the output of {name}:\n{text}")
    return float(match.group(1)), peak_kib


def fastest(measure, repeat: int) -> tuple[float, int]:
    """The fastest of `repeat` runs (the one least disturbed by the machine's other work) and
    the highest peak memory seen."""
    runs = [measure() for _ in range(repeat)]
    return min(ns for ns, _ in runs), max(kib for _, kib in runs)


def show_ns(ns: float) -> str:
    return f"{ns:,.0f}" if ns >= 100 else f"{ns:.1f}"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    return f"{os.cpu_count()} cores, {cpu}"


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    wanted = sys.argv[1:]
    unknown = set(wanted) - {row for row, *_ in ROWS}
    if unknown:
        sys.exit(f"bench: unknown rows {sorted(unknown)}; rows: {' '.join(row for row, *_ in ROWS)}")
    repeat = int(os.environ.get("REPEAT", "1"))
    build_dir = Path(os.environ.get("BUILD_DIR", ROOT / "build-release")).resolve()
    cxx_binary, go_binary, go_env = build(build_dir)
    go_version = subprocess.run(["go", "version"], capture_output=True, text=True, check=True).stdout.strip()

    print(f"machine: {machine()}; {go_version}; load average {load()} at start; REPEAT={repeat}\n")
    print("| benchmark | item | C++ ns/item | Go ns/item | C++/Go | C++ peak memory | Go peak memory |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for row, item, cxx_name, go_name in ROWS:
        if wanted and row not in wanted:
            continue
        cxx_ns, cxx_kib = fastest(lambda: cxx_ns_per_item(cxx_binary, cxx_name), repeat)
        go_ns, go_kib = fastest(lambda: go_ns_per_item(go_binary, go_name, go_env), repeat)
        print(f"| {row} | {item} | {show_ns(cxx_ns)} | {show_ns(go_ns)} | {cxx_ns / go_ns:.2f} "
              f"| {cxx_kib / 1024:,.0f} MB | {go_kib / 1024:,.0f} MB |", flush=True)
    print(f"\nload average {load()} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
