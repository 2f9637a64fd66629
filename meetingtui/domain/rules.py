"""Attendance, the vote denominator, thresholds and the attendance ledger (docs/DOMAIN.md "People", "Attendance and votes").

Pure functions over frozen dataclasses; standard library only (no Textual).

The caller passes members as they were at the meeting: a member's category here is
``member.category``. Members with ``retired_on`` set are left out of every count. A member
missing from a presence mapping is :attr:`Presence.UNMARKED`, which is never "present".

Categories (``people.Category``) are counted disjointly: ``official`` means full members who
are neither exempted, attached elsewhere nor suspended (those have their own category).

Message-catalog keys raised as :class:`DomainError` (refused input):

- ``error.vote_not_integer`` (field, value): a tally count is not an ``int`` (bools and
  strings are refused too).
- ``error.vote_negative`` (field, value): a tally count below zero.
- ``error.tally_exceeds_present`` (total, present): for + against + other is more than the
  voters present.
- ``error.tally_exceeds_denominator`` (total, denominator): more ballots than the
  denominator allows.
- ``error.count_invalid`` (name, value): a denominator or voters-present count that is not a
  non-negative ``int``.
- ``error.vote_kind_invalid`` (value): not a :class:`VoteKind`.
- ``error.presence_invalid`` (value): not a :class:`Presence`.
- ``error.percent_invalid`` (value): a percentage that is not a finite number.
- ``error.date_invalid`` (value): a ledger meeting date that is not an ISO date.

Warning keys put on :class:`LedgerRow` (not raised):

- ``ledger.unexcused_2``: two absences without reason this year.
- ``ledger.unexcused_3_removal``: three or more; the member may be proposed for removal from
  the rolls (xóa tên, Charter Art. 8).
- ``ledger.excused_run_3``: three absences with reason in a row. docs/DOMAIN.md "Attendance and votes" says *more than*
  three in a row breaks the quality criterion, so this warns the chair one meeting ahead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .errors import DomainError
from .people import Category, Member

__all__ = [
    "AttendanceCounts",
    "LedgerRow",
    "Presence",
    "Tally",
    "VoteForm",
    "VoteKind",
    "VoteOutcome",
    "attendance_counts",
    "attendance_ledger",
    "can_reach",
    "percent_text",
    "validate_tally",
    "vote_denominator",
    "vote_outcome",
    "voters_present",
    "votes_needed",
]

UNEXCUSED_WARNING = 2  # docs/DOMAIN.md "Attendance and votes": warn before the removal threshold
UNEXCUSED_REMOVAL = (
    3  # docs/DOMAIN.md "Attendance and votes" / Charter Art. 8: 3 without reason in a year -> xóa tên
)
EXCUSED_RUN_WARNING = (
    3  # docs/DOMAIN.md "Attendance and votes": "more than 3 times in a row" breaks the criterion
)


class Presence(StrEnum):
    """Roll call at the opening (docs/DOMAIN.md "Attendance and votes")."""

    PRESENT = "present"  # có mặt
    EXCUSED = "excused"  # vắng có lý do
    UNEXCUSED = "unexcused"  # vắng không lý do
    UNMARKED = ""  # not yet called; never counts as present


class VoteKind(StrEnum):
    """What is voted on; decides the threshold (docs/DOMAIN.md "Attendance and votes")."""

    RESOLUTION = "resolution"  # nghị quyết / kết luận: more than half
    ADMISSION = "admission"  # kết nạp: at least two thirds
    CONFIRMATION = "confirmation"  # chuyển đảng chính thức: at least two thirds
    OTHER = "other"  # more than half


class VoteForm(StrEnum):
    """How the vote is taken (docs/DOMAIN.md "Attendance and votes")."""

    HANDS = "hands"  # giơ tay
    CARD = "card"  # thẻ đảng viên
    SECRET = "secret"  # bỏ phiếu kín (elections)


_TWO_THIRDS = frozenset({VoteKind.ADMISSION, VoteKind.CONFIRMATION})


# --- input checks -------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DomainError("error.count_invalid", name=name, value=value)
    return value


def _kind(value: object) -> VoteKind:
    try:
        return VoteKind(str(value))
    except ValueError:
        raise DomainError("error.vote_kind_invalid", value=value) from None


def _presence(value: object) -> Presence:
    try:
        return Presence(str(value))
    except ValueError:
        raise DomainError("error.presence_invalid", value=value) from None


def _active(members: Iterable[Member]) -> list[Member]:
    return [m for m in members if not m.retired_on]


def _present(member: Member, presence: Mapping[str, Presence]) -> bool:
    return _presence(presence.get(member.id, Presence.UNMARKED)) is Presence.PRESENT


# --- attendance and the denominator ---------------------------------------------------------


def vote_denominator(members: Sequence[Member], presence: Mapping[str, Presence]) -> int:
    """The vote denominator (docs/DOMAIN.md "Attendance and votes", QĐ 24/294 §9.3.2).

    Official members, minus those attached elsewhere, minus exempted members who are absent,
    minus suspended or detained members. Exempted members who are present count. Official
    members absent (with or without reason) still count. Probationary members never count.
    """
    total = 0
    for m in _active(members):
        if m.category is Category.OFFICIAL or m.category is Category.EXEMPTED and _present(m, presence):
            total += 1
    return total


def voters_present(members: Sequence[Member], presence: Mapping[str, Presence]) -> int:
    """Members present who may vote: present official plus present exempted (docs/DOMAIN.md "Attendance and votes")."""
    voting = (Category.OFFICIAL, Category.EXEMPTED)
    return sum(1 for m in _active(members) if m.category in voting and _present(m, presence))


@dataclass(frozen=True)
class AttendanceCounts:
    """The roll-call summary for the minutes and the quality score (docs/DOMAIN.md "Attendance and votes", "The minutes", "Quality of a meeting").

    Category counts (``official`` … ``suspended``) and presence counts (``present`` …
    ``unmarked``) each add up to ``total``, the active members. ``rate`` is
    ``rate_present / rate_base`` (0 when the base is 0): the base leaves out members attached
    elsewhere, suspended members and exempted members who are not present.
    """

    total: int
    official: int
    probationary: int
    exempted: int
    attached: int
    suspended: int
    present: int
    excused: int
    unexcused: int
    unmarked: int
    rate_base: int
    rate_present: int
    rate: float
    voters_present: int
    denominator: int


def attendance_counts(members: Sequence[Member], presence: Mapping[str, Presence]) -> AttendanceCounts:
    """Count the roll call of ``members`` (docs/DOMAIN.md "Attendance and votes"); see :class:`AttendanceCounts`."""
    active = _active(members)
    by_category = {c: 0 for c in Category}
    by_presence = {p: 0 for p in Presence}
    rate_base = rate_present = 0
    for m in active:
        state = _presence(presence.get(m.id, Presence.UNMARKED))
        by_category[m.category] += 1
        by_presence[state] += 1
        here = state is Presence.PRESENT
        if m.category in (Category.ATTACHED, Category.SUSPENDED):
            continue
        if m.category is Category.EXEMPTED and not here:
            continue
        rate_base += 1
        rate_present += int(here)
    return AttendanceCounts(
        total=len(active),
        official=by_category[Category.OFFICIAL],
        probationary=by_category[Category.PROBATIONARY],
        exempted=by_category[Category.EXEMPTED],
        attached=by_category[Category.ATTACHED],
        suspended=by_category[Category.SUSPENDED],
        present=by_presence[Presence.PRESENT],
        excused=by_presence[Presence.EXCUSED],
        unexcused=by_presence[Presence.UNEXCUSED],
        unmarked=by_presence[Presence.UNMARKED],
        rate_base=rate_base,
        rate_present=rate_present,
        rate=rate_present / rate_base if rate_base else 0.0,
        voters_present=voters_present(active, presence),
        denominator=vote_denominator(active, presence),
    )


# --- thresholds and the vote ----------------------------------------------------------------


def votes_needed(kind: VoteKind, denominator: int) -> int:
    """The least number of votes for that passes (docs/DOMAIN.md "Attendance and votes").

    Resolution / other: more than half (Charter Art. 9.5), ``denominator // 2 + 1``.
    Admission / confirmation: at least two thirds (Charter Art. 4, 5), ``ceil(2d/3)`` in
    integers. Never below 1: with a denominator of 0 nothing passes at all.
    """
    kind = _kind(kind)
    d = _count("denominator", denominator)
    if kind in _TWO_THIRDS:
        return max(1, (2 * d + 2) // 3)
    return d // 2 + 1


def can_reach(kind: VoteKind, denominator: int, voters_present: int) -> bool:
    """Whether the voters present could pass ``kind`` at all (docs/DOMAIN.md "Attendance and votes": warn the chair)."""
    present = _count("voters_present", voters_present)
    needed = votes_needed(kind, denominator)
    return denominator > 0 and present >= needed


@dataclass(frozen=True)
class Tally:
    """Votes for / against / other (tán thành / không tán thành / ý kiến khác)."""

    for_: int
    against: int
    other: int

    def __post_init__(self) -> None:
        for name in ("for_", "against", "other"):
            value = getattr(self, name)
            if not _is_int(value):
                raise DomainError("error.vote_not_integer", field=name, value=value)
            if value < 0:
                raise DomainError("error.vote_negative", field=name, value=value)

    @property
    def total(self) -> int:
        return self.for_ + self.against + self.other


def validate_tally(tally: Tally, voters_present: int) -> None:
    """Refuse a tally with bad counts or more ballots than voters present (docs/DOMAIN.md "Attendance and votes")."""
    Tally.__post_init__(tally)  # re-check: the object may not have come through __init__
    present = _count("voters_present", voters_present)
    if tally.total > present:
        raise DomainError("error.tally_exceeds_present", total=tally.total, present=present)


@dataclass(frozen=True)
class VoteOutcome:
    """A recorded vote (docs/DOMAIN.md "Attendance and votes", "The minutes").

    ``percent`` is votes for as a percentage of the denominator (0 when it is 0).
    ``reachable`` says whether the ballots cast could have reached ``needed``: False means
    attendance, not opinion, decided the vote.
    """

    kind: VoteKind
    denominator: int
    needed: int
    for_: int
    against: int
    other: int
    passed: bool
    percent: float
    reachable: bool


def vote_outcome(kind: VoteKind, tally: Tally, denominator: int) -> VoteOutcome:
    """Decide a vote against its threshold; a denominator of 0 never passes (docs/DOMAIN.md "Attendance and votes")."""
    kind = _kind(kind)
    needed = votes_needed(kind, denominator)
    Tally.__post_init__(tally)
    if tally.total > denominator:
        raise DomainError("error.tally_exceeds_denominator", total=tally.total, denominator=denominator)
    return VoteOutcome(
        kind=kind,
        denominator=denominator,
        needed=needed,
        for_=tally.for_,
        against=tally.against,
        other=tally.other,
        # needed >= 1 and for_ <= denominator, so a denominator of 0 never passes
        passed=tally.for_ >= needed,
        percent=tally.for_ / denominator * 100 if denominator else 0.0,
        reachable=can_reach(kind, denominator, tally.total),
    )


def percent_text(value: float) -> str:
    """Vietnamese percentage figure: comma decimal, one decimal only when needed.

    ``55.0 -> "55"``, ``66.67 -> "66,7"``, ``54.96 -> "55"``; halves round up.
    """
    if _is_int(value):
        return str(value)
    if not isinstance(value, float) or not math.isfinite(value):
        raise DomainError("error.percent_invalid", value=value)
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return str(int(rounded))
    return str(rounded).replace(".", ",")


# --- attendance ledger ----------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    """One member's attendance over one year (docs/DOMAIN.md, "Attendance and votes")."""

    member_id: str
    year: int
    attended: int
    excused: int
    unexcused: int
    longest_excused_run: int
    warnings: tuple[str, ...]


