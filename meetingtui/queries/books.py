"""The cell's books read against its meetings: the dues ledger with what each year opens with,
the members' evidence for a review, the month's report upward (the plan is ``queries.plan``).
They read the store and never write it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..domain import dues as dues_rules
from ..domain import evidence as evidence_rules
from ..domain import tasks as task_rules
from ..domain.agenda import MeetingType
from ..domain.book import BookEvent
from ..domain.dues import DUES_BOOK, DuesLedger, DuesRates, DuesState
from ..domain.grading import REVIEW_BOOK, Evidence, GradingState
from ..domain.people import Member
from ..domain.plan import Packet
from ..domain.resolution import last_month_results
from ..domain.state import MeetingState
from ..store.books import book_log, book_years
from ..store.repo import Repository
from .meetings import cell_meetings
from .plan import packet_of


# -- the dues -------------------------------------------------------------------------------------------
def dues_state(repo: Repository, year: int) -> DuesState:
    """The year's dues book; a year not yet opened shows what it would open with."""
    log = book_log(repo, DUES_BOOK, year)
    if log.exists:
        return log.state()
    rates, bases, reductions = opening(repo, year, dues_rules.cell_rates(repo.root))
    return dues_rules.evolve_dues_opened(DuesState(), _virtual_opening(year, rates, bases, reductions))


def _virtual_opening(
    year: int, rates: DuesRates, bases: list[dict[str, Any]], reductions: list[dict[str, Any]]
) -> BookEvent:
    """The opening a year not yet written would have: shown, never stored."""
    data = {"year": year, "rates": rates.to_dict(), "bases": bases, "reductions": reductions}
    return BookEvent(0, "dues_opened", "1970-01-01T00:00:00+00:00", "", data, DUES_BOOK.schema)


def opening(
    repo: Repository, year: int, rates: DuesRates
) -> tuple[DuesRates, list[dict[str, Any]], list[dict[str, Any]]]:
    """What a year's book opens with: the rates given, and the bases and reductions in force at
    the end of the latest earlier year that has a book."""
    earlier = [y for y in book_years(repo, DUES_BOOK) if y < year]
    if not earlier:
        return rates, [], []
    before = book_log(repo, DUES_BOOK, earlier[-1]).state()
    bases, reductions = before.in_force_at_end()
    return rates, [b.to_dict() for b in bases], [r.to_dict() for r in reductions]


def dues_ledger(repo: Repository, year: int, today: str) -> DuesLedger:
    return dues_rules.ledger(dues_state(repo, year), repo.members(), year, today)


# -- the members' review -----------------------------------------------------------------------------
def grading_state(repo: Repository, year: int) -> GradingState:
    return book_log(repo, REVIEW_BOOK, year).state()


@dataclass
class ReviewInputs:
    """What a period's review is drafted from, read once for every member."""

    period: str
    members: list[Member]
    held: list[MeetingState]
    every: list[MeetingState]
    tracked: list[task_rules.TrackedTask]
    ledger: DuesLedger | None
    state: GradingState
    evidence: dict[str, Evidence] = field(default_factory=dict)


def review_inputs(repo: Repository, period: str, today: str) -> ReviewInputs:
    year = int(period[:4])
    every = cell_meetings(repo)
    held = evidence_rules.in_period(every, period)
    tracked = task_rules.track(every)
    has_dues = bool(book_years(repo, DUES_BOOK))
    ledger = dues_ledger(repo, year, today) if has_dues else None
    state = grading_state(repo, year)
    members = evidence_rules.reviewed_members(repo.members(), period)
    studies = repo.studies()
    inputs = ReviewInputs(period, members, held, every, tracked, ledger, state)
    for member in members:
        inputs.evidence[member.id] = evidence_rules.member_evidence(
            member, period, held, every, tracked, studies, ledger, state.chosen()
        )
    return inputs


# -- the month's report upward --------------------------------------------------------------------------
@dataclass(frozen=True)
class MonthReport:
    year: int
    month: int
    regular: MeetingState | None  # the month's regular meeting (the one held, else the last planned)
    others: tuple[MeetingState, ...]  # thematic and extraordinary meetings held in the month
    packet: Packet | None
    tasks_reviewed: int
    tasks_done: int
    dues: DuesLedger | None


def month_report(repo: Repository, year: int, month: int, today: str) -> MonthReport:
    prefix = f"{year:04d}-{month:02d}"
    states = [s for s in cell_meetings(repo, year) if s.date.startswith(prefix)]
    regular = [s for s in states if s.type is MeetingType.REGULAR]
    held = [s for s in regular if s.ended_at is not None]
    chosen = (held or regular)[-1] if (held or regular) else None
    others = tuple(s for s in states if s.type is not MeetingType.REGULAR and s.started_at is not None)
    results = last_month_results(chosen) if chosen is not None else []
    packet = packet_of(repo, chosen.id, chosen.date) if chosen is not None else None
    ledger = dues_ledger(repo, year, today) if book_years(repo, DUES_BOOK) else None
    return MonthReport(
        year,
        month,
        chosen,
        others,
        packet,
        len(results),
        sum(1 for r in results if r.status == "done"),
        ledger,
    )
