"""Bad input never crashes an export: a visible gap "…" and a warning instead.

And user text is data: stored NFC and cleaned, it comes back identical in every format,
never read as markup.
"""

from __future__ import annotations

import io
import re
import unicodedata

import docx
import pytest
from markdown_it import MarkdownIt

from meetingtui.domain.clock import FakeClock
from meetingtui.export.documents import FORMATS, build_document, render
from meetingtui.export.markdown import escape, escape_span
from meetingtui.export.render_md import render_markdown
from meetingtui.export.render_txt import render_text
from meetingtui.queries.documents import load_context
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from support.held import make_cell, plan_meeting


def _all_formats(repo: Repository, meeting_id: str, what: str) -> tuple[list[str], dict[str, bytes]]:
    ctx = load_context(repo, meeting_id)
    doc = build_document(ctx, what)
    return [n.key for n in doc.warnings], {fmt: render(doc, fmt) for fmt in FORMATS}


def _docx_text(payload: bytes) -> str:
    document = docx.Document(io.BytesIO(payload))
    cells = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    return "\n".join([*cells, *(p.text for p in document.paragraphs)])


def test_a_meeting_without_a_vote_and_a_resolution_without_tasks(
    cell_repo: Repository, clock: FakeClock
) -> None:
    meeting_id = plan_meeting(cell_repo, clock)
    warnings, out = _all_formats(cell_repo, meeting_id, "resolution")
    for key in (
        "warn.export_no_vote",
        "warn.resolution_no_tasks",
        "warn.export_not_numbered",
        "warn.export_no_roll_call",
    ):
        assert key in warnings
    text = out["txt"].decode("utf-8")
    assert "với …/… đồng chí tán thành, đạt tỷ lệ …%." in " ".join(text.split())
    assert "Số …-NQ/CB" in text
    assert "II. NHIỆM VỤ, GIẢI PHÁP THÁNG 12 NĂM 2026\n\n…\n" in text
    assert "với …/… đồng chí tán thành" in _docx_text(out["docx"])
    minutes_warnings, minutes = _all_formats(cell_repo, meeting_id, "minutes")
    for key in (
        "warn.export_no_votes",
        "warn.export_not_started",
        "warn.export_not_ended",
        "warn.export_no_clerk",
    ):
        assert key in minutes_warnings
    assert "Buổi sinh hoạt kết thúc vào hồi … giờ … phút." in minutes["txt"].decode("utf-8")


def test_a_cell_without_a_place_name(tmp_path, clock: FakeClock) -> None:
    repo = make_cell(tmp_path / "data", place="", upper_body="")
    meeting_id = plan_meeting(repo, clock)
    for what in ("resolution", "minutes"):
        warnings, out = _all_formats(repo, meeting_id, what)
        assert "warn.export_no_place" in warnings and "warn.export_no_upper_body" in warnings
        assert "…, ngày 20 tháng 11 năm 2026" in out["txt"].decode("utf-8")
        assert "…, ngày 20 tháng 11 năm 2026" in _docx_text(out["docx"])
        assert "ĐẢNG BỘ …" in out["md"].decode("utf-8")


def test_a_vote_that_failed_does_not_adopt(cell_repo: Repository, clock: FakeClock) -> None:
    from meetingtui.domain.errors import DomainError

    meeting_id = plan_meeting(cell_repo, clock)
    service = MeetingService(cell_repo, meeting_id, clock)
    for member in service.state().members():
        service.record("attendance_marked", member=member.id, status="present")
    service.start()
    service.record(
        "vote_recorded",
        question="Thông qua nghị quyết",
        kind="resolution",
        against=12,
        other=0,
        **{"for": 11},
    )
    with pytest.raises(DomainError) as err:
        service.adopt("v1")
    assert err.value.key == "error.resolution_vote_failed"
    assert cell_repo.next_number("NQ") == 1  # no number was spent on the refused adoption
    warnings, _ = _all_formats(cell_repo, meeting_id, "resolution")
    assert "warn.export_no_vote" in warnings


NASTY = "[bold]Đề nghị[/] *không* _x_ `code` <script>alert(1)</script> &amp; a|b ~~s~~ \\ {#id}"
LINES = (
    "# Không phải tiêu đề\n1. không phải danh sách\n- cũng không\n> không trích dẫn\n    không phải code\n==="
)


