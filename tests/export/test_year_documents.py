"""Golden files of the year's documents (the plan, the dues, the review, the packet, the reports
upward) made of ``support.year``'s cell on a fixed clock, and their DOCX read back.

Regenerate after a deliberate change with ``MEETINGTUI_UPDATE_GOLDEN=1 pytest tests/export`` and
read the diff before committing it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from meetingtui.export.dues_doc import build_dues_month, build_dues_year, dues_csv
from meetingtui.export.model import Document
from meetingtui.export.packet import packet_files
from meetingtui.export.plan_doc import build_plan
from meetingtui.export.render_docx import render_docx
from meetingtui.export.render_md import render_markdown
from meetingtui.export.report_doc import archives_csv, build_archives_summary
from meetingtui.interchange.archive import archive_bytes, archive_of
from meetingtui.services.cell import CellService
from meetingtui.services.reports import archive_rows, month_report_doc, read_archives
from support.year import YearIds, make_year

GOLDEN = Path(__file__).parent / "golden" / "year"
UPDATE = os.environ.get("MEETINGTUI_UPDATE_GOLDEN") == "1"
FONT = "Times New Roman"


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> tuple[CellService, YearIds]:
    return make_year(tmp_path_factory.mktemp("year") / "data")


@pytest.fixture(scope="module")
def archives(year: tuple[CellService, YearIds], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archives a đảng ủy collects: the demo cell's meetings, and two of another cell's."""
    cells, _ids = year
    folder = tmp_path_factory.mktemp("archives")
    for info in cells.meetings():
        data = archive_of(cells.repo, info.id, cells.clock)
        (folder / f"{info.id}.json").write_bytes(archive_bytes(data))
        if info.id.startswith(("2026-08", "2026-10")):
            other = json.loads(json.dumps(data))
            other["cell"]["name"] = "Chi bộ Văn phòng"
            (folder / "van-phong").mkdir(exist_ok=True)
            (folder / "van-phong" / f"{info.id}.json").write_bytes(archive_bytes(other))
    return folder


def _packet(cells: CellService, meeting: str) -> dict[str, Document]:
    state = cells.meeting(meeting).state()
    topics = cells.planning().plan_state(2026).topics
    files = packet_files(cells.document_context(meeting), cells.members(), topics, cells.today())
    assert state.id == meeting
    return {f.name: f.doc for f in files}


def _documents(cells: CellService, ids: YearIds) -> dict[str, Callable[[], Document]]:
    cell, members, today = cells.cell(), cells.members(), cells.today()
    ledger = cells.dues().ledger(2026)
    return {
        "plan-2026": lambda: build_plan(cell, members, cells.planning().plan(2026), today),
        "dues-2026": lambda: build_dues_year(cell, members, ledger, today),
        "dues-2026-10": lambda: build_dues_month(cell, members, ledger, 10, today),
        "review-2026-Q3": lambda: cells.reviews().documents("2026-Q3", detail=True)[0],
        "report-2026-10": lambda: month_report_doc(cells, 2026, 10),
        "packet-notice": lambda: _packet(cells, ids.regular)["01-thong-bao.docx"],
        "packet-agenda": lambda: _packet(cells, ids.regular)["02-chuong-trinh.docx"],
        "packet-resolution": lambda: _packet(cells, ids.regular)["03-du-thao-nghi-quyet.docx"],
        "packet-topic": lambda: _packet(cells, ids.thematic)["04-bao-cao-chuyen-de.docx"],
    }


NAMES = [
    "plan-2026",
    "dues-2026",
    "dues-2026-10",
    "review-2026-Q3",
    "report-2026-10",
    "packet-notice",
    "packet-agenda",
    "packet-resolution",
    "packet-topic",
]


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))  # bytes: a CSV keeps its CRLF
    assert path.exists(), f"no golden file {path}: run with MEETINGTUI_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_golden_markdown(year: tuple[CellService, YearIds], name: str) -> None:
    doc = _documents(*year)[name]()
    _golden(f"{name}.md", render_markdown(doc))


def test_golden_csv(year: tuple[CellService, YearIds], archives: Path) -> None:
    cells, _ = year
    _golden("dues-2026.csv", dues_csv(cells.dues().ledger(2026)))
    _golden("review-2026-Q3.csv", cells.reviews().documents("2026-Q3", detail=False)[1])
    _golden("archives.csv", archives_csv(archive_rows(read_archives(archives))))


def test_golden_archives_summary(archives: Path) -> None:
    found = read_archives(archives)
    doc = build_archives_summary(archive_rows(found), len(found))
    _golden("archives.md", render_markdown(doc))


