"""What changed between two texts of the policy, paragraph by paragraph and, inside a changed
paragraph, word by word. Pure: the page marks the pieces up; nothing here is HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"
# Unchanged paragraphs far from any change, folded into one: their number is in ``old``.
FOLDED = "folded"


@dataclass(frozen=True)
class Piece:
    kind: str  # SAME, ADDED or REMOVED
    text: str


@dataclass(frozen=True)
class Block:
    kind: str  # SAME, ADDED, REMOVED or CHANGED
    old: str
    new: str
    words: tuple[Piece, ...] = ()  # for CHANGED: the paragraph's words, each kept or not


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs, blank lines between them, spacing inside each made single: a
    reflowed line is not a change of the policy."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
            if p.strip()]


def _words(old: str, new: str) -> tuple[Piece, ...]:
    a, b = old.split(" "), new.split(" ")
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece(SAME, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece(REMOVED, " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(ADDED, " ".join(b[j1:j2])))
    return tuple(pieces)


def text_changes(old_text: str, new_text: str) -> list[Block]:
    """The new text against the old, as blocks in reading order."""
    old, new = paragraphs(old_text), paragraphs(new_text)
    blocks: list[Block] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            blocks.extend(Block(SAME, p, p) for p in old[i1:i2])
        elif op == "delete":
            blocks.extend(Block(REMOVED, p, "") for p in old[i1:i2])
        elif op == "insert":
            blocks.extend(Block(ADDED, "", p) for p in new[j1:j2])
        else:  # replace: pair the paragraphs in order, the rest added or removed
            pairs = min(i2 - i1, j2 - j1)
            for k in range(pairs):
                o, n = old[i1 + k], new[j1 + k]
                blocks.append(Block(CHANGED, o, n, _words(o, n)))
            blocks.extend(Block(REMOVED, p, "") for p in old[i1 + pairs:i2])
            blocks.extend(Block(ADDED, "", p) for p in new[j1 + pairs:j2])
    return blocks


def has_changes(blocks: list[Block]) -> bool:
    return any(b.kind != SAME for b in blocks)


def folded(blocks: list[Block], context: int = 1) -> list[Block]:
    """The blocks with each run of unchanged paragraphs more than ``context`` away from a
    change folded into one FOLDED block, so a reader sees the changes, not the whole text."""
    near: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind != SAME:
            near.update(range(i - context, i + context + 1))
    result: list[Block] = []
    run = 0
    for i, block in enumerate(blocks):
        if block.kind == SAME and i not in near:
            run += 1
            continue
        if run:
            result.append(Block(FOLDED, str(run), ""))
            run = 0
        result.append(block)
    if run:
        result.append(Block(FOLDED, str(run), ""))
    return result
