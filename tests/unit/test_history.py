"""A member's history across meetings: the query, the year filter, Markdown, CSV and the command."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import pytest

from meetingtui.cli import main
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.history import CONCERNED, OWNER, follow_ups_across, pending_follow_ups
from meetingtui.domain.people import COMMITTEE
from meetingtui.domain.search import find_members
from meetingtui.domain.state import EntryKind
from meetingtui.export.markdown import escape
from meetingtui.export.member_history import CSV_COLUMNS, render_csv, render_markdown
from meetingtui.queries.history import history_for
from meetingtui.queries.meetings import cell_meetings
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from support.meetings import create_meeting


@pytest.fixture
def repo(demo_repo: Repository, demo_meeting_id: str, clock: FakeClock) -> Repository:
    """The demo cell (three past meetings) plus entries in this month's meeting and one in 2025."""
    svc = MeetingService(demo_repo, demo_meeting_id, clock, actor="clerk")
    for member in svc.state().members():
        svc.record("attendance_marked", member=member.id, status="present")
    svc.start()
    svc.record(
        "entry_added",
        kind="self_criticism",
        speaker="m014",
        text="Đã nộp đủ đảng phí; xin rút kinh nghiệm [b]sâu sắc[/b] *lần này*.\n# không phải tiêu đề",
        response="Cam kết | không tái phạm",
        follow_up={"content": "=SUM(A1) theo dõi đảng phí", "deadline": "2026-12-20"},
    )
    svc.record(
        "entry_added",
        kind="criticism",
        speaker="m014",
        concerns=COMMITTEE,
        text="Chi ủy chưa công khai sổ đảng phí.",
        follow_up={"content": "Công khai sổ đảng phí", "owner": "m002", "deadline": "2026-12-05"},
    )
    old_clock = FakeClock("2025-12-20T07:00:00+00:00")
    old = create_meeting(demo_repo, "regular", "2025-12-20", clock=old_clock, by="test", chair="m001")
    past = MeetingService(demo_repo, old.id, old_clock)
    past.record("attendance_marked", member="m014", status="present")
    past.start()
    past.record(
        "entry_added", kind="reminder", speaker="m001", concerns="m014", text="Nhắc nộp đảng phí năm 2025."
    )
    return demo_repo


def test_history_across_meetings_oldest_first(repo: Repository) -> None:
    rows = history_for(repo, "m014")
    assert [(r.date, r.kind, r.relation) for r in rows] == [
        ("2025-12-20", EntryKind.REMINDER, CONCERNED),
        ("2026-09-21", EntryKind.SELF_CRITICISM, CONCERNED),
        ("2026-10-20", EntryKind.REMINDER, CONCERNED),
        ("2026-11-20", EntryKind.SELF_CRITICISM, CONCERNED),
    ]  # the criticism m014 made of the committee is not about m014
    september = rows[1]
    assert september.follow_up is not None and september.follow_up.done is False  # reported back in October
    assert rows[2].follow_up is not None and rows[2].follow_up.done is None  # not yet reported
    assert rows[2].speaker_name == "Hoàng Thị Thu Hà" and rows[2].concerns_name == "Tẩn Láo Lở"


def test_year_filter(repo: Repository) -> None:
    assert [r.date for r in history_for(repo, "m014", 2025)] == ["2025-12-20"]
    assert [r.date for r in history_for(repo, "m014", 2026)] == ["2026-09-21", "2026-10-20", "2026-11-20"]
    assert history_for(repo, "m014", 2024) == []


def test_the_owner_of_a_follow_up_sees_it_in_their_history(repo: Repository) -> None:
    rows = [r for r in history_for(repo, "m002", 2026) if r.relation == OWNER]
    assert len(rows) == 1
    assert rows[0].concerns_name == "Chi ủy" and rows[0].owner_name == "Hoàng Thị Thu Hà"