def test_the_documents_say_what_the_demo_holds(year: tuple[CellService, YearIds]) -> None:
    """The facts the golden files are checked for, so that an update cannot hide a wrong one."""
    cells, ids = year
    docs = {name: render_markdown(make()) for name, make in _documents(cells, ids).items()}
    assert "từ ngày 20 đến ngày 22 hằng tháng" in docs["plan-2026"]
    assert "Chuyển đổi số trong công tác dân tộc" in docs["plan-2026"]
    assert "Đồng chí Hà Văn Sơn: chưa đóng tháng 10 (1 tháng)" in docs["dues-2026"]  # Sep paid at the meeting
    assert "giảm 50%" in docs["dues-2026"] and "miễn: ốm đau, bệnh hiểm nghèo" in docs["dues-2026"]
    assert "| 1 | Nông Văn Thắng | 168.500 | 168.500 |" in docs["dues-2026-10"]
    assert (
        "bình chọn (" in docs["review-2026-Q3"] and "Hoàn thành xuất sắc nhiệm vụ:" in docs["review-2026-Q3"]
    )
    assert "**DỰ THẢO**" in docs["packet-resolution"].splitlines()[0]
    assert "chỉ trước 23 giờ" in docs["report-2026-10"] or "Chưa ghi nhận" in docs["report-2026-10"]
    assert "Người trình bày:" in docs["packet-topic"] and "Tự phê bình và phê bình" in docs["packet-topic"]


def test_the_packet_of_a_regular_meeting_has_no_topic_report(year: tuple[CellService, YearIds]) -> None:
    cells, ids = year
    assert list(_packet(cells, ids.regular)) == [
        "01-thong-bao.docx",
        "02-chuong-trinh.docx",
        "03-du-thao-nghi-quyet.docx",
    ]
    assert "04-bao-cao-chuyen-de.docx" in _packet(cells, ids.thematic)


# -- the DOCX read back --------------------------------------------------------------------------------
def _docx(doc: Document) -> Any:
    return docx.Document(io.BytesIO(render_docx(doc)))


@pytest.mark.parametrize("name", NAMES)
def test_every_docx_is_a4_times_new_roman_with_the_party_heading(
    year: tuple[CellService, YearIds], name: str
) -> None:
    opened = _docx(_documents(*year)[name]())
    section = opened.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 35 and round(section.right_margin.mm) == 15
    runs = [r for p in opened.paragraphs for r in p.runs]
    runs += [r for t in opened.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    for run in runs:
        fonts = run._r.rPr.rFonts
        assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {FONT}, run.text
    heading = opened.tables[0].rows[0].cells
    party = [p.text for p in heading[1].paragraphs if p.text != "DỰ THẢO"]  # a draft's mark is above it
    assert party[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert heading[0].paragraphs[-2].text == "CHI BỘ BAN DÂN TỘC"


def test_a_table_of_figures_has_a_grid_and_its_header_repeats_on_every_page(
    year: tuple[CellService, YearIds],
) -> None:
    cells, ids = year
    opened = _docx(_documents(cells, ids)["dues-2026"]())
    ledger = opened.tables[1]
    borders = ledger._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    assert ledger.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in ledger.rows[0].cells][:4] == ["STT", "Họ và tên", "Căn cứ", "Mức/tháng (đ)"]
    assert (
        ledger.rows[-1].cells[1].text == "Cộng" and ledger.rows[-1].cells[1].paragraphs[0].runs[0].font.bold
    )
    widths = [c.width.mm for c in ledger.rows[0].cells]
    assert sum(widths) == pytest.approx(160, abs=0.5)
    amount = ledger.rows[1].cells[3].paragraphs[0]
    assert amount.alignment == WD_ALIGN_PARAGRAPH.RIGHT and amount.runs[0].font.size == Pt(11)


def test_the_draft_resolution_is_marked_du_thao_at_the_top_right(year: tuple[CellService, YearIds]) -> None:
    cells, ids = year
    opened = _docx(_packet(cells, ids.regular)["03-du-thao-nghi-quyet.docx"])
    mark, party = opened.tables[0].rows[0].cells[1].paragraphs[:2]  # the heading's right column (HD 36)
    assert mark.text == "DỰ THẢO" and party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert mark.alignment == WD_ALIGN_PARAGRAPH.RIGHT and mark.runs[0].font.bold
    assert [p.text for p in opened.paragraphs].count("DỰ THẢO") == 0  # marked once


# -- as LibreOffice lays them out (skipped where it is missing) --------------------------------------------
@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice is not installed"
)
def test_libreoffice_lays_out_the_tables_in_one_serif_family(
    year: tuple[CellService, YearIds], tmp_path: Path
) -> None:
    """The dues, the review and the plan, converted in one LibreOffice run (it starts slowly)."""
    import subprocess

    names = ["dues-2026", "review-2026-Q3", "plan-2026"]
    sources = []
    for name in names:
        source = tmp_path / f"{name}.docx"
        source.write_bytes(render_docx(_documents(*year)[name]()))
        sources.append(str(source))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *sources],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    for name in names:
        pdf = tmp_path / f"{name}.pdf"
        fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
        families = {line.split()[0].split("+")[-1].split("-")[0] for line in fonts.splitlines()[2:]}
        assert families <= {"TimesNewRomanPSMT", "TimesNewRoman", "LiberationSerif"}, (name, families)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        lines = [line.strip() for line in text.splitlines()]
        assert any(
            line.startswith("ĐẢNG BỘ") and line.endswith("ĐẢNG CỘNG SẢN VIỆT NAM") for line in lines
        ), name
        assert any("T/M CHI BỘ" in line for line in lines), name
