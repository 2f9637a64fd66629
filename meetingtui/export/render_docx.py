"""DOCX in the format of Hướng dẫn 36-HD/VPTW (docs/DOMAIN.md, "The resolution").

A4; margins top 25, bottom 25, left 35, right 15 mm; Times New Roman everywhere (the
east-asian and complex-script slots too, so Vietnamese never falls back to another font);
a two-column heading table without borders; body 14 pt justified. Page numbers in Arabic
numerals, 14 pt, upright, centred in the top margin, from page 2 (page 1 shows none); "DỰ
THẢO" boxed at the top right of a document not yet adopted, "MẬT" boxed under the number;
a short rule under the title block; the signature block kept with the lines before it.
"""

from __future__ import annotations

import io
import re
from dataclasses import fields, is_dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

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

FONT = "Times New Roman"
PAGE = (Mm(210), Mm(297))
MARGINS = {"top": Mm(25), "bottom": Mm(25), "left": Mm(35), "right": Mm(15)}
TEXT_WIDTH = Mm(160)  # 210 - 35 - 15
HEADER_COLUMNS = (Mm(72), Mm(88))
SIGNATURE_COLUMNS = (Mm(80), Mm(80))
FIRST_LINE = Mm(10)
HANG = Mm(3)  # a recipient line's "- " hangs this far
RULE_INDENT = Mm(60)  # the short rule under the title block: the middle 40 mm of the line
TITLE_SIZE = 16
PARTY_SIZE = 15
BODY_SIZE = 14
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_PBDR_AFTER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_BORDERS_AFTER = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)


T = TypeVar("T")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: T) -> T:
    """``value`` (a document, a block, a string…) without the characters an XML document cannot
    hold, for both DOCX writers. What is typed never has any (``domain.text.clean``); a meeting
    stored by a version that let U+FFFE through still exports (python-docx refused the whole
    document)."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)  # type: ignore[return-value]
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: xml_safe(getattr(value, f.name)) for f in fields(value)}
        return replace(value, **changes)  # type: ignore[return-value]
    return value


def set_fonts(rpr: Any) -> None:
    """Times New Roman in every script slot of an ``w:rPr``; theme fonts removed."""
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _setup(docx: Any) -> None:
    section = docx.sections[0]
    section.page_width, section.page_height = PAGE
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    normal = docx.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    rpr = normal.element.get_or_add_rPr()
    set_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for default_rpr in defaults.iter(qn("w:rPr")):
            set_fonts(default_rpr)


def _field(par: Any, instruction: str, shown: str, *, size: int) -> None:
    """A Word field (``PAGE``) with its last shown value, so a reader without fields sees one."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        _run(par, "", size=size)._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    _run(par, "", size=size)._r.append(instr)
    char("separate")
    _run(par, shown, size=size)
    char("end")


def _page_numbers(docx: Any) -> None:
    """Page numbers centred in the top margin, 14 pt, from page 2: page 1 has a header of its
    own (``w:titlePg``) that stays empty."""
    section = docx.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(12)
    par = section.header.paragraphs[0]
    par.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(par, "PAGE", "2", size=BODY_SIZE)
    section.first_page_header.is_linked_to_previous = False


def _boxed(run: Any) -> None:
    """A single line round the run: the frame of the DỰ THẢO and MẬT marks."""
    border = OxmlElement("w:bdr")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "2"), ("w:color", "auto")):
        border.set(qn(key), value)
    run._r.get_or_add_rPr().append(border)


def _paragraph(container: Any, align: Any, *, before: int = 0, after: int = 0, first: Any = None) -> Any:
    par = container.add_paragraph()
    fmt = par.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    if first is not None:
        fmt.first_line_indent = first
    return par


def _tidy(*cells: Any) -> None:
    """A new table cell holds one empty paragraph; drop it once the cell has its own."""
    for cell in cells:
        first = cell.paragraphs[0]
        if len(cell.paragraphs) > 1 and not first.runs:
            first._p.getparent().remove(first._p)


def _run(
    par: Any,
    text: str,
    *,
    size: int = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Any:
    run = par.add_run()
    run.text = text  # "\n" becomes a line break; the text is never read as markup
    font = run.font
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.underline = underline
    set_fonts(run._r.get_or_add_rPr())
    return run


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, *_BORDERS_AFTER)


