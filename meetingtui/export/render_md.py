"""Markdown (CommonMark, with GitHub's tables for the two signature columns).

User text is escaped only where Markdown would read it as structure (``markdown.escape_span``):
what renders is exactly what was typed, and the file reads as plain prose. The heading comes in
the order of Hướng dẫn 36-HD/VPTW's components: the party's title, the issuing cell under its
upper body, the number and the place and date. Numbered and bulleted paragraphs are Markdown's
own lists; the closing block is a two-column table, the signer on the right.
"""

from __future__ import annotations

from .markdown import BREAK, escape_span, escape_table_cell
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


def _merge(spans: tuple[Span, ...]) -> list[Span]:
    """Neighbouring spans with the same formatting as one (``**a****b**`` is not bold)."""
    merged: list[Span] = []
    for span in spans:
        last = merged[-1] if merged else None
        if last is not None and (last.bold, last.italic, last.underline) == (
            span.bold,
            span.italic,
            span.underline,
        ):
            merged[-1] = Span(last.text + span.text, span.bold, span.italic, span.underline)
        else:
            merged.append(span)
    return merged


def _span(span: Span, *, line_start: bool, cell: bool = False) -> str:
    marker = "**" if span.bold else "*" if span.italic else ""
    text = escape_span(span.text, line_start=line_start and not marker, cell=cell)
    if not marker or not text.strip():
        return text
    stripped = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _spans(spans: tuple[Span, ...], *, line_start: bool = True, cell: bool = False) -> str:
    out: list[str] = []
    for span in _merge(tuple(s for s in spans if s.text)):
        out.append(_span(span, line_start=line_start and not out, cell=cell))
    return "".join(out).lstrip()


def _header(h: Header) -> list[str]:
    blocks = [f"**{DRAFT_MARK}**"] if h.draft else []
    blocks.append(f"**{escape_span(h.party, line_start=True)}**")
    blocks.append(
        BREAK.join(
            [escape_span(h.upper_body, line_start=True), f"**{escape_span(h.cell, line_start=False)}**"]
        )
    )
    lines = [escape_span(h.number, line_start=True)] if h.number else []
    if h.secret:
        lines.append(f"**{SECRET_MARK}**")
    lines.append(f"*{escape_span(h.place_date, line_start=False)}*")
    blocks.append(BREAK.join(lines))
    return blocks


def _para(p: Para) -> str:
    """A labelled paragraph is a list item: ``1.`` ordered, ``-`` bulleted, ``a)`` as written."""
    if p.label and (p.label == "-" or p.label[:-1].isdigit() and p.label[-1] == "."):
        return f"{p.label} {_spans(p.spans)}"
    if p.label:
        return f"{escape_span(p.label, line_start=True)} {_spans(p.spans, line_start=False)}"
    return _spans(p.spans)


def _cell(line: SigLine) -> str:
    if not line.text:
        return ""
    return _span(Span(line.text, bold=line.bold, italic=line.italic), line_start=False, cell=True)


def _column(lines: tuple[SigLine, ...]) -> list[str]:
    """A column's lines; the room left for a signature is one empty row before the name."""
    kept = [_cell(line) for line in lines if line.text]
    if len(kept) > 1 and any(not line.text for line in lines):
        return [*kept[:-1], "", kept[-1]]
    return kept


def _signatures(block: Signatures) -> str:
    """Two columns side by side: recipients or the clerk on the left, the signer on the right,
    the two names on the last row."""
    left, right = _column(block.left), _column(block.right)
    rows = max(len(left), len(right))
    for column in (left, right):
        signs = any(not line.text for line in (block.left if column is left else block.right))
        while len(column) < rows:  # a signer's column grows its room; the other grows below
            column.insert(len(column) - 1 if signs else len(column), "")
    align = ":--" if block.left and block.left[0].align == "left" else ":-:"
    rows_md = [
        "|" + "|".join(f" {a} " if a else " " for a in pair) + "|" for pair in zip(left, right, strict=True)
    ]
    return "\n".join([rows_md[0], f"|{align}|:-:|", *rows_md[1:]])


def _block(block: object) -> list[str]:
    if isinstance(block, Header):
        return _header(block)
    if isinstance(block, Title):
        return [f"# {escape_span(block.text, line_start=False)}"]
    if isinstance(block, Subtitle):
        return [_spans(block.spans)]
    if isinstance(block, Rule):
        return []  # the short rule is the page's ornament; the heading above it is enough
    if isinstance(block, Heading):
        return [f"## {escape_span(block.text, line_start=False)}"]
    if isinstance(block, Para):
        return [_para(block)]
    if isinstance(block, Signatures):
        return [_signatures(block)]
    if isinstance(block, Table):
        return [_table(block)]
    raise TypeError(f"unknown block {block!r}")


_RULES = {"left": "---", "center": ":---:", "right": "---:"}


def _table(block: Table) -> str:
    """A GitHub table; every cell escaped (a ``|`` typed in a name stays a character)."""
    lines = ["| " + " | ".join(escape_table_cell(h) for h in block.header) + " |"]
    lines.append(
        "|" + "|".join(_RULES.get(block.column_align(i), "---") for i in range(len(block.header))) + "|"
    )
    rows = list(block.rows)
    for row in rows:
        lines.append("| " + " | ".join(escape_table_cell(v) for v in row) + " |")
    if block.total:
        lines.append(
            "| " + " | ".join(f"**{escape_table_cell(v)}**" if v.strip() else "" for v in block.total) + " |"
        )
    return "\n".join(lines)


def render_markdown(doc: Document) -> str:
    parts: list[str] = []
    for block in doc.blocks:
        parts.extend(_block(block))
    return "\n\n".join(parts) + "\n"
