"""``meetingtui export`` and ``meetingtui import`` from the command line."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from meetingtui.cli import main
from meetingtui.store.repo import Repository


@pytest.fixture
def here(tmp_path: Path) -> Iterator[Path]:
    out = tmp_path / "out"
    out.mkdir()
    old = Path.cwd()
    os.chdir(out)
    yield out
    os.chdir(old)


def test_every_export_of_the_held_meeting(
    held_repo: Repository, held: str, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(held_repo.root)
    for what in ("resolution", "minutes"):
        for fmt in ("docx", "md", "txt"):
            assert main(["--data", data, "export", what, held, "--format", fmt]) == 0
    assert main(["--data", data, "export", "archive", held]) == 0
    names = sorted(p.name for p in here.iterdir())
    assert names == [
        "bien-ban-sinh-hoat-chi-bo-dinh-ky-2026-11-20.docx",
        "bien-ban-sinh-hoat-chi-bo-dinh-ky-2026-11-20.md",
        "bien-ban-sinh-hoat-chi-bo-dinh-ky-2026-11-20.txt",
        "luu-tru-sinh-hoat-chi-bo-dinh-ky-2026-11-20.json",
        "nghi-quyet-sinh-hoat-chi-bo-dinh-ky-2026-11-20.docx",
        "nghi-quyet-sinh-hoat-chi-bo-dinh-ky-2026-11-20.md",
        "nghi-quyet-sinh-hoat-chi-bo-dinh-ky-2026-11-20.txt",
    ]
    for path in here.iterdir():
        if os.name == "posix":  # Windows: the folder's access list, not a mode
            assert path.stat().st_mode & 0o077 == 0  # internal records: owner-only
    out = capsys.readouterr().out
    assert out.count("Đã ghi") == 7
    assert "Số 01-NQ/CB" in (here / "nghi-quyet-sinh-hoat-chi-bo-dinh-ky-2026-11-20.txt").read_text("utf-8")
    docx.Document(str(here / "nghi-quyet-sinh-hoat-chi-bo-dinh-ky-2026-11-20.docx"))


def test_never_overwrites_without_force(
    held_repo: Repository, held: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nq.md"
    target.write_text("bản đã sửa tay", encoding="utf-8")
    argv = ["--data", str(held_repo.root), "export", "resolution", held, "--format", "md", "-o", str(target)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "đã có" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "bản đã sửa tay"
    assert main([*argv, "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("**ĐẢNG CỘNG SẢN VIỆT NAM**")


def test_output_to_a_folder_uses_the_safe_default_name(
    held_repo: Repository, held: str, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    argv = ["--data", str(held_repo.root), "export", "minutes", held, "--format", "txt", "-o", str(folder)]
    assert main(argv) == 0
    assert [p.name for p in folder.iterdir()] == ["bien-ban-sinh-hoat-chi-bo-dinh-ky-2026-11-20.txt"]


def test_output_to_stdout(
    held_repo: Repository, held: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    argv = ["--data", str(held_repo.root), "export", "resolution", held, "--format", "txt", "-o", "-"]
    assert main(argv) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert "NGHỊ QUYẾT" in out and "Số 01-NQ/CB" in out


def test_the_planned_demo_meeting_exports_with_gaps_and_warnings(
    tmp_path: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a newcomer does first: the demo cell, its meetings, each export."""
    data = tmp_path / "demo"
    from meetingtui.demo import create_demo
    from meetingtui.domain.clock import FakeClock

    repo = create_demo(data, FakeClock("2026-11-20T01:00:00+00:00")).repo
    assert main(["--data", str(data), "meetings"]) == 0
    listed = capsys.readouterr().out
    meeting_id = repo.meetings()[-1].id
    assert meeting_id in listed
    for what in ("resolution", "minutes"):
        for fmt in ("docx", "md", "txt"):
            assert main(["--data", str(data), "export", what, meeting_id, "--format", fmt]) == 0
    captured = capsys.readouterr()
    assert "cảnh báo:" in captured.err  # never a crash, always a warning
    assert "Chưa điểm danh" in captured.err
    text = " ".join(next(here.glob("nghi-quyet-*.txt")).read_text(encoding="utf-8").split())
    assert "Số …-NQ/CB" in text and "với …/… đồng chí tán thành, đạt tỷ lệ …%" in text


def test_import_archive_command(
    held_repo: Repository, held: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "a.json"
    assert main(["--data", str(held_repo.root), "export", "archive", held, "-o", str(archive)]) == 0
    fresh = tmp_path / "fresh"
    assert main(["--data", str(fresh), "import", "archive", str(archive)]) == 0
    assert main(["--data", str(fresh), "import", "archive", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "Đã nhập" in out and "giống hệt" in out
    data = json.loads(archive.read_text(encoding="utf-8"))
    data["schema"] = 2
    archive.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--data", str(tmp_path / "other"), "import", "archive", str(archive)]) == 2
    assert "phiên bản cấu trúc 2" in capsys.readouterr().err


def test_unknown_meeting_is_a_clear_error(held_repo: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(held_repo.root), "export", "minutes", "2020-01-01-dinh-ky"]) == 2
    assert "Không tìm thấy buổi sinh hoạt" in capsys.readouterr().err
