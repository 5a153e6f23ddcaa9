#!/usr/bin/env python3
"""Keeps the C++ quoted in Markdown identical to the compiled files it comes from.

In a source file, mark the region to quote:

    // [snippet: spawn_and_wait]
    ...code...
    // [end-snippet]

In a Markdown file, quote it by path and name; the fenced block below the marker is the copy:

    <!-- snippet: chapters/01_goroutines/spawn_memory.cpp#spawn_and_wait -->
    ```cpp
    ...code...
    ```
    <!-- end-snippet -->

    tools/snippets.py --check    exit 1 and name every stale or broken quote
    tools/snippets.py --update   rewrite the quotes from their sources

Lessons quote the committed stubs, which a learner then rewrites: a quote of a file under
chapters/ also matches when it equals the committed (HEAD) version of the region, so solving an
exercise never turns this check red.
"""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUOTE = re.compile(r"(<!-- snippet: (\S+?)#(\S+?) -->\n```(\w*)\n)(.*?)(```\n<!-- end-snippet -->)", re.S)
REGION = r"^[ \t]*// \[snippet: {name}\]\n(.*?)^[ \t]*// \[end-snippet\]"


def region(source: Path, name: str) -> str | None:
    if not source.exists():
        return None
    found = re.search(REGION.format(name=re.escape(name)), source.read_text(), re.S | re.M)
    return found.group(1) if found else None


def committed_region(path: str, name: str) -> str | None:
    """The region as committed at HEAD, or None (no git, not committed, no such region)."""
    shown = subprocess.run(["git", "-C", str(ROOT), "show", f"HEAD:{path}"], capture_output=True, text=True)
    if shown.returncode != 0:
        return None
    found = re.search(REGION.format(name=re.escape(name)), shown.stdout, re.S | re.M)
    return found.group(1) if found else None


def main() -> int:
    update = "--update" in sys.argv
    problems = []
    for markdown in sorted(ROOT.glob("**/*.md")):
        if "build" in markdown.relative_to(ROOT).parts[0]:
            continue
        text = markdown.read_text()

        def refresh(match: re.Match) -> str:
            head, path, name, _, quoted, tail = match.groups()
            code = region(ROOT / path, name)
            where = f"{markdown.relative_to(ROOT)}: {path}#{name}"
            if code is None:
                problems.append(f"{where}: no such snippet")
                return match.group(0)
            if code != quoted and path.startswith("chapters/") and committed_region(path, name) == quoted:
                return match.group(0)  # the learner's copy changed; the lesson quotes the stub
            if code != quoted:
                if not update:
                    problems.append(f"{where}: the quote differs from the source (run tools/snippets.py --update)")
                return head + code + tail
            return match.group(0)

        new_text = QUOTE.sub(refresh, text)
        if update and new_text != text:
            markdown.write_text(new_text)
    for problem in problems:
        print(problem)
    if not problems:
        print("snippets: every quoted snippet matches its source")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
