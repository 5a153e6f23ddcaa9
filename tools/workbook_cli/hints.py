"""The sections of a chapter's hints.md: one `### exercise` heading each, numbered hints below.

    sections = parse(Path("chapters/01_goroutines/hints.md").read_text())
    sections["spawn_many"].line     -> 24 (1-based line of its heading, for path:line)
    sections["spawn_many"].hints    -> ["The same shape as ...", "`std::atomic<int> ran{0}; ..."]
    sections["print_in_order"].fields -> {"topic": "ordering", "target": "10 min"}   # drills

A hint is a numbered item ("1. ...") with its indented continuation lines. An unindented line
"topic: ...", "target: ..." or "difficulty: ..." is a field, wherever it is in the section; other
text before the first hint is the section's preface (a drill's problem statement).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Section:
    name: str
    line: int
    hints: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    preface: str = ""

    def target_minutes(self) -> int | None:
        found = re.match(r"(\d+)", self.fields.get("target", ""))
        return int(found.group(1)) if found else None


def parse(text: str) -> dict[str, Section]:
    sections: dict[str, Section] = {}
    current: Section | None = None
    preface: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        heading = re.match(r"^###\s+`?(\w+)`?", line)
        if heading:
            current = Section(heading.group(1), number)
            sections[current.name] = current
            preface = []
            continue
        if current is None or line.startswith("#"):
            current = None if line.startswith("#") else current
            continue
        item = re.match(r"^\d+\.\s+(.*)", line)
        key_value = re.match(r"^[-*]?\s*`?(topic|target|difficulty)`?\s*:\s*(.+?)\s*$", line, re.I)
        if item:
            current.hints.append(item.group(1))
        elif current.hints and line.startswith((" ", "\t")) and line.strip():
            current.hints[-1] += "\n" + line.strip()
        elif key_value:  # anywhere in the section: the drills put their target last
            current.fields[key_value.group(1).lower()] = key_value.group(2)
        elif not current.hints and line.strip():
            preface.append(line.strip())
            current.preface = "\n".join(preface)
    return sections