def test_follow_ups_across_meetings_flow_to_the_task_list(repo: Repository) -> None:
    """What the resolution's task list is offered: every follow-up, with its owner and deadline."""
    states = cell_meetings(repo, 2026)
    found = follow_ups_across(states)
    assert len(found) >= 10
    assert all(e.follow_up is not None and e.follow_up.owner for _, e in found)
    this_month = [
        (e.follow_up.owner, e.follow_up.deadline) for s, e in found if s.date == "2026-11-20" if e.follow_up
    ]
    assert this_month == [("m014", "2026-12-20"), ("m002", "2026-12-05")]
    pending = pending_follow_ups(states)
    assert {s.date for s, _ in pending} == {"2026-10-20", "2026-11-20"}  # older ones were reported back
    assert all(e.follow_up is not None and e.follow_up.done is None for _, e in pending)


def test_csv_columns_and_values(repo: Repository) -> None:
    text = render_csv(history_for(repo, "m014", 2026))
    assert text.startswith("\ufeff")  # the byte-order mark: spreadsheets read the Vietnamese
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert tuple(table[0]) == CSV_COLUMNS
    assert len(table) == 4
    rows = [dict(zip(CSV_COLUMNS, r, strict=True)) for r in table[1:]]
    assert [r["Loại"] for r in rows] == ["Tự phê bình", "Nhắc nhở", "Tự phê bình"]
    assert rows[0]["Ngày"] == "2026-09-21" and rows[0]["Kết quả"] == "Chưa thực hiện"
    assert rows[0]["Ghi chú kết quả"].startswith("Dự họp đầy đủ")
    assert rows[1]["Kết quả"] == "Chưa báo cáo" and rows[1]["Người phát biểu"] == "Hoàng Thị Thu Hà"
    last = rows[2]
    assert last["Nội dung"].endswith("[b]sâu sắc[/b] *lần này*.\n# không phải tiêu đề")  # as typed
    assert last["Tiếp thu, cam kết"] == "Cam kết | không tái phạm"
    assert last["Việc cần làm"] == "'=SUM(A1) theo dõi đảng phí"  # a spreadsheet must not run it
    assert (last["Người thực hiện"], last["Thời hạn"]) == ("Tẩn Láo Lở", "2026-12-20")


def test_markdown_content(repo: Repository) -> None:
    member = repo.member("m014")
    text = render_markdown(
        member,
        history_for(repo, "m014", 2026),
        cell_name="Chi bộ Ban Dân tộc",
        year=2026,
        made_on="2026-11-20",
    )
    assert text.startswith("# Quá trình tự phê bình, phê bình, biểu dương, nhắc nhở\n")
    assert "**Đồng chí Tẩn Láo Lở**" in text
    assert "Tổ đảng 2 · vào Đảng ngày 02/09/2016" in text
    assert "năm 2026 · lập ngày 20/11/2026" in text
    assert "Tổng hợp: 2 tự phê bình, 0 phê bình, 0 biểu dương, 1 nhắc nhở." in text
    assert "## 1. Ngày 21/09/2026 — Tự phê bình" in text
    assert "## 2. Ngày 20/10/2026 — Nhắc nhở" in text
    assert "- Kết quả: **Chưa thực hiện** — Dự họp đầy đủ" in text
    assert "- Kết quả: **Chưa báo cáo**" in text
    assert "thời hạn: 20/12/2026" in text
    # user text is shown literally: Markdown characters are escaped, lines kept
    assert r"\[b\]sâu sắc\[/b\] \*lần này\*." in text
    assert "\\\n  \\# không phải tiêu đề" in text  # a hard line break, then the next line indented
    assert r"Cam kết \| không tái phạm" in text
    assert "2025" not in text.split("Tổng hợp")[1]


def test_markdown_of_an_empty_history(repo: Repository) -> None:
    text = render_markdown(repo.member("m025"), [], cell_name="Chi bộ", year=None, made_on="2026-11-20")
    assert "tất cả các kỳ sinh hoạt đã ghi" in text and "Chưa có ý kiến nào được ghi." in text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a*b_c", r"a\*b\_c"),
        ("- gạch đầu dòng", r"\- gạch đầu dòng"),
        ("1. mục", r"1\. mục"),
        ("<script>", r"\<script\>"),
        ("dòng 1\ndòng 2", "dòng 1\\\ndòng 2"),
        ("Đồng chí Hà: 100%.", "Đồng chí Hà: 100%."),
    ],
)
def test_history_text_is_escaped_by_the_markdown_escaper(raw: str, shown: str) -> None:
    assert escape(raw) == shown


