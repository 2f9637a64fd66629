"""Plain text: the same document laid out in a fixed-width page, user text as it is."""

from __future__ import annotations

import textwrap
import unicodedata

from .model import Document, Header, Heading, Mark, Para, Signatures, Span, Subtitle, Table, Title

WIDTH = 80
COLUMN = WIDTH // 2
INDENT = "    "


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


def _columns(left: list[str], right: list[str]) -> list[str]:
    rows = max(len(left), len(right))
    left = left + [""] * (rows - len(left))
    right = right + [""] * (rows - len(right))
    return [(center(a, COLUMN) + center(b, COLUMN)).rstrip() for a, b in zip(left, right, strict=True)]


def _header(h: Header) -> str:
    upper = textwrap.wrap(h.upper_body, COLUMN - 2) or [""]
    left = [*upper, h.cell, "*"]
    right = [h.party, "─" * width(h.party)]
    lines = _columns(left, right)
    lines += _columns([h.number], [h.place_date])
    return "\n".join(lines)


def _spans(spans: tuple[Span, ...]) -> str:
    return "".join(s.text for s in spans)


def _para(p: Para) -> str:
    lead = INDENT * p.level + (p.label + " " if p.label else "")
    return lead + _spans(p.spans)  # line breaks in user text kept as they are


def _signatures(block: Signatures) -> str:
    """Two columns when they fit in the page; else the signer first, the left column under it."""
    left = [line.text if line.align == "left" else center(line.text, COLUMN).rstrip() for line in block.left]
    left_width = max(COLUMN, max((width(a) for a in left), default=0) + 2)
    right_width = WIDTH - left_width
    if max((width(line.text) for line in block.right), default=0) > right_width:
        right = [center(line.text, WIDTH + COLUMN).rstrip() for line in block.right]
        return "\n".join([*right, "", *left])
    right = [center(line.text, right_width).rstrip() for line in block.right]
    rows = max(len(left), len(right))
    left += [""] * (rows - len(left))
    right += [""] * (rows - len(right))
    return "\n".join(
        (a + " " * (left_width - width(a)) + b).rstrip() for a, b in zip(left, right, strict=True)
    )


def _block(block: object) -> str:
    if isinstance(block, Header):
        return _header(block)
    if isinstance(block, Title):
        return center(block.text, WIDTH).rstrip()
    if isinstance(block, Subtitle):
        return center(_spans(block.spans), WIDTH).rstrip()
    if isinstance(block, Heading):
        return center(block.text, WIDTH).rstrip() if block.center else block.text
    if isinstance(block, Para):
        return _para(block)
    if isinstance(block, Signatures):
        return _signatures(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Mark):
        return (" " * max(0, WIDTH - width(block.text)) + block.text).rstrip()
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
    return "\n\n".join(_block(b) for b in doc.blocks) + "\n"
