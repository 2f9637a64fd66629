"""One document model, built from the record and rendered as DOCX, Markdown or plain text."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..domain.errors import DomainError
from .context import DocContext
from .minutes_doc import build_minutes
from .model import Document
from .render_docx import render_docx
from .render_md import render_markdown
from .render_txt import render_text
from .resolution_doc import build_resolution

WHATS = ("resolution", "minutes", "archive")
FORMATS = ("docx", "md", "txt")


def build_document(ctx: DocContext, what: str) -> Document:
    """The document of ``what``, naming the cell and its upper body as they were on its date."""
    ctx = replace(ctx, cell=ctx.cell.as_of(ctx.state.date))
    if what == "resolution":
        return build_resolution(ctx)
    if what == "minutes":
        return build_minutes(ctx)
    raise DomainError("error.export_what_invalid", value=what)


def render(doc: Document, fmt: str, now: datetime | None = None) -> bytes:
    if fmt == "docx":
        return render_docx(doc, now=now)
    if fmt == "md":
        return render_markdown(doc).encode("utf-8")
    if fmt == "txt":
        return render_text(doc).encode("utf-8")
    raise DomainError("error.export_format_invalid", value=fmt)
