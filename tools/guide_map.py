#!/usr/bin/env python3
"""Checks docs/guide-map.md, the checklist that maps every Go listing of the guide to the C++.

Each row of the map's one table names a listing of the guide and what covers it:

    | Line | Guide section | First line of the Go | Covered by | Test or demo |
    | 343 | 2. Channels — Unbuffered | `// Create unbuffered channel` | [chapters/02_channels/unbuffered.cpp](...) | demo `ch02_unbuffered`; `ch02 PredictChannelRulesTest` |

In the last column, `ch02 FirstReplyTest` is a GoogleTest suite of tests/02_channels/ (`lib` means
tests/lib/, `capstone` tests/capstone/; the scope holds for the names after it),
`FirstReplyTest.AsksEveryMirrorAtOnce` one test of it, and `demo ch02_buffered` the program built
from chapters/02_*/buffered.cpp. A row with neither is marked `(in progress)` or
`planned: issue N (...)`: its line and first line are checked, nothing else yet.

    tools/guide_map.py --check                 exit 1 and name every problem, one per line
    tools/guide_map.py --check --guide PATH    the guide is elsewhere (or set WORKBOOK_GUIDE)

Checked: the first line occurs in the guide at the row's line (or within NEAR lines of it), when
the guide is found; rows are in guide order; every linked file exists; every cited suite (and
test) is defined in its tests/ folder; every demo has a source and is in its chapter's DEMOS; the
summary line under the table says what the table holds.
"""
import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "docs" / "guide-map.md"
# The guide is not part of the repository: it sits in the shared folder next to the checkout.
GUIDE = ROOT.parent / "shared" / "guide" / "mastering-go-concurrency.txt"
NEAR = 3  # how far (in guide lines) a row's first line may be from its Line

CELL_SPLIT = re.compile(r"(?<!\\)\|")
LINK = re.compile(r"\]\(([^)\s]+)\)")
# In the "Test or demo" column, left to right: a demo, a scope (chNN, lib, capstone), a suite.
TOKEN = re.compile(r"(?P<demo>\bch\d\d_\w+)"
                   r"|(?P<scope>\b(?:ch\d\d|lib|capstone)\b)"
                   r"|(?P<test>\b[A-Z][A-Za-z0-9]*Test(?:\.[A-Z][A-Za-z0-9]*)?\b)")
TEST_MACRO = re.compile(r"^\s*TEST(?:_F|_P)?\(\s*(\w+)\s*,\s*(\w+)\s*\)", re.M)
SUMMARY = "**Summary:**"


def test_index() -> dict[str, set[tuple[str, str]]]:
    """Every suite defined under tests/: suite -> {(tests/ folder, test name)}."""
    index: dict[str, set[tuple[str, str]]] = {}
    for source in sorted((ROOT / "tests").glob("**/*.cpp")):
        folder = source.relative_to(ROOT / "tests").parts[0]
        for suite, name in TEST_MACRO.findall(source.read_text(errors="replace")):
            index.setdefault(suite, set()).add((folder, name))
    return index


def folder_matches(scope: str | None, folder: str) -> bool:
    if scope is None:
        return True
    if scope.startswith("ch"):
        return folder.startswith(scope[2:] + "_")
    return folder == scope


def check_test(token: str, scope: str | None, index: dict) -> str | None:
    suite, _, name = token.partition(".")
    where = "tests/" if scope is None else f"the tests of {scope}"
    defined = [(f, n) for f, n in index.get(suite, ()) if folder_matches(scope, f)]
    if not defined:
        return f"test suite {suite} is not defined in {where} (no TEST({suite}, ...) or TEST_F({suite}, ...))"
    if name and not any(n == name for _, n in defined):
        return f"test {suite}.{name} is not defined in {where}"
    return None


def check_demo(demo: str) -> str | None:
    number, _, name = demo[2:].partition("_")
    chapters = sorted((ROOT / "chapters").glob(f"{number}_*"))
    sources = [c / f"{name}.cpp" for c in chapters if (c / f"{name}.cpp").exists()]
    if not sources:
        return f"demo {demo}: no source chapters/{number}_*/{name}.cpp"
    cmake = sources[0].parent / "CMakeLists.txt"
    demos = re.search(r"\bDEMOS\b([^)]*)", cmake.read_text()) if cmake.exists() else None
    if not demos or f"{name}.cpp" not in demos[1].split():
        return f"demo {demo}: {cmake.relative_to(ROOT)} does not build {name}.cpp (not in its DEMOS)"
    return None


