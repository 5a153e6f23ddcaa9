"""Shared by the fixture scripts: expected grids and the CSV they must dump to.

An expected grid is a list of rows, each a list of cell texts ("" for empty), exactly as
`importer dump` must print them: every row padded to the widest, RFC 4180 quoting, "\n" line
ends. The grids are written by hand from what each writer was told to store, never by running
our reader, so a fixture checks the reader rather than repeating it.
"""
from __future__ import annotations

from pathlib import Path


def csv_field(text: str) -> str:
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_expected_csv(path: Path, grid: list[list[str]]) -> None:
    # Our own writer rather than the csv module, which writes a lone empty field as "".
    width = max((len(row) for row in grid), default=0)
    lines = []
    for row in grid:
        padded = list(row) + [""] * (width - len(row))
        lines.append(",".join(csv_field(cell) for cell in padded) + "\n")
    path.write_bytes("".join(lines).encode("utf-8"))


def trim(grid: list[list[str]]) -> list[list[str]]:
    """Drops trailing empty cells and trailing empty rows, as the reader does."""
    rows = []
    for row in grid:
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows
