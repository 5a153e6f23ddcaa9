#!/usr/bin/env python3
"""The workbook's commands, called by ./workbook once the system packages are installed.

Working the chapters (NN is a chapter number, EXERCISE one of its exercises; what is in
brackets is optional - by default, the first exercise you have not solved):
    ./workbook list [--all]                      your progress: solved / failing / not started
    ./workbook watch [NN [EXERCISE]]             re-check at every save; on to the next when it passes
    ./workbook check NN [EXERCISE] [--tsan]      build and test once; the first failure explained
    ./workbook hint [NN [EXERCISE]] [--all]      the next hint, one level at a time
    ./workbook reset NN EXERCISE [--yes]         the exercise's stub back (yours is backed up)
    ./workbook solution NN EXERCISE [--force]    the reference beside yours, once yours passes
    ./workbook drill [--topic T] [--minutes M]   a timed interview drill (or: drill NAME)
    ./workbook drill --history                   your drill times

Teaching:
    ./workbook grade [NN ...] [--junit FILE]     a score per chapter; JUnit XML for a course platform
    ./workbook export-student DIR                this repository without solutions/, for students

Maintaining:
    ./workbook demo                              the chapter demo programs, then the importer's benchmark
    ./workbook test                              the stub check, then every solution, toolkit and docs test
    ./workbook build                             configure and build (the default preset, build/)
    ./workbook bench toolkit                     the toolkit against Go, side by side (bench/toolkit/run.py)
    ./workbook bench trace                       what tracing costs, off and on (bench/trace/run.py)
    ./workbook trace NN [PROGRAM]                a chapter demo's timeline (GO_TRACE): Perfetto, SVG, per stage

How exercises are found: a chapter is chapters/NN_topic/; its exercises are the `### name`
headings of its hints.md, and the tests of exercise `process_orders` are the GoogleTest suite
`ProcessOrdersTest` in tests/NN_topic/. Your hint levels, drill history and reset backups are
kept in .workbook/ (not in build/, so that a clean build keeps them).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import trace_svg
from workbook_cli import gtest_report

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
BUILD_TSAN = ROOT / "build-tsan"
PRISTINE = BUILD / "pristine"
TEST_LABELS = "^(solution|lib|docs|capstone|interview|tools)$"
FUZZ_TARGET = "xlsx_fuzzer"  # built by clang on request; its ctest label is `fuzz`
COLOUR = sys.stdout.isatty() and os.environ.get("NO_COLOR") is None


def paint(text: str, code: str) -> str:
    return f"\033[{code}m{text}\033[0m" if COLOUR else text


def green(text: str) -> str:
    return paint(text, "32")


def red(text: str) -> str:
    return paint(text, "31")


def bold(text: str) -> str:
    return paint(text, "1")


def say(text: str) -> None:
    print(f"workbook: {text}", flush=True)


def fail(text: str) -> None:
    print(f"workbook: {text}", file=sys.stderr, flush=True)
    sys.exit(1)


# ---------------------------------------------------------------------------------------------
# Chapters and exercises


@dataclass
class Chapter:
    number: str
    topic: str
    exercises: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.number}_{self.topic}"

    @property
    def path(self) -> Path:
        return ROOT / "chapters" / self.name

    @property
    def test_binary(self) -> Path:
        return BUILD / "bin" / f"ch{self.number}_exercise_test"


def suite_of(exercise: str) -> str:
    """process_orders -> ProcessOrdersTest, the GoogleTest suite holding its tests."""
    return "".join(part.capitalize() for part in exercise.split("_")) + "Test"


def find_chapters() -> list[Chapter]:
    found = []
    for directory in sorted((ROOT / "chapters").glob("[0-9][0-9]_*")):
        number, topic = directory.name.split("_", 1)
        hints = directory / "hints.md"
        exercises = re.findall(r"^###\s+`?(\w+)`?", hints.read_text(), re.M) if hints.exists() else []
        found.append(Chapter(number, topic, exercises))
    return found


def find_chapter(number: str) -> Chapter:
    for chapter in find_chapters():
        if chapter.number == number.zfill(2):
            return chapter
    fail(f"no chapter {number}; `./workbook list` shows them all")
    raise AssertionError


# ---------------------------------------------------------------------------------------------
# Building


def export_pristine_chapters() -> bool:
    """Copies the committed chapters/ into build/pristine for the stub check; True if it changed.

    Files are rewritten only when their content differs, so the stub variant is rebuilt only
    when the committed stubs change - never because a learner edited their copy. The listing
    of HEAD's blobs is kept beside them: while it matches, nothing needs to be read at all.
    """
    listing = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "-r", "HEAD", "chapters"],
                             capture_output=True, text=True)
    if listing.returncode != 0:
        return False  # not a git checkout (or nothing committed): no stub check
    manifest = PRISTINE / ".manifest"
    if manifest.exists() and manifest.read_text() == listing.stdout:
        return False
    wanted = {manifest}
    for name in (line.split("\t", 1)[1] for line in listing.stdout.splitlines()):
        target = PRISTINE / name
        wanted.add(target)
        content = subprocess.run(["git", "-C", str(ROOT), "show", f"HEAD:{name}"],
                                 capture_output=True, check=True).stdout
        if not target.exists() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    for stale in PRISTINE.rglob("*"):
        if stale.is_file() and stale not in wanted:
            stale.unlink()
    manifest.write_text(listing.stdout)
    return True


def configured_by_workbook(build_dir: Path) -> bool:
    """build_dir was configured with the options below (a hand-run `cmake --preset` lacks them)."""
    cache = build_dir / "CMakeCache.txt"
    if not (build_dir / "build.ninja").exists() or not cache.exists():
        return False
    return build_dir != BUILD or re.search(r"^WORKBOOK_PRISTINE_DIR:PATH=.+$", cache.read_text(), re.M) is not None


def configure(preset: str) -> None:
    """Configures `preset` when needed: `cmake --build` re-runs CMake by itself when a
    CMakeLists.txt changes, but not when a new committed chapter appears in build/pristine."""
    build_dir = BUILD_TSAN if preset == "tsan" else BUILD
    options = []
    changed = False
    if preset == "default":
        changed = export_pristine_chapters()
        options.append(f"-DWORKBOOK_PRISTINE_DIR={PRISTINE / 'chapters'}")
    if os.environ.get("CI"):
        options.append("-DWORKBOOK_WERROR=ON")
    elif configured_by_workbook(build_dir) and not changed:
        return
    result = subprocess.run(["cmake", "--preset", preset, *options], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        fail("configure failed (see above)")


def compiler_messages(ninja_output: str) -> list[str]:
    """The compiler's diagnostics from ninja's output, without its progress lines and the
    compiler command lines, paths shown from the top of the checkout."""
    kept = []
    for line in ninja_output.splitlines():
        if line.startswith(("[", "FAILED: ", "ninja: ")) or (" -o " in line and " -c " in line):
            continue
        kept.append(line.replace(f"{ROOT}/", ""))
    return kept


def build(*targets: str, preset: str = "default") -> bool:
    """Builds `targets` (everything when none); prints the compiler's output only on failure."""
    build_dir = BUILD_TSAN if preset == "tsan" else BUILD
    if not (build_dir / "build.ninja").exists():
        say(f"first build of {build_dir.name}/: configuring and compiling takes a few minutes")
    configure(preset)
    command = ["cmake", "--build", str(build_dir), "-j", str(os.cpu_count() or 2)]
    for target in targets:
        command += ["--target", target]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        print("\n".join(compiler_messages(result.stdout)[-60:]), file=sys.stderr)
        print(red("build failed: the compiler's messages are above"), file=sys.stderr)
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Running tests


