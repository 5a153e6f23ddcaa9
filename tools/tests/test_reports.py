"""The parsers of ./workbook: GoogleTest failures in plain words, hints.md sections, stub blocks.

    python3 -m unittest discover -s tools/tests     # or: ctest -L tools

The failure texts below are what the chapters' tests really print (recorded from chapter 01).
"""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbook_cli import gtest_report, hints, sources  # noqa: E402

DEADLOCK = """../tests/01_goroutines/goroutines_test.cpp:75
Failed
each order waits until all 5 have started, so the orders must run at the same time: start each one in its own fiber (go::spawn) before waiting for any

go::run reported:
all fibers are asleep - deadlock!

fiber 1 "main" [wait_group.wait on 0x7ffd09838550]:
    spawned at ../tests/01_goroutines/goroutines_test.cpp:73 in void {anonymous}::run_expecting_overlap(F, std::string_view) [with F = X]
"""

EQUALITY = """../tests/01_goroutines/goroutines_test.cpp:261
Expected equality of these values:
  ran
    Which is: 1999
  2000
on two worker threads fibers count at the same time: the counter must be atomic"""

BOTH_SIDES = """x_test.cpp:10
Expected equality of these values:
  seen
    Which is: 3
  expected
    Which is: 4
"""

VALUE_OF = """../tests/01_goroutines/goroutines_test.cpp:206
Value of: returns_after_its_fibers("process_orders_concurrent", [&] { ch01::process_orders_concurrent(orders, process); })
  Actual: false (it returned before its fibers finished)
Expected: true"""

STUB = """unknown file
C++ exception with description "not implemented yet: process_orders_sequential" thrown in the test body."""

THROWN = """unknown file
C++ exception with description "vector::_M_range_check: __n (which is 3) >= this->size() (which is 3)" thrown in the test body."""

COMPARISON = """x_test.cpp:403
Expected: (ch01::max_parallelism(1, 4)) <= (1), actual: 2 vs 1
one worker thread runs one fiber at a time"""


TSAN = """WARNING: ThreadSanitizer: data race (pid=20104)
  Write of size 4 at 0x7fffe7165f68 by thread T8:
    #0 ch04::counter::increment() /home/me/wb/chapters/04_mutex/races.cpp:19 (ch04_exercise_test+0x77f15)
    #1 operator() /home/me/wb/tests/04_mutex/races_test.cpp:63 (ch04_exercise_test+0x25bd0)
    #2 __invoke_impl<void, X> /usr/include/c++/12/bits/invoke.h:61 (ch04_exercise_test+0x25bd0)
    #3 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5ad75)

  Previous read of size 4 at 0x7fffe7165f68 by thread T5:
    #0 ch04::counter::increment() /home/me/wb/chapters/04_mutex/races.cpp:17 (ch04_exercise_test+0x77f04)
    #12 <null> <null> (libstdc++.so.6+0xd44a2)

SUMMARY: ThreadSanitizer: data race /home/me/wb/chapters/04_mutex/races.cpp:19 in ch04::counter::increment()
==================
"""


