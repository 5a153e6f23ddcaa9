"""The teacher's commands: grade a learner's copy, hand out a copy without the solutions.

    ./workbook grade                         a score table per chapter
    ./workbook grade --junit results.xml     and JUnit XML, which course platforms and CI read
    ./workbook export-student ../class-copy  HEAD without solutions/, as a fresh git repository

grade runs every exercise test of this checkout's chapters/ (the `exercise` variant). In the
XML, each chapter is a <testsuite>, each GoogleTest case a <testcase> whose classname names its
chapter and exercise ("ch01.spawn_many"), so a platform can score by exercise or by test.
"""
from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

import workbook as core
from workbook_cli import gtest_report, learner, progress


@dataclass
class ChapterGrade:
    chapter: str  # "01_goroutines"
    number: str
    results: dict[str, list[core.TestResult]] = field(default_factory=dict)  # per exercise
    build_error: str = ""

    def solved(self) -> int:
        return sum(bool(r) and all(t.passed for t in r) for r in self.results.values())

    def tests(self) -> tuple[int, int]:
        every = [t for r in self.results.values() for t in r]
        return sum(t.passed for t in every), len(every)


def grade_chapter(chapter: core.Chapter) -> ChapterGrade:
    grade = ChapterGrade(chapter.name, chapter.number)
    if not core.build(chapter.test_binary.name):
        grade.build_error = f"chapters/{chapter.name} does not build (./workbook check {chapter.number} shows why)"
        grade.results = {e: [] for e in chapter.exercises}
        return grade
    results = progress.run_exercises(chapter, chapter.exercises)
    for exercise in chapter.exercises:
        grade.results[exercise] = [r for r in results if r.suite == core.suite_of(exercise)]
    return grade


def failure_summary(result: core.TestResult) -> str:
    if result.unfinished or not result.failures:
        return result.message.splitlines()[0] if result.message else "failed"
    return gtest_report.explain(result.failures[0]).summary


def junit_xml(grades: list[ChapterGrade]) -> str:
    """The grades as JUnit XML: <testsuites> of one <testsuite> per chapter.

    An exercise without any test result (its chapter did not build, or its suite is missing)
    is one <testcase> with an <error>, so that it counts against the score.
    """
    root = ElementTree.Element("testsuites", name="go-workbook")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for grade in grades:
        suite = ElementTree.SubElement(root, "testsuite", name=f"ch{grade.chapter}")
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for exercise, results in grade.results.items():
            classname = f"ch{grade.number}.{exercise}"
            if not results:
                case = ElementTree.SubElement(suite, "testcase", classname=classname, name="build")
                why = grade.build_error or f"no test of {core.suite_of(exercise)} ran"
                ElementTree.SubElement(case, "error", message=why).text = why
                counts["tests"] += 1
                counts["errors"] += 1
                continue
            for result in results:
                case = ElementTree.SubElement(suite, "testcase", classname=classname, name=f"{result.suite}.{result.name}")
                counts["tests"] += 1
                if not result.passed:
                    counts["failures"] += 1
                    failure = ElementTree.SubElement(case, "failure", message=failure_summary(result))
                    failure.text = result.message
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def score_table(grades: list[ChapterGrade]) -> str:
    lines = [f"{'chapter':24} {'exercises solved':>18} {'tests passed':>14}"]
    solved_all = exercises_all = passed_all = tests_all = 0
    for grade in grades:
        passed, tests = grade.tests()
        solved = grade.solved()
        note = "  (does not build)" if grade.build_error else ""
        lines.append(f"{grade.chapter:24} {f'{solved}/{len(grade.results)}':>18} {f'{passed}/{tests}':>14}{note}")
        solved_all += solved
        exercises_all += len(grade.results)
        passed_all += passed
        tests_all += tests
    percent = 100 * solved_all // exercises_all if exercises_all else 0
    lines.append(f"{'total':24} {f'{solved_all}/{exercises_all}':>18} {f'{passed_all}/{tests_all}':>14}  {percent}%")
    return "\n".join(lines)


def cmd_grade(args: list[str]) -> int:
    junit = None
    if "--junit" in args:
        at = args.index("--junit")
        if at + 1 >= len(args):
            core.fail("usage: ./workbook grade [--junit FILE]")
        junit = Path(args[at + 1])
        args = args[:at] + args[at + 2:]
    positional, _ = learner.flags(args)
    chapters = [core.find_chapter(n) for n in positional] if positional else core.find_chapters()
    chapters = [chapter for chapter in chapters if chapter.exercises]  # not the demonstrations
    core.say(f"grading {len(chapters)} chapter(s): building and running every exercise test")
    grades = [grade_chapter(chapter) for chapter in chapters]
    print(score_table(grades))
    if junit is not None:
        junit.write_text(junit_xml(grades))
        core.say(f"JUnit XML: {junit}")
    return 0


# ---------------------------------------------------------------------------------------------
# export-student


def student_paths(committed: list[str]) -> list[str]:
    """The committed paths a student copy gets: all but the reference solutions."""
    return [path for path in committed if path != "solutions" and not path.startswith("solutions/")]


def run(command: list[str], cwd: Path) -> str:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True).stdout


def cmd_export_student(args: list[str]) -> int:
    positional, _ = learner.flags(args)
    if len(positional) != 1:
        core.fail("usage: ./workbook export-student DIR")
    target = Path(positional[0]).resolve()
    if target.exists() and any(target.iterdir()):
        core.fail(f"{target} is not empty; name a new directory")
    if target.is_relative_to(core.ROOT):
        core.fail("export outside this checkout (e.g. ../class-copy)")
    if run(["git", "status", "--porcelain", "--untracked-files=no"], core.ROOT).strip():
        core.say("note: uncommitted changes are not exported (the copy is HEAD)")
    paths = student_paths(run(["git", "ls-tree", "-r", "--name-only", "HEAD"], core.ROOT).splitlines())
    target.mkdir(parents=True, exist_ok=True)
    # git archive of the chosen paths: committed content only, so nothing of .workbook/, build/
    # or the teacher's edits leaks; --stdin-paths is not an archive option, hence the pathspec.
    archive = subprocess.Popen(["git", "archive", "--format=tar", "HEAD", "--", ".", ":(exclude)solutions"],
                               cwd=core.ROOT, stdout=subprocess.PIPE)
    with archive.stdout:
        subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout, check=True)
    if archive.wait() != 0:
        core.fail("git archive failed")
    # A repository of its own, one commit, no history: the solutions were never in it, and the
    # stub check and `reset` find the stubs at its HEAD.
    head = run(["git", "rev-parse", "--short", "HEAD"], core.ROOT).strip()
    run(["git", "init", "-q", "-b", "main"], target)
    run(["git", "add", "-A"], target)
    identity = ["-c", "user.name=workbook", "-c", "user.email=workbook@localhost"]
    run(["git", *identity, "commit", "-q", "-m", f"The Go Concurrency Workbook for C++, student copy of {head}"], target)
    exported = run(["git", "ls-files"], target).splitlines()
    if sorted(exported) != sorted(paths):
        core.fail(f"the copy holds {len(exported)} files where {len(paths)} were expected")
    core.say(f"{len(exported)} files exported to {target} (no solutions/, no history); "
             f"students start with `./workbook list`")
    return 0