def _meeting_date(value: object) -> date:
    try:
        return date.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DomainError("error.date_invalid", value=value) from None


def attendance_ledger(
    records: Iterable[tuple[str, Mapping[str, Presence]]], year: int
) -> dict[str, LedgerRow]:
    """Per-member attendance for ``year`` with warnings for the chair (docs/DOMAIN.md "Attendance and votes").

    ``records`` are (ISO meeting date, presence by member id) in any order; meetings of other
    years are ignored. Runs of absences with reason are counted in date order; UNMARKED
    entries are skipped (they neither count nor break a run). Every member id named in that
    year's records gets a row.
    """
    dated = [(_meeting_date(day), presence) for day, presence in records]
    meetings = sorted((d for d in dated if d[0].year == year), key=lambda d: d[0])
    tallies: dict[str, dict[Presence, int]] = {}
    run: dict[str, int] = {}
    longest: dict[str, int] = {}
    for _day, presence in meetings:
        for member_id, raw in presence.items():
            state = _presence(raw)
            counts = tallies.setdefault(member_id, {p: 0 for p in Presence})
            longest.setdefault(member_id, 0)
            if state is Presence.UNMARKED:
                continue
            counts[state] += 1
            run[member_id] = run.get(member_id, 0) + 1 if state is Presence.EXCUSED else 0
            longest[member_id] = max(longest[member_id], run[member_id])
    rows: dict[str, LedgerRow] = {}
    for member_id, counts in tallies.items():
        warnings: list[str] = []
        if counts[Presence.UNEXCUSED] >= UNEXCUSED_REMOVAL:
            warnings.append("ledger.unexcused_3_removal")
        elif counts[Presence.UNEXCUSED] >= UNEXCUSED_WARNING:
            warnings.append("ledger.unexcused_2")
        if longest[member_id] >= EXCUSED_RUN_WARNING:
            warnings.append("ledger.excused_run_3")
        rows[member_id] = LedgerRow(
            member_id=member_id,
            year=year,
            attended=counts[Presence.PRESENT],
            excused=counts[Presence.EXCUSED],
            unexcused=counts[Presence.UNEXCUSED],
            longest_excused_run=longest[member_id],
            warnings=tuple(warnings),
        )
    return rows
