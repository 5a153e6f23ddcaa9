#!/usr/bin/env python3
"""Draws a GO_TRACE file as an SVG timeline, and sums up where each stage spent its time.

    GO_TRACE=/tmp/t.json build/bin/ch06_fan_out_fan_in
    tools/trace_svg.py /tmp/t.json -o t.svg           # the picture: open it in any browser
    tools/trace_svg.py /tmp/t.json --arrows -o t.svg  # with the wake-up arrows
    tools/trace_svg.py /tmp/t.json --summary          # per stage: running / runnable / blocked

The file is the Chrome Trace Event Format the toolkit writes (lib/include/go/observe.hpp):
process 1 holds one track per worker thread, whose slices are the fibers it ran; process 2
one track per fiber ("fiber 3 square"), whose slices are its states - running, runnable, or the
operation it is blocked in; flow events ("s"/"f") are wake-ups, instant events ("i") reports.
The picture has a row per track, in that order, the states coloured by kind; Perfetto shows the
same file interactively. A stage is the fibers of one name (go::spawn_named).

Standard library only, so that it runs wherever the workbook does; an SVG, because it is text
(reviewable in a diff), needs no plotting package, and renders on GitHub.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

WORKERS, FIBERS = 1, 2  # the trace's two processes

# State colours by kind: what a learner looks for first is green (working), amber (waiting for a
# worker) and the blues/reds of waiting on each other.
COLOURS = {
    "running": "#3a9d4a",
    "runnable": "#f0b429",
    "chan send": "#2f5fb3",
    "chan receive": "#7fa8ea",
    "chan": "#4a7fd4",
    "select": "#2bb3b1",
    "mutex": "#d64545",
    "wait_group": "#8e5cc7",
    "sleep": "#9aa5b1",
    "blocking": "#a8714a",
    "other": "#627d98",
}
# Worker slices are coloured by the stage of the fiber that ran, from this palette in order;
# main and unnamed fibers are drawn as "running".
STAGE_PALETTE = ["#e377c2", "#ff7f0e", "#17becf", "#8c564b", "#bcbd22", "#9467bd", "#7f7f7f", "#1f77b4"]

ROW, GAP, LABEL_WIDTH, AXIS, LEGEND = 14, 3, 170, 24, 46


def kind_of(state: str) -> str:
    """The colour key of a fiber state: "chan send" is its own, "mutex.lock" -> mutex."""
    if state in ("running", "runnable"):
        return state
    for kind in ("chan send", "chan receive", "chan", "select", "mutex", "wait_group", "sleep", "blocking"):
        if state.startswith(kind) or state.startswith("rw_" + kind):
            return kind
    return "other"


@dataclass
class Track:
    pid: int
    tid: int
    name: str
    sort_index: int
    slices: list[tuple[float, float, str]] = field(default_factory=list)  # (start, end, name), µs

    @property
    def stage(self) -> str:
        """"fiber 3 square" -> "square"; an unnamed fiber ("fiber 3") has the stage ""."""
        parts = self.name.split(" ", 2)
        return parts[2] if self.pid == FIBERS and len(parts) == 3 else ""


@dataclass
class Timeline:
    tracks: list[Track]
    flows: list[tuple[tuple[int, int, float], tuple[int, int, float]]]  # ((pid, tid, ts) from, to)
    marks: list[tuple[float, str]]
    start: float
    end: float


def read(path: Path) -> Timeline:
    """The trace at `path` as tracks of closed slices; a slice left open ends with the trace."""
    events = json.loads(path.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    tracks: dict[tuple[int, int], Track] = {}

    def track(pid: int, tid: int) -> Track:
        default = f"worker {tid}" if pid == WORKERS else f"fiber {tid}"
        return tracks.setdefault((pid, tid), Track(pid, tid, default, tid))

    open_slices: dict[tuple[int, int], list[tuple[float, str]]] = defaultdict(list)
    starts: dict[object, tuple[int, int, float]] = {}
    flows, marks, times = [], [], []
    for event in events:
        phase, key = event.get("ph"), (event.get("pid", 0), event.get("tid", 0))
        ts = float(event.get("ts", 0))
        if phase == "M":
            if event.get("name") == "thread_name":
                track(*key).name = event["args"]["name"]
            elif event.get("name") == "thread_sort_index":
                track(*key).sort_index = event["args"]["sort_index"]
            continue
        times.append(ts)
        if phase == "B":
            open_slices[key].append((ts, event.get("name", "")))
        elif phase == "E" and open_slices[key]:
            begun, name = open_slices[key].pop()
            track(*key).slices.append((begun, ts, name))
        elif phase == "X":  # the format's other way to write a slice: the toolkit writes B/E today
            track(*key).slices.append((ts, ts + float(event.get("dur", 0)), event.get("name", "")))
            times.append(ts + float(event.get("dur", 0)))
        elif phase == "s":
            starts[event.get("id")] = (*key, ts)
        elif phase == "f" and event.get("id") in starts:
            flows.append((starts.pop(event.get("id")), (*key, ts)))
        elif phase in ("i", "I"):
            marks.append((ts, event.get("name", "")))
    start, end = (min(times), max(times)) if times else (0.0, 1.0)
    for key, still_open in open_slices.items():
        for begun, name in still_open:
            track(*key).slices.append((begun, end, name))
    ordered = sorted(tracks.values(), key=lambda t: (t.pid, t.sort_index, t.tid))
    return Timeline([t for t in ordered if t.pid in (WORKERS, FIBERS)], flows, marks, start, max(end, start + 1))


def stage_colours(timeline: Timeline) -> dict[str, str]:
    stages = sorted({t.stage for t in timeline.tracks if t.pid == FIBERS and t.stage and t.tid != 1})
    return {stage: STAGE_PALETTE[i % len(STAGE_PALETTE)] for i, stage in enumerate(stages)}


def svg(timeline: Timeline, width: int, arrows: bool, title: str, max_fibers: int = 60) -> str:
    """The timeline as an SVG document: a row per worker and per fiber (the first `max_fibers`
    fibers; a note says how many more there were), a legend of the colours used."""
    fibers = [t for t in timeline.tracks if t.pid == FIBERS]
    hidden = max(len(fibers) - max_fibers, 0)
    if hidden:
        shown = {id(t) for t in fibers[:max_fibers]}
        timeline = Timeline([t for t in timeline.tracks if t.pid == WORKERS or id(t) in shown],
                            timeline.flows, timeline.marks, timeline.start, timeline.end)
    plot = width - LABEL_WIDTH - 10
    span = timeline.end - timeline.start

    def x(ts: float) -> float:
        return LABEL_WIDTH + (ts - timeline.start) / span * plot

    rows = {(t.pid, t.tid): i for i, t in enumerate(timeline.tracks)}
    separator = sum(1 for t in timeline.tracks if t.pid == WORKERS)

    def y(row: int) -> float:
        return AXIS + row * (ROW + GAP) + (8 if row >= separator else 0)  # a gap after the workers

    height = int(y(len(timeline.tracks) + (1 if hidden else 0)) + LEGEND)
    by_stage = stage_colours(timeline)
    fiber_stage = {t.name.split(" ", 2)[1]: t.stage for t in timeline.tracks if t.pid == FIBERS and " " in t.name}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="10">',
           f"<title>{escape(title)}</title>",
           '<defs><marker id="head" markerWidth="6" markerHeight="6" refX="5" refY="3" orient="auto">'
           '<path d="M0,0 L6,3 L0,6 z" fill="#333"/></marker></defs>',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    # The time axis: ticks at a round step, in ms.
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10**4, 10**5, 10**6, 10**7)
                if span / s <= 12)
    tick = 0.0
    while tick <= span:
        at = x(timeline.start + tick)
        out.append(f'<line x1="{at:.1f}" y1="{AXIS - 4}" x2="{at:.1f}" y2="{height - LEGEND}" stroke="#e4e7eb"/>')
        out.append(f'<text x="{at:.1f}" y="{AXIS - 8}" text-anchor="middle">{tick / 1000:g} ms</text>')
        tick += step
    for track in timeline.tracks:
        top = y(rows[(track.pid, track.tid)])
        out.append(f'<text x="4" y="{top + ROW - 3}">{escape(track.name)}</text>')
        for begun, ended, name in track.slices:
            if track.pid == WORKERS:
                fiber = name.split(" ")[-1]
                colour = by_stage.get(fiber_stage.get(fiber, ""), COLOURS["running"])
            else:
                colour = COLOURS[kind_of(name)]
            left, right = x(begun), x(ended)
            out.append(f'<rect x="{left:.2f}" y="{top}" width="{max(right - left, 1):.2f}" height="{ROW}" '
                       f'fill="{colour}"><title>{escape(track.name)}: {escape(name)} '
                       f'{(begun - timeline.start) / 1000:.3f}-{(ended - timeline.start) / 1000:.3f} ms</title></rect>')
            if track.pid == WORKERS and right - left > 7 * len(name.split(" ")[-1]) + 4:
                out.append(f'<text x="{(left + right) / 2:.1f}" y="{top + ROW - 3}" text-anchor="middle" '
                           f'fill="white">{escape(name.split(" ")[-1])}</text>')
    if hidden:
        out.append(f'<text x="4" y="{y(len(timeline.tracks)) + ROW - 3}">... and {hidden} more fibers '
                   f'(--max-fibers; Perfetto shows them all)</text>')
    if arrows:
        for (pid, tid, ts), (to_pid, to_tid, to_ts) in timeline.flows:
            if (pid, tid) in rows and (to_pid, to_tid) in rows:
                out.append(f'<line x1="{x(ts):.2f}" y1="{y(rows[(pid, tid)]) + ROW / 2}" x2="{x(to_ts):.2f}" '
                           f'y2="{y(rows[(to_pid, to_tid)]) + ROW / 2}" stroke="#333" stroke-width="0.6" '
                           f'marker-end="url(#head)"/>')
    for ts, name in timeline.marks:
        out.append(f'<line x1="{x(ts):.1f}" y1="{AXIS - 4}" x2="{x(ts):.1f}" y2="{height - LEGEND}" '
                   f'stroke="#c00" stroke-width="1.5"><title>{escape(name)}</title></line>')
    # The legend: fiber states, then the stages that colour the worker rows.
    legend_y = height - LEGEND + 14
    at = 4.0
    used = {kind_of(name) for t in timeline.tracks if t.pid == FIBERS for _, _, name in t.slices}
    for label, colour in [*((k, COLOURS[k]) for k in COLOURS if k in used),
                          *((f"stage {s}", c) for s, c in by_stage.items())]:
        if at > width - 90:
            legend_y, at = legend_y + 16, 4.0
        out.append(f'<rect x="{at:.0f}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{at + 13:.0f}" y="{legend_y}">{escape(label)}</text>')
        at += 20 + 6.2 * len(label)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def summary(timeline: Timeline) -> str:
    """Per stage, the share of its fibers' time in each state; per worker, the time it was busy.

    The stage everybody waits for is the one whose fibers are running (or in the slow call, such
    as sleep) while the stage before it waits in chan send and the one after in chan receive.
    """
    span = timeline.end - timeline.start
    lines = [f"timeline: {span / 1000:.2f} ms"]
    for track in timeline.tracks:
        if track.pid == WORKERS:
            busy = sum(end - begun for begun, end, _ in track.slices)
            lines.append(f"  {track.name}: busy {busy / span:.0%}")
    stages: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    fibers: dict[str, int] = defaultdict(int)
    for track in timeline.tracks:
        if track.pid == FIBERS:
            stage = track.stage or ("main" if track.tid == 1 else "(unnamed)")
            fibers[stage] += 1
            for begun, end, state in track.slices:
                stages[stage][state] += end - begun
    lines.append("stage (fibers): share of the stage's fiber time in each state")
    for stage, states in stages.items():
        total = sum(states.values()) or 1.0
        shares = ", ".join(f"{state} {time / total:.0%}"
                           for state, time in sorted(states.items(), key=lambda item: -item[1]) if time / total >= 0.01)
        lines.append(f"  {stage} ({fibers[stage]}): {shares}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trace", type=Path, help="a file written by GO_TRACE")
    parser.add_argument("-o", "--output", type=Path, help="the SVG to write")
    parser.add_argument("--width", type=int, default=1100, help="in pixels (default 1100)")
    parser.add_argument("--max-fibers", type=int, default=60, help="fiber rows to draw (default 60)")
    parser.add_argument("--arrows", action="store_true", help="draw an arrow for each wake-up")
    parser.add_argument("--summary", action="store_true", help="print where each stage spent its time")
    args = parser.parse_args(argv)
    if not args.output and not args.summary:
        parser.error("nothing to do: give -o OUT.svg, --summary, or both")
    timeline = read(args.trace)
    if args.output:
        args.output.write_text(svg(timeline, args.width, args.arrows, args.trace.name, args.max_fibers))
    if args.summary:
        sys.stdout.write(summary(timeline))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
