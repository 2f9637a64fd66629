"""The year summary, a member's task sheet, study write-ups and their command lines."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from meetingtui.cli import main
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.domain.people import Study, checked_study
from meetingtui.export.task_sheet import member_task_sheet
from meetingtui.export.year import to_csv, to_markdown
from meetingtui.queries.year import year_of
from meetingtui.services.cell import CellService
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from support.meetings import create_meeting


def _held(
    repo: Repository, clock: FakeClock, day: str, kind: str = "regular", unexcused: tuple[str, ...] = ()
) -> str:
    state = create_meeting(repo, kind, day, clock=clock)
    svc = MeetingService(repo, state.id, clock)
    for m in svc.state().members():
        svc.record("attendance_marked", member=m.id, status="unexcused" if m.id in unexcused else "present")
    svc.start()
    svc.record("queue_added", member="m006")
    svc.record("speech_started")
    clock.advance(minutes=100)
    svc.record("speech_ended", text="Ý kiến")
    svc.record("ended")
    return state.id


def test_year_summary_of_a_cell(demo_repo: Repository, clock: FakeClock) -> None:
    _held(demo_repo, clock, "2026-03-20", unexcused=("m010",))
    _held(demo_repo, clock, "2026-04-21", unexcused=("m010",))
    _held(demo_repo, clock, "2026-05-15", kind="thematic")
    demo_repo.save_study(Study(id="", title="Nghị quyết 57-NQ/TW", deadline="2026-12-31"))
    study = demo_repo.studies()[0]
    demo_repo.mark_write_up(study.id, "m001", "2026-11-01")
    y = year_of(demo_repo, 2026)
    march = y.months[2]
    assert (march.held, march.minutes, march.speakers) == (True, 100, 1)
    # 24 members on the roll in March (two joined later); all present but m010: 23/24.
    assert march.attendance == "95,8%"
    assert not y.months[0].held and y.months[0].meeting == ""
    assert y.thematic == {2: [("2026-05-15", "Sinh hoạt chi bộ chuyên đề")]}
    assert ("Giàng Seo Pao", "vắng không lý do 2 lần") in y.flagged
    assert [(s.title, s.submitted, s.expected) for s in y.studies] == [("Nghị quyết 57-NQ/TW", 1, 26)]
    md = to_markdown(y)
    assert "| 3 | 20/03/2026 | có | 100 | 95,8% | 1 | … |" in md
    assert "- Quý 2: 15/05/2026: Sinh hoạt chi bộ chuyên đề" in md
    rows = list(csv.reader(io.StringIO(to_csv(y).removeprefix("\ufeff"))))
    assert rows[0][0] == "muc" and rows[3][:5] == ["thang", "3", "2026-03-20", "2026-03-20-dinh-ky", "1"]
    assert ["luu_y", "", "", "Giàng Seo Pao: vắng không lý do 2 lần"] in [r[:4] for r in rows]


def test_year_cli_writes_files_and_never_overwrites(demo_repo: Repository, tmp_path: Path, capsys) -> None:
    out = tmp_path / "nam.csv"
    assert main(["--data", str(demo_repo.root), "year", "2026", "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("\ufeffmuc,")
    assert main(["--data", str(demo_repo.root), "year", "2026", "--format", "csv", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err


def test_member_task_sheet_marks_overdue(demo_repo: Repository, clock: FakeClock) -> None:
    cell = CellService(demo_repo, clock)

    def task_sheet(today: str, fmt: str = "txt") -> str:
        return member_task_sheet(cell.cell(), cell.member("m006"), cell.member_tasks("m006"), today, fmt)

    state = create_meeting(demo_repo, "regular", "2026-10-21", clock=clock)
    svc = MeetingService(demo_repo, state.id, clock)
    svc.start()
    svc.record(
        "resolution_task_added",
        content="Nộp bài thu hoạch [b]NQ 57[/]",
        owner="m006",
        deadline="2026-11-01",
        requirement="Đủ 3 trang",
    )
    st = svc.record("vote_recorded", question="Thông qua", kind="resolution", form="hands", **{"for": 0})
    # No one marked present: the vote fails and nothing is adopted, so no task is open yet.
    assert "Không có nhiệm vụ" in task_sheet("2026-11-05")
    for m in svc.state().members():
        svc.record("attendance_marked", member=m.id, status="present")
    st = svc.record("vote_recorded", question="Thông qua", kind="resolution", form="hands", **{"for": 20})
    svc.record("resolution_numbered", number=7)
    svc.record("resolution_adopted", vote=st.votes[-1].id)
    sheet = task_sheet("2026-11-05", "txt")
    assert "1. Nộp bài thu hoạch [b]NQ 57[/] — QUÁ HẠN" in sheet
    assert "Yêu cầu: Đủ 3 trang" in sheet and "Số 07-NQ/CB ngày 21/10/2026" in sheet
    md = task_sheet("2026-10-25", "md")
    assert "QUÁ HẠN" not in md and md.startswith("# Nhiệm vụ của đồng chí Nguyễn Thị Hường")


def test_tasks_cli_asks_for_more_of_an_ambiguous_name(demo_repo: Repository, capsys) -> None:
    assert main(["--data", str(demo_repo.root), "tasks", "--member", "huong"]) == 2
    err = capsys.readouterr().err
    assert "Đặng Thị Hường" in err and "Nguyễn Thị Hương" in err
    assert main(["--data", str(demo_repo.root), "tasks", "--member", "nguyen thi huong"]) == 2
    assert main(["--data", str(demo_repo.root), "tasks", "--member", "Nguyễn Thị Hường"]) == 0
    assert main(["--data", str(demo_repo.root), "tasks", "--member", "xyz"]) == 2


def test_study_write_ups(demo_repo: Repository, clock: FakeClock) -> None:
    study = demo_repo.save_study(Study(id="", title="Nghị quyết Đại hội", deadline="2026-12-15"))
    demo_repo.mark_write_up(study.id, "m002", "2026-12-01")
    demo_repo.mark_write_up(study.id, "m003", "2026-12-02")
    demo_repo.mark_write_up(study.id, "m002", "2026-12-03", handed_in=False)
    assert Repository(demo_repo.root).studies()[0].submitted == {"m003": "2026-12-02"}
    with pytest.raises(DomainError):
        demo_repo.mark_write_up(study.id, "m999", "2026-12-01")
    with pytest.raises(DomainError) as err:
        checked_study(Study(id="", title="  ", deadline="2026-12-15"))
    assert err.value.key == "error.study_title_empty"
    cell = CellService(demo_repo, clock)
    with pytest.raises(DomainError) as err:
        cell.add_study("  ", "2026-12-15")
    assert err.value.key == "error.study_title_empty"
    with pytest.raises(DomainError) as err:
        cell.add_study("Nghị quyết 57", "15/12/2026")
    assert err.value.key == "error.date_invalid"
    assert [s.title for s in cell.studies()] == ["Nghị quyết Đại hội"]
