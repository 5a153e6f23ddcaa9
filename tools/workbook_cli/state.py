"""What the learner's commands remember, in .workbook/ at the top of the checkout.

    levels = JsonFile(state_dir(root) / "hints.json")        # {"01/spawn_many": 1}
    levels.update(lambda data: data.update({"01/spawn_many": 2}))
    backup(root, Path("chapters/01_goroutines/goroutines.cpp"))  # -> .workbook/backups/<time>/...

.workbook/ rather than build/: deleting build/ to start a clean build must not lose the hint
levels, the drill history or the backups of the learner's code. It is in .gitignore, and
export-student never copies it (git archive exports committed files only).
"""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any, Callable


def state_dir(root: Path) -> Path:
    return root / ".workbook"


class JsonFile:
    """A JSON object in a file; a missing or unreadable file reads as empty."""

    def __init__(self, path: Path):
        self.path = path

    def read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def update(self, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        data = self.read()
        change(data)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_suffix(".tmp")
        scratch.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        scratch.replace(self.path)  # atomic: a Ctrl-C never leaves half a file
        return data


def backup(root: Path, relative: Path, now: float | None = None) -> Path:
    """Copies root/relative to .workbook/backups/<timestamp>/relative; returns the copy's path."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now if now is not None else time.time()))
    target = state_dir(root) / "backups" / stamp / relative
    suffix = 1
    while target.exists():  # two backups of one file in the same second
        suffix += 1
        target = state_dir(root) / "backups" / f"{stamp}-{suffix}" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / relative, target)
    return target
