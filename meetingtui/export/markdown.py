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


# -- only what would be read as structure (the minutes and the resolution) --------------------
_ASCII_PUNCT = r"!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"
_ALWAYS = re.compile(r"[`*~\[]")  # code, emphasis, strikethrough (GFM), links
_BACKSLASH = re.compile(rf"\\(?=[{_ASCII_PUNCT}])")  # a backslash before punctuation escapes it
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&amp;" would become "&"
_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # an HTML tag, comment or autolink
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-zÀ-ỹ])_|_(?![0-9A-Za-zÀ-ỹ])")  # "a_b" is never emphasis
_PIPE = re.compile(r"\|")
_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|=+\s*$|-+\s*$|\d{1,9}(?=[.)](?:\s|$)))")


def _inline(text: str, *, cell: bool) -> str:
    text = _BACKSLASH.sub(r"\\\\", text)
    text = _ALWAYS.sub(r"\\\g<0>", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _TAG.sub(r"\\<", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    return _PIPE.sub(r"\\|", text) if cell else text


def _line_start(line: str) -> str:
    match = _START.match(line)
    if match is None:
        return line
    marker = match.group(1)
    if marker[0].isdigit():  # "1." or "1)": escape the dot, the digits stay
        end = match.end()
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def escape_span(text: str, *, line_start: bool, cell: bool = False) -> str:
    """``text`` as Markdown that renders back to exactly ``text``, escaping only what would be
    read as structure there: inline marks anywhere; headings, quotes, list markers and
    underlines only where a line starts (the first line only when ``line_start``: a span in the
    middle of a paragraph starts nothing). Line breaks become hard breaks; the indentation of a
    following line is dropped (Markdown drops it too) so it can never start a code block."""
    lines = []
    for i, line in enumerate(text.split("\n")):
        if i:
            line = line.lstrip()
        escaped = _inline(line, cell=cell)
        lines.append(_line_start(escaped) if (i or line_start) else escaped)
    return BREAK.join(lines)


def escape_table_cell(text: str) -> str:
    """User text inside a GitHub table cell (the year's tables): lines joined by spaces, only
    what a cell would read as structure escaped (a cell never starts a list or a heading)."""
    return _inline(" ".join(text.split("\n")), cell=True)
