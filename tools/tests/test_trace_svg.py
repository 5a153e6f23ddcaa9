"""tools/trace_svg.py: an SVG timeline and a per-stage summary from real GO_TRACE files.

    python3 -m unittest discover -s tools/tests     # or: ctest -L tools

The traces in data/ were recorded from chapter 09's stubs with GO_TRACE:
make_thumbnails_stub.trace.json from `build/bin/ch09_show` (the three-stage pipeline whose
"resize" stage everybody waits for), count_matches_deadlock.trace.json from
`build/bin/ch09_show count_matches` (a run ended by the deadlock report).
"""
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOOLS))

import trace_svg  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
PIPELINE = DATA / "make_thumbnails_stub.trace.json"
DEADLOCK = DATA / "count_matches_deadlock.trace.json"
SVG = "{http://www.w3.org/2000/svg}"


def draw(trace: Path, *options: str) -> ElementTree.Element:
    """Runs the script as a learner would and parses the SVG it wrote."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "t.svg"
        subprocess.run([sys.executable, str(TOOLS / "trace_svg.py"), str(trace), "-o", str(out), *options],
                       check=True)
        return ElementTree.parse(out).getroot()


def labels(root: ElementTree.Element) -> list[str]:
    return [text.text for text in root.iter(f"{SVG}text") if text.text]


class TraceSvgTest(unittest.TestCase):
    def test_draws_a_row_per_worker_and_per_fiber(self):
        root = draw(PIPELINE)
        self.assertEqual(root.tag, f"{SVG}svg")
        rows = [label for label in labels(root) if label.startswith(("worker ", "fiber "))]
        self.assertEqual(rows, ["worker 0", "worker 1", "fiber 1 main", "fiber 2 fetch", "fiber 3 resize",
                                "fiber 4 compress"])

    def test_colours_each_fiber_state_by_its_kind(self):
        root = draw(PIPELINE)
        fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect")}
        for state in ("chan send", "chan receive", "sleep"):
            self.assertIn(trace_svg.COLOURS[state], fills, state)
        self.assertIn("chan send", labels(root), "the legend names the states drawn")
        self.assertNotIn("mutex", labels(root), "and only those")

    def test_draws_wake_up_arrows_only_when_asked(self):
        def arrows(root):
            return [line for line in root.iter(f"{SVG}line") if line.get("marker-end")]
        self.assertEqual(arrows(draw(PIPELINE)), [])
        self.assertGreater(len(arrows(draw(PIPELINE, "--arrows"))), 10)

    def test_marks_the_deadlock_report_across_every_track(self):
        root = draw(DEADLOCK)
        marks = [line for line in root.iter(f"{SVG}line") if line.get("stroke") == "#c00"]
        self.assertEqual([mark.find(f"{SVG}title").text for mark in marks], ["deadlock"])

    def test_leaves_out_the_fibers_beyond_the_limit_and_says_so(self):
        root = draw(DEADLOCK, "--max-fibers", "2")
        self.assertIn("fiber 2 search", labels(root))
        self.assertNotIn("fiber 3 search", labels(root))
        self.assertTrue(any(label.startswith("... and 2 more fibers") for label in labels(root)))

    def test_summary_shows_which_stage_the_others_wait_for(self):
        summary = trace_svg.summary(trace_svg.read(PIPELINE))
        stages = {line.split(" (")[0].strip(): line for line in summary.splitlines() if " (1): " in line}
        self.assertRegex(stages["fetch"], r"\(1\): chan send 9\d%|\(1\): chan send 100%")
        self.assertRegex(stages["resize"], r"\(1\): sleep 9\d%|\(1\): sleep 100%")
        self.assertRegex(stages["compress"], r"\(1\): chan receive 9\d%|\(1\): chan receive 100%")


if __name__ == "__main__":
    unittest.main()
