"""The learner's and teacher's commands of ./workbook on a tiny fake checkout (chapter 99).

    python3 -m unittest discover -s tools/tests     # or: ctest -L tools

Nothing is compiled: the build and the test program are replaced by fakes where a command
needs them, so these tests check the CLI's own logic - the state cache, reset's backup, the
JUnit writer, the student copy's file list, the drill picker - in well under a second.
"""
import io
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree
from contextlib import redirect_stdout
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import workbook as core  # noqa: E402
from workbook_cli import drills, hints, learner, progress, teacher  # noqa: E402

HINTS = """# Chapter 99 hints

### first

topic: ordering

1. Loop.

target: 10 min

### counter

topic: mutex

1. Count.

target: 20 min

### racy

1. Lock it.
"""

STUB = """#include "x.hpp"

namespace ch99 {

int first(int /*n*/) {
  throw go::not_implemented{"first"};
}

void counter::add() {
  throw go::not_implemented{"counter"};
}

void racy::increment() {
  // TODO(exercise): the race: hold the lock.
  ++value_;
}

}  // namespace ch99
"""

SOLVED_FIRST = STUB.replace('throw go::not_implemented{"first"};', "return 1;")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True,
                          capture_output=True, text=True).stdout


class FakeCheckout(unittest.TestCase):
    """A committed checkout with chapter 99 (exercises `first` and `counter`) and its solution."""

    def setUp(self):
        scratch = tempfile.TemporaryDirectory()
        self.addCleanup(scratch.cleanup)
        self.root = Path(scratch.name) / "repo"
        files = {"chapters/99_fake/hints.md": HINTS, "chapters/99_fake/x.cpp": STUB,
                 "solutions/99_fake/x.cpp": STUB.replace("throw go::not_implemented", "return 0; //"),
                 "tests/99_fake/x_test.cpp": "// tests\n", "README.md": "# fake\n"}
        for name, text in files.items():
            (self.root / name).parent.mkdir(parents=True, exist_ok=True)
            (self.root / name).write_text(text)
        git(self.root, "init", "-q")
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", "fake")
        for name, value in {"ROOT": self.root, "BUILD": self.root / "build",
                            "PRISTINE": self.root / "build" / "pristine"}.items():
            patcher = mock.patch.object(core, name, value)
            patcher.start()
            self.addCleanup(patcher.stop)
        self.chapter = core.find_chapter("99")
        self.source = self.root / "chapters/99_fake/x.cpp"

    def quietly(self, command, *args):
        with redirect_stdout(io.StringIO()) as out:
            status = command(list(args))
        return status, out.getvalue()


class StateCacheTest(FakeCheckout):
    def fake_build(self, *_targets, **_options):
        self.chapter.test_binary.parent.mkdir(parents=True, exist_ok=True)
        self.chapter.test_binary.write_text("fake")
        return True

    def fake_run(self, _binary, _filter="*"):
        self.runs += 1
        return [core.TestResult("FirstTest", "Works", True)]

    def states(self):
        with mock.patch.object(core, "build", self.fake_build), mock.patch.object(core, "run_gtest", self.fake_run):
            return progress.chapter_states(self.chapter)

    def test_untouched_stubs_are_not_started_without_building(self):
        self.runs = 0
        self.assertEqual(self.states(), {"first": "not started", "counter": "not started", "racy": "not started"})
        self.assertEqual(self.runs, 0)
        self.assertFalse(self.chapter.test_binary.exists(), "nothing was built")

    def test_results_are_cached_until_a_source_changes(self):
        self.runs = 0
        self.source.write_text(SOLVED_FIRST)
        expected = {"first": "solved", "counter": "not started", "racy": "not started"}
        self.assertEqual(self.states(), expected, "racy's code is still the stub's, though it throws nothing")
        self.assertEqual(self.states(), expected)
        self.assertEqual(self.runs, 1, "the second list came from build/workbook-state.json")
        self.source.write_text(SOLVED_FIRST + "// an edit\n")
        self.states()
        self.assertEqual(self.runs, 2, "an edit invalidates the cache")

    def test_cached_states_keep_the_chapters_order_and_untouched_stubs_stay_not_started(self):
        self.runs = 0
        self.source.write_text(SOLVED_FIRST)
        self.states()
        progress.remember(self.chapter, "counter", passed=False)  # what `check 99 counter` records
        self.assertEqual(list(self.states().items()),
                         [("first", "solved"), ("counter", "not started"), ("racy", "not started")])
        self.assertEqual(self.runs, 1)

    def test_a_rebuilt_test_program_invalidates_the_cache(self):
        self.runs = 0
        self.source.write_text(SOLVED_FIRST)
        self.states()
        binary = self.chapter.test_binary
        stat = binary.stat()
        import os
        os.utime(binary, (stat.st_atime, stat.st_mtime + 10))
        self.states()
        self.assertEqual(self.runs, 2)