def _table(docx: Any, rows: int, widths: tuple[Any, Any]) -> Any:
    table = docx.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def _rule_under(par: Any) -> None:
    """A single line under the paragraph (the rule under "ĐẢNG CỘNG SẢN VIỆT NAM")."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    par._p.get_or_add_pPr().insert_element_before(borders, *_PBDR_AFTER)


def _header(docx: Any, h: Header) -> None:
    table = _table(docx, 2, HEADER_COLUMNS)
    center = WD_ALIGN_PARAGRAPH.CENTER
    left, right = table.rows[0].cells
    _run(_paragraph(left, center), h.upper_body)
    _run(_paragraph(left, center), h.cell, bold=True)
    _run(_paragraph(left, center), "*")
    if h.draft:  # above the party's title, at the top right
        _boxed(_run(_paragraph(right, WD_ALIGN_PARAGRAPH.RIGHT, after=6), DRAFT_MARK, bold=True))
    party = _paragraph(right, center)
    _run(party, h.party, size=PARTY_SIZE, bold=True)
    party.paragraph_format.left_indent = Mm(4)
    party.paragraph_format.right_indent = Mm(4)
    _rule_under(party)
    number, place = table.rows[1].cells
    _run(_paragraph(number, center, before=6), h.number)
    if h.secret:  # under the number
        _boxed(_run(_paragraph(number, center, before=6), SECRET_MARK, bold=True))
    _run(_paragraph(place, center, before=6), h.place_date, italic=True)
    _tidy(left, right, number, place)


def _spans(par: Any, spans: tuple[Span, ...], size: int = BODY_SIZE) -> None:
    for span in spans:
        _run(par, span.text, size=size, bold=span.bold, italic=span.italic, underline=span.underline)


def _para(docx: Any, p: Para) -> None:
    par = _paragraph(docx, WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, first=FIRST_LINE)
    if p.label:
        first = p.spans[0] if p.spans else Span("")
        _run(par, p.label + " ", bold=first.bold, italic=first.italic)
    _spans(par, p.spans)


def _sig(cell: Any, line: SigLine) -> None:
    align = WD_ALIGN_PARAGRAPH.LEFT if line.align == "left" else WD_ALIGN_PARAGRAPH.CENTER
    par = _paragraph(cell, align)
    if line.hanging and line.text.startswith("- "):  # "-", a tab, the text: wrapped lines align
        fmt = par.paragraph_format
        fmt.left_indent, fmt.first_line_indent = HANG, -HANG
        fmt.tab_stops.add_tab_stop(HANG)
        _run(par, "-\t" + line.text[2:], size=line.size, bold=line.bold, italic=line.italic)
    elif line.text:
        _run(par, line.text, size=line.size, bold=line.bold, italic=line.italic, underline=line.underline)
    else:
        par.paragraph_format.space_after = Pt(BODY_SIZE)  # room for the signature


def _keep_whole(row: Any) -> None:
    """A table row that never breaks across pages (the signature block stays together)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _signatures(docx: Any, s: Signatures) -> None:
    if docx.paragraphs:
        docx.paragraphs[-1].paragraph_format.keep_with_next = True  # the closing line stays with it
    blank = _paragraph(docx, WD_ALIGN_PARAGRAPH.LEFT)  # a blank line before the closing block
    blank.paragraph_format.keep_with_next = True
    table = _table(docx, 1, SIGNATURE_COLUMNS)
    _keep_whole(table.rows[0])
    left, right = table.rows[0].cells
    for line in s.left:
        _sig(left, line)
    for line in s.right:
        _sig(right, line)
    _tidy(left, right)
    _paragraph(docx, WD_ALIGN_PARAGRAPH.LEFT, after=6)  # a blank line after the closing block


def _block(docx: Any, block: object) -> None:
    if isinstance(block, Header):
        _header(docx, block)
    elif isinstance(block, Title):
        _run(_paragraph(docx, WD_ALIGN_PARAGRAPH.CENTER, before=18), block.text, size=TITLE_SIZE, bold=True)
    elif isinstance(block, Subtitle):
        _spans(_paragraph(docx, WD_ALIGN_PARAGRAPH.CENTER), block.spans)
    elif isinstance(block, Rule):
        rule = _paragraph(docx, WD_ALIGN_PARAGRAPH.CENTER, after=12)
        rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = RULE_INDENT
        _run(rule, "", size=4)
        rule.paragraph_format.line_spacing = Pt(4)
        _rule_under(rule)
    elif isinstance(block, Heading):
        if block.center:
            par = _paragraph(docx, WD_ALIGN_PARAGRAPH.CENTER, before=6, after=6)
        else:
            par = _paragraph(docx, WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, after=6, first=FIRST_LINE)
        par.paragraph_format.keep_with_next = True
        _run(par, block.text, bold=True)
    elif isinstance(block, Para):
        _para(docx, block)
    elif isinstance(block, Signatures):
        _signatures(docx, block)
    elif isinstance(block, Table):
        _data_table(docx, block)
    else:
        raise TypeError(f"unknown block {block!r}")


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _grid(table: Any) -> None:
    """Single lines around and between every cell (a table of figures, unlike the heading)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "auto")):
            element.set(qn(key), value)
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, *_BORDERS_AFTER)


def _narrow_margins(table: Any) -> None:
    """Cells of a table of figures keep 1 mm either side (Word's default is 1.9 mm)."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "57")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def _repeat_header(row: Any) -> None:
    """The header row is repeated at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _data_table(docx: Any, block: Table) -> None:
    columns = len(block.header)
    widths = list(block.widths) or [160 / columns] * columns
    rows = [block.header, *block.rows, *([block.total] if block.total else [])]
    table = docx.add_table(rows=len(rows), cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid(table)
    _narrow_margins(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    last = len(rows) - 1
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        _keep_whole(row)
        bold = r == 0 or (bool(block.total) and r == last)
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = Mm(widths[c])
            align = (
                WD_ALIGN_PARAGRAPH.CENTER
                if r == 0
                else _ALIGN.get(block.column_align(c), WD_ALIGN_PARAGRAPH.LEFT)
            )
            _run(_paragraph(cell, align), value, size=block.size, bold=bold)
            _tidy(cell)
    _repeat_header(table.rows[0])
    _paragraph(docx, WD_ALIGN_PARAGRAPH.LEFT)  # the body goes on below the table


def render_docx(doc: Document, *, now: datetime | None = None) -> bytes:
    """The document as DOCX bytes; ``now`` stamps the file's properties (from the clock)."""
    doc = xml_safe(doc)
    docx = new_document()
    _setup(docx)
    _page_numbers(docx)
    body = docx.element.body
    for par in list(body.iterchildren(qn("w:p"))):  # the template's empty paragraph, if any
        body.remove(par)
    for block in doc.blocks:
        _block(docx, block)
    props = docx.core_properties
    props.title = doc.title
    props.author = ""
    props.last_modified_by = "meetingtui"
    props.language = "vi-VN"
    props.revision = 1
    if now is not None:
        props.created = props.modified = now.replace(tzinfo=None, microsecond=0)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