@pytest.mark.parametrize("raw", [NASTY, LINES, "Nguyễn Thị Hường «trích» — 100%"])
def test_user_text_comes_back_identical(cell_repo: Repository, clock: FakeClock, raw: str) -> None:
    meeting_id = plan_meeting(cell_repo, clock)
    service = MeetingService(cell_repo, meeting_id, clock)
    decomposed = unicodedata.normalize("NFD", raw) + "\x1b[31m\x07"  # as pasted: NFD, escapes
    service.record("resolution_task_added", content="Nhiệm vụ", measures=decomposed)
    stored = service.state().resolution.tasks[0].measures
    assert stored == unicodedata.normalize("NFC", raw).rstrip()  # cleaned, composed
    doc = build_document(load_context(cell_repo, meeting_id), "resolution")
    text = render_text(doc)  # wrapped at 80 columns: the same characters, lines broken at spaces
    assert " ".join(stored.split()) in " ".join(text.split())
    assert all(len(line) <= 80 or " " not in line.strip() for line in text.split("\n"))
    assert stored in _docx_text(render(doc, "docx"))
    html = MarkdownIt("commonmark").render(render_markdown(doc))
    assert "<script>" not in html and "<code>" not in html
    # the date, the draft's note and its one warning (the task is incomplete), and the title: ours
    assert html.count("<em>") == 3 and html.count("<h1>") == 1
    rendered = _html_text(html)
    expected = "\n".join(line.lstrip() for line in stored.split("\n"))
    assert f"b) Biện pháp: {expected}" in rendered


def _html_text(html: str) -> str:
    import html as h

    text = re.sub(r"<br />\n", "\n", html)
    text = re.sub(r"<[^>]+>", "", text)
    return h.unescape(text)


ROUND_TRIPS = [
    "*a*", "1. x", "# h", "- l", "a\n+ b", "&copy;", "<u>", "a_b_c", "\\*", "_x_", "a\n===", "a\n---",
    "x\n1) y", "~~s~~", "[a](b)", "![i](j)", "`c`", "> q", "a\n    b", "C:\\dir\\file", "50% & 3 < 4",
    "Tổ 1 #2", "a | b", "http://x.vn/a_b_c", "a*b*c", "***", "___", "```",
]  # fmt: skip


@pytest.mark.parametrize("text", ROUND_TRIPS)
def test_markdown_escape_round_trips(text: str) -> None:
    html = MarkdownIt("commonmark").render(escape(text))
    assert _html_text(html).strip() == "\n".join(line.lstrip() for line in text.split("\n"))


@pytest.mark.parametrize("preset", ["commonmark", "gfm-like"])
@pytest.mark.parametrize("text", ROUND_TRIPS)
def test_the_precise_escape_round_trips_where_a_line_starts_and_inside_one(preset: str, text: str) -> None:
    md = MarkdownIt(preset)
    expected = "\n".join(line.lstrip() for line in text.split("\n"))
    assert _html_text(md.render(escape_span(text, line_start=True))).strip() == expected
    inside = "Đồng chí A: " + escape_span(text, line_start=False)
    assert _html_text(md.render(inside)).strip() == f"Đồng chí A: {expected}".strip()
    cell = (
        "| a | b |\n|--|--|\n| "
        + escape_span(text.replace("\n", " "), line_start=False, cell=True)
        + " | x |"
    )
    if preset == "gfm-like":
        rendered = _html_text(md.render(cell))
        assert text.replace("\n", " ").strip() in rendered


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Kết quả: 2/3 nhiệm vụ; đạt 95,2% - tốt.", "Kết quả: 2/3 nhiệm vụ; đạt 95,2% - tốt."),
        ("1. Kết quả", "1\\. Kết quả"),
        ("- Hướng dẫn", "\\- Hướng dẫn"),
        ("ngay_25 và a_b", "ngay_25 và a_b"),
        ("(chuyển từ Nghị quyết số 03-NQ/CB)", "(chuyển từ Nghị quyết số 03-NQ/CB)"),
        ("Tổ 1 #2 > 3", "Tổ 1 #2 > 3"),
    ],
)
def test_no_needless_escapes(text: str, escaped: str) -> None:
    """Only what Markdown would read as structure is escaped; prose stays prose."""
    assert escape_span(text, line_start=True) == escaped
    assert escape_span(text, line_start=False) == text.replace("*", "\\*")


def test_text_an_xml_document_cannot_hold_never_stops_a_docx_export(
    cell_repo: Repository, clock: FakeClock
) -> None:
    """U+FFFE in a summary made python-docx refuse the whole minutes (found by the hostile-text
    test). It is no longer stored (``clean``); a meeting stored by a version that let it through
    still exports, by the built-in layout and through a template, the rest of the text intact."""
    from dataclasses import replace

    from meetingtui.domain.text import clean
    from meetingtui.export import docx_template
    from meetingtui.export.model import Para, Span

    assert clean("a\ufffeb\uffffc\U0010fffed", multiline=True) == "abcd"
    meeting_id = plan_meeting(cell_repo, clock)
    doc = build_document(load_context(cell_repo, meeting_id), "resolution")
    old = Para(spans=(Span("Ý kiến\ufffe cũ\uffff còn\x0b nguyên"),))
    doc = replace(doc, blocks=[*doc.blocks[:3], old, *doc.blocks[3:]])
    built_in = _docx_text(render(doc, "docx"))
    assert "Ý kiến cũ còn nguyên" in built_in
    templated = docx_template.render(doc, docx_template.default_template("resolution"))
    assert "Ý kiến cũ còn nguyên" in _docx_text(templated)
