"""Each exercise's state - solved, failing or not started - and `./workbook list`.

    ./workbook list            every chapter and exercise, a progress bar per chapter and overall

An exercise whose stub is untouched - it still throws not_implemented{"name"}, or its code is
still the committed stub's - is "not started" without building anything, so a fresh checkout
lists instantly. The others need their chapter's test program:
the results are cached in build/workbook-state.json under a key made of the chapter's and its
tests' sources and the test program's modification time, and a chapter is rebuilt and re-run
only when that key changes.
"""
from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import workbook as core
from workbook_cli import sources
from workbook_cli.state import JsonFile

SOLVED, FAILING, NOT_STARTED = "solved", "failing", "not started"


def cache_file() -> JsonFile:
    return JsonFile(core.BUILD / "workbook-state.json")


def sources_key(directories: list[Path]) -> str:
    """A hash of every file under `directories`, names and contents."""
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(directory.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def unchanged_since_commit(directory: Path) -> bool:
    """`directory` is as handed out (core.stub_ref()): committed answers count as changes."""
    diff = subprocess.run(["git", "-C", str(core.ROOT), "diff", "--quiet", core.stub_ref(), "--", str(directory)],
                          capture_output=True)
    return diff.returncode == 0


def untouched(chapter: core.Chapter) -> set[str]:
    """The exercises not started: their stub still throws go::not_implemented, or their
    definitions are still the committed stub's (chapter 04's races are racy code, not throws)."""
    if unchanged_since_commit(chapter.path):
        return set(chapter.exercises)
    files = sorted(chapter.path.glob("*.[ch]pp"))
    current = {path: path.read_text(errors="replace") for path in files}
    committed = {path: core.committed_text(path.relative_to(core.ROOT)) or "" for path in files}
    found = set()
    for exercise in chapter.exercises:
        if any(f'not_implemented{{"{exercise}"}}' in text for text in current.values()):
            found.add(exercise)
            continue
        stubs = [(path, block) for path in files for block in sources.exercise_blocks(committed[path], exercise)]
        if stubs and all(getattr(sources.find(current[path], block.key), "text", None) == block.text
                         for path, block in stubs):
            found.add(exercise)
    return found


def states_from(chapter: core.Chapter, results: list[core.TestResult], not_started: set[str]) -> dict[str, str]:
    states = {}
    for exercise in chapter.exercises:
        mine = [r for r in results if r.suite == core.suite_of(exercise)]
        if exercise in not_started:
            states[exercise] = NOT_STARTED
        elif mine and all(r.passed for r in mine):
            states[exercise] = SOLVED
        else:
            states[exercise] = FAILING
    return states


def run_exercises(chapter: core.Chapter, exercises: list[str]) -> list[core.TestResult]:
    """The test results of `exercises`, from one run of the chapter's test program - or, if
    that run crashes, one run per exercise, so that a crash is blamed on its exercise only."""
    if not exercises:
        return []
    results = core.run_gtest(chapter.test_binary, ":".join(f"{core.suite_of(e)}.*" for e in exercises))
    if any(r.unfinished for r in results):
        results = [r for e in exercises for r in core.run_gtest(chapter.test_binary, f"{core.suite_of(e)}.*")]
    return results


def chapter_states(chapter: core.Chapter, build: bool = True) -> dict[str, str] | None:
    """The state of every exercise of `chapter`; None if its tests do not build."""
    not_started = untouched(chapter)
    started = [e for e in chapter.exercises if e not in not_started]
    if not started:
        return {e: NOT_STARTED for e in chapter.exercises}
    key = sources_key([chapter.path, core.ROOT / "tests" / chapter.name])
    cached = cache_file().read().get(chapter.number, {})
    binary = chapter.test_binary
    if cached.get("key") == key and binary.exists() and cached.get("mtime") == binary.stat().st_mtime:
        # In the chapter's order (the file's keys are sorted); an untouched stub is not started
        # even when `check` has recorded its failure.
        return {e: NOT_STARTED if e in not_started else cached["states"].get(e, FAILING) for e in chapter.exercises}
    if not build:
        return None
    if not core.build(binary.name):
        return None
    states = states_from(chapter, run_exercises(chapter, started), not_started)
    record = {"key": key, "mtime": binary.stat().st_mtime, "states": states}
    cache_file().update(lambda data: data.update({chapter.number: record}))
    return states


def remember(chapter: core.Chapter, exercise: str, passed: bool) -> None:
    """Folds one `check` result into the cache, so that `list` does not run it again."""
    binary = chapter.test_binary
    key = sources_key([chapter.path, core.ROOT / "tests" / chapter.name])

    def change(data: dict) -> None:
        record = data.get(chapter.number, {})
        if record.get("key") != key or record.get("mtime") != binary.stat().st_mtime:
            return  # the cached states are stale anyway: list re-runs the chapter
        record["states"][exercise] = SOLVED if passed else FAILING
    if binary.exists():
        cache_file().update(change)


def first_unsolved(chapters: list[core.Chapter]) -> tuple[core.Chapter, str] | None:
    for chapter in chapters:
        states = chapter_states(chapter) or {e: FAILING for e in chapter.exercises}
        for exercise, state in states.items():
            if state != SOLVED:
                return chapter, exercise
    return None


def progress_bar(done: int, total: int, width: int = 20) -> str:
    filled = width * done // total if total else 0
    return "[" + core.green("#" * filled) + "-" * (width - filled) + f"] {done}/{total}"


def mark(state: str) -> str:
    return core.green(state) if state == SOLVED else core.red(state) if state == FAILING else state


def cmd_list(args: list[str]) -> int:
    """./workbook list [NN ...] [--all]: the chapters (or the ones named) and their exercises.

    A chapter not started yet is one line, unless --all or it is the one you are on: a first
    list should show where to begin, not sixty exercises marked "not started".
    """
    show_all = "--all" in args
    numbers = [a for a in args if a != "--all"]
    chapters = [core.find_chapter(n) for n in numbers] if numbers else core.find_chapters()
    solved_total = count_total = 0
    next_up = None
    for chapter in chapters:
        title = f"{chapter.name:30}"
        if not chapter.exercises:  # chapter 08: demonstrations with tests, nothing to write
            print(f"{core.bold(title)} no exercises: demonstrations to read and run")
            continue
        states = chapter_states(chapter)
        if states is None:
            print(f"{core.bold(title)} {core.red('does not build: ./workbook check ' + chapter.number)}")
            states = {e: FAILING for e in chapter.exercises}
        solved = sum(state == SOLVED for state in states.values())
        solved_total += solved
        count_total += len(states)
        first_open = next((e for e, state in states.items() if state != SOLVED), None)
        current = next_up is None and first_open is not None
        if current:
            next_up = (chapter, first_open)
        started = any(state != NOT_STARTED for state in states.values())
        print(f"{core.bold(title)} {progress_bar(solved, len(states))}"
              f"{'' if started or current or show_all or numbers else '  not started'}")
        if started or current or show_all or numbers:
            for exercise, state in states.items():
                print(f"    {exercise:34} {mark(state)}")
    print(f"\n{'overall':30} {progress_bar(solved_total, count_total)}")
    if next_up:
        chapter, exercise = next_up
        print(f"next: {exercise} (chapter {chapter.number}); `./workbook watch` checks it at every save, "
              "`./workbook list --all` lists every exercise")
    return 0