class ExplainTest(unittest.TestCase):
    def test_a_sanitizer_report_keeps_the_accesses_and_the_workbooks_frames(self):
        self.assertEqual(gtest_report.trim_sanitizer(TSAN).splitlines(), [
            "ThreadSanitizer: data race",
            "Write of size 4 by thread T8:",
            "    chapters/04_mutex/races.cpp:19 in ch04::counter::increment()",
            "    tests/04_mutex/races_test.cpp:63 in operator()",
            "Previous read of size 4 by thread T5:",
            "    chapters/04_mutex/races.cpp:17 in ch04::counter::increment()"])

    def test_a_deadlock_keeps_the_tests_words_and_a_trimmed_report(self):
        failure = gtest_report.explain(DEADLOCK)
        self.assertEqual(failure.where, "tests/01_goroutines/goroutines_test.cpp:75")
        self.assertTrue(failure.summary.startswith("each order waits until all 5 have started"))
        self.assertTrue(failure.report.startswith("all fibers are asleep - deadlock!"))
        self.assertIn("spawned at tests/01_goroutines/goroutines_test.cpp:73", failure.report)
        self.assertNotIn("run_expecting_overlap", failure.report, "C++ signatures are cut")
        self.assertNotIn("go::run reported:", failure.report)

    def test_paths_are_shown_from_the_top_of_the_checkout(self):
        self.assertEqual(gtest_report.source_path("../tests/01_goroutines/a.cpp"), "tests/01_goroutines/a.cpp")
        self.assertEqual(gtest_report.source_path("/home/me/wb/tests/01_goroutines/a.cpp:3"), "tests/01_goroutines/a.cpp:3")
        self.assertEqual(gtest_report.source_path("unknown file"), "unknown file")
        report = gtest_report.trim_report("fiber 1:\n    spawned at /home/me/wb/chapters/01_x/a.cpp:9 in void f()")
        self.assertEqual(report, "fiber 1:\n    spawned at chapters/01_x/a.cpp:9")

    def test_equality_with_a_literal_reads_to_be(self):
        failure = gtest_report.explain(EQUALITY)
        self.assertEqual(failure.summary, "expected `ran` to be 2000, but it was 1999")
        self.assertEqual(failure.advice, "on two worker threads fibers count at the same time: the counter must be atomic")

    def test_equality_of_two_expressions_names_both_values(self):
        failure = gtest_report.explain(BOTH_SIDES)
        self.assertEqual(failure.summary, "expected `seen` to equal `expected`, but `seen` was 3 and `expected` was 4")

    def test_value_of_says_what_it_was(self):
        failure = gtest_report.explain(VALUE_OF)
        self.assertTrue(failure.summary.startswith("expected `returns_after_its_fibers("))
        self.assertTrue(failure.summary.endswith("to be true, but it was false (it returned before its fibers finished)"))

    def test_an_untouched_stub_says_to_write_the_body(self):
        failure = gtest_report.explain(STUB)
        self.assertEqual(failure.where, "")
        self.assertIn("process_orders_sequential is not written yet", failure.summary)

    def test_a_stub_reported_through_a_helper_is_recognised_too(self):
        self.assertIn("is not written yet", gtest_report.explain(VALUE_OF.replace(
            "it returned before its fibers finished", "not implemented yet: spawn_many")).summary)

    def test_an_exception_names_its_description(self):
        self.assertIn("threw an exception that nothing caught: vector::_M_range_check",
                      gtest_report.explain(THROWN).summary)

    def test_a_comparison_gives_both_values(self):
        failure = gtest_report.explain(COMPARISON)
        self.assertEqual(failure.summary, "expected `ch01::max_parallelism(1, 4)` <= `1`, but they were 2 and 1")
        self.assertEqual(failure.advice, "one worker thread runs one fiber at a time")

    def test_a_long_report_is_cut_with_a_note(self):
        report = "all fibers are asleep - deadlock!\n" + "\n".join(f"fiber {n}" for n in range(40))
        trimmed = gtest_report.trim_report(report, max_lines=5).splitlines()
        self.assertEqual(len(trimmed), 6)
        self.assertIn("36 more lines", trimmed[-1])

    def test_a_timeout_thrown_into_the_test_gives_its_fiber_report(self):
        failure = gtest_report.explain('unknown file\nC++ exception with description "go::run timed out after 10000 ms; '
                                       'fibers still live:\n\nfiber 1 \"main\" [sleep]:\n    spawned at ../tests/a.cpp:178 '
                                       'in virtual void X::TestBody()\n" thrown in the test body.')
        self.assertEqual(failure.summary, "the run was stopped: go::run timed out after 10000 ms")
        self.assertEqual(failure.report, 'fiber 1 "main" [sleep]:\n    spawned at tests/a.cpp:178')

    def test_a_leak_report_is_its_own_summary(self):
        failure = gtest_report.explain("../lib/src/testing.cpp:21\nFailed\nfiber leak: 1 fiber(s) outlived the test:\n\n"
                                       "fiber 2 [chan.recv on 0x1]:\n    spawned at ../chapters/06_pipeline/p.cpp:9 in f()\n")
        self.assertEqual(failure.summary, "fiber leak: 1 fiber(s) outlived the test")
        self.assertEqual(failure.where, "", "the toolkit's own line is no help")
        self.assertEqual(failure.report, "fiber 2 [chan.recv on 0x1]:\n    spawned at chapters/06_pipeline/p.cpp:9")

    def test_a_crash_names_its_signal(self):
        self.assertIn("signal 11 (SIGSEGV: a null or dangling pointer", gtest_report.crash_reason(-11))
        self.assertEqual(gtest_report.crash_reason(3), "the test program ended early (exit status 3)")

    def test_a_crash_is_blamed_on_the_running_test_with_the_panic(self):
        stdout = "[ RUN      ] SpawnManyTest.First\n[       OK ] SpawnManyTest.First (1 ms)\n[ RUN      ] SpawnManyTest.Second\n"
        stderr = "noise\npanic: boom\n\nfiber 1 [running]:\n    spawned at ../tests/a.cpp:3 in f()\n"
        suite, case, said = gtest_report.unfinished(stdout, stderr, "the test program crashed")
        self.assertEqual((suite, case), ("SpawnManyTest", "Second"))
        self.assertEqual(said, "the test program crashed\npanic: boom\n\nfiber 1 [running]:\n    spawned at tests/a.cpp:3")


