#!/usr/bin/env python3
"""What the GO_TRACE hooks cost: ping-pong and a three-stage pipeline, three ways in one run.

    ./workbook bench trace          # REPEAT=5 by default: the median of 5 runs of each

Builds bench/trace/trace_bench.cpp twice with the release preset: build-release/ (tracing
compiled in, GO_TRACING=ON) and build-release-notrace/ (GO_TRACING=OFF: no hook at all), then
runs each program as
  - "no tracing code"  (the baseline: the GO_TRACING=OFF build),
  - "tracing off"      (the usual build, GO_TRACE unset),
  - "tracing on"       (the usual build, GO_TRACE=<a temporary file>),
interleaved (A B C A B C ...), so that a change in the machine's load hits all three alike, on
two worker threads. Prints ns per item (the median of REPEAT runs) and its ratio to the
baseline. With valgrind installed it also counts the instructions per item under callgrind, on
one worker thread (where no worker spins idle): a figure that the machine's load cannot change.
The timed part excludes starting the run and writing the file (see trace_bench.cpp).
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILDS = {"on": ROOT / "build-release", "off": ROOT / "build-release-notrace"}
# (program, items per timed run, items under callgrind): at most 2^20 events per worker thread are
# recorded, and a round trip records 6, so these stay below it (the run checks: no dropped events).
PROGRAMS = [("pingpong", 100_000, 20_000), ("pipeline", 50_000, 10_000)]
VARIANTS = ["no tracing code", "tracing off", "tracing on"]


def build() -> None:
    for tracing, build_dir in BUILDS.items():
        if not (build_dir / "CMakeCache.txt").exists():
            subprocess.run(["cmake", "--preset", "release", "-S", str(ROOT), "-B", str(build_dir),
                            f"-DGO_TRACING={tracing.upper()}"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "trace_bench"], check=True,
                       stdout=subprocess.DEVNULL)


def command(variant: str, trace_file: Path) -> tuple[list[str], dict[str, str]]:
    """The binary and environment of one variant."""
    environment = {key: value for key, value in os.environ.items() if key != "GO_TRACE"}
    if variant == "tracing on":
        environment["GO_TRACE"] = str(trace_file)
    build_dir = BUILDS["off"] if variant == "no tracing code" else BUILDS["on"]
    return [str(build_dir / "bin" / "trace_bench")], environment


def ns_per_item(variant: str, program: str, items: int, trace_file: Path) -> float:
    binary, environment = command(variant, trace_file)
    result = subprocess.run([*binary, program, str(items), "2"], env=environment, check=True,
                            capture_output=True, text=True)
    if variant == "tracing on":
        dropped = json.loads(trace_file.read_text())["otherData"]["dropped_events"]
        if dropped:
            sys.exit(f"bench: {program} dropped {dropped} trace events; lower its items")
    return float(result.stdout)


def instructions_per_item(variant: str, program: str, items: int, directory: Path) -> float:
    """Instructions of the measured part (trace_bench's callgrind dump), on one worker thread."""
    binary, environment = command(variant, directory / "callgrind.json")
    out = directory / "callgrind.out"
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                    *binary, program, str(items), "1"], env=environment, check=True, capture_output=True)
    dump = next(path for path in directory.glob("callgrind.out*") if path.name != "callgrind.out")
    # "totals:" is the sum of the dump's costs; its "summary:" line came out 3% higher on the
    # same dump (callgrind 3.19), more than the measured part holds.
    totals = next(line for line in dump.read_text().splitlines() if line.startswith("totals:"))
    for path in directory.glob("callgrind.out*"):
        path.unlink()
    return int(totals.split()[1]) / items


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    repeat = int(os.environ.get("REPEAT", "5"))
    build()
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    with_valgrind = shutil.which("valgrind") is not None
    print(f"commit {commit}; {os.cpu_count()} cores, {cpu}; load average {load()} at start; REPEAT={repeat}\n")
    print("| program | variant | ns/item (median) | ratio | instructions/item | ratio |")
    print("|---|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        for program, items, callgrind_items in PROGRAMS:
            times: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
            for _ in range(repeat):
                for variant in VARIANTS:
                    times[variant].append(ns_per_item(variant, program, items, directory / "trace.json"))
            medians = {variant: statistics.median(runs) for variant, runs in times.items()}
            counts = {variant: instructions_per_item(variant, program, callgrind_items, directory)
                      for variant in VARIANTS} if with_valgrind else {}
            for variant in VARIANTS:
                count = (f"{counts[variant]:,.0f} | {counts[variant] / counts[VARIANTS[0]]:.3f}" if counts
                         else "- | -")
                print(f"| {program} | {variant} | {medians[variant]:,.0f} | "
                      f"{medians[variant] / medians[VARIANTS[0]]:.2f} | {count} |", flush=True)
    print(f"\nload average {load()} at the end" + ("" if with_valgrind else "; valgrind not installed: no instruction counts"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
