"""The year's commands: plan, dues, review, packet, report; bad input names the item and saves
nothing; a file is never written over without --force."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from meetingtui.cli import main
from meetingtui.domain.clock import FakeClock
from meetingtui.interchange.archive import archive_bytes, archive_of
from meetingtui.services.cell import CellService
from support.year import YearIds, make_year


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, YearIds]:
    root = tmp_path_factory.mktemp("year") / "data"
    _cells, ids = make_year(root)
    return root, ids


@pytest.fixture
def data(template: tuple[Path, YearIds], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "data"
    shutil.copytree(template[0], root)
    monkeypatch.chdir(tmp_path)
    return root


@pytest.fixture
def ids(template: tuple[Path, YearIds]) -> YearIds:
    return template[1]


def _run(data: Path, *argv: str) -> int:
    return main(["--data", str(data), *argv])


def test_plan_prints_the_year_and_refuses_a_day_outside_1_to_31(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(data, "plan", "2026") == 0
    out = capsys.readouterr().out
    assert "# KẾ HOẠCH" in out and "| Quý III | Chuyển đổi số" in out
    before = (data / "years" / "2026" / "plan.json").read_bytes()
    cell_before = (data / "cell.json").read_bytes()
    assert _run(data, "plan", "2026", "--window", "20-35") == 2
    assert "Ngày 35" in capsys.readouterr().err
    assert (data / "years" / "2026" / "plan.json").read_bytes() == before
    assert (data / "cell.json").read_bytes() == cell_before


def test_plan_sets_the_window_and_adds_a_topic_with_its_presenter(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        _run(data, "plan", "2027", "--window", "18-20", "--topic", "1", "Nêu gương", "--presenter", "quyet")
        == 0
    )
    out = capsys.readouterr().out
    assert "từ ngày 18 đến ngày 20" in out and "| Quý I | Nêu gương | Đồng chí Lý Văn Quyết |" in out
    assert CellService.open(data, _clock()).cell().meeting_day_from == 18
    assert _run(data, "plan", "2027", "--topic", "5", "X") == 2
    assert "Quý không hợp lệ: 5" in capsys.readouterr().err


def _clock() -> FakeClock:
    return FakeClock("2026-11-20T01:00:00+00:00")


def test_dues_in_each_format_and_never_over_an_existing_file(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(data, "dues", "2026") == 0
    assert "# SỔ THEO DÕI THU, NỘP ĐẢNG PHÍ" in capsys.readouterr().out
    assert _run(data, "dues", "2026", "--month", "10") == 0
    assert "Tháng 10 năm 2026" in capsys.readouterr().out
    target = tmp_path / "dang-phi.csv"
    assert _run(data, "dues", "2026", "--format", "csv", "-o", str(target)) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfma,ho_ten,thang")
    assert _run(data, "dues", "2026", "--format", "csv", "-o", str(target)) == 2
    assert "đã có" in capsys.readouterr().err
    assert _run(data, "dues", "2026", "--format", "csv", "-o", str(target), "--force") == 0
    assert _run(data, "dues", "2026", "--format", "docx") == 0
    assert (tmp_path / "so-theo-doi-dang-phi-nam-2026.docx").exists()
    assert _run(data, "dues", "2026", "--month", "13") == 2


def test_review_by_quarter_or_month_not_both(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(data, "review", "2026", "--quarter", "3", "--format", "csv") == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("\ufeffma,ho_ten,chuc_vu,ky_danh_gia") and len(rows) == 25  # BOM: csv_out
    assert _run(data, "review", "2026", "--month", "9") == 0
    assert "tháng 9 năm 2026" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        _run(data, "review", "2026", "--month", "9", "--quarter", "3")


def test_packet_writes_the_documents_and_records_when_they_went_out(
    data: Path, ids: YearIds, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "goi"
    out.mkdir()
    assert _run(data, "packet", ids.thematic, "-o", str(out), "--sent", "08/12/2026 08:00") == 0
    folder = out / f"goi-tai-lieu-{ids.thematic}"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "01-thong-bao.docx",
        "02-chuong-trinh.docx",
        "03-du-thao-nghi-quyet.docx",
        "04-bao-cao-chuyen-de.docx",
    ]
    assert "trước 48 giờ" in capsys.readouterr().out
    assert _run(data, "packet", ids.thematic, "-o", str(out)) == 2  # the files are there
    assert _run(data, "packet", ids.thematic, "-o", str(out), "--zip", "--sent", "10/12/2026 07:00") == 0
    assert "chưa đủ một ngày" in capsys.readouterr().out
    with zipfile.ZipFile(out / f"goi-tai-lieu-{ids.thematic}.zip") as packed:
        assert len(packed.namelist()) == 4
    packet = CellService.open(data, _clock()).planning().packet(ids.thematic)
    assert packet is not None and packet.late and packet.hours_ahead == 1.0
    assert _run(data, "packet", ids.thematic, "--sent", "hôm qua") == 2


def test_report_of_a_month_and_of_a_folder_of_archives(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(data, "report", "2026-10", "--format", "md") == 0
    assert "# BÁO CÁO" in capsys.readouterr().out
    assert _run(data, "report", "2026-10", "-o", str(tmp_path / "bc.docx")) == 0
    assert (tmp_path / "bc.docx").stat().st_size > 5000
    folder = tmp_path / "luu-tru"
    folder.mkdir()
    cells = CellService.open(data, _clock())
    for info in cells.meetings():
        (folder / f"{info.id}.json").write_bytes(archive_bytes(archive_of(cells.repo, info.id, cells.clock)))
    (folder / ".DS_Store").write_bytes(b"\0")  # hidden files are left out
    assert _run(tmp_path / "dang-uy", "report", "--archives", str(folder), "--format", "csv") == 0
    assert "Chi bộ Ban Dân tộc,2026-10" in capsys.readouterr().out
    assert not (tmp_path / "dang-uy").exists()  # a đảng ủy needs no data folder of its own


def test_a_folder_holding_files_that_are_not_archives_is_refused_naming_them(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "luu-tru"
    folder.mkdir()
    cells = CellService.open(data, _clock())
    first = cells.meetings()[0].id
    (folder / "a.json").write_bytes(archive_bytes(archive_of(cells.repo, first, cells.clock)))
    (folder / "bien-ban.docx").write_bytes(b"PK\x03\x04 not json")
    (folder / "khac.json").write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    target = tmp_path / "tong-hop.md"
    assert _run(data, "report", "--archives", str(folder), "--format", "md", "-o", str(target)) == 2
    err = capsys.readouterr().err
    assert "2 tệp không phải bản lưu trữ" in err and "bien-ban.docx" in err and "khac.json" in err
    assert not target.exists()
    assert _run(data, "report", "--archives", str(tmp_path / "none")) == 2
    assert _run(data, "report") == 2
