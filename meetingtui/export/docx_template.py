"""Word templates a cell can edit (docxtpl): the resolution's and the minutes' DOCX made from
the cell's own ``.docx`` instead of the built-in layout.

``default_template(kind)`` is the built-in layout written as a template: the same heading
table, page numbers, title block, paragraphs and signature block as ``render_docx``, with
placeholders (``{{ cell }}``, ``{{ place_date }}``…) where the document's values go and a loop
over the body's paragraphs. A cell opens it in Word, changes what it likes (fonts, spacing, a
logo, the wording around the placeholders) and keeps it in its data folder; ``render`` fills
it with a document's values. A template that names a placeholder the document has not, or
that Jinja cannot read, is refused with the placeholder named (:class:`TemplateProblem`): the
caller then uses the built-in layout.

The values (``template_context``): ``draft``, ``secret`` (true or false); ``party``,
``upper_body``, ``cell``, ``number``, ``place_date``, ``title``, ``summary`` (text, the summary
in bold); ``body`` (paragraphs, each with ``kind``: ``center``, ``heading`` or ``para``, and
``text``, written with ``{{r b.text }}``); ``closing`` (the line kept with the signature block);
``notes`` (a draft's warnings, after the signature);
the resolution's ``recipients`` (lines), ``sign_for`` ("T/M CHI BỘ"), ``sign_title`` ("BÍ THƯ")
and ``signer``; the minutes' ``clerk`` and ``chair``.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, RichText
from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from .model import (
    DRAFT_MARK,
    SECRET_MARK,
    Document,
    Header,
    Heading,
    Para,
    Signatures,
    Span,
    Subtitle,
    Title,
)
from .render_docx import (
    BODY_SIZE,
    FIRST_LINE,
    HANG,
    HEADER_COLUMNS,
    PARTY_SIZE,
    RULE_INDENT,
    SIGNATURE_COLUMNS,
    TITLE_SIZE,
    _boxed,
    _keep_whole,
    _page_numbers,
    _paragraph,
    _rule_under,
    _run,
    _setup,
    _table,
    _tidy,
    xml_safe,
)

KINDS = ("resolution", "minutes")


class TemplateProblem(Exception):
    """A template that cannot be filled; ``placeholder`` names what is wrong in it."""

    def __init__(self, placeholder: str, detail: str) -> None:
        super().__init__(f"{placeholder}: {detail}")
        self.placeholder = placeholder
        self.detail = detail


# -- the values -------------------------------------------------------------------------------
def _rich(spans: tuple[Span, ...], label: str = "") -> RichText:
    """Spans as runs that take the template paragraph's font and size (only the marks are ours)."""
    rich = RichText()
    if label:
        first = spans[0] if spans else Span("")
        rich.add(label + " ", bold=first.bold, italic=first.italic)
    for span in spans:
        rich.add(span.text, bold=span.bold, italic=span.italic, underline=span.underline)
    return rich


def template_context(doc: Document) -> dict[str, Any]:
    """What a template is filled with (see the module's notes)."""
    context: dict[str, Any] = {
        "body": [],
        "closing": RichText(),
        "notes": [],
        "recipients": [],
        "summary": RichText(),
    }
    signed = False
    for block in doc.blocks:
        if isinstance(block, Header):
            context.update(
                draft=block.draft,
                secret=block.secret,
                party=block.party,
                upper_body=block.upper_body,
                cell=block.cell,
                number=block.number,
                place_date=block.place_date,
            )
        elif isinstance(block, Title):
            context["title"] = block.text
        elif isinstance(block, Subtitle):
            context["summary"] = _rich(block.spans)
        elif isinstance(block, Heading):
            kind = "center" if block.center else "heading"
            context["body"].append({"kind": kind, "text": _rich((Span(block.text, bold=True),))})
        elif isinstance(block, Para):
            target = context["notes"] if signed else context["body"]
            target.append({"kind": "para", "text": _rich(block.spans, block.label), "level": block.level})
        elif isinstance(block, Signatures):
            signed = True
            if context["body"] and context["body"][-1]["kind"] == "para":  # kept with the signature
                context["closing"] = context["body"].pop()["text"]
            left = [line.text for line in block.left if line.text]
            right = [line.text for line in block.right if line.text]
            if doc.kind == "minutes":
                context.update(clerk=left[-1] if left else "", chair=right[-1] if right else "")
            else:
                context["recipients"] = [line.removeprefix("- ") for line in left[1:]]
                context.update(sign_for=right[0], sign_title=right[1], signer=right[-1])
    return context


