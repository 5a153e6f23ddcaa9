"""./workbook watch: re-checks the exercise you are working on every time you save, like
`rustlings watch`, and moves on to the next one when it passes.

    ./workbook watch                 the first exercise not solved yet, then the ones after it
    ./workbook watch 03              the first one not solved in chapter 03, then the chapter's others
    ./workbook watch 03 try_receive  that one, then the chapter's others

Saves are seen through inotifywait (Debian's inotify-tools, already in tools/packages.txt): one
process that reports every closed-after-write or renamed-into-place file, so editors that save
by writing a temporary file and renaming it are seen too - no polling, and no Python package to
install. Ctrl-C stops watching.
"""
from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import workbook as core
from workbook_cli import learner, progress, sources

SOURCE_SUFFIXES = (".cpp", ".hpp", ".h")
DEBOUNCE = 0.3  # seconds: an editor's save is often several events; check once


class Saves:
    """The source files saved under `directory`, as they happen (inotifywait -m -r)."""

    def __init__(self, directory: Path):
        if shutil.which("inotifywait") is None:
            core.fail("watch needs inotifywait: sudo apt-get install inotify-tools")
        self.process = subprocess.Popen(
            ["inotifywait", "-m", "-r", "-e", "close_write,moved_to", "--format", "%w%f", str(directory)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Wait until the watches are in place, so that no save right after the first check is missed.
        for line in self.process.stderr:
            if b"Watches established" in line:
                break
        self.pending = b""

    def _lines(self, timeout: float | None) -> list[str]:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return []
        chunk = os.read(self.process.stdout.fileno(), 65536)
        if not chunk:
            core.fail("inotifywait stopped")
        self.pending += chunk
        *complete, self.pending = self.pending.split(b"\n")
        return [line.decode(errors="replace") for line in complete]

    def wait(self, within: Path, timeout: float | None = None) -> Path | None:
        """The first source file saved under `within`; None if `timeout` seconds pass first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if left == 0.0:
                return None
            saved = [Path(p) for p in self._lines(left)]
            saved = [p for p in saved if p.suffix in SOURCE_SUFFIXES and p.is_relative_to(within)]
            if saved:
                while self._lines(DEBOUNCE):  # the rest of this save
                    pass
                return saved[-1]

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()


def where_to_write(chapter: core.Chapter, exercise: str) -> str:
    """"statement: x.hpp:57 · your code: x.cpp:16" - the exercise's comment and its stub."""
    places = []
    for path in sorted(chapter.path.glob("*.hpp")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if line.startswith(f"// {exercise}:"):
                places.append(f"statement: {path.relative_to(core.ROOT)}:{number}")
                break
    for relative, blocks in learner.stub_files(chapter, exercise):
        current = (core.ROOT / relative).read_text()
        marker = f'not_implemented{{"{exercise}"}}'
        line = next((n for n, text in enumerate(current.splitlines(), start=1) if marker in text), None)
        if line is None:  # started already: point at its first definition
            found = sources.find(current, blocks[0].key)
            line = found.start + 1 if found else 1
        places.append(f"your code: {relative}:{line}")
        break
    return " · ".join(places)


def next_exercise(chapter: core.Chapter, after: str, chapters: list[core.Chapter]) -> tuple[core.Chapter, str] | None:
    """The first exercise not solved after `after` in its chapter, then before it, then in the
    chapters that follow among `chapters`."""
    states = progress.chapter_states(chapter) or {}
    order = chapter.exercises[chapter.exercises.index(after) + 1:] + chapter.exercises
    for exercise in order:
        if exercise != after and states.get(exercise) != progress.SOLVED:
            return chapter, exercise
    later = chapters[chapters.index(chapter) + 1:] if chapter in chapters else []
    return progress.first_unsolved(later)


def clear_screen() -> None:
    if sys.stdout.isatty():
        print("\033[2J\033[H", end="")


def watch(chapter: core.Chapter, exercise: str, *, advance_through: list[core.Chapter] | None,
          deadline: float | None = None, banner: Callable[[], str] = lambda: "") -> str:
    """Checks `exercise` now and after every save of its chapter; returns "solved" (when not
    advancing), "done" (nothing left), "timeout" (at `deadline`, a time.monotonic() value) or
    "stopped" (Ctrl-C). `banner` is printed under the title of every screen."""
    saves = Saves(core.ROOT / "chapters")
    fresh_screen = True
    try:
        while True:
            if fresh_screen:
                clear_screen()
            fresh_screen = True
            print(core.bold(f"watching {exercise} (chapter {chapter.number})"))
            if banner():
                print(banner())
            print(f"  {where_to_write(chapter, exercise)}")
            print("  save a file of the chapter to check again; Ctrl-C stops\n", flush=True)
            if learner.check_exercises(chapter, [exercise]) is None:
                print(core.green(f"\n{exercise} passes!"))
                if advance_through is None:
                    return "solved"
                following = next_exercise(chapter, exercise, advance_through)
                if following is None:
                    print(core.green("every exercise here is solved. Well done!"))
                    return "done"
                chapter, exercise = following
                print(f"moving on to {exercise}\n")
                fresh_screen = False  # keep the success in sight
                continue
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return "timeout"
            if saves.wait(chapter.path, left) is None:
                return "timeout"
    except KeyboardInterrupt:
        print("\nstopped watching")
        return "stopped"
    finally:
        saves.close()


def cmd_watch(args: list[str]) -> int:
    positional, _ = learner.flags(args)
    chapter, exercise = learner.target(positional, "./workbook watch [NN [EXERCISE]]")
    chapters = [chapter] if positional else learner.lessons()
    outcome = watch(chapter, exercise, advance_through=chapters)
    return 0 if outcome in ("done", "stopped") else 1
