"""The demo cell's three recorded past meetings: complete, plausible, on any date, and fast."""

from __future__ import annotations

import time
from datetime import date, timedelta, timezone
from pathlib import Path

import pytest

from meetingtui.demo import create_demo
from meetingtui.demo.history import months_back, past_meeting_days
from meetingtui.domain.attendance import final_presence
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.criticism import EntryKind
from meetingtui.domain.rules import Presence
from meetingtui.queries.meetings import cell_meetings, ledger
from meetingtui.store.repo import Repository

LOCAL = timezone(timedelta(hours=7))


def _past(repo: Repository) -> list:  # type: ignore[type-arg]
    return [s for s in cell_meetings(repo) if s.ended_at is not None]


def test_three_past_meetings_before_the_demo_meeting(demo_repo: Repository, demo_meeting_id: str) -> None:
    infos = demo_repo.meetings()
    assert [i.date for i in infos] == ["2026-08-20", "2026-09-21", "2026-10-20", "2026-11-20"]
    assert [i.status for i in infos] == ["ended", "ended", "ended", "planned"]
    assert infos[-1].id == demo_meeting_id  # the demo meeting is still the newest


def test_each_past_meeting_is_a_full_monthly_meeting(demo_repo: Repository) -> None:
    past = _past(demo_repo)
    assert len(past) == 3
    for state in past:
        assert state.started_at is not None and state.ended_at is not None
        assert state.started_at.astimezone(LOCAL).strftime("%H:%M") == "14:00"
        assert state.started_at.astimezone(LOCAL).date().isoformat() == state.date
        assert (state.ended_at - state.started_at).total_seconds() >= 90 * 60  # the minimum length
        assert all(stage.started for stage in state.stages)
        assert state.clerk and state.chair == "m001"
        presence = final_presence(state)
        assert Presence.EXCUSED in presence.values()
        rec = state.record
        assert len([s for s in rec.speeches if s.kind == "speech"]) >= 8
        assert {s.group for s in rec.speeches if s.kind == "group_opinion"} == {
            "Tổ đảng 1",
            "Tổ đảng 2",
            "Tổ đảng 3",
        }
        assert all(s.text for s in rec.speeches)
        assert len(rec.conclusions) >= 5
        assert len(state.votes) == 1 and state.votes[0].passed
        entries = state.criticism
        assert len(entries) >= 6 and all(e.text for e in entries)
        assert any(e.response for e in entries) and any(e.follow_up for e in entries)
    kinds = {e.kind for state in past for e in state.criticism}
    assert kinds == set(EntryKind)
    assert any(Presence.UNEXCUSED in final_presence(s).values() for s in past)
    assert any(e.absent for s in past for e in s.criticism)  # an entry about an absent member
    assert any(s.guests for s in past)


def test_follow_ups_are_reported_back_at_the_next_meeting(demo_repo: Repository) -> None:
    first, second, third = _past(demo_repo)
    for earlier, later in ((first, second), (second, third)):
        follow_ups = [e.follow_up for e in earlier.criticism if e.follow_up]
        assert follow_ups and all(f.done is not None for f in follow_ups)
        assert all(
            f.reported_at and f.reported_at.astimezone(LOCAL).date().isoformat() == later.date
            for f in follow_ups
        )
    assert {f.done for s in (first, second) for e in s.criticism if (f := e.follow_up)} == {True, False}
    assert all(e.follow_up.done is None for e in third.criticism if e.follow_up)  # due at the demo meeting


def test_the_attendance_ledger_sees_the_history(demo_repo: Repository) -> None:
    rows = ledger(demo_repo, 2026)
    assert rows["m014"].unexcused == 1
    assert rows["m001"].attended == 3