class CommittedAnswersTest(FakeCheckout):
    """A learner's clone where the answers are committed: the stubs are still upstream's."""

    def setUp(self):
        super().setUp()
        clone = self.root.parent / "clone"
        git(self.root.parent, "clone", "-q", str(self.root), str(clone))
        (clone / "chapters/99_fake/x.cpp").write_text(SOLVED_FIRST)
        git(clone, "commit", "-q", "-am", "my answer to first")
        patcher = mock.patch.object(core, "ROOT", clone)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.chapter = core.find_chapter("99")

    def test_a_committed_answer_is_started_and_reset_brings_back_the_stub(self):
        self.assertEqual(progress.untouched(self.chapter), {"counter", "racy"})
        status, _ = self.quietly(learner.cmd_reset, "99", "first", "--yes")
        self.assertEqual(status, 0)
        self.assertEqual((core.ROOT / "chapters/99_fake/x.cpp").read_text(), STUB)


class ResetTest(FakeCheckout):
    def test_reset_restores_one_exercise_and_backs_up_the_file(self):
        mine = SOLVED_FIRST.replace('throw go::not_implemented{"counter"};', "++count_;")
        self.source.write_text(mine)
        status, said = self.quietly(learner.cmd_reset, "99", "first", "--yes")
        self.assertEqual(status, 0)
        now = self.source.read_text()
        self.assertIn('throw go::not_implemented{"first"};', now)
        self.assertIn("++count_;", now, "the other exercise is untouched")
        backups = list((self.root / ".workbook/backups").rglob("x.cpp"))
        self.assertEqual(len(backups), 1)
        self.assertEqual(backups[0].read_text(), mine)
        self.assertIn(str(backups[0].relative_to(self.root)), said, "reset says where the backup is")

    def test_reset_of_an_untouched_stub_changes_nothing(self):
        status, _ = self.quietly(learner.cmd_reset, "99", "first", "--yes")
        self.assertEqual(status, 0)
        self.assertFalse((self.root / ".workbook/backups").exists())


class HintLevelTest(FakeCheckout):
    def test_each_call_shows_the_next_level_and_stops_at_the_last(self):
        (self.root / "chapters/99_fake/hints.md").write_text(HINTS.replace("1. Loop.", "1. Loop.\n2. Really loop."))
        _, first = self.quietly(learner.cmd_hint, "99", "first")
        _, second = self.quietly(learner.cmd_hint, "99", "first")
        _, third = self.quietly(learner.cmd_hint, "99", "first")
        self.assertIn("hint 1 of 2", first)
        self.assertIn("hint 2 of 2", second)
        self.assertIn("hint 2 of 2", third)
        _, every = self.quietly(learner.cmd_hint, "99", "first", "--all")
        self.assertIn("hint 1 of 2", every)
        self.assertIn("hint 2 of 2", every)


class ExportStudentTest(FakeCheckout):
    def test_the_student_file_list_leaves_out_solutions_only(self):
        committed = ["README.md", "solutions/99_fake/x.cpp", "chapters/99_fake/x.cpp", "solutions_guide.md"]
        self.assertEqual(teacher.student_paths(committed), ["README.md", "chapters/99_fake/x.cpp", "solutions_guide.md"])

    def test_the_copy_is_a_fresh_repository_without_solutions(self):
        (self.root / ".workbook").mkdir()
        (self.root / ".workbook/hints.json").write_text("{}")
        target = self.root.parent / "class"
        status, _ = self.quietly(teacher.cmd_export_student, str(target))
        self.assertEqual(status, 0)
        self.assertEqual(sorted(git(target, "ls-files").split()),
                         ["README.md", "chapters/99_fake/hints.md", "chapters/99_fake/x.cpp", "tests/99_fake/x_test.cpp"])
        self.assertFalse((target / "solutions").exists())
        self.assertFalse((target / ".workbook").exists())
        self.assertEqual(len(git(target, "log", "--oneline").splitlines()), 1, "no history")


class JUnitTest(unittest.TestCase):
    def grades(self):
        passed = core.TestResult("FirstTest", "Works", True)
        failed = core.TestResult("FirstTest", "Counts", False, "x_test.cpp:3\nExpected equality of these values:\n"
                                 "  n\n    Which is: 1\n  2\n", failures=["x_test.cpp:3\nExpected equality of these values:\n"
                                                                    "  n\n    Which is: 1\n  2\n"])
        good = teacher.ChapterGrade("99_fake", "99", {"first": [passed, failed], "counter": [passed]})
        broken = teacher.ChapterGrade("98_broken", "98", {"a": [], "b": []}, build_error="does not build")
        return [good, broken]

    def test_the_xml_is_well_formed_and_its_counts_add_up(self):
        root = ElementTree.fromstring(teacher.junit_xml(self.grades()))
        self.assertEqual(root.tag, "testsuites")
        suites = root.findall("testsuite")
        self.assertEqual([s.get("name") for s in suites], ["ch99_fake", "ch98_broken"])
        for suite in suites:
            cases = suite.findall("testcase")
            self.assertEqual(int(suite.get("tests")), len(cases))
            self.assertEqual(int(suite.get("failures")), sum(c.find("failure") is not None for c in cases))
            self.assertEqual(int(suite.get("errors")), sum(c.find("error") is not None for c in cases))
        for key in ("tests", "failures", "errors"):
            self.assertEqual(int(root.get(key)), sum(int(s.get(key)) for s in suites))
        self.assertEqual((root.get("tests"), root.get("failures"), root.get("errors")), ("5", "1", "2"))

    def test_a_failure_carries_its_plain_words_and_the_full_text(self):
        root = ElementTree.fromstring(teacher.junit_xml(self.grades()))
        failure = root.find(".//testcase[@name='FirstTest.Counts']/failure")
        self.assertEqual(failure.get("message"), "expected `n` to be 2, but it was 1")
        self.assertIn("Expected equality", failure.text)
        self.assertEqual(root.find(".//testcase[@name='FirstTest.Counts']").get("classname"), "ch99.first")

    def test_the_score_table_totals_solved_exercises(self):
        table = teacher.score_table(self.grades()).splitlines()
        self.assertIn("1/2", table[1])
        self.assertIn("(does not build)", table[2])
        self.assertTrue(table[-1].startswith("total") and "1/4" in table[-1] and "25%" in table[-1])


class DrillChoiceTest(unittest.TestCase):
    sections = hints.parse(HINTS)

    def test_the_first_unsolved_drill(self):
        self.assertEqual(drills.choose(self.sections, set(), None, None), "first")
        self.assertEqual(drills.choose(self.sections, {"first"}, None, None), "counter")
        self.assertIsNone(drills.choose(self.sections, {"first", "counter", "racy"}, None, None))

    def test_topic_and_minutes_narrow_the_choice(self):
        self.assertEqual(drills.choose(self.sections, set(), "mutex", None), "counter")
        self.assertIsNone(drills.choose(self.sections, set(), "mutex", 15), "counter's target is 20 min")
        self.assertEqual(drills.choose(self.sections, set(), None, 15), "first")

    def test_the_history_lists_every_attempt(self):
        runs = [{"drill": "first", "topic": "ordering", "target": 10, "started": "2026-01-01 10:00",
                 "seconds": 421, "outcome": drills.SOLVED, "hints": 1},
                {"drill": "counter", "topic": "mutex", "target": 20, "started": "2026-01-01 11:00",
                 "seconds": 2400, "outcome": drills.TIMEOUT, "hints": 0}]
        table = drills.history_table(runs)
        self.assertIn("7:01", table)
        self.assertIn("solved, 1 hint(s)", table)
        self.assertIn("1 drill(s) solved in 2 attempt(s)", table)


if __name__ == "__main__":
    unittest.main()