# -- the built-in layout as a template ------------------------------------------------------------
def _text(container: Any, align: Any, text: str, **kw: Any) -> Any:
    par = _paragraph(container, align, before=kw.pop("before", 0), after=kw.pop("after", 0))
    if text:
        _run(par, text, **kw)
    return par


def default_template(kind: str) -> bytes:
    """The built-in layout of ``kind`` (resolution or minutes) with its placeholders."""
    if kind not in KINDS:
        raise ValueError(kind)
    docx = new_document()
    _setup(docx)
    _page_numbers(docx)
    body = docx.element.body
    for par in list(body.iterchildren("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")):
        body.remove(par)
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    table = _table(docx, 2, HEADER_COLUMNS)
    left, right = table.rows[0].cells
    _text(left, center, "{{ upper_body }}")
    _text(left, center, "{{ cell }}", bold=True)
    _text(left, center, "*")
    _text(right, center, "{%p if draft %}")
    _boxed(_run(_paragraph(right, WD_ALIGN_PARAGRAPH.RIGHT, after=6), DRAFT_MARK, bold=True))
    _text(right, center, "{%p endif %}")
    party = _text(right, center, "{{ party }}", size=PARTY_SIZE, bold=True)
    party.paragraph_format.left_indent = party.paragraph_format.right_indent = Mm(4)
    _rule_under(party)
    number, place = table.rows[1].cells
    _text(number, center, "{{ number }}", before=6)
    _text(number, center, "{%p if secret %}")
    _boxed(_run(_paragraph(number, center, before=6), SECRET_MARK, bold=True))
    _text(number, center, "{%p endif %}")
    _text(place, center, "{{ place_date }}", before=6, italic=True)
    _tidy(left, right, number, place)
    _text(docx, center, "{{ title }}", before=18, size=TITLE_SIZE, bold=True)
    _text(docx, center, "{{r summary }}")
    rule = _paragraph(docx, center, after=12)
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = RULE_INDENT
    rule.paragraph_format.line_spacing = Pt(4)
    _run(rule, "", size=4)
    _rule_under(rule)
    _text(docx, justify, "{%p for b in body %}")
    _text(docx, justify, '{%p if b.kind == "center" %}')
    _text(docx, center, "{{r b.text }}", before=6, after=6).paragraph_format.keep_with_next = True
    _text(docx, justify, '{%p elif b.kind == "heading" %}')
    heading = _text(docx, justify, "{{r b.text }}", before=6, after=6)
    heading.paragraph_format.first_line_indent = FIRST_LINE
    heading.paragraph_format.keep_with_next = True
    _text(docx, justify, "{%p else %}")
    _text(docx, justify, "{{r b.text }}", after=6).paragraph_format.first_line_indent = FIRST_LINE
    _text(docx, justify, "{%p endif %}")
    _text(docx, justify, "{%p endfor %}")
    closing = _text(docx, justify, "{{r closing }}", after=6)
    closing.paragraph_format.first_line_indent = FIRST_LINE
    closing.paragraph_format.keep_with_next = True  # the signature block never stands alone
    _paragraph(docx, WD_ALIGN_PARAGRAPH.LEFT).paragraph_format.keep_with_next = True
    signatures = _table(docx, 1, SIGNATURE_COLUMNS)
    _keep_whole(signatures.rows[0])
    left, right = signatures.rows[0].cells
    if kind == "resolution":
        _text(left, WD_ALIGN_PARAGRAPH.LEFT, "Nơi nhận:", underline=True)
        _text(left, WD_ALIGN_PARAGRAPH.LEFT, "{%p for r in recipients %}")
        recipient = _text(left, WD_ALIGN_PARAGRAPH.LEFT, "-\t{{ r }}", size=12)
        recipient.paragraph_format.left_indent, recipient.paragraph_format.first_line_indent = HANG, -HANG
        recipient.paragraph_format.tab_stops.add_tab_stop(HANG)
        _text(left, WD_ALIGN_PARAGRAPH.LEFT, "{%p endfor %}")
        lines = ["{{ sign_for }}", "{{ sign_title }}", "", "", "", "{{ signer }}"]
    else:
        for line in ("THƯ KÝ", "", "", "", "{{ clerk }}"):
            _text(left, center, line, bold=True, after=0 if line else BODY_SIZE)
        lines = ["CHỦ TRÌ", "", "", "", "{{ chair }}"]
    for line in lines:
        _text(right, center, line, bold=True, after=0 if line else BODY_SIZE)
    _tidy(left, right)
    _paragraph(docx, WD_ALIGN_PARAGRAPH.LEFT, after=6)  # a blank line after the closing block
    _text(docx, justify, "{%p for n in notes %}")
    _text(docx, justify, "{{r n.text }}", after=6).paragraph_format.first_line_indent = FIRST_LINE
    _text(docx, justify, "{%p endfor %}")
    props = docx.core_properties
    props.title = "Mẫu nghị quyết" if kind == "resolution" else "Mẫu biên bản"
    props.author = ""
    props.last_modified_by = "meetingtui"
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


