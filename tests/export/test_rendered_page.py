"""The DOCX as LibreOffice lays it out (skipped where LibreOffice or poppler is missing).

This checks what can be checked without eyes: one serif family for every glyph (Times New
Roman, or its metric twin Liberation Serif: no fallback font for Vietnamese letters), the two
header columns side by side, the page count. Looking at the page is still a manual step:
``pdftoppm -png`` on the PDF, compared with DOMAIN §6.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.services.cell import CellService
from meetingtui.services.exports import export_meeting
from meetingtui.store.repo import Repository

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdffonts")),
        reason="LibreOffice and poppler-utils are not installed",
    ),
]


def _pdf(held_repo: Repository, held: str, what: str, clock: FakeClock, tmp_path: Path) -> Path:
    result = export_meeting(CellService(held_repo, clock), held, what, "docx", tmp_path)
    assert result.path is not None
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(result.path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return result.path.with_suffix(".pdf")


def _run(*argv: str) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True, timeout=60).stdout


def test_resolution_page_layout(held_repo: Repository, held: str, clock: FakeClock, tmp_path: Path) -> None:
    pdf = _pdf(held_repo, held, "resolution", clock, tmp_path)
    fonts = _run("pdffonts", str(pdf)).splitlines()[2:]
    families = {line.split()[0].split("+")[-1].split("-")[0] for line in fonts}
    assert families <= {"TimesNewRomanPSMT", "TimesNewRoman", "LiberationSerif"}, families
    text = _run("pdftotext", "-layout", str(pdf), "-")
    lines = [line.strip() for line in text.splitlines()]
    assert any(line.startswith("ĐẢNG BỘ") and line.endswith("ĐẢNG CỘNG SẢN VIỆT NAM") for line in lines)
    assert any(
        line.startswith("Số 01-NQ/CB") and line.endswith("Lào Cai, ngày 20 tháng 11 năm 2026")
        for line in lines
    )
    assert "NGHỊ QUYẾT" in lines and "QUYẾT NGHỊ:" in lines
    assert any(line.startswith("Nơi nhận:") and line.endswith("T/M CHI BỘ") for line in lines)
    assert "Pages:           2" in _run("pdfinfo", str(pdf))


def test_minutes_signatures_stay_together(
    held_repo: Repository, held: str, clock: FakeClock, tmp_path: Path
) -> None:
    pdf = _pdf(held_repo, held, "minutes", clock, tmp_path)
    pages = _run("pdftotext", "-layout", str(pdf), "-").split("\f")
    last = [line.strip() for line in pages[-1].splitlines() if line.strip()] or [
        line.strip() for line in pages[-2].splitlines() if line.strip()
    ]
    signature = [line for line in last if "THƯ KÝ" in line or "Lương Thị Ngọc Ánh" in line]
    assert len(signature) == 2  # the titles and the names on the same page
