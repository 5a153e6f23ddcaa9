#!/usr/bin/env python3
"""The workbook's commands, called by ./workbook once the system packages are installed.

    ./workbook demo               run the chapter demo programs
    ./workbook test               the stub check, then every solution, toolkit and docs test
    ./workbook check 01 [EXERCISE] build and test your work on chapter 01
    ./workbook check 04 --tsan    the same under ThreadSanitizer (the tsan preset, build-tsan/)
    ./workbook list               every chapter and exercise with its state
    ./workbook build              configure and build (the default preset, build/)
    ./workbook bench toolkit      the toolkit against Go, side by side (bench/toolkit/run.py)

How exercises are found: a chapter is chapters/NN_topic/; its exercises are the `### name`
headings of its hints.md, and the tests of exercise `process_orders` are the GoogleTest suite
`ProcessOrdersTest` in tests/NN_topic/.
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

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
BUILD_TSAN = ROOT / "build-tsan"
PRISTINE = BUILD / "pristine"
TEST_LABELS = "^(solution|lib|docs|capstone)$"
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


def export_pristine_chapters() -> None:
    """Copies the committed chapters/ into build/pristine for the stub check.

    Files are rewritten only when their content differs, so the stub variant is rebuilt only
    when the committed stubs change - never because a learner edited their copy.
    """
    listing = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "-r", "--name-only", "HEAD", "chapters"],
                             capture_output=True, text=True)
    if listing.returncode != 0:
        return  # not a git checkout (or nothing committed): no stub check
    wanted = set()
    for name in listing.stdout.split():
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


def configure(preset: str) -> None:
    options = []
    if preset == "default":
        export_pristine_chapters()
        options.append(f"-DWORKBOOK_PRISTINE_DIR={PRISTINE / 'chapters'}")
    if os.environ.get("CI"):
        options.append("-DWORKBOOK_WERROR=ON")
    result = subprocess.run(["cmake", "--preset", preset, *options], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        fail("configure failed (see above)")


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
        errors = [line for line in result.stdout.splitlines() if not line.startswith("[")]
        print("\n".join(errors[-60:]), file=sys.stderr)
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


def sanitizer_report(stderr: str) -> str:
    """The first sanitizer report in `stderr`, shortened to what a learner needs."""
    start = stderr.find("WARNING: ThreadSanitizer")
    if start < 0:
        start = stderr.find("ERROR: AddressSanitizer")
    if start < 0:
        return ""
    return "\n".join(stderr[start:].splitlines()[:24])


def run_gtest(binary: Path, gtest_filter: str = "*", timeout: int = 120) -> list[TestResult]:
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        try:
            finished = subprocess.run([str(binary), f"--gtest_filter={gtest_filter}", f"--gtest_output=json:{report}"],
                                      capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return [TestResult("*", "*", False, f"the tests did not finish within {timeout} s")]
        if not report.exists():
            return [TestResult("*", "*", False, "the test program crashed before it could report")]
        data = json.loads(report.read_text())
    race = sanitizer_report(finished.stderr)
    if race:  # the tests may pass their assertions, but the sanitizer saw a bug
        return [TestResult("*", "*", False, race)]
    results = []
    for suite in data.get("testsuites", []):
        for case in suite.get("testsuite", []):
            failures = case.get("failures", [])
            message = "\n".join(f["failure"] for f in failures)
            results.append(TestResult(suite["name"], case["name"], not failures, message))
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
    races_ok = tsan_check()
    fuzz_ok = fuzz_check()
    say("running the solution, toolkit, capstone and docs tests")
    sys.stdout.flush()
    tests = subprocess.run(["ctest", "-L", TEST_LABELS, "-j", str(os.cpu_count() or 2), "--output-on-failure"],
                           cwd=BUILD)
    return 0 if stubs_ok and races_ok and fuzz_ok and tests.returncode == 0 else 1


# The suites whose code runs on plain threads, so ThreadSanitizer can check them (it cannot
# follow Boost.Fiber's stack switches; see cmake/Sanitizers.cmake).
TSAN_SUITES = {"04": ["CounterTest", "CountWithAtomicTest", "CountConfinedTest", "RequestStatsTest",
                      "ProcessRecordsTest"]}


def tsan_check() -> bool:
    """Runs the thread-based solution suites under ThreadSanitizer: they must be race-free."""
    targets = [f"ch{number}_solution_test" for number in TSAN_SUITES]
    say("checking the thread-based solutions under ThreadSanitizer (the tsan preset)")
    if not build(*targets, preset="tsan"):
        return False
    ok = True
    for number, suites in TSAN_SUITES.items():
        binary = BUILD_TSAN / "bin" / f"ch{number}_solution_test"
        results = run_gtest(binary, ":".join(f"{suite}.*" for suite in suites))
        failed = [r for r in results if not r.passed]
        for result in failed:
            print(red(f"tsan: ch{number} {result.suite}.{result.name}:\n{result.message}"))
        ok = ok and bool(results) and not failed
        if not failed:
            say(f"tsan: chapter {number}'s {len(results)} thread-based solution tests are race-free")
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
    if not build(*(target for _, target in programs)):
        return 1
    for chapter, target in programs:
        print(bold(f"\n== {target} (chapters/{chapter.name}) =="), flush=True)
        result = subprocess.run([str(BUILD / "bin" / target)], cwd=ROOT, timeout=120)
        if result.returncode != 0:
            print(red(f"{target} exited with {result.returncode}"))
            return 1
    return 0


def exercise_states(chapter: Chapter, results: list[TestResult]) -> dict[str, str]:
    sources = "".join(p.read_text() for p in chapter.path.glob("*.cpp"))
    states = {}
    for exercise in chapter.exercises:
        mine = [r for r in results if r.suite == suite_of(exercise)]
        if mine and all(r.passed for r in mine):
            states[exercise] = "solved"
        elif f'not_implemented{{"{exercise}"}}' in sources:
            states[exercise] = "not started"
        else:
            states[exercise] = "failing"
    return states


def progress_bar(done: int, total: int, width: int = 20) -> str:
    filled = width * done // total if total else 0
    return "[" + green("#" * filled) + "-" * (width - filled) + f"] {done}/{total}"


def cmd_list(_: list[str]) -> int:
    chapters = find_chapters()
    build(*(f"ch{c.number}_exercise_test" for c in chapters))
    solved_total = count_total = 0
    for chapter in chapters:
        results = run_gtest(chapter.test_binary) if chapter.test_binary.exists() else []
        states = exercise_states(chapter, results)
        solved = sum(state == "solved" for state in states.values())
        solved_total += solved
        count_total += len(states)
        print(f"{bold(chapter.name):40} {progress_bar(solved, len(states))}")
        for exercise, state in states.items():
            mark = green("solved") if state == "solved" else red(state) if state == "failing" else state
            print(f"    {exercise:36} {mark}")
    print(f"\n{'overall':31} {progress_bar(solved_total, count_total)}")
    return 0


def cmd_check(args: list[str]) -> int:
    tsan = "--tsan" in args
    args = [a for a in args if a != "--tsan"]
    if not args:
        fail("usage: ./workbook check NN [EXERCISE] [--tsan]")
    chapter = find_chapter(args[0])
    exercises = chapter.exercises
    if len(args) > 1:
        if args[1] not in exercises:
            fail(f"chapter {chapter.number} has no exercise {args[1]}; it has: {', '.join(exercises)}")
        exercises = [args[1]]
    binary = (BUILD_TSAN if tsan else BUILD) / "bin" / chapter.test_binary.name
    if not build(binary.name, preset="tsan" if tsan else "default"):
        return 1
    first_failure = None
    for exercise in exercises:
        # One run per exercise, so that a sanitizer report is blamed on the right one.
        mine = run_gtest(binary, f"{suite_of(exercise)}.*")
        ok = bool(mine) and all(r.passed for r in mine)
        passed = sum(r.passed for r in mine)
        print(f"  {green('PASS') if ok else red('FAIL')}  {exercise:36} {passed}/{len(mine)} tests")
        if not ok and first_failure is None:
            first_failure = (exercise, next((r for r in mine if not r.passed), None))
    if first_failure is None:
        print(green(f"\nchapter {chapter.number}: every exercise checked passes. Well done!"))
        return 0
    exercise, result = first_failure
    print(bold(f"\nNext: {exercise}"))
    if result is not None:
        print(f"{result.suite}.{result.name} failed:\n")
        print("    " + result.message.strip().replace("\n", "\n    "))
    print(f"\nhint: chapters/{chapter.name}/hints.md, section \"{exercise}\"")
    return 1


def cmd_bench(args: list[str]) -> int:
    if args[:1] != ["toolkit"]:
        fail("usage: ./workbook bench toolkit [ROW...]")
    return subprocess.call([sys.executable, str(ROOT / "bench" / "toolkit" / "run.py"), *args[1:]])


def cmd_help(_: list[str]) -> int:
    print(__doc__)
    return 0


COMMANDS = {"build": cmd_build, "test": cmd_test, "demo": cmd_demo, "list": cmd_list,
            "check": cmd_check, "bench": cmd_bench, "help": cmd_help}


def main() -> int:
    command, *args = sys.argv[1:] or ["help"]
    if command not in COMMANDS:
        fail(f"unknown command {command!r}; try ./workbook help")
    return COMMANDS[command](args)


if __name__ == "__main__":
    sys.exit(main())
