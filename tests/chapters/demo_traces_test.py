"""demo_traces_test.py DEMO... - GO_TRACE on every chapter demo writes a trace that validates (the
checks of tests/lib/trace_test.py: it parses as JSON, every begin has its end on the same track,
time never goes backwards on a track, every flow that starts ends). A demo that runs go::run
several times writes t.json, t.2.json, ...: each is validated. A demo named "learner:PATH" runs
the learner's exercise code, so what it does depends on their edits: skipped.
One line per demo."""
import glob
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from trace_test import validate  # noqa: E402 - the one validator, shared with lib.trace

# Arguments that keep a demo short: 100,000 fibers would write a 120 MB trace.
SHORT_ARGUMENTS = {"ch01_spawn_memory": ["1000"]}
# Demos that never call go::run (plain std::thread, for ThreadSanitizer): no trace to write.
NO_RUN = {"ch04_race_condition"}
TIMEOUT_SECONDS = 60


def check(demo: str) -> tuple[bool, str]:
    """Runs one demo traced: (passed, its line of the report)."""
    if demo.startswith("learner:"):
        name = os.path.basename(demo.removeprefix("learner:"))
        return True, f"{name}: skipped, it runs the learner's exercise code"
    name = os.path.basename(demo)
    with tempfile.TemporaryDirectory() as directory:
        environment = dict(os.environ, GO_TRACE=os.path.join(directory, "t.json"))
        try:
            result = subprocess.run([demo, *SHORT_ARGUMENTS.get(name, [])], env=environment,
                                    capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            return False, f"{name}: FAILED, still running after {TIMEOUT_SECONDS} s"
        # The demos that show a panic or a deadlock catch it and exit 0: any other code is a crash.
        if result.returncode != 0:
            return False, f"{name}: FAILED, exit code {result.returncode}, stderr:\n{result.stderr}"
        files = sorted(glob.glob(os.path.join(directory, "t*.json")))
        if name in NO_RUN:
            return not files, f"{name}: no go::run, so no trace" + (f" - but it wrote {files}" if files else "")
        if not files:
            return False, f"{name}: FAILED, GO_TRACE wrote no file"
        problems = []
        for path in files:
            try:
                with open(path) as file:
                    trace = json.load(file)
            except json.JSONDecodeError as error:
                problems.append(f"{os.path.basename(path)} is not JSON: {error}")
                continue
            problems += [f"{os.path.basename(path)}: {problem}" for problem in validate(trace)[0]]
        if problems:
            return False, f"{name}: FAILED\n  " + "\n  ".join(problems)
        return True, f"{name}: {len(files)} trace file{'s' if len(files) > 1 else ''} valid"


def main(demos: list[str]) -> int:
    # Two at a time, in processes: parsing the largest traces (up to 165 MB) takes most of the time,
    # and threads would parse one at a time under the GIL.
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(check, demos))
    for _, line in results:
        print(line)
    return 0 if demos and all(passed for passed, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