def test_the_demo_is_created_fast(tmp_path: Path) -> None:
    started = time.perf_counter()
    create_demo(tmp_path / "data", FakeClock("2026-11-20T01:00:00+00:00"))
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("now", "dates"),
    [
        ("2027-01-05T02:00:00+00:00", ["2026-10-20", "2026-11-20", "2026-12-21"]),  # the year turns
        # 17:30 UTC on 31 March is already 1 April in Lào Cai: the demo meeting is April's
        ("2026-03-31T17:30:00+00:00", ["2026-01-20", "2026-02-20", "2026-03-20"]),
        ("2026-06-10T03:00:00+00:00", ["2026-03-20", "2026-04-20", "2026-05-20"]),
    ],
)
def test_any_date_gives_a_consistent_history(tmp_path: Path, now: str, dates: list[str]) -> None:
    repo = create_demo(tmp_path / "data", FakeClock(now)).repo
    past = _past(repo)
    assert [s.date for s in past] == dates
    for state in past:
        # members who joined later are left out, and nothing names them
        named = {e.speaker for e in state.criticism} | {e.concerns for e in state.criticism}
        named |= {s.member for s in state.record.speeches}
        assert named - {"", "@committee", "@cell"} <= set(state.roster)
        assert state.criticism and state.votes
    assert repo.meetings()[-1].status == "planned"


def test_meeting_days_are_weekdays_on_the_20th_to_22nd() -> None:
    for month in range(1, 13):
        for day in past_meeting_days(date(2027, month, 15)):
            assert 20 <= day.day <= 22 and day.weekday() < 5
    assert months_back(date(2026, 2, 1), 3) == (2025, 11)
    assert months_back(date(2026, 12, 1), -1) == (2027, 1)


def test_an_existing_cell_is_left_alone(tmp_path: Path) -> None:
    clock = FakeClock("2026-11-20T01:00:00+00:00")
    create_demo(tmp_path / "data", clock)
    repo = create_demo(tmp_path / "data", clock).repo  # opened again: no second history
    assert len(repo.meetings()) == 4


@pytest.mark.parametrize("day", ["2026-12-01", "2026-12-20", "2026-12-31", "2027-02-28", "2026-11-20"])
def test_the_demo_never_collides_with_the_calendar(tmp_path: Path, day: str) -> None:
    """Created on the 1st, the 20th or the 31st, the demo's past meetings are the three held
    before today on the cell's meeting day and its meeting is the next one: no two meetings
    in a month, no two resolutions for one month, and every task reviewed is due by then."""
    from meetingtui.domain.resolution import period_of
    from meetingtui.queries.tasks import open_tasks

    today = date.fromisoformat(day)
    repo = create_demo(tmp_path / "data", FakeClock(f"{day}T03:00:00+00:00")).repo
    states = cell_meetings(repo)
    *past, demo = states
    assert len(past) == 3 and all(s.date < day for s in past)
    assert demo.date >= day and demo.ended_at is None
    assert date.fromisoformat(demo.date) - today < timedelta(days=32)
    months = [s.date[:7] for s in states]
    assert len(set(months)) == len(months)
    for state in states:
        assert 20 <= int(state.date[8:]) <= 22 and date.fromisoformat(state.date).weekday() < 5
    periods = [period_of(s) for s in states]
    assert len(set(periods)) == len(periods), periods
    for state in past:
        for review in state.reviews.items.values():
            assert review.deadline < state.date, (state.date, review.content, review.deadline)
    for tracked in open_tasks(repo, demo):
        assert tracked.task.deadline < demo.date, (demo.date, tracked.task.content)


def test_the_demo_cell_follows_the_2025_structure(demo_repo: Repository) -> None:
    cell = demo_repo.cell()
    assert cell.upper_body == "Đảng bộ Ủy ban nhân dân tỉnh" and cell.meeting_day == 20
    assert cell.as_of("2025-06-30").upper_body == "Đảng bộ Khối Cơ quan – Doanh nghiệp tỉnh"
    guests = [g for s in _past(demo_repo) for g in s.guests]
    assert guests and all("Khối" not in g.title for g in guests)
