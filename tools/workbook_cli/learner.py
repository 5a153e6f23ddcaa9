"""The learner's commands: check, hint, reset and solution.

    ./workbook check 01 [spawn_many] [--tsan]   build, test, explain the first failure
    ./workbook hint [01 [spawn_many]] [--all]   the next hint (the exercise you are on by default)
    ./workbook reset 01 spawn_many [--yes]      the stub back; your version saved in .workbook/backups/
    ./workbook solution 01 spawn_many [--force] the reference beside your version, once yours passes
"""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

import workbook as core
from workbook_cli import gtest_report, hints, progress, sources
from workbook_cli.state import JsonFile, backup, state_dir


def flags(args: list[str], *known: str) -> tuple[list[str], set[str]]:
    """(positional arguments, flags given); an unknown --flag is an error."""
    given = {a for a in args if a.startswith("--")}
    for flag in given - set(known):
        core.fail(f"unknown option {flag}; try ./workbook help")
    return [a for a in args if not a.startswith("--")], given


def exercise_of(chapter: core.Chapter, name: str) -> str:
    if name not in chapter.exercises:
        core.fail(f"chapter {chapter.number} has no exercise {name}; it has: {', '.join(chapter.exercises)}")
    return name


def lessons() -> list[core.Chapter]:
    """The chapters worked in order; the timed drills are started with `./workbook drill`."""
    return [chapter for chapter in core.find_chapters() if chapter.topic != "drills"]


def target(positional: list[str], usage: str) -> tuple[core.Chapter, str]:
    """The chapter and exercise named, or the first one not solved yet."""
    if len(positional) >= 2:
        chapter = core.find_chapter(positional[0])
        return chapter, exercise_of(chapter, positional[1])
    chapters = [core.find_chapter(positional[0])] if positional else lessons()
    found = progress.first_unsolved(chapters)
    if found is None:
        core.fail(f"every exercise there is solved; usage: {usage}")
    return found


def hint_section(chapter: core.Chapter, exercise: str) -> hints.Section:
    path = chapter.path / "hints.md"
    return hints.parse(path.read_text())[exercise]


def hint_location(chapter: core.Chapter, exercise: str) -> str:
    return f"chapters/{chapter.name}/hints.md:{hint_section(chapter, exercise).line}"


# ---------------------------------------------------------------------------------------------
# check


def indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line if line else line for line in text.splitlines())


def show_failure(result: core.TestResult) -> None:
    title = f"{result.suite}.{result.name}" if result.suite != "*" else "the tests, under the sanitizer"
    if result.unfinished or result.suite == "*":
        print(f"  {core.red('x')} {core.bold(title)}")
        print(indent(result.message, 4))
        return
    failure = gtest_report.explain(result.failures[0] if result.failures else result.message)
    where = f"  ({failure.where})" if failure.where else ""
    print(f"  {core.red('x')} {core.bold(title)}{where}")
    print(indent(failure.summary, 4))
    if failure.advice:
        print(indent(failure.advice, 4))
    if failure.report:
        print("    the toolkit's report:")
        print(indent(failure.report, 6))
    if len(result.failures) > 1:
        print(f"    (and {len(result.failures) - 1} more failed assertion(s) in this test)")


