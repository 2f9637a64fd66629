"""Markdown (CommonMark): user text is escaped so that it can never become structure."""

from __future__ import annotations

import re

from .model import Document, Header, Heading, Para, SigLine, Signatures, Span, Subtitle, Title

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
    raise TypeError(f"unknown block {block!r}")


def render_markdown(doc: Document) -> str:
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Signatures):
            parts.append("---")
        parts.extend(_block(block))
    return "\n\n".join(parts) + "\n"