def test_find_members(demo_repo: Repository) -> None:
    members = demo_repo.members()
    ids = lambda query: [m.id for m in find_members(members, query)]  # noqa: E731
    assert ids("huong") == ["m004", "m006", "m021"]  # ambiguous: every Hường and Hương
    assert ids("Nguyễn Thị Hường") == ["m006"]
    assert ids("nguyen thi huong") == ["m006", "m021"]
    assert ids("m021") == ["m021"]
    assert ids("chien") == ["m020"]
    assert ids("xyz") == [] and ids("  ") == []


# -- the command -------------------------------------------------------------------------------
def test_command_lists_candidates_when_ambiguous(
    repo: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(repo.root), "member", "history", "huong"]) == 1
    err = capsys.readouterr().err
    assert "«huong» khớp với 3 đảng viên" in err
    assert "m004  Đặng Thị Hường · Tổ đảng 3 · vào Đảng 22/12/2008" in err
    assert "m021  Nguyễn Thị Hương · Tổ đảng 1 · vào Đảng 26/03/2022" in err


def test_command_with_no_match(repo: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(repo.root), "member", "history", "không có ai"]) == 1
    assert "Không tìm thấy đảng viên nào khớp với «không có ai»." in capsys.readouterr().err


def test_command_prints_markdown(repo: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(repo.root), "member", "history", "Tẩn Láo Lở", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "**Đồng chí Tẩn Láo Lở**" in out and "Ngày 20/12/2025 — Nhắc nhở" in out and "2026-" not in out


def test_command_writes_csv_owner_only(
    repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "lo.csv"
    code = main(
        [
            "--data",
            str(repo.root),
            "member",
            "history",
            "tan lao",  # "lo" alone is asked about: Tẩn Láo Lở, Lò Thị Mai, Phan Văn Lộc
            "--year",
            "2026",
            "--format",
            "csv",
            "-o",
            str(target),
        ]
    )
    assert code == 0
    assert "Tẩn Láo Lở (3 mục)" in capsys.readouterr().out
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets then read Vietnamese correctly
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(table[0]) == CSV_COLUMNS and len(table) == 4
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_command_reports_an_unwritable_output(
    repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "out.md"
    assert main(["--data", str(repo.root), "member", "history", "m014", "-o", str(target)]) == 2
    assert f"Không có thư mục {target.parent}" in capsys.readouterr().err


def test_a_follow_up_taken_into_the_resolution_and_reviewed_later_shows_its_outcome(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    """Entry follow-up → the resolution's task list → reviewed at the next meeting → the history."""
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    svc.start()
    svc.record(
        "entry_added",
        kind="reminder",
        speaker="m001",
        concerns="m018",
        text="Chưa gửi báo cáo chuyến công tác.",
        follow_up={"content": "Gửi báo cáo chuyến công tác", "deadline": "2026-12-10"},
    )
    entry = [e for e in svc.state().criticism if e.concerns == "m018"][-1]
    svc.record("resolution_task_added", content="Gửi báo cáo chuyến công tác", source=f"entry:{entry.id}")
    task_id = svc.state().resolution.tasks[-1].id
    assert [(r.done, r.date) for r in history_for(demo_repo, "m018", 2026) if r.follow_up] == [
        (None, "2026-11-20")
    ]

    later_clock = FakeClock("2026-12-21T07:00:00+00:00")
    nxt = create_meeting(demo_repo, "regular", "2026-12-21", clock=later_clock, by="test", chair="m001")
    later = MeetingService(demo_repo, nxt.id, later_clock)
    later.start()
    later.record(
        "task_reviewed",
        meeting=demo_meeting_id,
        task=task_id,
        content="Gửi báo cáo chuyến công tác",
        owner="m018",
        status="done",
        note="Đã gửi ngày 8/12.",
    )
    rows = [r for r in history_for(demo_repo, "m018", 2026) if r.follow_up]
    assert [(r.done, r.result_note) for r in rows] == [(True, "Đã gửi ngày 8/12.")]
    assert "Đã thực hiện" in render_csv(rows)
    assert all(e.concerns != "m018" for _, e in pending_follow_ups(cell_meetings(demo_repo)))