def check_exercises(chapter: core.Chapter, exercises: list[str], tsan: bool = False) -> str | None:
    """Builds and tests `exercises`; prints a line each and explains the first failure.
    Returns the first exercise that fails (None when all pass)."""
    binary = (core.BUILD_TSAN if tsan else core.BUILD) / "bin" / chapter.test_binary.name
    if not core.build(binary.name, preset="tsan" if tsan else "default"):
        print(f"\nhint: fix the first compiler error above (chapters/{chapter.name}/)")
        return exercises[0]
    first_failure = None
    not_started = progress.untouched(chapter)
    for exercise in exercises:
        # One run per exercise, so that a crash or a sanitizer report is blamed on the right one.
        mine = core.run_gtest(binary, f"{core.suite_of(exercise)}.*")
        ok = bool(mine) and all(r.passed for r in mine)
        passed = sum(r.passed for r in mine)
        status = core.green("PASS") if ok else "TODO" if exercise in not_started else core.red("FAIL")
        print(f"  {status}  {exercise:36} {passed}/{len(mine)} tests")
        if not tsan:
            progress.remember(chapter, exercise, ok)
        if not ok and first_failure is None:
            first_failure = (exercise, [r for r in mine if not r.passed])
    if first_failure is None:
        return None
    exercise, failed = first_failure
    print("\n" + core.bold(f"Next: {exercise}"))
    if not failed:
        print(f"  no test of {core.suite_of(exercise)} ran: is the test file built? (tests/{chapter.name}/)")
    for result in failed[:1]:
        show_failure(result)
    if len(failed) > 1:
        print(f"  ({len(failed) - 1} more failing test{'s' if len(failed) > 2 else ''} in {exercise})")
    level = JsonFile(state_dir(core.ROOT) / "hints.json").read().get(f"{chapter.number}/{exercise}", 0)
    print(f"\nhint: read {hint_location(chapter, exercise)}, or `./workbook hint {chapter.number} {exercise}`"
          f"{f' (you have seen {level} of its hints)' if level else ''}")
    return exercise


def cmd_check(args: list[str]) -> int:
    positional, given = flags(args, "--tsan")
    if not positional:
        core.fail("usage: ./workbook check NN [EXERCISE] [--tsan]")
    chapter = core.find_chapter(positional[0])
    exercises = [exercise_of(chapter, positional[1])] if len(positional) > 1 else chapter.exercises
    failed = check_exercises(chapter, exercises, tsan="--tsan" in given)
    if failed is None:
        which = f"{exercises[0]} passes" if len(exercises) == 1 else "every exercise of the chapter passes"
        print(core.green(f"\nchapter {chapter.number}: {which}. Well done!"))
        return 0
    return 1


# ---------------------------------------------------------------------------------------------
# hint


def cmd_hint(args: list[str]) -> int:
    positional, given = flags(args, "--all")
    chapter, exercise = target(positional, "./workbook hint NN EXERCISE")
    section = hint_section(chapter, exercise)
    if not section.hints:
        core.fail(f"{hint_location(chapter, exercise)} has no numbered hints for {exercise}")
    levels = JsonFile(state_dir(core.ROOT) / "hints.json")
    key = f"{chapter.number}/{exercise}"
    seen = levels.read().get(key, 0)
    count = len(section.hints)
    shown = range(count) if "--all" in given else [min(seen, count - 1)]
    print(core.bold(f"{exercise} (chapter {chapter.number}), {hint_location(chapter, exercise)}"))
    if section.preface and seen == 0:
        print(indent(section.preface, 2))
    for index in shown:
        print(f"\nhint {index + 1} of {count}:")
        print(indent(section.hints[index], 4))
    newest = max(shown) + 1
    levels.update(lambda data: data.update({key: max(seen, newest)}))
    if newest < count:
        print(f"\nstill stuck? `./workbook hint {chapter.number} {exercise}` shows hint {newest + 1}")
    elif "--all" not in given and seen >= count:
        print(f"\n(that is the last hint; `--all` shows them all)")
    else:
        print(f"\nthat was the last hint; once your tests pass, `./workbook solution {chapter.number} {exercise}`"
              " shows the reference")
    return 0


# ---------------------------------------------------------------------------------------------
# reset and solution: both work on the exercise's definitions only, never on the whole file


def stub_files(chapter: core.Chapter, exercise: str) -> list[tuple[Path, list[sources.Block]]]:
    """(file relative to the checkout, the committed stub's definitions of `exercise`) per file."""
    found = []
    for path in sorted(chapter.path.glob("*.[ch]pp")):
        relative = path.relative_to(core.ROOT)
        committed = core.committed_text(relative)
        stub = sources.exercise_blocks(committed, exercise) if committed else []
        if stub:
            found.append((relative, stub))
    return found


def confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        core.fail(f"{question} - not on a terminal, so pass --yes to confirm")
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def cmd_reset(args: list[str]) -> int:
    positional, given = flags(args, "--yes")
    if len(positional) != 2:
        core.fail("usage: ./workbook reset NN EXERCISE [--yes]")
    chapter = core.find_chapter(positional[0])
    exercise = exercise_of(chapter, positional[1])
    changes = []
    for relative, stub in stub_files(chapter, exercise):
        current = (core.ROOT / relative).read_text()
        restored, missing = sources.replace_blocks(current, stub)
        if missing:
            core.fail(f"{relative}: cannot find {', '.join(missing)} in your version; to restore the whole file "
                      f"(every exercise in it), back it up and run: git checkout HEAD -- {relative}")
        if restored != current:
            changes.append((relative, restored, [block.key for block in stub]))
    if not changes:
        core.say(f"{exercise} is already its untouched stub")
        return 0
    for relative, _, keys in changes:
        print(f"{relative}: {', '.join(keys)}")
    if "--yes" not in given and not confirm(f"put back the stub of {exercise} (your version is backed up)?"):
        core.say("nothing changed")
        return 1
    for relative, restored, _ in changes:
        saved = backup(core.ROOT, relative)
        (core.ROOT / relative).write_text(restored)
        core.say(f"{exercise} is a stub again in {relative}; your version: {saved.relative_to(core.ROOT)}")
    return 0


def coloured_diff(lines: list[str]) -> str:
    painted = []
    for line in lines:
        if line.startswith(("---", "+++")):
            painted.append(core.bold(line))
        elif line.startswith("-"):
            painted.append(core.red(line))
        elif line.startswith("+"):
            painted.append(core.green(line))
        elif line.startswith("@@"):
            painted.append(core.paint(line, "36"))
        else:
            painted.append(line)
    return "\n".join(painted)


def cmd_solution(args: list[str]) -> int:
    positional, given = flags(args, "--force")
    if len(positional) != 2:
        core.fail("usage: ./workbook solution NN EXERCISE [--force]")
    chapter = core.find_chapter(positional[0])
    exercise = exercise_of(chapter, positional[1])
    if core.is_student_copy():
        core.fail("this copy has no solutions/ (your teacher has them)")
    if "--force" not in given:
        core.say(f"checking {exercise} first")
        if check_exercises(chapter, [exercise]) is not None:
            print(f"\nthe reference waits until your {exercise} passes; `./workbook hint {chapter.number} {exercise}`"
                  f" helps, and `--force` shows it anyway")
            return 1
    for relative, stub in stub_files(chapter, exercise):
        reference_path = core.ROOT / "solutions" / relative.relative_to("chapters")
        reference = reference_path.read_text() if reference_path.exists() else ""
        current = (core.ROOT / relative).read_text()
        for block in stub:
            yours = sources.find(current, block.key)
            theirs = sources.find(reference, block.key)
            if theirs is None:
                continue  # defined in another file of the solution (a header), shown there
            mine = (yours.text if yours else "").splitlines()
            ref = theirs.text.splitlines()
            label_yours = f"yours      {relative}:{yours.start + 1}" if yours else f"yours      {relative} (not found)"
            label_ref = f"reference  {reference_path.relative_to(core.ROOT)}:{theirs.start + 1}"
            print()
            if mine == ref:
                print(core.bold(f"{block.key}: yours is the reference, line for line"))
                continue
            # Full context: the whole definition, with your lines (-) beside the reference's (+).
            diff = difflib.unified_diff(mine, ref, label_yours, label_ref, n=max(len(mine), len(ref)), lineterm="")
            print(coloured_diff(list(diff)))
    return 0
