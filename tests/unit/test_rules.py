"""The Party's counting rules (DOMAIN §1, §3): denominator, thresholds, attendance, ledger."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetingtui.domain.errors import DomainError
from meetingtui.domain.people import Category, Member
from meetingtui.domain.rules import (
    AttendanceCounts,
    LedgerRow,
    Presence,
    Tally,
    VoteKind,
    attendance_counts,
    attendance_ledger,
    can_reach,
    percent_text,
    validate_tally,
    vote_denominator,
    vote_outcome,
    voters_present,
    votes_needed,
)

O, P, E, A, S = (  # noqa: E741 - the five categories, short for the tables
    Category.OFFICIAL,
    Category.PROBATIONARY,
    Category.EXEMPTED,
    Category.ATTACHED,
    Category.SUSPENDED,
)
HERE, EXC, UNX, UNM = Presence.PRESENT, Presence.EXCUSED, Presence.UNEXCUSED, Presence.UNMARKED
R, ADM, CONF, OTH = VoteKind.RESOLUTION, VoteKind.ADMISSION, VoteKind.CONFIRMATION, VoteKind.OTHER

Group = tuple[Category, Presence, int] | tuple[Category, Presence, int, str]


def roster(*groups: Group) -> tuple[list[Member], dict[str, Presence]]:
    """Members and their roll call from (category, presence, how many[, retired_on]) groups.

    UNMARKED members are left out of the mapping, as the roll call would leave them.
    """
    members: list[Member] = []
    presence: dict[str, Presence] = {}
    for category, state, count, *retired in groups:
        for _ in range(count):
            member_id = f"m{len(members)}"
            members.append(
                Member(
                    id=member_id,
                    name=f"Đảng viên {len(members)}",
                    category=category,
                    retired_on=retired[0] if retired else "",
                )
            )
            if state is not UNM:
                presence[member_id] = state
    return members, presence


# DOMAIN §3 worked example: 20 official + 2 probationary; 3 official and 1 probationary
# absent with reason.
WORKED = ((O, HERE, 17), (O, EXC, 3), (P, HERE, 1), (P, EXC, 1))

# groups -> (denominator, voters_present, rate_base, rate_present)
ROSTER_CASES = {
    "worked example": (WORKED, (20, 17, 22, 18)),
    "exempted present votes and counts": (((O, HERE, 5), (E, HERE, 1)), (6, 6, 6, 6)),
    "exempted absent with reason excluded": (((O, HERE, 5), (E, EXC, 1)), (5, 5, 5, 5)),
    "exempted absent without reason excluded": (((O, HERE, 5), (E, UNX, 2)), (5, 5, 5, 5)),
    "exempted unmarked excluded": (((O, HERE, 5), (E, UNM, 1)), (5, 5, 5, 5)),
    "attached elsewhere excluded even if present": (
        ((O, HERE, 5), (A, HERE, 1), (A, EXC, 1)),
        (5, 5, 5, 5),
    ),
    "suspended excluded": (((O, HERE, 4), (S, UNX, 1), (S, HERE, 1)), (4, 4, 4, 4)),
    "everyone absent keeps the denominator": (((O, EXC, 3), (O, UNX, 2)), (5, 0, 5, 0)),
    "official absent without reason still counts": (((O, HERE, 3), (O, UNX, 1)), (4, 3, 4, 3)),
    "probationary never counted": (((O, HERE, 3), (P, HERE, 4)), (3, 3, 7, 7)),
    "retired ignored": (
        ((O, HERE, 3), (O, HERE, 2, "2026-01-01"), (P, EXC, 1, "2025-06-30")),
        (3, 3, 3, 3),
    ),
    "unmarked official counts but is not present": (((O, HERE, 1), (O, UNM, 2)), (3, 1, 3, 1)),
    "cell of exactly three official": (((O, HERE, 3),), (3, 3, 3, 3)),
}


@pytest.mark.parametrize(("groups", "expected"), list(ROSTER_CASES.values()), ids=list(ROSTER_CASES))
def test_denominator_voters_and_rate(groups: tuple[Group, ...], expected: tuple[int, int, int, int]) -> None:
    members, presence = roster(*groups)
    counts = attendance_counts(members, presence)
    got = (
        vote_denominator(members, presence),
        voters_present(members, presence),
        counts.rate_base,
        counts.rate_present,
    )
    assert got == expected
    assert (counts.denominator, counts.voters_present) == expected[:2]
    assert counts.rate == (expected[3] / expected[2] if expected[2] else 0.0)


def test_worked_example_counts_in_full() -> None:
    members, presence = roster(*WORKED)
    assert attendance_counts(members, presence) == AttendanceCounts(
        total=22,
        official=20,
        probationary=2,
        exempted=0,
        attached=0,
        suspended=0,
        present=18,
        excused=4,
        unexcused=0,
        unmarked=0,
        rate_base=22,
        rate_present=18,
        rate=18 / 22,
        voters_present=17,
        denominator=20,
    )


def test_counts_by_category_and_presence_add_up_to_active_members() -> None:
    members, presence = roster(
        (O, HERE, 4),
        (O, UNM, 1),
        (P, UNX, 1),
        (E, HERE, 1),
        (E, EXC, 2),
        (A, EXC, 1),
        (S, UNX, 1),
        (O, HERE, 3, "2025-12-31"),
    )
    counts = attendance_counts(members, presence)
    assert (counts.total, counts.official, counts.probationary, counts.exempted) == (11, 5, 1, 3)
    assert (counts.attached, counts.suspended) == (1, 1)
    assert (counts.present, counts.excused, counts.unexcused, counts.unmarked) == (5, 3, 2, 1)
    # base: 5 official + 1 probationary + 1 exempted present; present within it: 4 + 1
    assert (counts.rate_base, counts.rate_present) == (7, 5)
    assert counts.rate == pytest.approx(5 / 7)


def test_rate_is_zero_when_base_is_empty() -> None:
    members, presence = roster((A, HERE, 2), (E, EXC, 1))
    counts = attendance_counts(members, presence)
    assert (counts.rate_base, counts.rate) == (0, 0.0)


def test_presence_given_as_stored_strings() -> None:
    members, _ = roster((O, UNM, 2), (E, UNM, 1))
    presence = {"m0": "present", "m1": "excused", "m2": "present"}
    assert vote_denominator(members, presence) == 3  # type: ignore[arg-type]
    assert voters_present(members, presence) == 2  # type: ignore[arg-type]


def test_unknown_presence_refused() -> None:
    members, _ = roster((O, UNM, 1))
    with pytest.raises(DomainError) as caught:
        attendance_counts(members, {"m0": "maybe"})  # type: ignore[dict-item]
    assert caught.value.key == "error.presence_invalid"


# --- thresholds -----------------------------------------------------------------------------

NEEDED_CASES = [
    (R, 20, 11),  # worked example
    (R, 21, 11),
    (R, 3, 2),  # smallest cell
    (R, 1, 1),
    (R, 0, 1),
    (OTH, 20, 11),
    (OTH, 4, 3),
    (ADM, 3, 2),
    (ADM, 9, 6),
    (ADM, 10, 7),
    (ADM, 12, 8),
    (ADM, 2, 2),
    (ADM, 1, 1),
    (ADM, 0, 1),
    (CONF, 9, 6),
    (CONF, 10, 7),
    ("admission", 11, 8),
]


@pytest.mark.parametrize(("kind", "denominator", "needed"), NEEDED_CASES)
def test_votes_needed(kind: VoteKind, denominator: int, needed: int) -> None:
    assert votes_needed(kind, denominator) == needed


@pytest.mark.parametrize(
    ("kind", "denominator", "key"),
    [
        (R, -1, "error.count_invalid"),
        (R, True, "error.count_invalid"),
        (R, 3.0, "error.count_invalid"),
        ("majority", 3, "error.vote_kind_invalid"),
    ],
)
def test_votes_needed_refuses(kind: object, denominator: object, key: str) -> None:
    with pytest.raises(DomainError) as caught:
        votes_needed(kind, denominator)  # type: ignore[arg-type]
    assert caught.value.key == key


# kind, (for, against, other), denominator -> passed, percent
OUTCOME_CASES = {
    "worked example 10 for fails": (R, (10, 7, 0), 20, False, 50.0),
    "worked example 11 for passes": (R, (11, 6, 0), 20, True, 55.0),
    "tie 10/10 fails": (R, (10, 10, 0), 20, False, 50.0),
    "abstentions do not matter": (R, (11, 0, 9), 20, True, 55.0),
    "three-member cell 2 for passes": (R, (2, 1, 0), 3, True, 200 / 3),
    "three-member cell 1 for fails": (R, (1, 2, 0), 3, False, 100 / 3),
    "three-member admission 2 for passes": (ADM, (2, 1, 0), 3, True, 200 / 3),
    "admission 9: 5 fails": (ADM, (5, 4, 0), 9, False, 500 / 9),
    "admission 9: 6 passes": (ADM, (6, 3, 0), 9, True, 600 / 9),
    "admission 10: 6 fails": (ADM, (6, 4, 0), 10, False, 60.0),
    "confirmation 10: 7 passes": (CONF, (7, 0, 0), 10, True, 70.0),
    "confirmation 10: 6 fails": (CONF, (6, 1, 3), 10, False, 60.0),
    "other, more than half": (OTH, (3, 2, 0), 5, True, 60.0),
    "denominator 0 never passes": (R, (0, 0, 0), 0, False, 0.0),
    "admission denominator 0 never passes": (ADM, (0, 0, 0), 0, False, 0.0),
}


@pytest.mark.parametrize(
    ("kind", "votes", "denominator", "passed", "percent"),
    list(OUTCOME_CASES.values()),
    ids=list(OUTCOME_CASES),
)
def test_vote_outcome(
    kind: VoteKind, votes: tuple[int, int, int], denominator: int, passed: bool, percent: float
) -> None:
    outcome = vote_outcome(kind, Tally(*votes), denominator)
    assert outcome.passed is passed
    assert outcome.percent == pytest.approx(percent)
    assert (outcome.kind, outcome.denominator, outcome.needed) == (
        kind,
        denominator,
        votes_needed(kind, denominator),
    )
    assert (outcome.for_, outcome.against, outcome.other) == votes


def test_worked_example_end_to_end() -> None:
    members, presence = roster(*WORKED)
    denominator = vote_denominator(members, presence)
    present = voters_present(members, presence)
    tally = Tally(for_=11, against=5, other=1)
    validate_tally(tally, present)
    outcome = vote_outcome(R, tally, denominator)
    assert (outcome.passed, percent_text(outcome.percent)) == (True, "55")


@pytest.mark.parametrize(
    ("votes", "denominator", "reachable"),
    [
        ((11, 0, 0), 20, True),
        ((5, 5, 0), 20, False),  # only 10 ballots: 11 was out of reach
        ((0, 11, 0), 20, True),  # reachable, just not wanted
        ((0, 0, 0), 0, False),
    ],
)
def test_outcome_reachable(votes: tuple[int, int, int], denominator: int, reachable: bool) -> None:
    assert vote_outcome(R, Tally(*votes), denominator).reachable is reachable


def test_outcome_refuses_more_ballots_than_denominator() -> None:
    with pytest.raises(DomainError) as caught:
        vote_outcome(R, Tally(3, 1, 0), 3)
    assert caught.value.key == "error.tally_exceeds_denominator"
    assert caught.value.params == {"total": 4, "denominator": 3}


@pytest.mark.parametrize(
    ("kind", "denominator", "present", "reachable"),
    [
        (R, 20, 17, True),
        (R, 20, 11, True),
        (R, 20, 10, False),
        (ADM, 9, 6, True),
        (ADM, 9, 5, False),
        (CONF, 10, 6, False),
        (CONF, 10, 7, True),
        (R, 3, 2, True),
        (ADM, 3, 2, True),
        (R, 0, 0, False),
        (ADM, 0, 0, False),
        (R, 0, 3, False),  # inconsistent input still never reaches a 0 denominator
        (ADM, 0, 1, False),
    ],
)
def test_can_reach(kind: VoteKind, denominator: int, present: int, reachable: bool) -> None:
    assert can_reach(kind, denominator, present) is reachable


@pytest.mark.parametrize("kind", list(VoteKind))
def test_everyone_absent_nothing_reachable(kind: VoteKind) -> None:
    members, presence = roster((O, EXC, 4), (O, UNX, 1), (P, EXC, 2))
    denominator = vote_denominator(members, presence)
    assert denominator == 5
    assert can_reach(kind, denominator, voters_present(members, presence)) is False


# --- tallies --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "key", "field"),
    [
        ((-1, 0, 0), "error.vote_negative", "for_"),
        ((0, -2, 0), "error.vote_negative", "against"),
        ((0, 0, -1), "error.vote_negative", "other"),
        ((1.0, 0, 0), "error.vote_not_integer", "for_"),
        ((1.5, 0, 0), "error.vote_not_integer", "for_"),
        (("3", 0, 0), "error.vote_not_integer", "for_"),
        ((True, 0, 0), "error.vote_not_integer", "for_"),
        ((0, None, 0), "error.vote_not_integer", "against"),
        ((0, 0, False), "error.vote_not_integer", "other"),
    ],
)
def test_tally_refuses_bad_counts(votes: tuple[object, ...], key: str, field: str) -> None:
    with pytest.raises(DomainError) as caught:
        Tally(*votes)  # type: ignore[arg-type]
    assert caught.value.key == key
    assert caught.value.params["field"] == field


@pytest.mark.parametrize(
    ("votes", "present", "ok"),
    [
        ((10, 5, 2), 17, True),
        ((10, 5, 3), 17, False),
        ((0, 0, 0), 0, True),
        ((1, 0, 0), 0, False),
        ((18, 0, 0), 17, False),
    ],
)
def test_validate_tally_against_voters_present(votes: tuple[int, int, int], present: int, ok: bool) -> None:
    if ok:
        validate_tally(Tally(*votes), present)
        return
    with pytest.raises(DomainError) as caught:
        validate_tally(Tally(*votes), present)
    assert caught.value.key == "error.tally_exceeds_present"
    assert caught.value.params == {"total": sum(votes), "present": present}


def test_validate_tally_rechecks_a_tampered_tally() -> None:
    tally = Tally(1, 0, 0)
    object.__setattr__(tally, "against", -3)
    with pytest.raises(DomainError) as caught:
        validate_tally(tally, 10)
    assert caught.value.key == "error.vote_negative"


@pytest.mark.parametrize("present", [-1, 2.0, True])
def test_validate_tally_refuses_bad_voters_present(present: object) -> None:
    with pytest.raises(DomainError) as caught:
        validate_tally(Tally(0, 0, 0), present)  # type: ignore[arg-type]
    assert caught.value.key == "error.count_invalid"


# --- percent text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (55.0, "55"),
        (66.67, "66,7"),
        (200 / 3, "66,7"),
        (100 / 3, "33,3"),
        (100.0, "100"),
        (0.0, "0"),
        (54.96, "55"),
        (12.25, "12,3"),
        (12.5, "12,5"),
        (50.04, "50"),
        (55, "55"),
    ],
)
def test_percent_text(value: float, text: str) -> None:
    assert percent_text(value) == text


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "55", True, None])
def test_percent_text_refuses(value: object) -> None:
    with pytest.raises(DomainError) as caught:
        percent_text(value)  # type: ignore[arg-type]
    assert caught.value.key == "error.percent_invalid"


# --- properties -----------------------------------------------------------------------------


@st.composite
def two_tallies(draw: st.DrawFn) -> tuple[int, int, int, int]:
    """A denominator, two votes-for counts a <= b, and a fixed number against."""
    denominator = draw(st.integers(0, 200))
    low = draw(st.integers(0, denominator))
    high = draw(st.integers(low, denominator))
    against = draw(st.integers(0, denominator - high))
    return denominator, low, high, against


@given(st.sampled_from(list(VoteKind)), two_tallies())
def test_more_votes_for_never_turns_pass_into_fail(kind: VoteKind, case: tuple[int, int, int, int]) -> None:
    denominator, low, high, against = case
    before = vote_outcome(kind, Tally(low, against, 0), denominator)
    after = vote_outcome(kind, Tally(high, against, 0), denominator)
    assert not (before.passed and not after.passed)


def _passes_by_definition(kind: VoteKind, votes_for: int, denominator: int) -> bool:
    """DOMAIN §3 in rationals: > d/2, or >= 2d/3 for admission and confirmation."""
    if denominator == 0:
        return False
    if kind in (ADM, CONF):
        return 3 * votes_for >= 2 * denominator
    return 2 * votes_for > denominator


@given(st.sampled_from(list(VoteKind)), st.integers(0, 200))
def test_votes_needed_is_the_least_count_that_passes(kind: VoteKind, denominator: int) -> None:
    needed = votes_needed(kind, denominator)
    for votes_for in range(denominator + 1):
        passed = vote_outcome(kind, Tally(votes_for, 0, 0), denominator).passed
        assert passed is _passes_by_definition(kind, votes_for, denominator)
        assert passed is (votes_for >= needed)
    if denominator:
        assert _passes_by_definition(kind, needed, denominator)
        assert not _passes_by_definition(kind, needed - 1, denominator)


@given(
    st.lists(
        st.tuples(st.sampled_from(list(Category)), st.sampled_from(list(Presence)), st.booleans()),
        max_size=40,
    )
)
def test_denominator_matches_rule_on_any_roster(
    rows: list[tuple[Category, Presence, bool]],
) -> None:
    members = [
        Member(id=f"m{i}", name=f"Đ {i}", category=cat, retired_on="2025-01-01" if gone else "")
        for i, (cat, _, gone) in enumerate(rows)
    ]
    presence = {f"m{i}": state for i, (_, state, _) in enumerate(rows)}
    active = [(cat, state) for cat, state, gone in rows if not gone]
    expected = sum(1 for cat, st_ in active if cat is O or (cat is E and st_ is HERE))
    denominator = vote_denominator(members, presence)
    present = voters_present(members, presence)
    assert denominator == expected
    assert present == sum(1 for cat, st_ in active if cat in (O, E) and st_ is HERE)
    assert present <= denominator
    counts = attendance_counts(members, presence)
    assert counts.present + counts.excused + counts.unexcused + counts.unmarked == len(active)
    assert 0.0 <= counts.rate <= 1.0


# --- attendance ledger ----------------------------------------------------------------------


def monthly(states: list[Presence], year: int = 2026) -> list[tuple[str, dict[str, Presence]]]:
    """One meeting a month for member "a" (member "b" always present)."""
    return [
        (f"{year}-{month:02d}-20", {"a": state, "b": HERE}) for month, state in enumerate(states, start=1)
    ]


LEDGER_CASES = {
    "one unexcused, no warning": ([UNX, HERE, HERE], (2, 0, 1, 0), ()),
    "two unexcused": ([UNX, HERE, UNX], (1, 0, 2, 0), ("ledger.unexcused_2",)),
    "three unexcused: removal": ([UNX, UNX, HERE, UNX], (1, 0, 3, 0), ("ledger.unexcused_3_removal",)),
    "four unexcused: removal only": ([UNX] * 4, (0, 0, 4, 0), ("ledger.unexcused_3_removal",)),
    "two excused in a row": ([EXC, EXC, HERE], (1, 2, 0, 2), ()),
    "three excused in a row": ([HERE, EXC, EXC, EXC], (1, 3, 0, 3), ("ledger.excused_run_3",)),
    "excused run broken by presence": ([EXC, EXC, HERE, EXC], (1, 3, 0, 2), ()),
    "excused run broken by unexcused": ([EXC, EXC, UNX, EXC, EXC], (0, 4, 1, 2), ()),
    "unmarked neither counts nor breaks": ([EXC, EXC, UNM, EXC], (0, 3, 0, 3), ("ledger.excused_run_3",)),
    "both warnings": (
        [UNX, UNX, EXC, EXC, EXC],
        (0, 3, 2, 3),
        ("ledger.unexcused_2", "ledger.excused_run_3"),
    ),
}


@pytest.mark.parametrize(
    ("states", "counts", "warnings"), list(LEDGER_CASES.values()), ids=list(LEDGER_CASES)
)
def test_ledger(states: list[Presence], counts: tuple[int, int, int, int], warnings: tuple[str, ...]) -> None:
    rows = attendance_ledger(monthly(states), 2026)
    attended, excused, unexcused, run = counts
    assert rows["a"] == LedgerRow("a", 2026, attended, excused, unexcused, run, warnings)
    assert rows["b"] == LedgerRow("b", 2026, len(states), 0, 0, 0, ())


def test_ledger_orders_meetings_by_date() -> None:
    records = [
        ("2026-03-20", {"a": EXC}),
        ("2026-04-20", {"a": HERE}),
        ("2026-01-20", {"a": EXC}),
        ("2026-02-20", {"a": EXC}),
    ]  # given order E, P, E, E; by date E, E, E, P
    row = attendance_ledger(records, 2026)["a"]
    assert (row.longest_excused_run, row.warnings) == (3, ("ledger.excused_run_3",))


def test_ledger_ignores_other_years() -> None:
    records = [
        *monthly([UNX, UNX, UNX], year=2025),
        ("2025-11-20", {"a": EXC, "c": UNX}),
        ("2025-12-20", {"a": EXC, "c": UNX}),
        *monthly([EXC, UNX, HERE]),
        ("2027-01-20", {"a": UNX}),
    ]
    rows = attendance_ledger(records, 2026)
    assert rows["a"] == LedgerRow("a", 2026, 1, 1, 1, 1, ())
    assert "c" not in rows
    assert attendance_ledger(records, 2025)["a"].warnings == ("ledger.unexcused_3_removal",)


def test_ledger_member_only_unmarked_gets_empty_row() -> None:
    rows = attendance_ledger([("2026-05-20", {"z": UNM})], 2026)
    assert rows == {"z": LedgerRow("z", 2026, 0, 0, 0, 0, ())}


@pytest.mark.parametrize(
    ("records", "key"),
    [
        ([("20/05/2026", {"a": HERE})], "error.date_invalid"),
        ([(None, {"a": HERE})], "error.date_invalid"),
        ([("2026-05-20", {"a": "late"})], "error.presence_invalid"),
    ],
)
def test_ledger_refuses_bad_records(records: list[tuple[object, dict[str, object]]], key: str) -> None:
    with pytest.raises(DomainError) as caught:
        attendance_ledger(records, 2026)  # type: ignore[arg-type]
    assert caught.value.key == key


# --- shape --------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [AttendanceCounts, Tally, LedgerRow])
def test_records_are_frozen(cls: type) -> None:
    values: dict[str, object] = {f.name: 0 for f in fields(cls)}
    if cls is LedgerRow:
        values.update(member_id="a", warnings=())
    record = cls(**values)
    with pytest.raises(AttributeError):
        record.__setattr__(fields(cls)[0].name, 1)


def test_rules_do_not_import_textual() -> None:
    root = Path(__file__).resolve().parents[2]
    code = "import sys, meetingtui.domain.rules; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
