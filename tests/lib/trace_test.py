"""trace_test.py CHILD - GO_TRACE writes a Chrome Trace Event Format file (what ui.perfetto.dev
opens) that is valid: it parses as JSON, every begin has its end on the same track, and
timestamps never go backwards on a track - also when the run ends in a deadlock report. For a
known program (tests/lib/trace_child.cpp: three values ping-ponged between main and "echo" on
one worker) the timeline is exactly the expected one."""
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

WORKER_TRACK = ["fiber 1", "fiber 2"] * 4  # main and echo take turns, three values and the close
MAIN_STATES = ["runnable"] + ["running", "chan send"] * 3 + ["running"]
ECHO_STATES = ["runnable"] + ["running", "chan send"] * 3 + ["running"]


def validate(trace: dict) -> tuple[list[str], dict]:
    """Problems found, and the names of the spans begun on each (pid, tid) track in order."""
    problems = []
    open_spans = defaultdict(list)
    last_ts = {}
    begun = defaultdict(list)
    for event in trace["traceEvents"]:
        if event["ph"] == "M":
            continue
        where = (event["pid"], event["tid"])
        if event["ts"] < last_ts.get(where, 0):
            problems.append(f"time goes backwards on track {where} at {event}")
        last_ts[where] = event["ts"]
        if event["ph"] == "B":
            open_spans[where].append(event["name"])
            begun[where].append(event["name"])
        elif event["ph"] == "E":
            if not open_spans[where]:
                problems.append(f"an end without a begin on track {where} at {event}")
            else:
                open_spans[where].pop()
    problems += [f"spans never ended on track {where}: {names}" for where, names in open_spans.items() if names]
    return problems, begun


def traced_run(child_path: str, *args: str) -> tuple[int, dict]:
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "trace.json")
        result = subprocess.run([child_path, *args], env={**os.environ, "GO_TRACE": path},
                                capture_output=True, text=True, timeout=60)
        with open(path) as file:
            return result.returncode, json.load(file)


def main(child_path: str) -> int:
    failures = []
    code, trace = traced_run(child_path)
    problems, begun = validate(trace)
    failures += problems
    for track, expected in [((1, 0), WORKER_TRACK), ((2, 1), MAIN_STATES), ((2, 2), ECHO_STATES)]:
        if begun[track] != expected:
            failures.append(f"track {track}: expected {expected}, got {begun[track]}")
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in trace["traceEvents"]
             if e["ph"] == "M" and e["name"] == "thread_name"}
    if names.get((2, 1)) != "fiber 1 main" or names.get((2, 2)) != "fiber 2 echo":
        failures.append(f"fiber tracks must be named after their fibers: {names}")

    code, trace = traced_run(child_path, "deadlock")
    if code != 3:
        failures.append(f"the deadlocking run must end in a deadlock report, exit code {code}")
    failures += [f"after a deadlock: {problem}" for problem in validate(trace)[0]]

    print(*failures, sep="\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
