"""Plain text: the same document for a screen, a mail or a printer, 80 columns wide.

Every paragraph is wrapped at 80 columns with a blank line after it; a numbered or lettered
paragraph hangs its label, so its wrapped lines start under its text. Nothing relies on
spaces lining up two columns, so the text reads the same in a proportional font: the heading
comes line by line in the order of Hướng dẫn 36-HD/VPTW's components, and the signer's block
follows the recipients (or the clerk's) instead of standing beside them. Titles are centred,
which a proportional font shows as merely indented. User text is written as it is.
"""

from __future__ import annotations

import textwrap
import unicodedata

from .model import (
    DRAFT_MARK,
    SECRET_MARK,
    Document,
    Header,
    Heading,
    Para,
    Rule,
    SigLine,
    Signatures,
    Span,
    Subtitle,
    Table,
    Title,
)

WIDTH = 80
COLUMN = WIDTH // 2
INDENT = "    "
RULE = "─" * 12


def width(text: str) -> int:
    """Columns taken by ``text`` (combining marks take none; wide characters two)."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def center(text: str, size: int) -> str:
    pad = max(0, size - width(text))
    return " " * (pad // 2) + text + " " * (pad - pad // 2)


def wrap(text: str, first: str = "", rest: str = "") -> str:
    """``text`` wrapped at :data:`WIDTH`, its line breaks kept; ``first`` leads the first line
    and ``rest`` the others. Long words (a web address) are never cut."""
    out: list[str] = []
    for n, line in enumerate(text.split("\n")):
        lead = first if n == 0 else rest
        wrapped = textwrap.wrap(
            line,
            WIDTH,
            initial_indent=lead,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
            expand_tabs=False,
            replace_whitespace=False,
        )
        out.extend(wrapped or [lead.rstrip()])
    return "\n".join(out)


def _spans(spans: tuple[Span, ...]) -> str:
    return "".join(s.text for s in spans)


def _header(h: Header) -> str:
    lines = [DRAFT_MARK, ""] if h.draft else []
    lines += [h.party, "", *textwrap.wrap(h.upper_body, WIDTH), h.cell, "*", ""]
    if h.number:
        lines.append(h.number)
    if h.secret:
        lines.append(SECRET_MARK)
    lines.append(h.place_date)
    return "\n".join(lines)


def _para(p: Para) -> str:
    lead = INDENT * p.level
    if not p.label:
        return wrap(_spans(p.spans), lead, lead)
    label = p.label + " "
    return wrap(_spans(p.spans), lead + label, lead + " " * width(label))


def _sig_lines(lines: tuple[SigLine, ...], at: int) -> list[str]:
    """One column of the closing block, centred on column ``at`` (a left column as written)."""
    out = []
    for line in lines:
        if line.align == "left":
            hang = "  " if line.hanging and line.text.startswith("- ") else ""
            out.append(wrap(line.text, "", hang))
        else:
            out.append((" " * max(0, at - width(line.text) // 2) + line.text).rstrip())
    while out and not out[-1]:
        out.pop()
    return out


def _signatures(block: Signatures) -> str:
    """The left column, then the right one under it, each block kept whole."""
    left_at = 0 if all(line.align == "left" for line in block.left) else COLUMN // 2
    left = _sig_lines(block.left, left_at)
    right = _sig_lines(block.right, COLUMN + COLUMN // 2)
    return "\n".join([*left, "", *right])


def _block(block: object) -> str:
    if isinstance(block, Header):
        return _header(block)
    if isinstance(block, Title):
        return center(block.text, WIDTH).rstrip()
    if isinstance(block, Subtitle):
        return "\n".join(center(line, WIDTH).rstrip() for line in textwrap.wrap(_spans(block.spans), WIDTH))
    if isinstance(block, Rule):
        return center(RULE, WIDTH).rstrip()
    if isinstance(block, Heading):
        text = wrap(block.text)
        return "\n".join(center(line, WIDTH).rstrip() for line in text.split("\n")) if block.center else text
    if isinstance(block, Para):
        return _para(block)
    if isinstance(block, Signatures):
        return _signatures(block)
    if isinstance(block, Table):
        return _table(block)
    raise TypeError(f"unknown block {block!r}")


def _pad(text: str, size: int, align: str) -> str:
    room = max(0, size - width(text))
    if align == "right":
        return " " * room + text
    if align == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def _table(block: Table) -> str:
    """Columns as wide as their widest cell, one line a row (cells keep their text whole)."""
    rows = [block.header, *block.rows, *([block.total] if block.total else [])]
    sizes = [max(width(" ".join(row[i].split("\n"))) for row in rows) for i in range(len(block.header))]
    out = []
    for n, row in enumerate(rows):
        cells = [
            _pad(" ".join(value.split("\n")), sizes[i], "center" if n == 0 else block.column_align(i))
            for i, value in enumerate(row)
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0 or (block.total and n == len(rows) - 2):
            out.append("  ".join("-" * s for s in sizes))
    return "\n".join(out)


def render_text(doc: Document) -> str:
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Rule) and parts:  # the rule belongs to the title block above it
            parts[-1] += "\n" + _block(block)
            continue
        parts.append(_block(block))
    return "\n\n".join(parts) + "\n"
