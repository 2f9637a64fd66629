"""One document model, rendered three ways (DOCX, Markdown, plain text).

A :class:`Document` is a list of blocks built from the meeting's record; the renderers only
lay them out. User text travels in :class:`Span` objects and is never interpreted: each
renderer escapes what its format would otherwise read as structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..domain.errors import Notice
from ..domain.text import GAP
from ..i18n import t, t_in

__all__ = [
    "GAP",
    "Block",
    "Document",
    "Header",
    "Heading",
    "Notice",
    "Para",
    "Rule",
    "SigLine",
    "Signatures",
    "Span",
    "Subtitle",
    "Table",
    "Title",
    "notice_text",
]


@dataclass(frozen=True)
class Span:
    """A run of text; ``\\n`` inside it is a line break within the paragraph."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Header:
    """The two-column heading of a Party document (Hướng dẫn 36-HD/VPTW)."""

    upper_body: str  # capitals, regular
    cell: str  # capitals, bold, a centred "*" under it
    number: str  # "Số 05-NQ/CB", or "" (minutes)
    place_date: str  # "Lào Cai, ngày 05 tháng 02 năm 2026", italic
    party: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    draft: bool = False  # "DỰ THẢO" (HD 36, 11b): a document not yet adopted
    secret: bool = False  # the "MẬT" mark under the number (HD 36, 10a)


DRAFT_MARK = "DỰ THẢO"
SECRET_MARK = "MẬT"


@dataclass(frozen=True)
class Title:
    text: str  # "NGHỊ QUYẾT", "BIÊN BẢN": capitals, bold, 16 pt, centred


@dataclass(frozen=True)
class Subtitle:
    spans: tuple[Span, ...]  # the summary line: 14 pt bold, centred


@dataclass(frozen=True)
class Rule:
    """The short rule under the title block (the samples of HD 36)."""


@dataclass(frozen=True)
class Heading:
    text: str  # bold; "I. ĐÁNH GIÁ …", or centred "QUYẾT NGHỊ:"
    center: bool = False


@dataclass(frozen=True)
class Para:
    """A body paragraph: 14 pt, justified. ``label`` ("1.", "a)", "-") is written before it."""

    spans: tuple[Span, ...]
    label: str = ""
    level: int = 0


@dataclass(frozen=True)
class SigLine:
    text: str  # "" is the space left for the signature
    size: int = 14
    bold: bool = False
    underline: bool = False
    italic: bool = False
    align: Literal["center", "left"] = "center"
    hanging: bool = False  # a recipient line: "- " hangs, its wrapped lines align after it


@dataclass(frozen=True)
class Signatures:
    """The closing block: two columns (recipients or the clerk; the signer)."""

    left: tuple[SigLine, ...]
    right: tuple[SigLine, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row (the dues ledger, the summary of the members' review).

    Cells are user text like any span. ``widths`` are millimetres in the DOCX (the text is 160
    mm wide); ``align`` is "left", "center" or "right" per column; ``total`` is a last row in bold.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    align: tuple[str, ...] = ()
    total: tuple[str, ...] = ()
    size: int = 12

    def column_align(self, index: int) -> str:
        return self.align[index] if index < len(self.align) else "left"


Block = Header | Title | Subtitle | Rule | Heading | Para | Signatures | Table


@dataclass
class Document:
    kind: str  # "resolution" | "conclusion" | "minutes"
    title: str  # for file names and document properties
    blocks: list[Block] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def warn(self, key: str, **params: Any) -> None:
        notice = Notice(key, params)
        if notice not in self.warnings:
            self.warnings.append(notice)


FIELD_KEYS = {
    "content": "resolution.field.content",
    "requirement": "resolution.field.requirement",
    "measures": "resolution.field.measures",
    "owner": "resolution.field.owner",
    "deadline": "resolution.field.deadline",
    "report_at": "resolution.field.report_at",
}


def notice_text(notice: Notice, lang: str | None = None) -> str:
    """The warning in the interface language (or ``lang``); list parameters are task field names."""

    def text(key: str, **params: Any) -> str:
        return t(key, **params) if lang is None else t_in(lang, key, **params)

    params = {
        key: ", ".join(text(FIELD_KEYS.get(str(v), str(v))) for v in value)
        if isinstance(value, list)
        else value
        for key, value in notice.params.items()
    }
    for key, value in params.items():  # a parameter naming where: a catalog key of its own
        if isinstance(value, str) and value.startswith("where."):
            params[key] = text(value, **{k: v for k, v in params.items() if k != key})
    return text(notice.key, **params)