@dataclass
class TestResult:
    suite: str
    name: str
    passed: bool
    message: str = ""
    unfinished: bool = False  # the program crashed or hung: tests after this one never ran
    failures: list[str] = field(default_factory=list)  # each failed assertion's text


def sanitizer_report(stderr: str) -> str:
    """The first sanitizer report in `stderr`, shortened to what a learner needs."""
    start = stderr.find("WARNING: ThreadSanitizer")
    if start < 0:
        start = stderr.find("ERROR: AddressSanitizer")
    if start < 0:
        return ""
    return gtest_report.trim_sanitizer(stderr[start:])


def run_gtest(binary: Path, gtest_filter: str = "*", timeout: int = 120) -> list[TestResult]:
    """Runs a GoogleTest program; a crash or a hang becomes one failed result for the test
    that was running, carrying the toolkit's report from stderr."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [str(binary), f"--gtest_filter={gtest_filter}", f"--gtest_output=json:{report}"]
        try:
            finished = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as stopped:
            output = [text.decode(errors="replace") if isinstance(text, bytes) else text or ""
                      for text in (stopped.stdout, stopped.stderr)]
            suite, case, said = gtest_report.unfinished(*output, f"the tests did not finish within {timeout} s "
                                                        "(a busy loop that never blocks or yields?)")
            return [TestResult(suite, case, False, said, unfinished=True)]
        if not report.exists():
            suite, case, said = gtest_report.unfinished(finished.stdout, finished.stderr,
                                                        gtest_report.crash_reason(finished.returncode))
            return [TestResult(suite, case, False, said, unfinished=True)]
        data = json.loads(report.read_text())
    race = sanitizer_report(finished.stderr)
    if race:  # the tests may pass their assertions, but the sanitizer saw a bug
        return [TestResult("*", "*", False, race)]
    results = []
    for suite in data.get("testsuites", []):
        for case in suite.get("testsuite", []):
            failures = case.get("failures", [])
            message = "\n".join(f["failure"] for f in failures)
            texts = [f["failure"] for f in failures]
            results.append(TestResult(suite["name"], case["name"], not failures, message, failures=texts))
    return results


def ctest_tests() -> list[dict]:
    listing = subprocess.run(["ctest", "--test-dir", str(BUILD), "--show-only=json-v1"],
                             capture_output=True, text=True, check=True)
    return json.loads(listing.stdout).get("tests", [])


def labels_of(test: dict) -> set[str]:
    for prop in test.get("properties", []):
        if prop["name"] == "LABELS":
            return set(prop["value"])
    return set()


def stub_check() -> bool:
    """Every exercise test, run against the untouched stubs, must fail.

    A test that passes on a stub asserts nothing. Reported in our own words: these failures
    are expected and must not read as a failed test run.
    """
    tests = ctest_tests()
    stub_tests = [t["name"] for t in tests if "stubcheck" in labels_of(t)]
    solution_tests = {t["name"].replace(".solution.", ".stubcheck.") for t in tests if "solution" in labels_of(t)}
    missing = sorted(solution_tests - set(stub_tests))
    with tempfile.TemporaryDirectory() as scratch:
        junit = Path(scratch) / "stubs.xml"
        subprocess.run(["ctest", "--test-dir", str(BUILD), "-L", "stubcheck", "-j", str(os.cpu_count() or 2),
                        "--output-junit", str(junit)], capture_output=True, text=True)
        passed_on_stub = []
        if junit.exists():
            import xml.etree.ElementTree as ElementTree
            for case in ElementTree.parse(junit).getroot().iter("testcase"):
                if case.get("status") == "run" and case.find("failure") is None:
                    passed_on_stub.append(case.get("name"))
    ok = not passed_on_stub and not missing
    if ok:
        say(f"stub check: all {len(stub_tests)} exercise tests fail on their untouched stubs, as they must")
    for name in sorted(passed_on_stub):
        print(red(f"stub check: {name} passes on the untouched stub, so it asserts nothing"))
    for name in missing:
        print(red(f"stub check: {name} has no stub variant (is its chapter committed?)"))
    return ok


# ---------------------------------------------------------------------------------------------
# Commands


def cmd_build(_: list[str]) -> int:
    return 0 if build() else 1


def cmd_test(_: list[str]) -> int:
    if not build():
        return 1
    stubs_ok = stub_check()
    labels = TEST_LABELS
    if is_student_copy():
        # No solutions to test: the learner's exercise tests take their place (they fail until
        # solved; `./workbook list` is the friendlier view), and the thread sanitizer, which
        # checks solutions, has nothing to check.
        say("a student copy (no solutions/): running your exercise tests instead of the solutions'")
        labels = TEST_LABELS.replace("solution", "exercise")
        races_ok = True
    else:
        races_ok = tsan_check()
    fuzz_ok = fuzz_check()
    say("running the solution, toolkit, capstone, docs and CLI tests")
    sys.stdout.flush()
    tests = subprocess.run(["ctest", "-L", labels, "-j", str(os.cpu_count() or 2), "--output-on-failure"],
                           cwd=BUILD)
    return 0 if stubs_ok and races_ok and fuzz_ok and tests.returncode == 0 else 1


# The suites ThreadSanitizer checks, by the test binary holding them: the chapters' code on plain
# threads, and the toolkit's primitives whose fibers meet across worker threads (the tsan build
# tells TSan about every fiber switch: lib/src/tsan_fibers.hpp). Left out of lib_tsan_test, for
# build and run time: the stress, deadlock, time, teardown and tracing suites.
TSAN_SUITES = {"ch04_solution_test": ["CounterTest", "CountWithAtomicTest", "CountConfinedTest",
                                      "RequestStatsTest", "ProcessRecordsTest"],
               "ch07_solution_test": ["ConfigCacheTest"],
               "ch08_interview_test": ["Q11RaceTest", "Q11RaceUnderTsanTest"],
               "lib_tsan_test": ["TsanFibersTest", "ChanTest", "ContextTest", "ErrGroupTest", "MutexTest",
                                 "RwMutexTest", "ObserveTest", "OnceTest", "RuntimeTest", "SelectTest",
                                 "StatsTest", "WaitGroupTest"]}


def tsan_check() -> bool:
    """Runs the thread-based solution suites and the toolkit's under ThreadSanitizer: they must
    be race-free."""
    say("checking the thread-based solutions and the toolkit under ThreadSanitizer (the tsan preset)")
    if not build(*TSAN_SUITES, preset="tsan"):
        return False
    ok = True
    for target, suites in TSAN_SUITES.items():
        results = run_gtest(BUILD_TSAN / "bin" / target, ":".join(f"{suite}.*" for suite in suites))
        failed = [r for r in results if not r.passed]
        for result in failed:
            print(red(f"tsan: {target} {result.suite}.{result.name}:\n{result.message}"))
        ok = ok and bool(results) and not failed
        if not failed:
            say(f"tsan: {target}'s {len(results)} tests pass under ThreadSanitizer")
    return ok


def fuzz_check() -> bool:
    """Builds the xlsx reader's fuzzer (clang, outside `all`) and fuzzes it briefly (ctest -L fuzz).

    Runs before the final suite, so that suite's ctest summary stays the last thing printed.
    """
    say("fuzzing the xlsx reader (ctest -L fuzz)")
    if not build(FUZZ_TARGET):
        return False
    result = subprocess.run(["ctest", "-L", "fuzz", "--output-on-failure"], cwd=BUILD, capture_output=True, text=True)
    log = BUILD / "capstone" / "fuzz-run" / "fuzz.log"
    stats = dict(re.findall(r"^stat::(\w+):\s+(\d+)", log.read_text(errors="replace"), re.M)) if log.exists() else {}
    if result.returncode == 0:
        say(f"fuzz: {stats.get('number_of_executed_units', '?')} inputs, no crash "
            f"(peak {stats.get('peak_rss_mb', '?')} MB)")
        return True
    print(result.stdout + result.stderr)
    print(red("fuzz: the xlsx reader crashed or failed; see above"))
    return False


def demo_programs() -> list[tuple[Chapter, str]]:
    programs = []
    for chapter in find_chapters():
        for source in sorted(chapter.path.glob("*.cpp")):
            if re.search(r"^int main\(", source.read_text(), re.M):
                programs.append((chapter, f"ch{chapter.number}_{source.stem}"))
    return programs


def cmd_demo(_: list[str]) -> int:
    programs = demo_programs()
    if not build("importer", *(target for _, target in programs)):
        return 1
    for chapter, target in programs:
        print(bold(f"\n== {target} (chapters/{chapter.name}) =="), flush=True)
        result = subprocess.run([str(BUILD / "bin" / target)], cwd=ROOT, timeout=120)
        if result.returncode != 0:
            print(red(f"{target} exited with {result.returncode}"))
            return 1
    # The capstone last: the guide's import table, measured on an embedded PostgreSQL.
    print(bold("\n== importer bench --rows 10k (capstone/) =="), flush=True)
    result = subprocess.run([str(BUILD / "bin" / "importer"), "bench", "--rows", "10k"], cwd=ROOT, timeout=300)
    if result.returncode != 0:
        print(red(f"importer bench exited with {result.returncode}"))
        return 1
    return 0


def cmd_bench(args: list[str]) -> int:
    if args[:1] == ["trace"] and len(args) == 1:
        return subprocess.call([sys.executable, str(ROOT / "bench" / "trace" / "run.py")])
    if args[:1] != ["toolkit"]:
        fail("usage: ./workbook bench toolkit [ROW...] | ./workbook bench trace")
    return subprocess.call([sys.executable, str(ROOT / "bench" / "toolkit" / "run.py"), *args[1:]])


def cmd_trace(args: list[str]) -> int:
    """./workbook trace NN [PROGRAM]: a chapter demo run with GO_TRACE (lib/include/go/observe.hpp)."""
    programs = [target for chapter, target in demo_programs() if args and chapter.number == args[0].zfill(2)]
    wanted = [t for t in programs if len(args) < 2 or t.endswith("_" + args[1].removesuffix(".cpp"))]
    if not wanted:
        fail(f"usage: ./workbook trace NN [PROGRAM]; chapter {args[0] if args else '?'} has: "
             + (", ".join(t.split("_", 1)[1] for t in programs) or "no demo programs"))
    target = wanted[0]
    if not build(target):
        return 1
    traces = BUILD / "traces"
    traces.mkdir(exist_ok=True)
    for old in traces.glob(f"{target}*.json"):
        old.unlink()
    subprocess.run([str(BUILD / "bin" / target)], cwd=ROOT, timeout=120,
                   env={**os.environ, "GO_TRACE": str(traces / f"{target}.json")})
    written = sorted(traces.glob(f"{target}*.json"), key=lambda p: p.stat().st_mtime)
    print(bold(f"\n{len(written)} timeline(s), one per go::run:"))
    for trace in written:
        # Beside each file, its picture and where each stage spent its time (tools/trace_svg.py).
        try:
            timeline = trace_svg.read(trace)
        except ValueError as error:  # a program killed while writing it leaves a truncated file
            print(f"  {trace}: not a complete trace ({error})")
            continue
        trace.with_suffix(".svg").write_text(trace_svg.svg(timeline, 1100, False, trace.name))
        print(f"  {trace} (picture: {trace.with_suffix('.svg').name})")
        print("    " + trace_svg.summary(timeline).rstrip().replace("\n", "\n    "))
    print("Open one at https://ui.perfetto.dev (Open trace file), or its .svg in a browser; "
          "docs/observing.md tells how to read them.")
    return 0


def cmd_help(_: list[str]) -> int:
    print(__doc__)
    return 0


def stub_ref() -> str:
    """The commit holding the stubs as handed out: the branch's upstream (origin/main in a
    learner's clone) when there is one, so that a learner who commits their answers still gets
    the stubs from `reset` and `drill`; else HEAD."""
    upstream = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", "-q", "@{upstream}"],
                              capture_output=True, text=True)
    return upstream.stdout.strip() if upstream.returncode == 0 else "HEAD"


def committed_text(relative: Path | str) -> str | None:
    """A file as handed out (at stub_ref()), or as exported to build/pristine outside git; None if new."""
    shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{stub_ref()}:{Path(relative).as_posix()}"],
                           capture_output=True, text=True)
    if shown.returncode == 0:
        return shown.stdout
    pristine = PRISTINE / relative
    return pristine.read_text() if pristine.exists() else None


def is_student_copy() -> bool:
    """A copy made by export-student: the exercises without their reference solutions."""
    return not (ROOT / "solutions").is_dir()


def learner_command(module: str, name: str):
    def run(args: list[str]) -> int:
        # Imported on use: `./workbook test` and `demo` need none of the learner's modules.
        import importlib
        return getattr(importlib.import_module(f"workbook_cli.{module}"), name)(args)
    return run


COMMANDS = {"build": cmd_build, "test": cmd_test, "demo": cmd_demo, "bench": cmd_bench,
            "help": cmd_help,
            "list": learner_command("progress", "cmd_list"),
            "check": learner_command("learner", "cmd_check"),
            "hint": learner_command("learner", "cmd_hint"),
            "reset": learner_command("learner", "cmd_reset"),
            "solution": learner_command("learner", "cmd_solution"),
            "watch": learner_command("watch", "cmd_watch"),
            "drill": learner_command("drills", "cmd_drill"),
            "grade": learner_command("teacher", "cmd_grade"),
            "export-student": learner_command("teacher", "cmd_export_student"),
            "trace": cmd_trace}


def main() -> int:
    # The commands in workbook_cli import this file as `workbook`: let them find this very
    # module rather than load a second copy of it.
    sys.modules.setdefault("workbook", sys.modules[__name__])
    command, *args = sys.argv[1:] or ["help"]
    if command in ("-h", "--help"):
        command = "help"
    if command not in COMMANDS:
        fail(f"unknown command {command!r}; try ./workbook help")
    try:
        return COMMANDS[command](args)
    except KeyboardInterrupt:  # Ctrl-C: no traceback, the shell's usual status
        print()
        return 130
    except BrokenPipeError:  # `./workbook list | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
