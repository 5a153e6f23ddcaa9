"""./workbook drill: timed interview drills (chapter 10), one problem at a time.

    ./workbook drill                         the first drill you have not solved yet
    ./workbook drill --topic ordering        ... on that topic (the `topic:` of hints.md)
    ./workbook drill --minutes 15            ... whose target fits in 15 minutes; 15 is the limit
    ./workbook drill foo_bar                 that one, solved or not
    ./workbook drill --history               your past attempts and times

A drill is an exercise of the drills chapter: its stub chapters/10_drills/<drill>.cpp, its
statement and `topic:` / `target: N min` in the `### <drill>` section of hints.md. The drill
starts from a fresh stub (a changed file is backed up first), the clock starts, and the drill
is checked at every save (`watch`). It ends when the tests pass, at the time limit (--minutes,
or twice the target), or on Ctrl-C (given up); each attempt is kept in .workbook/drills.json.
"""
from __future__ import annotations

import sys
import textwrap
import time
from pathlib import Path

import workbook as core
from workbook_cli import hints, learner, watch
from workbook_cli.state import JsonFile, backup, state_dir

SOLVED, TIMEOUT, GAVE_UP = "solved", "time up", "gave up"


def history_file() -> JsonFile:
    return JsonFile(state_dir(core.ROOT) / "drills.json")


def drills_chapter() -> core.Chapter:
    for chapter in core.find_chapters():
        if chapter.topic == "drills":
            return chapter
    core.fail("this checkout has no drills chapter (chapters/NN_drills/)")
    raise AssertionError


def choose(sections: dict[str, hints.Section], solved: set[str], topic: str | None,
           minutes: int | None) -> str | None:
    """The first drill in hints.md order that is not solved and fits the topic and the time."""
    for name, section in sections.items():
        if name in solved:
            continue
        if topic and section.fields.get("topic", "").lower() != topic.lower():
            continue
        target = section.target_minutes()
        if minutes is not None and target is not None and target > minutes:
            continue
        return name
    return None


def clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def history_table(runs: list[dict]) -> str:
    if not runs:
        return "no drills yet: `./workbook drill` starts one"
    lines = [f"{'when':17} {'drill':26} {'topic':10} {'time':>6} {'target':>7}  result"]
    for run in runs:
        target = f"{run['target']} min" if run.get("target") else "-"
        hinted = f", {run['hints']} hint(s)" if run.get("hints") else ""
        lines.append(f"{run['started']:17} {run['drill']:26} {run.get('topic', ''):10} "
                     f"{clock(run['seconds']):>6} {target:>7}  {run['outcome']}{hinted}")
    solved = {run["drill"] for run in runs if run["outcome"] == SOLVED}
    lines.append(f"\n{len(solved)} drill(s) solved in {len(runs)} attempt(s)")
    return "\n".join(lines)


def fresh_stub(relative: Path) -> None:
    """Puts the committed stub in place, backing up a file that differs from it."""
    committed = core.committed_text(relative)
    if committed is None:
        core.fail(f"{relative} is not committed: no stub to start from")
    path = core.ROOT / relative
    if path.exists() and path.read_text() != committed:
        saved = backup(core.ROOT, relative)
        core.say(f"your previous {relative.name} is saved in {saved.relative_to(core.ROOT)}")
    path.write_text(committed)


def option(args: list[str], name: str) -> tuple[list[str], str | None]:
    if name not in args:
        return args, None
    at = args.index(name)
    if at + 1 >= len(args):
        core.fail(f"{name} needs a value; try ./workbook help")
    return args[:at] + args[at + 2:], args[at + 1]


def cmd_drill(args: list[str]) -> int:
    args, topic = option(args, "--topic")
    args, minutes_text = option(args, "--minutes")
    positional, given = learner.flags(args, "--history")
    if "--history" in given:
        print(history_table(history_file().read().get("runs", [])))
        return 0
    if minutes_text is not None and not minutes_text.isdigit():
        core.fail("--minutes takes a whole number of minutes")
    minutes = int(minutes_text) if minutes_text else None
    chapter = drills_chapter()
    sections = hints.parse((chapter.path / "hints.md").read_text())
    runs = history_file().read().get("runs", [])
    if positional:
        drill = learner.exercise_of(chapter, positional[0])
    else:
        drill = choose(sections, {r["drill"] for r in runs if r["outcome"] == SOLVED}, topic, minutes)
    if drill is None:
        topics = sorted({s.fields.get("topic", "?") for s in sections.values()})
        core.say(f"no unsolved drill fits; topics: {', '.join(topics)} (`./workbook drill NAME` repeats one)")
        return 1
    section = sections[drill]
    target = section.target_minutes()
    limit = minutes or (2 * target if target else 30)
    stub = (chapter.path / f"{drill}.cpp").relative_to(core.ROOT)
    fresh_stub(stub)

    statement = textwrap.indent(textwrap.fill(" ".join(section.preface.split()), width=94), "  ")
    print(core.bold(f"drill: {drill}") + f"  (topic {section.fields.get('topic', '-')}, target {target or '?'} min, "
          f"time limit {limit} min)\n\n{statement}\n")
    print(f"write it in {stub} (its interface: {stub.with_suffix('.hpp')}); stuck? `./workbook hint "
          f"{chapter.number} {drill}`; Ctrl-C gives up")
    if sys.stdin.isatty():
        input("press Enter to start the clock ")

    levels = JsonFile(state_dir(core.ROOT) / "hints.json")
    hint_key = f"{chapter.number}/{drill}"
    levels.update(lambda data: data.pop(hint_key, None))  # hints seen in this attempt only
    started = time.monotonic()
    started_at = time.strftime("%Y-%m-%d %H:%M")
    outcome = watch.watch(chapter, drill, advance_through=None, deadline=started + 60 * limit,
                          banner=lambda: f"  time {clock(time.monotonic() - started)} of {limit}:00 "
                                         f"(target {target or '?'} min)\n\n{statement}\n")
    seconds = round(time.monotonic() - started)
    result = {"solved": SOLVED, "timeout": TIMEOUT}.get(outcome, GAVE_UP)
    run = {"drill": drill, "topic": section.fields.get("topic", ""), "target": target, "started": started_at,
           "seconds": seconds, "outcome": result, "hints": levels.read().get(hint_key, 0)}
    history_file().update(lambda data: data.setdefault("runs", []).append(run))
    verdict = {SOLVED: core.green(f"solved in {clock(seconds)}"), TIMEOUT: core.red(f"time is up ({limit} min)"),
               GAVE_UP: f"given up after {clock(seconds)}"}[result]
    beat = ", within the target!" if result == SOLVED and target and seconds <= 60 * target else ""
    print(f"\n{drill}: {verdict}{beat or '.'} `./workbook drill --history` shows every attempt.")
    if result == SOLVED:
        print(f"compare with the reference: ./workbook solution {chapter.number} {drill}")
    return 0 if result == SOLVED else 1
