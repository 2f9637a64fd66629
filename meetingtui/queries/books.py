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
from ..domain.grading import REVIEW_BOOK, Commendation, Evidence, GradingState, period_part
from ..domain.people import Member
from ..domain.plan import Packet
from ..domain.resolution import last_month_results
from ..domain.state import MeetingState
from ..store.books import BookLog, book_files, book_log
from ..store.repo import Repository
from .meetings import cell_meetings
from .plan import packet_of


# -- the dues -------------------------------------------------------------------------------------------
def dues_months(repo: Repository) -> list[str]:
    """The months (``YYYY-MM``) that have a dues book, oldest first."""
    return [f"{year:04d}-{part}" for year, part in book_files(repo, DUES_BOOK) if len(part) == 2]


def dues_log(repo: Repository, month: str) -> BookLog[DuesState]:
    return book_log(repo, DUES_BOOK, int(month[:4]), month[5:7])


def dues_state(repo: Repository, month: str, *, known: list[str] | None = None) -> DuesState:
    """The month's dues book; a month with no book shows what it would open with (never stored).
    ``known``: the months with a book, when the caller has listed them already."""
    log = dues_log(repo, month)
    if log.exists:
        return log.state()
    rates, bases, reductions = opening(repo, month, dues_rules.cell_rates(repo.root), known=known)
    return dues_rules.evolve_dues_opened(DuesState(), _virtual_opening(month, rates, bases, reductions))


def _virtual_opening(
    month: str, rates: DuesRates, bases: list[dict[str, Any]], reductions: list[dict[str, Any]]
) -> BookEvent:
    data = {"month": month, "rates": rates.to_dict(), "bases": bases, "reductions": reductions}
    return BookEvent(0, "dues_opened", "1970-01-01T00:00:00+00:00", "", data, DUES_BOOK.schema)


def opening(
    repo: Repository, month: str, rates: DuesRates, *, known: list[str] | None = None
) -> tuple[DuesRates, list[dict[str, Any]], list[dict[str, Any]]]:
    """What a month's book opens with: the rates given (the cell's, as they are now), and the
    bases and reductions in force at the end of the latest earlier month that has a book."""
    earlier = [m for m in (dues_months(repo) if known is None else known) if m < month]
    if not earlier:
        return rates, [], []
    bases, reductions = dues_log(repo, earlier[-1]).state().in_force()
    return rates, [b.to_dict() for b in bases], [r.to_dict() for r in reductions]


def dues_year(repo: Repository, year: int) -> list[DuesState]:
    """The twelve months' books of a year, January first."""
    known = dues_months(repo)
    return [dues_state(repo, f"{year:04d}-{m:02d}", known=known) for m in range(1, 13)]


def dues_ledger(repo: Repository, year: int, today: str) -> DuesLedger:
    known = dues_months(repo)
    return dues_rules.ledger(dues_year(repo, year), repo.members(), today, known[0] if known else "")


# -- the members' review -----------------------------------------------------------------------------
def grading_state(repo: Repository, period: str) -> GradingState:
    """A period's review book (``DATA/years/<year>/review-<part>.json``)."""
    return book_log(repo, REVIEW_BOOK, int(period[:4]), period_part(period)).state()


def review_periods(repo: Repository, year: int) -> list[str]:
    """The periods of ``year`` whose review has a book, the last written first."""
    parts = [part for y, part in book_files(repo, REVIEW_BOOK) if y == year and part]
    periods = [f"{year:04d}" if p == "year" else f"{year:04d}-{p.upper()}" for p in parts]
    return sorted(
        periods, key=lambda p: -book_log(repo, REVIEW_BOOK, year, period_part(p)).path.stat().st_mtime_ns
    )


def year_commendations(repo: Repository, year: int) -> list[Commendation]:
    """The cell's choices to commend of every period of the year (they count for the periods
    that hold them: a month's for its quarter and the year)."""
    found: list[Commendation] = []
    for y, part in book_files(repo, REVIEW_BOOK):
        if y == year and part:
            found += book_log(repo, REVIEW_BOOK, y, part).state().chosen()
    return found


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
    has_dues = bool(dues_months(repo))
    ledger = dues_ledger(repo, year, today) if has_dues else None
    state = grading_state(repo, period)
    chosen = year_commendations(repo, year)
    members = evidence_rules.reviewed_members(repo.members(), period)
    studies = repo.studies()
    inputs = ReviewInputs(period, members, held, every, tracked, ledger, state)
    for member in members:
        inputs.evidence[member.id] = evidence_rules.member_evidence(
            member, period, held, every, tracked, studies, ledger, chosen
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
    ledger = dues_ledger(repo, year, today) if dues_months(repo) else None
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
