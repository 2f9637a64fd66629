"""Golden files of the other meeting types' documents (issue 16): a committee meeting's minutes
(biên bản họp chi ủy, with what it agreed), a thematic meeting's minutes and kết luận, an
extraordinary admission's minutes and resolution (Mẫu 6-KNĐ).

Regenerate after a deliberate change with ``MEETINGTUI_UPDATE_GOLDEN=1 pytest
tests/export/test_types_golden.py`` and read the diff before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.export.documents import build_document
from meetingtui.export.render_md import render_markdown
from meetingtui.export.render_txt import render_text
from meetingtui.queries.documents import load_context
from meetingtui.store.repo import Repository
from support.held import make_cell
from support.types_held import MATTER, TOPIC, hold_admission, hold_committee, hold_thematic

GOLDEN = Path(__file__).parent / "golden" / "types"
UPDATE = os.environ.get("MEETINGTUI_UPDATE_GOLDEN") == "1"
RENDERERS = {"md": render_markdown, "txt": render_text}
DOCUMENTS = [
    ("committee", "minutes"),
    ("thematic", "minutes"),
    ("thematic", "resolution"),
    ("admission", "minutes"),
    ("admission", "resolution"),
]


@pytest.fixture(scope="module")
def held_types(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("types") / "data"
    repo = make_cell(root)
    clock = FakeClock("2026-12-10T01:00:00+00:00")
    committee, thematic = hold_committee(repo, clock)
    hold_thematic(repo, thematic, clock)
    admission = hold_admission(repo, clock)
    return root, {"committee": committee, "thematic": thematic, "admission": admission}


@pytest.fixture
def types_repo(held_types: tuple[Path, dict[str, str]], tmp_path: Path) -> Repository:
    shutil.copytree(held_types[0], tmp_path / "data")
    return Repository(tmp_path / "data")


def _text(repo: Repository, meeting_id: str, what: str, fmt: str = "txt") -> str:
    return RENDERERS[fmt](build_document(load_context(repo, meeting_id), what))


@pytest.mark.parametrize(("meeting", "what"), DOCUMENTS)
@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_golden(
    types_repo: Repository, held_types: tuple[Path, dict[str, str]], meeting: str, what: str, fmt: str
) -> None:
    text = _text(types_repo, held_types[1][meeting], what, fmt)
    path = GOLDEN / f"{meeting}.{what}.{fmt}"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with MEETINGTUI_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_committee_minutes_count_the_committee_and_record_what_it_agreed(
    types_repo: Repository, held_types: tuple[Path, dict[str, str]]
) -> None:
    text = " ".join(_text(types_repo, held_types[1]["committee"], "minutes").split())
    assert "Tổng số chi ủy viên: 5." in text
    assert "Có mặt: 4 (chính thức 4, dự bị 0)." in text
    assert "Tổng số đảng viên" not in text
    assert f"chuyên đề: “{TOPIC}”" in text
    assert "Trình bày báo cáo chuyên đề (đề dẫn): đồng chí Nguyễn Thị Hường." in text  # not on the committee
    assert "(chủ trì: Công đoàn cơ quan; thời hạn: 15/01/2027)" in text  # a named body
    assert "Nêu gương người đứng đầu trong tiết kiệm" in text
    assert "thông qua trước chi ủy" in text and "trước chi bộ" not in text
    assert "Kết quả chấm điểm" not in text and "Tổng điểm" not in text


def test_thematic_documents_name_the_topic_and_draft_from_the_report(
    types_repo: Repository, held_types: tuple[Path, dict[str, str]]
) -> None:
    minutes = " ".join(_text(types_repo, held_types[1]["thematic"], "minutes").split())
    conclusion = " ".join(_text(types_repo, held_types[1]["thematic"], "resolution").split())
    assert f"Chuyên đề: “{TOPIC}”" in minutes
    assert "Số 01-KL/CB" in conclusion and "KẾT LUẬN" in conclusion
    assert f"về chuyên đề “{TOPIC}”" in conclusion
    assert "do đồng chí Nguyễn Thị Hường trình bày" in conclusion
    assert (
        "3 đồng chí phát biểu, liên hệ bản thân: Trần Quốc Đạt, Nguyễn Thị Hương, Lò Thị Mai." in conclusion
    )
    assert "ĐÁNH GIÁ KẾT QUẢ LÃNH ĐẠO THỰC HIỆN NHIỆM VỤ THÁNG" not in conclusion
    assert "II. NHIỆM VỤ, GIẢI PHÁP III." not in conclusion  # Section II has no month
    assert "Bảng chấm điểm" not in minutes and "Kết quả thực hiện nghị quyết tháng trước" not in minutes


def test_admission_is_the_partys_form_with_the_two_thirds_rule(
    types_repo: Repository, held_types: tuple[Path, dict[str, str]]
) -> None:
    minutes = " ".join(_text(types_repo, held_types[1]["admission"], "minutes").split())
    resolution = " ".join(_text(types_repo, held_types[1]["admission"], "resolution").split())
    assert f"Về việc: “{MATTER}”" in minutes
    assert "Kết quả chấm điểm" not in minutes and "Tổng điểm" not in minutes
    assert "Số 01-NQ/CB" in resolution and "đề nghị kết nạp đảng viên" in resolution
    assert "Căn cứ Điều 4 Điều lệ Đảng" in resolution
    assert "tán thành: 20/21 đồng chí, đạt tỷ lệ 95,2%" in resolution
    assert "Cần ít nhất 14 đồng chí tán thành (hai phần ba" in resolution
    assert "QUYẾT NGHỊ" not in resolution and "THÁNG" not in resolution
