"""The year plan: the day window at its edges, the months' own windows, the quarters' topics,
the packet's day ahead, and what the home screen says."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from meetingtui.domain import plan as P
from meetingtui.domain.agenda import MeetingType
from meetingtui.domain.errors import DomainError
from meetingtui.domain.people import Cell, checked_cell

AT = datetime(2026, 1, 2, 2, 0, tzinfo=UTC)


class Book:
    def __init__(self) -> None:
        self.seq = 0
        self.state = P.PlanState()

    def record(self, kind: str, **data: Any) -> dict[str, Any]:
        self.seq += 1
        event = P.PLAN_BOOK.decide(self.state, kind, data, seq=self.seq, at=AT, by="test")
        self.state = P.PLAN_BOOK.evolve(self.state, event)
        return dict(event.data)


@pytest.mark.parametrize(
    ("first", "last", "ok"),
    [
        (1, 1, True),
        (20, 22, True),
        (1, 31, True),
        (0, 5, False),
        (20, 32, False),
        (-1, 3, False),
        (22, 20, False),
        ("20", "22", True),
        (20.5, 22, False),
    ],
)
def test_the_window_is_days_one_to_thirty_one_in_order(first: object, last: object, ok: bool) -> None:
    book = Book()
    if ok:
        book.record("plan_window", day_from=first, day_to=last)
        assert book.state.window == (int(first), int(last))  # type: ignore[call-overload]
        return
    with pytest.raises(DomainError) as refused:
        book.record("plan_window", day_from=first, day_to=last)
    assert refused.value.key in ("error.plan_day_invalid", "error.plan_window_order")
    assert book.state.window is None


def test_a_months_own_window_names_the_month_when_refused() -> None:
    book = Book()
    with pytest.raises(DomainError) as refused:
        book.record("plan_month", month=2, day_from=10, day_to=35)
    assert (refused.value.key, refused.value.params["month"]) == ("error.plan_month_day_invalid", 2)
    book.record("plan_month", month=2, day_from=10, day_to=12, note="Sau Tết Nguyên đán")
    assert book.state.months[2] == P.PlanMonth(10, 12, "Sau Tết Nguyên đán")


def test_the_cells_window_setting_is_checked_the_same_way() -> None:
    cell = Cell(name="Chi bộ A", upper_body="Đảng bộ B")
    assert checked_cell(cell).meeting_day_from == 20
    for first, last in ((0, 22), (20, 32), (22, 20)):
        with pytest.raises(DomainError):
            checked_cell(Cell(name="A", upper_body="B", meeting_day_from=first, meeting_day_to=last))


@pytest.mark.parametrize(
    ("year", "month", "window", "dates"),
    [
        (2026, 4, (29, 31), ("2026-04-29", "2026-04-30")),  # April has 30 days
        (2026, 2, (27, 31), ("2026-02-27", "2026-02-28")),
        (2028, 2, (27, 31), ("2028-02-27", "2028-02-29")),  # a leap year
        (2026, 11, (20, 22), ("2026-11-20", "2026-11-22")),
    ],
)
def test_a_day_past_the_months_end_is_its_last_day(
    year: int, month: int, window: tuple[int, int], dates: tuple[str, str]
) -> None:
    first, last = P.window_dates(year, month, window)
    assert (first.isoformat(), last.isoformat()) == dates


def test_topics_belong_to_their_quarter_and_can_be_dropped() -> None:
    book = Book()
    with pytest.raises(DomainError, match="plan_month_not_in_quarter"):
        book.record("plan_topic", quarter=1, month=4, title="Chuyển đổi số")
    for value in (0, 5, "2"):
        with pytest.raises(DomainError, match="plan_quarter_invalid"):
            book.record("plan_topic", quarter=value, title="X")
    with pytest.raises(DomainError, match="field_empty"):
        book.record("plan_topic", quarter=2, title="  ")
    book.record(
        "plan_topic",
        quarter=2,
        month=6,
        title="Chính sách dân tộc",
        presenter="m003",
        presenter_name="Lý Văn Quyết",
    )
    book.record("plan_topic", quarter=2, title="Nêu gương")
    book.record("plan_topic_removed", topic="c2", reason="Chuyển sang quý sau")
    assert [t.title for t in book.state.live_topics(2)] == ["Chính sách dân tộc"]
    with pytest.raises(DomainError, match="plan_topic_unknown"):
        book.record("plan_topic_removed", topic="c2")


@pytest.mark.parametrize(
    ("sent", "hours", "late"),
    [
        ("2026-11-19T07:00:00+00:00", 24.0, False),  # exactly a day before 14:00 local
        ("2026-11-19T07:01:00+00:00", 23.98, True),
        ("2026-11-20T06:00:00+00:00", 1.0, True),
        ("2026-11-17T07:00:00+00:00", 72.0, False),
        ("2026-11-20T08:00:00+00:00", -1.0, True),  # after the start
    ],
)
def test_the_packet_knows_whether_it_went_out_a_day_ahead(sent: str, hours: float, late: bool) -> None:
    book = Book()
    data = book.record(
        "packet_sent",
        meeting="2026-11-20-dinh-ky",
        start="2026-11-20T14:00:00+07:00",
        sent_at=sent,
        files=["a.docx"],
    )
    assert (data["hours_ahead"], data["late"]) == (hours, late)
    packet = book.state.packet("2026-11-20-dinh-ky")
    assert packet is not None and packet.late is late


# -- what the home screen says ------------------------------------------------------------------------
def _meeting(
    day: str, status: str = "ended", kind: MeetingType = MeetingType.REGULAR, thematic: bool = False
) -> P.PlannedMeeting:
    return P.PlannedMeeting(
        f"{day}-x", kind, day, "", status, thematic=thematic or kind is MeetingType.THEMATIC
    )


def _notes(
    today: str, meetings: list[P.PlannedMeeting], since: str = "2026-01-01"
) -> dict[str, dict[str, Any]]:
    plan = P.year_plan(P.PlanState(), int(today[:4]), (20, 22), meetings)
    return {n.key: dict(n.params) for n in P.home_notes(plan, today, since)}


def test_the_next_meeting_due_is_this_months_until_it_is_held() -> None:
    assert _notes("2026-11-05", [])["plan.home_next_due"] == {"month": 11, "first": "20/11", "last": "22/11"}
    held = [_meeting("2026-11-20")]
    assert _notes("2026-11-21", held)["plan.home_next_due"]["month"] == 12
    scheduled = [_meeting("2026-12-21", "planned")]
    assert _notes("2026-11-25", scheduled + held)["plan.home_next_scheduled"] == {
        "date": "21/12/2026",
        "month": 12,
    }


def test_a_month_past_without_its_regular_meeting_is_a_warning_from_the_first_recorded_meeting() -> None:
    held = [_meeting(f"2026-{m:02d}-20") for m in (8, 9, 11)]
    notes = _notes("2026-12-05", held, since="2026-08-20")
    assert notes["plan.home_month_missed"] == {"months": "10"}
    assert "plan.home_month_missed" not in _notes(
        "2026-12-05", [*held, _meeting("2026-10-21")], since="2026-08-20"
    )


@pytest.mark.parametrize(
    ("today", "warned"),
    [("2026-11-16", False), ("2026-11-17", True), ("2026-11-22", True), ("2026-11-23", False)],
)
def test_this_months_window_near_and_no_meeting_scheduled_is_a_warning(today: str, warned: bool) -> None:
    assert ("plan.home_month_unscheduled" in _notes(today, [], since=today)) is warned


@pytest.mark.parametrize(
    ("today", "meetings", "key"),
    [
        ("2026-09-09", [], None),
        (
            "2026-09-10",
            [],
            "plan.home_quarter_missing",
        ),  # 20 days before the quarter ends: the first day warned
        ("2026-09-30", [], "plan.home_quarter_missing"),
        (
            "2026-09-20",
            [_meeting("2026-09-25", "planned", MeetingType.THEMATIC)],
            "plan.home_quarter_planned",
        ),
        ("2026-09-20", [_meeting("2026-08-25", kind=MeetingType.THEMATIC)], None),
        ("2026-09-20", [_meeting("2026-07-21", thematic=True)], None),  # a topic held in a regular meeting
    ],
)
def test_a_quarter_ending_without_its_thematic_meeting_is_a_warning(
    today: str, meetings: list[P.PlannedMeeting], key: str | None
) -> None:
    found = {k for k in _notes(today, meetings, since=today) if k.startswith("plan.home_quarter")}
    assert found == ({key} if key else set())


def test_the_plan_lists_each_months_window_held_meeting_and_topics() -> None:
    state = P.PlanState(window=(18, 20), months={2: P.PlanMonth(25, 27, "Sau Tết")})
    state = P.PLAN_BOOK.evolve(
        state, P.PLAN_BOOK.decide(state, "plan_topic", {"quarter": 3, "title": "A"}, seq=1, at=AT, by="")
    )
    plan = P.year_plan(state, 2026, (20, 22), [_meeting("2026-07-19")])
    assert (plan.months[0].first, plan.months[1].first, plan.months[1].note) == (
        date(2026, 1, 18),
        date(2026, 2, 25),
        "Sau Tết",
    )
    assert [t.title for t in plan.months[6].topics] == ["A"] and plan.months[6].held is not None


# -- the packet in the scoring suggestion --------------------------------------------------------------
def test_a_packet_sent_less_than_a_day_ahead_costs_half_the_preparation_line(tmp_path: Any) -> None:
    from meetingtui.demo import create_demo
    from meetingtui.domain.clock import FakeClock
    from meetingtui.domain.scoring import shipped_sheets
    from meetingtui.queries.suggest import suggest
    from meetingtui.services.cell import CellService

    clock = FakeClock("2026-11-20T01:00:00+00:00")
    repo = create_demo(tmp_path / "data", clock, history=False).repo
    cells = CellService(repo, clock)
    meeting = repo.meetings()[-1].id  # 14:00 on 20 November
    committee = cells.create_meeting("committee", "2026-11-16", chair="m001")
    prepared = cells.meeting(committee.id)  # the committee prepared this meeting (issue 16's rule)
    prepared.record("prep_target", date="2026-11-20")
    prepared.record("prep_produced", meeting=meeting)
    sheet = shipped_sheets()["hd42-100"]

    def line() -> dict[str, Any]:
        return suggest(sheet, cells.meeting(meeting).state(), repo, clock.now())["committee"]

    assert line()["points"] == 5 and "gửi" not in line()["reason"]  # no packet recorded: as before
    sent = datetime.fromisoformat("2026-11-19T09:00:00+00:00")  # 16:00 the day before: 22 hours
    cells.planning().record_packet_sent(meeting, sent_at=sent)
    assert line() == {
        "points": 2.5,
        "reason": "Chi ủy đã họp chuẩn bị ngày 16/11/2026. Tài liệu gửi trước 22 giờ, chưa đủ một ngày (Hướng dẫn 42-HD/BTCTW).",
    }
    cells.planning().record_packet_sent(meeting, sent_at=datetime.fromisoformat("2026-11-18T07:00:00+00:00"))
    assert line()["points"] == 5 and "trước 48 giờ" in line()["reason"]  # the latest sending counts
