"""The members' review, for the screens and the command line (docs/DOMAIN.md, "The members'
review"): each member's draft from the record, the chair's lines, the cell's commendations,
the summary documents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..domain.errors import DomainError
from ..domain.evidence import not_graded
from ..domain.grading import (
    REVIEW_BOOK,
    Evidence,
    GradingState,
    MemberReview,
    check_period,
    period_part,
    period_range,
    review_sheets,
    suggest_lines,
)
from ..domain.people import Member
from ..domain.scoring import Sheet, SheetLine, grade_of, sheet_data
from ..queries import books as book_queries
from ..store.books import check_year
from .books import BookService

if TYPE_CHECKING:
    from ..export.model import Document

DEFAULT_REVIEW_SHEET = "qd366-100"


@dataclass(frozen=True)
class ReviewRow:
    """A member's line in a period's summary: the stored review, or the draft from the record."""

    member: Member
    evidence: Evidence
    review: MemberReview | None  # None: not proposed yet (``draft`` holds what would be)
    draft_total: float
    draft_grade: str

    @property
    def total(self) -> float:
        return self.review.total if self.review else self.draft_total

    @property
    def grade(self) -> str:
        return self.review.grade if self.review else self.draft_grade

    @property
    def confirmed(self) -> bool:
        return self.review is not None and self.review.confirmed


@dataclass(frozen=True)
class ReviewView:
    period: str
    sheet: Sheet  # the period's stored sheet, or the one it would be opened on
    rows: tuple[ReviewRow, ...]
    state: GradingState
    not_graded: tuple[Member, ...]  # exempted, attached, suspended members of the period


class ReviewService(BookService):
    """The cell's members' review (``CellService.reviews()``)."""

    def sheet(self) -> Sheet:
        sheets = review_sheets(self.repo.root)
        return sheets.get(self.cells.cell().review_sheet) or sheets[DEFAULT_REVIEW_SHEET]

    def state(self, period: str) -> GradingState:
        """A period's review (``2026-09``, ``2026-Q3``, ``2026``)."""
        return book_queries.grading_state(self.repo, check_period(period))

    def periods(self, year: int) -> list[str]:
        """The periods of the year whose review has begun, the last worked on first."""
        return book_queries.review_periods(self.repo, check_year(year))

    def _write(self, period: str, commands: Sequence[tuple[str, Mapping[str, Any]]]) -> GradingState:
        return self._record(REVIEW_BOOK, int(period[:4]), commands, part=period_part(period))  # type: ignore[no-any-return]

    def view(self, period: str) -> ReviewView:
        """Every graded member's review of the period: stored, or drafted from the record."""
        period = check_period(period)
        inputs = book_queries.review_inputs(self.repo, period, self.cells.today())
        stored = inputs.state.sheets.get(period)
        sheet = self._with_rules(self._stored_sheet(period, inputs.state)) if stored else self.sheet()
        rows = []
        for member in inputs.members:
            evidence = inputs.evidence[member.id]
            review = inputs.state.reviews.get((period, member.id))
            total, grade = _draft_total(sheet, evidence)
            rows.append(ReviewRow(member, evidence, review, total, grade))
        others = tuple(not_graded(self.cells.members(), period))
        return ReviewView(period, sheet, tuple(rows), inputs.state, others)

    def documents(self, period: str, *, detail: bool) -> tuple[Document, str]:
        """The period's summary table (with each member's sheet when ``detail``) and its CSV."""
        from ..export.grading_doc import SummaryRow, build_review_summary, review_csv

        view = self.view(period)
        rows = [SummaryRow(r.member, r.evidence, r.review, r.total, r.grade, r.confirmed) for r in view.rows]
        cells = self.cells
        doc = build_review_summary(
            cells.cell(),
            cells.members(),
            view.period,
            view.sheet,
            rows,
            view.not_graded,
            view.state.chosen(view.period),
            cells.today(),
            detail=detail,
        )
        return doc, review_csv(view.period, view.sheet, rows)

    @staticmethod
    def _stored_sheet(period: str, state: GradingState) -> Sheet:
        stored = state.sheets[period]
        return Sheet(
            id=stored.sheet,
            title=stored.title,
            total=sum(top for _, _, top in stored.lines),
            lines=tuple(SheetLine(key, title, top, "confirm") for key, title, top in stored.lines),
            grades=stored.grades,
            top_grade_requires_full=stored.requires_full,
        )

    def propose(
        self, period: str, members: Iterable[str] | None = None, *, again: bool = False
    ) -> GradingState:
        """Draft every line of each member's review from the record and store it (members
        already proposed are left alone unless ``again``)."""
        period = check_period(period)
        inputs = book_queries.review_inputs(self.repo, period, self.cells.today())
        commands: list[tuple[str, Mapping[str, Any]]] = []
        if period not in inputs.state.sheets:
            sheet = self.sheet()
            commands.append(
                ("review_opened", {"period": period, "sheet": sheet.id, "sheet_data": sheet_data(sheet)})
            )
        else:
            sheet = self._with_rules(self._stored_sheet(period, inputs.state))
        wanted = set(members) if members is not None else None
        for member in inputs.members:
            if wanted is not None and member.id not in wanted:
                continue
            if not again and (period, member.id) in inputs.state.reviews:
                continue
            evidence = inputs.evidence[member.id]
            commands.append(
                (
                    "review_proposed",
                    {
                        "period": period,
                        "member": member.id,
                        "name": member.name,
                        "category": str(member.category_on(period_end(period))),
                        "evidence": evidence.to_dict(),
                        "lines": suggest_lines(sheet, evidence),
                    },
                )
            )
        if not commands:
            return inputs.state
        return self._write(period, commands)

    def _with_rules(self, stored: Sheet) -> Sheet:
        """A stored period sheet with the suggestion rules of the sheet file of the same id."""
        source = review_sheets(self.repo.root).get(stored.id)
        if source is None:
            return stored
        rules = {line.key: line.suggest for line in source.lines}
        return replace(
            stored,
            lines=tuple(replace(line, suggest=rules.get(line.key, "confirm")) for line in stored.lines),
        )

    def set_review_line(
        self, period: str, member_id: str, line: str, points: object, note: str = ""
    ) -> GradingState:
        period = check_period(period)
        data = {"period": period, "member": member_id, "line": line, "points": points, "note": note}
        return self._write(period, [("review_line_set", data)])

    def keep_review(self, period: str, member_id: str) -> GradingState:
        """The chair keeps every line of a member's review as it stands."""
        period = check_period(period)
        review = self.state(period).reviews.get((period, member_id))
        if review is None:
            raise DomainError("error.review_not_proposed", name=member_id, period=period)
        commands = [
            ("review_line_set", {"period": period, "member": member_id, "line": ln.key, "points": ln.points})
            for ln in review.lines
            if not ln.confirmed
        ]
        if not commands:
            return self.state(period)
        return self._write(period, commands)

    def commend(
        self, period: str, target: str, kind: str, meeting_id: str, vote_id: str, *, note: str = ""
    ) -> GradingState:
        """The cell's choice to commend a member (or a group: ``group:<name>``), by a vote taken
        at one of its meetings; the vote's outcome is stored with it."""
        from ..domain.attendance import find_vote

        period = check_period(period)
        state = self.cells.meeting(meeting_id).state()
        vote = find_vote(state, vote_id)
        if vote.withdrawn:
            raise DomainError("error.commendation_vote_failed", question=vote.question)
        name = target.removeprefix("group:") if target.startswith("group:") else self._member(target).name
        data = {
            "period": period,
            "target": target,
            "target_name": name,
            "kind": kind,
            "meeting": meeting_id,
            "vote": vote.id,
            "question": vote.question,
            "for": vote.tally.for_,
            "denominator": vote.denominator,
            "passed": vote.passed,
            "note": note,
        }
        return self._write(period, [("commendation_recorded", data)])

    def withdraw_commendation(self, period: str, commendation: str, reason: str) -> GradingState:
        """A choice recorded by mistake: kept in the book, marked withdrawn with the reason."""
        data = {"commendation": commendation, "reason": reason}
        return self._write(check_period(period), [("commendation_withdrawn", data)])


def period_end(period: str) -> str:
    return period_range(period)[1]


def _draft_total(sheet: Sheet, evidence: Evidence) -> tuple[float, str]:
    lines = suggest_lines(sheet, evidence)
    total = round(sum(v["points"] for v in lines.values()), 2)
    full = {line.key for line in sheet.lines if lines[line.key]["points"] >= line.points}
    return total, grade_of(sheet.grades, sheet.top_grade_requires_full, total, full)
