"""The DOCX read back with python-docx: Hướng dẫn 36-HD/VPTW page, fonts, sizes, header, signature."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from meetingtui.domain.clock import FakeClock
from meetingtui.export.documents import build_document
from meetingtui.export.render_docx import render_docx
from meetingtui.queries.documents import load_context
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from support.meetings import create_meeting

FONT = "Times New Roman"


def _open(repo: Repository, meeting_id: str, what: str) -> Any:
    doc = build_document(load_context(repo, meeting_id), what)
    return docx.Document(io.BytesIO(render_docx(doc)))


def _runs(paragraph: Any) -> list[Any]:
    return [r for r in paragraph.runs if r.text]


def _cell_lines(cell: Any) -> list[str]:
    return [p.text for p in cell.paragraphs]


def _fonts(run: Any) -> dict[str, str | None]:
    fonts = run._r.rPr.rFonts
    return {slot: fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}


def _only(paragraph: Any) -> Any:
    runs = _runs(paragraph)
    assert len(runs) == 1, [r.text for r in runs]
    return runs[0]


@pytest.fixture
def resolution(held_repo: Repository, held: str) -> Any:
    return _open(held_repo, held, "resolution")


def test_page_is_a4_with_the_36_hd_margins(resolution: Any) -> None:
    section = resolution.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    for side, mm in (("top", 25), ("bottom", 25), ("left", 35), ("right", 15)):
        assert getattr(section, f"{side}_margin").mm == pytest.approx(mm, abs=0.05), side


def test_every_run_is_times_new_roman_in_every_script_slot(resolution: Any) -> None:
    normal = resolution.styles["Normal"]
    assert normal.font.name == FONT and normal.font.size == Pt(14)
    runs = [r for p in resolution.paragraphs for r in p.runs]
    runs += [r for t in resolution.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    assert len(runs) > 40
    for run in runs:
        assert _fonts(run) == {"ascii": FONT, "hAnsi": FONT, "eastAsia": FONT, "cs": FONT}, run.text


def test_header_table_two_columns_without_borders(resolution: Any) -> None:
    table = resolution.tables[0]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    (upper_cell, party_cell), (number_cell, place_cell) = (row.cells for row in table.rows)
    assert _cell_lines(upper_cell) == ["ĐẢNG BỘ ỦY BAN NHÂN DÂN TỈNH", "CHI BỘ BAN DÂN TỘC", "*"]
    upper, cell, star = upper_cell.paragraphs
    assert _only(upper).font.size == Pt(14) and _only(upper).font.bold is False
    assert _only(cell).font.size == Pt(14) and _only(cell).font.bold is True
    assert star.alignment == WD_ALIGN_PARAGRAPH.CENTER
    party = party_cell.paragraphs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert _only(party).font.size == Pt(15) and _only(party).font.bold is True
    rule = party._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:val")) == "single"
    assert number_cell.paragraphs[0].text == "Số 01-NQ/CB"
    assert _only(number_cell.paragraphs[0]).font.size == Pt(14)
    place = place_cell.paragraphs[0]
    assert place.text == "Lào Cai, ngày 20 tháng 11 năm 2026"
    assert _only(place).font.italic is True and _only(place).font.size == Pt(14)


def test_title_summary_and_body(resolution: Any) -> None:
    paragraphs = [p for p in resolution.paragraphs if p.text]
    title = next(p for p in paragraphs if p.text == "NGHỊ QUYẾT")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _only(title).font.bold is True and _only(title).font.size == Pt(16)
    summary = paragraphs[paragraphs.index(title) + 1]
    assert summary.text == "về lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026"
    assert _only(summary).font.bold is True and _only(summary).font.size == Pt(14)
    body = [p for p in paragraphs if p.text.startswith(("Chi bộ Ban Dân tộc họp", "Nghị quyết này"))]
    assert len(body) == 2
    for paragraph in body:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert all(r.font.size == Pt(14) for r in _runs(paragraph))
    assert body[1].text == (
        "Nghị quyết này được chi bộ biểu quyết thông qua tại kỳ sinh hoạt ngày 20/11/2026, "
        "với 19/23 đồng chí tán thành, đạt tỷ lệ 82,6%."
    )
    letters = [p.text.split(")")[0] for p in paragraphs if p.text[:2] in ("a)", "b)", "c)", "d)", "đ)")]
    assert letters == ["a", "b", "c", "d", "đ"] * 2


def test_signature_block(resolution: Any) -> None:
    table = resolution.tables[-1]
    left, right = table.rows[0].cells
    assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None  # never split across pages
    received = left.paragraphs[0]
    assert received.text == "Nơi nhận:"
    assert _only(received).font.underline is True and _only(received).font.size == Pt(14)
    recipients = [p for p in left.paragraphs[1:] if p.text]
    assert [p.text for p in recipients] == [
        "-\tĐảng ủy Ủy ban nhân dân tỉnh (để báo cáo),",
        "-\tĐảng viên trong chi bộ,",
        "-\tLưu chi bộ.",
    ]
    assert all(_only(p).font.size == Pt(12) for p in recipients)
    for paragraph in recipients:  # a hanging indent: a wrapped line starts under the text
        fmt = paragraph.paragraph_format
        assert fmt.left_indent > 0 and fmt.first_line_indent == -fmt.left_indent
        assert [stop.position for stop in fmt.tab_stops] == [fmt.left_indent]
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines] == ["T/M CHI BỘ", "BÍ THƯ", "Nông Văn Thắng"]
    for paragraph in lines:
        assert _only(paragraph).font.bold is True and _only(paragraph).font.size == Pt(14)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_minutes_header_and_signatures(held_repo: Repository, held: str) -> None:
    minutes = _open(held_repo, held, "minutes")
    header = minutes.tables[0]
    assert header.rows[1].cells[0].paragraphs[0].text == ""  # the minutes carry no number
    paragraphs = [p.text for p in minutes.paragraphs if p.text]
    assert "BIÊN BẢN" in paragraphs
    assert "SINH HOẠT CHI BỘ ĐỊNH KỲ tháng 11 năm 2026" in paragraphs
    assert any(p.startswith("Đồng chí Trần Quốc Đạt: Đề nghị *không*") for p in paragraphs)
    left, right = minutes.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["THƯ KÝ", "Lương Thị Ngọc Ánh"]
    assert [p.text for p in right.paragraphs if p.text] == ["CHỦ TRÌ", "Nông Văn Thắng"]
    for paragraph in [p for p in left.paragraphs + right.paragraphs if p.text]:
        assert _only(paragraph).font.bold is True and _only(paragraph).font.size == Pt(14)


def test_line_breaks_in_user_text_are_breaks_not_new_paragraphs(held_repo: Repository, held: str) -> None:
    minutes = _open(held_repo, held, "minutes")
    speech = next(p for p in minutes.paragraphs if p.text.startswith("Đồng chí Nguyễn Thị Hương:"))
    assert (
        speech.text
        == "Đồng chí Nguyễn Thị Hương: Nhất trí dự thảo.\nĐề nghị phân công đảng viên trẻ hỗ trợ các xã."
    )
    assert speech.runs[0].font.bold is True and speech.runs[-1].font.bold is False


def _deputy_draft(repo: Repository, clock: FakeClock) -> str:
    state = create_meeting(repo, "extraordinary", "2026-12-05", clock=clock, chair="m002")
    service = MeetingService(repo, state.id, clock)
    service.record("resolution_set", kind="KL", signer="m002", summary="về công tác phòng, chống thiên tai")
    return state.id


def test_deputy_signature_and_conclusion_number(held_repo: Repository, held: str, clock: FakeClock) -> None:
    meeting_id = _deputy_draft(held_repo, clock)
    conclusion = _open(held_repo, meeting_id, "resolution")
    assert conclusion.tables[0].rows[1].cells[0].paragraphs[0].text == "Số …-KL/CB"
    assert "KẾT LUẬN" in [p.text for p in conclusion.paragraphs]
    right = conclusion.tables[-1].rows[0].cells[1]
    assert [p.text for p in right.paragraphs if p.text] == ["T/M CHI BỘ", "PHÓ BÍ THƯ", "Hoàng Thị Thu Hà"]


def _header_xml(section: Any, which: str) -> Any:
    return getattr(section, which)._element


def test_page_numbers_from_page_two_centred_in_the_top_margin(resolution: Any) -> None:
    section = resolution.sections[0]
    assert section.different_first_page_header_footer is True  # w:titlePg: page 1 has its own
    first = _header_xml(section, "first_page_header")
    assert first.findall(".//" + qn("w:fldChar")) == [] and "".join(first.itertext()).strip() == ""
    header = section.header
    assert not header.is_linked_to_previous
    (par,) = [p for p in header.paragraphs if p._p.findall(".//" + qn("w:fldChar"))]
    assert par.alignment == WD_ALIGN_PARAGRAPH.CENTER
    instructions = [i.text.strip() for i in par._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    kinds = [c.get(qn("w:fldCharType")) for c in par._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    for run in par.runs:
        assert run.font.size == Pt(14) and not run.font.bold and not run.font.italic
        assert _fonts(run)["ascii"] == FONT
    assert section.header_distance.mm < section.top_margin.mm  # inside the top margin


def _marks(document: Any) -> list[str]:
    """Boxed runs (w:bdr) of the heading table: the DỰ THẢO and MẬT marks."""
    table = document.tables[0]
    return [
        r.text
        for c in table._cells
        for p in c.paragraphs
        for r in p.runs
        if r._r.rPr.find(qn("w:bdr")) is not None
    ]


def test_draft_mark_until_adopted(held_repo: Repository, held: str, clock: FakeClock) -> None:
    assert _marks(_open(held_repo, held, "resolution")) == []  # adopted
    assert _marks(_open(held_repo, held, "minutes")) == []  # approved
    draft = _deputy_draft(held_repo, clock)
    document = _open(held_repo, draft, "resolution")
    assert _marks(document) == ["DỰ THẢO"]
    party_cell = document.tables[0].rows[0].cells[1]
    mark, party = party_cell.paragraphs[:2]
    assert mark.text == "DỰ THẢO" and party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"  # above the title, right
    assert mark.alignment == WD_ALIGN_PARAGRAPH.RIGHT and _only(mark).font.bold is True
    assert _marks(_open(held_repo, draft, "minutes")) == ["DỰ THẢO"]  # minutes not yet approved


def test_secret_mark_from_the_cell_or_the_meeting(held_repo: Repository, held: str, clock: FakeClock) -> None:
    from dataclasses import replace

    from meetingtui.services.cell import CellService

    cells = CellService(held_repo, clock)
    cells.save_cell(replace(cells.cell(), secret=True))
    document = _open(held_repo, held, "resolution")
    assert _marks(document) == ["MẬT"]
    number_cell = document.tables[0].rows[1].cells[0]
    assert [p.text for p in number_cell.paragraphs] == ["Số 01-NQ/CB", "MẬT"]  # under the number
    MeetingService(held_repo, held, clock).record("details_set", secret=False)  # this meeting: none
    assert _marks(_open(held_repo, held, "resolution")) == []
    cells.save_cell(replace(cells.cell(), secret=False))
    MeetingService(held_repo, held, clock).record("details_set", secret=True)
    assert _marks(_open(held_repo, held, "minutes")) == ["MẬT"]


def test_a_short_rule_under_the_title_block(resolution: Any) -> None:
    paragraphs = list(resolution.paragraphs)
    summary = next(i for i, p in enumerate(paragraphs) if p.text.startswith("về lãnh đạo"))
    rule = paragraphs[summary + 1]
    assert rule.text == "" and rule.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    assert rule.paragraph_format.left_indent.mm > 40 and rule.paragraph_format.right_indent.mm > 40


def test_the_signature_block_is_kept_with_the_closing_line(resolution: Any) -> None:
    body = resolution.element.body
    table = resolution.tables[-1]._tbl
    before = [e for e in body.iterchildren() if e.tag == qn("w:p")]
    index = list(body.iterchildren()).index(table)
    previous = [e for e in list(body.iterchildren())[:index] if e.tag == qn("w:p")][-2:]
    assert len(before) > 2 and all(p.find(".//" + qn("w:keepNext")) is not None for p in previous)


def test_the_attendance_lines(held_repo: Repository, held: str) -> None:
    minutes = _open(held_repo, held, "minutes")
    lines = {p.text.split(":")[0]: p.text for p in minutes.paragraphs if ":" in p.text}
    assert lines["Tổng số đảng viên"] == (
        "Tổng số đảng viên: 26 (chính thức 21, dự bị 3, miễn công tác và sinh hoạt đảng 2)."
    )
    assert lines["Có mặt"].startswith("Có mặt: ") and "(chính thức " in lines["Có mặt"]
    assert "Hoàng Văn Páo" not in lines["Vắng có lý do"] and "Trịnh Thị Nhàn" not in lines["Vắng có lý do"]
    apart = lines["Đảng viên được miễn công tác và sinh hoạt đảng"]  # both came
    assert "Hoàng Văn Páo" in apart and "Trịnh Thị Nhàn" in apart
    assert lines["Số đồng chí có quyền biểu quyết"].startswith("Số đồng chí có quyền biểu quyết: ")
    label = next(p for p in minutes.paragraphs if p.text.startswith("Có mặt:"))
    assert label.runs[0].font.bold is True and label.runs[0].text == "Có mặt: "
