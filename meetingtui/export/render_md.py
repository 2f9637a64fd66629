"""Markdown (CommonMark): user text is escaped so that it can never become structure."""

from __future__ import annotations

from .markdown import BREAK, escape, escape_table_cell
from .model import Document, Header, Heading, Mark, Para, SigLine, Signatures, Span, Subtitle, Table, Title


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


def _span(span: Span) -> str:
    text = escape(span.text)
    marker = "**" if span.bold else "*" if span.italic else ""
    if not marker or not text.strip():
        return text
    stripped = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _spans(spans: tuple[Span, ...]) -> str:
    return "".join(_span(s) for s in _merge(spans)).lstrip()


def _sig(line: SigLine) -> str:
    return _span(Span(line.text, bold=line.bold, italic=line.italic))


def _header(h: Header) -> list[str]:
    left = [escape(h.upper_body), f"**{escape(h.cell)}**", escape("*")]
    if h.number:
        left.append(escape(h.number))
    right = [f"**{escape(h.party)}**", f"*{escape(h.place_date)}*"]
    return [BREAK.join(left), BREAK.join(right)]


def _block(block: object) -> list[str]:
    if isinstance(block, Header):
        return _header(block)
    if isinstance(block, Title):
        return [f"# {escape(block.text)}"]
    if isinstance(block, Subtitle):
        return [_spans(block.spans)]
    if isinstance(block, Heading):
        return [f"## {escape(block.text)}"]
    if isinstance(block, Para):
        label = escape(block.label) + " " if block.label else ""
        return [label + _spans(block.spans)]
    if isinstance(block, Signatures):
        out = []
        for column in (block.left, block.right):
            lines = [_sig(line) for line in column]
            while lines and not lines[-1]:
                lines.pop()
            text = BREAK.join(line for line in lines if line) if lines else ""
            if text:
                out.append(text)
        return out
    if isinstance(block, Table):
        return [_table(block)]
    if isinstance(block, Mark):
        return [f"**{escape(block.text)}**"]
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
        if isinstance(block, Signatures):
            parts.append("---")
        parts.extend(_block(block))
    return "\n\n".join(parts) + "\n"
