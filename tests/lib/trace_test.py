"""trace_test.py CHILD - GO_TRACE writes a Chrome Trace Event Format file (what ui.perfetto.dev
opens) that is valid: it parses as JSON, every begin has its end on the same track, and
timestamps never go backwards on a track, every flow (wake-up arrow) that starts ends - also
when the run ends in a deadlock report. For a known program (tests/lib/trace_child.cpp: three
values ping-ponged between main and "echo" on one worker) the timeline and the arrows are
exactly the expected ones: a woken fiber is runnable from its wake-up to its next run. Another
run shows each block kind with the object it waits on, and context cancellations as marks."""
import json
import re
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

WORKER_TRACK = ["fiber 1", "fiber 2"] * 4  # main and echo take turns, three values and the close
# Each fiber blocks in a send, the other's receive wakes it (runnable), then it runs again.
MAIN_STATES = ["runnable", "running"] + ["chan send", "runnable", "running"] * 3
ECHO_STATES = ["runnable", "running"] + ["chan send", "runnable", "running"] * 3


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
    starts = {e["id"]: e for e in trace["traceEvents"] if e["ph"] == "s"}
    ends = {e["id"]: e for e in trace["traceEvents"] if e["ph"] == "f"}
    if starts.keys() != ends.keys() or any(ends[i]["ts"] < starts[i]["ts"] for i in starts):
        problems.append(f"flows unmatched or ending before they start: {sorted(starts)} vs {sorted(ends)}")
    return problems, begun


def arrows(trace: dict) -> list[tuple[int, int]]:
    """(waker fiber, woken fiber) of each wake-up arrow, in time order."""
    starts = {e["id"]: e["tid"] for e in trace["traceEvents"] if e["ph"] == "s"}
    ends = sorted((e["ts"], e["id"], e["tid"]) for e in trace["traceEvents"] if e["ph"] == "f")
    return [(starts[flow], woken) for _, flow, woken in ends]


def traced_run(child_path: str, *args: str, option: bool = False) -> tuple[int, dict]:
    """Runs the child with GO_TRACE, or with the file named in go::run's options."""
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "trace.json")
        environment = {key: value for key, value in os.environ.items() if key != "GO_TRACE"}
        if not option:
            environment["GO_TRACE"] = path
        result = subprocess.run([child_path, *args, *([path] if option else [])], env=environment,
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
    if arrows(trace) != [(2, 1), (1, 2)] * 3:
        failures.append(f"each hand-off must be an arrow from waker to woken: {arrows(trace)}")
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in trace["traceEvents"]
             if e["ph"] == "M" and e["name"] == "thread_name"}
    if names.get((2, 1)) != "fiber 1 main" or names.get((2, 2)) != "fiber 2 echo":
        failures.append(f"fiber tracks must be named after their fibers: {names}")

    code, trace = traced_run(child_path, "deadlock", option=True)
    if code != 3:
        failures.append(f"the deadlocking run must end in a deadlock report, exit code {code}")
    failures += [f"after a deadlock: {problem}" for problem in validate(trace)[0]]
    if not any(e["ph"] == "i" and e["name"] == "deadlock" for e in trace["traceEvents"]):
        failures.append("the deadlock report must be an instant event in the trace")

    code, trace = traced_run(child_path, "kinds")
    failures += [f"in the block kinds run: {problem}" for problem in validate(trace)[0]]
    fiber_names = {e["tid"]: e["args"]["name"].split(" ", 2)[-1] for e in trace["traceEvents"]
                   if e["ph"] == "M" and e["pid"] == 2 and e["name"] == "thread_name"}
    blocked = {(fiber_names.get(e["tid"]), e["name"], e.get("args", {}).get("object"))
               for e in trace["traceEvents"] if e["ph"] == "B" and e["pid"] == 2}
    for expected in [("selector", "select", None), ("syscall", "blocking call", None),
                     ("locker", "mutex.lock", "mutex #1"), ("main", "wait_group.wait", "wait_group #1"),
                     ("timed", "chan receive", "chan #1"), ("main", "sleep", None)]:
        if expected not in blocked:
            failures.append(f"expected a span {expected} (fiber, state, object), got {sorted(blocked, key=str)}")
    marks = sorted(re.sub(r"#\d+", "#N", e["name"]) for e in trace["traceEvents"] if e["ph"] == "i")
    if marks != ["context #N canceled", "context #N deadline exceeded"]:
        failures.append(f"each context cancellation must be a mark naming the context: {marks}")

    print(*failures, sep="\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
