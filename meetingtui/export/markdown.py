"""User text in Markdown, shown literally: the one escaper every Markdown export uses.

CommonMark (and GitHub's tables) would read some characters as structure; each is escaped
so that what renders is exactly what was typed.
"""

from __future__ import annotations

import re

# Characters that CommonMark or GitHub Markdown read as inline structure, entities or tables.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# At the start of a line: headings, block quotes, list items, setext underlines.
_LINE_START = re.compile(r"^([#>+=-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
BREAK = "\\\n"  # a hard line break


def escape(text: str) -> str:
    """``text`` as Markdown that renders back to exactly ``text`` (line breaks kept).

    Every line is escaped as if it started a line: a span inside a paragraph may follow a
    hard break, and an escaped ``-`` or ``1.`` renders the same anywhere. Indentation after a
    line break is dropped (Markdown drops it too) so it can never start a code block.
    """
    lines = []
    for i, line in enumerate(text.split("\n")):
        body = line.lstrip()
        lead = line[: len(line) - len(body)] if i == 0 else ""
        body = _INLINE.sub(r"\\\1", body)
        body = _LINE_START.sub(r"\\\1", body)
        body = _ORDERED.sub(r"\1\\\2", body)
        lines.append(lead + body)
    return BREAK.join(lines)


def escape_cell(text: str) -> str:
    """User text inside a Markdown table cell or a one-line list item: lines joined by spaces."""
    return escape(" ".join(text.split("\n")))


def escape_table_cell(text: str) -> str:
    """User text inside a GitHub table cell: the inline escapes only (a cell never starts a
    list or a heading, so ``95.000`` and ``- a`` stay as they are), lines joined by spaces."""
    return _INLINE.sub(r"\\\1", " ".join(text.split("\n")))