def table_rows(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(map line number, cells) for each row of the table headed `| Line |`."""
    rows = []
    start = next((i for i, line in enumerate(lines) if line.startswith("| Line |")), None)
    if start is None:
        return rows
    for number, line in enumerate(lines[start + 2:], start=start + 3):
        if not line.startswith("|"):
            break
        rows.append((number, [cell.strip() for cell in CELL_SPLIT.split(line.strip())[1:-1]]))
    return rows


def summary_of(statuses: list[str]) -> str:
    counts = Counter(s.split(":")[0] for s in statuses)
    issues = Counter(s.split(":")[1] for s in statuses if s.startswith("planned:"))
    text = f"{len(statuses)} examples, {counts['covered']} covered"
    if counts["in progress"]:
        text += f", {counts['in progress']} in progress"
    text += f", {counts['planned']} planned"
    if issues:
        text += " (" + ", ".join(f"issue {n}: {issues[n]}" for n in sorted(issues, key=int)) + ")"
    return text


def check(guide_path: Path) -> int:
    problems = []
    where = os.path.relpath(MAP, ROOT)
    if not MAP.exists():
        print(f"{where}: no such file")
        return 1
    lines = MAP.read_text().splitlines()
    rows = table_rows(lines)
    if not rows:
        print(f"{where}: no table with a `| Line |` header")
        return 1
    # A clone away from the shared folder has no guide: everything else is still checked.
    guide = guide_path.read_text(encoding="utf-8").splitlines() if guide_path.exists() else None
    index = test_index()
    statuses = []
    previous = 0
    for number, cells in rows:
        at = f"{where}:{number}"
        if len(cells) != 5:
            problems.append(f"{at}: {len(cells)} cells, the table has 5")
            continue
        line_cell, _, first_cell, covered_cell, test_cell = cells
        if not line_cell.isdigit():
            problems.append(f"{at}: Line `{line_cell}` is not a guide line number")
            continue
        line = int(line_cell)
        if line <= previous:
            problems.append(f"{at}: guide line {line} comes after {previous}: rows must be in guide order")
        previous = line
        first = first_cell[1:-1] if first_cell.startswith("`") and first_cell.endswith("`") else first_cell
        if guide is not None:
            near = range(max(1, line - NEAR), min(len(guide), line + NEAR) + 1)
            if not first or not any(first in guide[n - 1] for n in near):
                found = [n for n, text in enumerate(guide, start=1) if first and first in text]
                hint = f" (it is at line {', '.join(map(str, found[:5]))})" if found else " (nowhere in the guide)"
                problems.append(f"{at}: `{first}` is not at guide line {line} or within {NEAR} lines{hint}")
        for target in LINK.findall(covered_cell + test_cell):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            if not (MAP.parent / target.split("#")[0]).exists():
                problems.append(f"{at}: linked file {target} does not exist")
        checkable = 0
        scope = None
        for token in TOKEN.finditer(re.sub(LINK, "]", test_cell)):
            if token["scope"]:
                scope = token["scope"]
                continue
            checkable += 1
            problem = check_demo(token["demo"]) if token["demo"] else check_test(token["test"], scope, index)
            if problem:
                problems.append(f"{at}: {problem}")
        planned = re.search(r"planned: issue (\d+)", test_cell)
        if checkable:
            statuses.append("covered")
        elif planned:
            statuses.append(f"planned:{planned[1]}")
        elif "(in progress)" in test_cell:
            statuses.append("in progress")
        else:
            problems.append(f"{at}: no test or demo, and not marked `(in progress)` or `planned: issue N (...)`")
            statuses.append("uncovered")
    summary = summary_of(statuses)
    stated = next((line for line in lines if line.startswith(SUMMARY)), None)
    if stated is None:
        problems.append(f"{where}: no `{SUMMARY}` line; the table gives: {summary}")
    elif stated[len(SUMMARY):].strip().rstrip(".") != summary:
        problems.append(f"{where}: the summary says `{stated[len(SUMMARY):].strip()}`, the table gives `{summary}`")
    for problem in problems:
        print(problem)
    if not problems:
        print(f"guide map: {summary}")
        if guide is None:
            print(f"guide map: the guide is not at {guide_path} (pass --guide PATH or set WORKBOOK_GUIDE), "
                  "so first lines were not checked against it")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check the map; exit 1 on any problem")
    parser.add_argument("--guide", type=Path, default=Path(os.environ.get("WORKBOOK_GUIDE", GUIDE)),
                        help=f"the guide's text (default: $WORKBOOK_GUIDE or {GUIDE})")
    args = parser.parse_args()
    if not args.check:
        parser.print_usage()
        return 2
    return check(args.guide)


if __name__ == "__main__":
    sys.exit(main())