# -- filling a cell's template ----------------------------------------------------------------------
_UNDEFINED = re.compile(r"'([^']+)' (?:is undefined|has no attribute '([^']+)')")


def _placeholder(exc: Exception) -> str:
    match = _UNDEFINED.search(str(exc))
    if match:
        return match.group(2) or match.group(1)
    context = list(getattr(exc, "docx_context", []) or [])
    near = " ".join(" ".join(context).split())[:80]
    return near or type(exc).__name__


_OPEN = re.compile(r"\{\{|\{%")
_PAIRS = {"{{": "}}", "{%": "%}"}


def _unclosed(docx: Any) -> str:
    """The first placeholder a paragraph opens and never closes ("{{ cell"), or ""."""
    paragraphs = list(docx.paragraphs)
    paragraphs += [p for t in docx.tables for c in t._cells for p in c.paragraphs]
    for section in docx.sections:
        paragraphs += list(section.header.paragraphs) + list(section.footer.paragraphs)
    for par in paragraphs:
        text = par.text
        for match in _OPEN.finditer(text):
            if _PAIRS[match.group(0)] not in text[match.end() :]:
                return " ".join(text[match.start() :].split())[:40]
    return ""


def render(doc: Document, template: bytes, *, now: datetime | None = None) -> bytes:
    """The document filled into ``template`` (the bytes of a .docx); TemplateProblem when the
    template cannot be filled."""
    doc = xml_safe(doc)
    try:
        tpl = DocxTemplate(io.BytesIO(template))
        unclosed = _unclosed(tpl.get_docx())
        if unclosed:
            raise TemplateProblem(unclosed, "{{ … }} / {% … %}")
        env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)  # user text is data
        tpl.render(template_context(doc), jinja_env=env)
    except TemplateProblem:
        raise
    except UndefinedError as exc:
        raise TemplateProblem(_placeholder(exc), str(exc)) from exc
    except TemplateError as exc:
        raise TemplateProblem(_placeholder(exc), str(exc)) from exc
    except Exception as exc:  # not a .docx, a damaged one: named, and the built-in layout used
        raise TemplateProblem(type(exc).__name__, str(exc)[:200]) from exc
    props = tpl.docx.core_properties
    props.title = doc.title
    props.revision = 1
    if now is not None:
        props.created = props.modified = now.replace(tzinfo=None, microsecond=0)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
