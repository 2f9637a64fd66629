"""Roll call and votes as meeting events: presence over time, refusals, reserved opinions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingtui.domain.attendance import counts_now, denominator_now, vote_forecast, voters_now
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.domain.rules import Presence, VoteKind
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository


@pytest.fixture
def service(demo_repo: Repository, demo_meeting_id: str, clock: FakeClock) -> MeetingService:
    return MeetingService(demo_repo, demo_meeting_id, clock)


def _all_present(service: MeetingService, *, except_: dict[str, str] | None = None) -> None:
    except_ = except_ or {}
    for member in service.state().members():
        status = except_.get(member.id, "present")
        service.record(
            "attendance_marked", member=member.id, status=status, reason="ốm" if status == "excused" else ""
        )


def test_demo_roster_counts(service: MeetingService) -> None:
    _all_present(service, except_={"m004": "excused", "m025": "excused", "m010": "unexcused"})
    c = counts_now(service.state())
    assert (c.total, c.official, c.probationary, c.exempted) == (26, 21, 3, 2)
    assert (c.present, c.excused, c.unexcused) == (23, 2, 1)
    # Denominator: 21 official + 1 exempted who is present (m026); m025 is exempted and absent.
    assert c.denominator == 22
    # Voters present: 19 official present + 1 exempted present.
    assert c.voters_present == 20


def test_late_arrival_and_early_departure_change_counts_from_then_on(
    service: MeetingService, clock: FakeClock
) -> None:
    _all_present(service, except_={"m007": "unexcused"})
    service.start()
    before = voters_now(service.state())
    clock.advance(minutes=20)
    state = service.record("arrived", member="m007")
    assert voters_now(state) == before + 1
    assert state.attendance["m007"].arrived_at == clock.now()
    clock.advance(minutes=30)
    state = service.record("departed", member="m008", reason="công tác đột xuất")
    assert voters_now(state) == before
    assert state.attendance["m008"].left_at == clock.now()
    # Leaving does not change the denominator: an official member absent still counts
    # (21 official + the two exempted members, who are present and so count).
    assert denominator_now(state) == 23


def test_vote_refused_when_counts_exceed_voters_present(service: MeetingService) -> None:
    _all_present(service, except_={m: "excused" for m in ("m001", "m002", "m003")})
    service.start()
    voters = voters_now(service.state())
    with pytest.raises(DomainError) as err:
        service.record(
            "vote_recorded",
            question="Thông qua nghị quyết",
            kind="resolution",
            form="hands",
            **{"for": voters, "against": 1, "other": 0},
        )
    assert err.value.key == "error.tally_exceeds_present"
    assert service.state().votes == ()


@pytest.mark.parametrize("bad", [-1, "12", 1.5, True, None])
def test_vote_refuses_bad_counts_and_records_nothing(service: MeetingService, bad: object) -> None:
    _all_present(service)
    service.start()
    events_before = len(service.log.events())
    with pytest.raises(DomainError):
        service.record(
            "vote_recorded",
            question="Q",
            kind="resolution",
            form="hands",
            **{"for": bad, "against": 0, "other": 0},
        )
    assert len(service.log.events()) == events_before


def test_resolution_vote_outcome_and_reserved_opinion_word_for_word(service: MeetingService) -> None:
    _all_present(service)
    service.start()
    state = service.record(
        "vote_recorded",
        question="Thông qua nghị quyết tháng 11",
        kind="resolution",
        form="hands",
        **{"for": 20, "against": 1, "other": 0},
    )
    vote = state.votes[-1]
    assert (vote.denominator, vote.needed, vote.passed) == (23, 12, True)
    words = "Tôi bảo lưu ý kiến: chỉ tiêu [b]quá cao[/]\nđề nghị xem lại."
    state = service.record("reserved_opinion", vote=vote.id, member="m011", text=words)
    assert state.votes[-1].reserved == (("m011", words),)


def test_admission_needs_two_thirds_of_the_denominator(service: MeetingService) -> None:
    _all_present(service)
    service.start()
    state = service.record(
        "vote_recorded",
        question="Kết nạp quần chúng Lê Văn X",
        kind="admission",
        form="card",
        **{"for": 15, "against": 8, "other": 0},
    )
    vote = state.votes[-1]
    assert vote.needed == 16 and not vote.passed  # ceil(2 * 23 / 3) = 16
    den, needed, voters, reachable = vote_forecast(state, VoteKind.ADMISSION)
    assert (den, needed, voters, reachable) == (23, 16, 23, True)


def test_confirmation_refused_for_a_member_who_is_not_probationary(service: MeetingService) -> None:
    _all_present(service)
    service.start()
    with pytest.raises(DomainError) as err:
        service.record(
            "vote_recorded",
            question="Chuyển đảng chính thức",
            kind="confirmation",
            form="hands",
            subject="m006",
            **{"for": 20},
        )
    assert err.value.key == "error.confirm_not_probationary"


def test_clerk_must_not_be_absent(service: MeetingService) -> None:
    service.record("attendance_marked", member="m006", status="excused", reason="ốm")
    with pytest.raises(DomainError):
        service.record("details_set", clerk="m006")
    service.record("attendance_marked", member="m007", status="present")
    state = service.record("details_set", clerk="m007")
    assert state.clerk == "m007"


def test_unknown_member_and_bad_status_refused(service: MeetingService) -> None:
    with pytest.raises(DomainError):
        service.record("attendance_marked", member="m999", status="present")
    with pytest.raises(DomainError):
        service.record("attendance_marked", member="m001", status="maybe")


def test_the_live_ledger_counts_the_roll_call_in_progress(fresh_repo: Repository, clock: FakeClock) -> None:
    """Absences with reason three meetings running: the third mark warns, as ``year`` does."""
    from meetingtui.domain.ledger import live_ledger
    from meetingtui.queries.meetings import ledger, ledger_records
    from support.meetings import create_meeting

    states = []
    for day in ("2026-08-20", "2026-09-21", "2026-10-21"):
        meeting = create_meeting(fresh_repo, "regular", day, clock=clock)
        svc = MeetingService(fresh_repo, meeting.id, clock)
        states.append(svc.record("attendance_marked", member="m013", status="excused", reason="ốm"))
    others = ledger_records(fresh_repo, 2026, exclude=states[-1].id)
    unmarked = MeetingService(fresh_repo, states[-1].id, clock)
    assert live_ledger(others, states[-1], 2026)["m013"].warnings == ("ledger.excused_run_3",)
    assert live_ledger(others, states[-1], 2026) == ledger(fresh_repo, 2026)  # as ``year`` counts it
    present = unmarked.record("attendance_marked", member="m013", status="present")
    assert live_ledger(others, present, 2026)["m013"].warnings == ()


_PRESENCE = st.sampled_from(list(Presence))
_RECORD = st.tuples(
    st.sampled_from(["2025-12-18", "2026-01-20", "2026-03-20", "2026-03-20", "2026-06-19", "2026-11-20"]),
    st.dictionaries(st.sampled_from([f"m{n:03}" for n in range(8)]), _PRESENCE, max_size=8),
)


@settings(max_examples=150, deadline=None)
@given(others=st.lists(_RECORD, max_size=8), marks=st.lists(_RECORD, min_size=1, max_size=6))
def test_the_live_ledger_member_by_member_is_the_whole_ledger(
    others: list[tuple[str, dict[str, Presence]]], marks: list[tuple[str, dict[str, Presence]]]
) -> None:
    """The roll call's ledger, kept by each member's presence now, is the ledger worked out
    over the whole year at every mark: the same rows in the same order (the warnings show in
    that order), other years left out, one ledger object asked again and again."""
    from meetingtui.domain.ledger import LiveLedger
    from meetingtui.domain.rules import attendance_ledger

    live = LiveLedger(others, 2026)
    day = marks[0][0]
    for _day, presence in marks:  # one meeting, marked again and again
        expected = attendance_ledger([*others, (day, presence)], 2026)
        assert list(live.rows(day, presence).items()) == list(expected.items())
