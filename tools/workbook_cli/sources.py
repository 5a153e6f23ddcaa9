"""The top-level definitions of a C++ source file, to reset or compare one exercise's code.

    stub = blocks(committed_text)                     # the file as committed
    mine = [b for b in stub if b.marks("spawn_many")] # what throws not_implemented{"spawn_many"}
    replace_blocks(learner_text, mine)                # those definitions put back, the rest kept

A chapter's stubs follow Google style: definitions start at column 0 inside the namespace and
end with a "}" at column 0, so no C++ parser is needed. A definition is recognised in the
learner's file by its key: the text before its first "(", "{" or "=" (return type and
qualified name), which survives the learner's edits to parameter names and the body.
"""
from __future__ import annotations

from dataclasses import dataclass

NOT_DEFINITIONS = ("//", "#", "namespace", "}", "using", "template", "static_assert", "extern")


@dataclass
class Block:
    key: str
    start: int  # first line (0-based), its leading comment included
    end: int  # one past the last line
    text: str

    def marks(self, exercise: str) -> bool:
        return f'not_implemented{{"{exercise}"}}' in self.text


def _key(text: str) -> str:
    cut = min((i for i in (text.find(c) for c in "({=") if i >= 0), default=len(text))
    return " ".join(text[:cut].split())


def _end_of_definition(lines: list[str], index: int) -> int:
    """One past the line where the definition starting at `index` ends: its braces balance
    again, or - with no brace yet - a ';' ends a declaration like `const int x = -1;`."""
    depth = 0
    opened = False
    for end in range(index, len(lines)):
        code = lines[end].split("//", 1)[0]
        depth += code.count("{") - code.count("}")
        opened = opened or "{" in code
        if (opened and depth <= 0) or (not opened and code.rstrip().endswith(";")):
            return end + 1
    return len(lines)


def blocks(text: str) -> list[Block]:
    lines = text.splitlines(keepends=True)
    found = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip() or line[0] in " \t" or line.startswith(NOT_DEFINITIONS):
            index += 1
            continue
        start = index
        while start > 0 and lines[start - 1].startswith("//"):
            start -= 1
        end = _end_of_definition(lines, index)
        definition = "".join(lines[index:end])
        found.append(Block(_key(definition), start, end, "".join(lines[start:end])))
        index = end
    return found


def exercise_blocks(text: str, exercise: str) -> list[Block]:
    """The definitions of `text` that belong to `exercise`: those throwing its not_implemented,
    and the other TODO(exercise) definitions of the same class (a constructor) or naming the
    exercise (chapter 01's `predicted_finished_before_wait`)."""
    found = blocks(text)
    marked = [block for block in found if block.marks(exercise)]
    classes = {block.key.rpartition("::")[0].split()[-1] for block in marked if "::" in block.key}
    def related(block: Block) -> bool:
        if "TODO(exercise)" not in block.text:
            return False
        qualified = block.key.rpartition("::")[0]
        return exercise in block.key.split()[-1] or bool(qualified and qualified.split()[-1] in classes)
    return [block for block in found if block in marked or related(block)]


def find(text: str, key: str) -> Block | None:
    return next((block for block in blocks(text) if block.key == key), None)


def replace_blocks(text: str, replacements: list[Block]) -> tuple[str, list[str]]:
    """`text` with each definition of the same key as a replacement put back; the keys not found."""
    lines = text.splitlines(keepends=True)
    missing = []
    # From the bottom up, so the line numbers of the blocks still to replace stay valid.
    targets = []
    for replacement in replacements:
        target = find(text, replacement.key)
        if target is None:
            missing.append(replacement.key)
        else:
            targets.append((target, replacement))
    for target, replacement in sorted(targets, key=lambda pair: pair[0].start, reverse=True):
        lines[target.start:target.end] = [replacement.text]
    return "".join(lines), missing