HINTS = """# Chapter 99 hints

Intro text that belongs to no exercise.

### first_one

1. Look at the loop.
2. `for (x : xs) f(x);` and then
   return.

### `a_drill`

topic: ordering

The statement of the drill,
on two lines.

1. Hint one.

target: 10 min
"""


class HintsTest(unittest.TestCase):
    def test_sections_with_their_heading_line_and_hints(self):
        sections = hints.parse(HINTS)
        self.assertEqual(list(sections), ["first_one", "a_drill"])
        self.assertEqual(sections["first_one"].line, 5)
        self.assertEqual(sections["first_one"].hints, ["Look at the loop.", "`for (x : xs) f(x);` and then\nreturn."])

    def test_a_drills_fields_and_statement(self):
        drill = hints.parse(HINTS)["a_drill"]
        self.assertEqual(drill.fields, {"topic": "ordering", "target": "10 min"})
        self.assertEqual(drill.target_minutes(), 10)
        self.assertEqual(drill.preface, "The statement of the drill,\non two lines.")
        self.assertEqual(drill.hints, ["Hint one."])


STUB_FILE = """// x.cpp - a stub.
#include "x.hpp"

namespace ch99 {

int first(int /*n*/) {
  // TODO(exercise): something.
  throw go::not_implemented{"first"};
}

counter::counter() {
  // TODO(exercise): set up.
}

void counter::add() {
  throw go::not_implemented{"counter"};
}

// TODO(exercise): your prediction.
const int predicted_first = -1;

}  // namespace ch99
"""


class SourcesTest(unittest.TestCase):
    def test_an_exercise_owns_its_definitions_its_constructor_and_its_prediction(self):
        self.assertEqual([b.key for b in sources.exercise_blocks(STUB_FILE, "first")], ["int first", "const int predicted_first"])
        self.assertEqual([b.key for b in sources.exercise_blocks(STUB_FILE, "counter")], ["counter::counter", "void counter::add"])

    def test_replacing_puts_back_one_exercise_and_keeps_the_others(self):
        learner = STUB_FILE.replace('throw go::not_implemented{"first"};', "return n * 2;").replace(
            'throw go::not_implemented{"counter"};', "++count_;").replace("int first(int /*n*/)", "int first(int n)")
        restored, missing = sources.replace_blocks(learner, sources.exercise_blocks(STUB_FILE, "first"))
        self.assertEqual(missing, [])
        self.assertIn('throw go::not_implemented{"first"};', restored)
        self.assertIn("++count_;", restored, "the other exercise is kept")
        self.assertNotIn("return n * 2;", restored)

    def test_a_definition_the_learner_renamed_is_reported(self):
        learner = STUB_FILE.replace("int first(", "int renamed(")
        _, missing = sources.replace_blocks(learner, sources.exercise_blocks(STUB_FILE, "first"))
        self.assertEqual(missing, ["int first"])


if __name__ == "__main__":
    unittest.main()
