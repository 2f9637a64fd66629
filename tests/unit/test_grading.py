"""The members' review (QĐ 366): the grade bands at their edges, each line drafted from the
evidence, the chair's changes with a reason, the cell's vote to commend, the periods."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from meetingtui.domain import grading as G
from meetingtui.domain.errors import DomainError
from meetingtui.domain.scoring import SheetError, grade_of, sheet_data

AT = datetime(2026, 10, 1, 2, 0, tzinfo=UTC)
SHEET = G.shipped_review_sheets()["qd366-100"]
PERIOD = "2026-Q3"


class Book:
    def __init__(self) -> None:
        self.seq = 0
        self.state = G.GradingState()
        self.record("review_opened", period=PERIOD, sheet=SHEET.id, sheet_data=sheet_data(SHEET))

    def record(self, what: str, **data: Any) -> dict[str, Any]:
        self.seq += 1
        event = G.REVIEW_BOOK.decide(self.state, what, data, seq=self.seq, at=AT, by="test")
        self.state = G.REVIEW_BOOK.evolve(self.state, event)
        return dict(event.data)

    def propose(self, member: str = "m1", evidence: G.Evidence | None = None) -> dict[str, Any]:
        evidence = evidence or G.Evidence(meetings=3, attended=3, spoke=4, spoke_meetings=3, dues_known=True)
        lines = G.suggest_lines(SHEET, evidence)
        return self.record(
            "review_proposed",
            period=PERIOD,
            member=member,
            name="Lò Thị Mai",
            evidence=evidence.to_dict(),
            lines=lines,
        )


# -- the bands (QĐ 366: ≥ 90, 70 – < 90, 50 – < 70, < 50) -----------------------------------------------
@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, "Hoàn thành xuất sắc nhiệm vụ"),
        (90, "Hoàn thành xuất sắc nhiệm vụ"),
        (89.5, "Hoàn thành tốt nhiệm vụ"),
        (70, "Hoàn thành tốt nhiệm vụ"),
        (69.5, "Hoàn thành nhiệm vụ"),
        (50, "Hoàn thành nhiệm vụ"),
        (49.5, "Không hoàn thành nhiệm vụ"),
        (0, "Không hoàn thành nhiệm vụ"),
    ],
)
def test_the_grade_bands_of_qd_366_at_their_edges(total: float, grade: str) -> None:
    assert grade_of(SHEET.grades, SHEET.top_grade_requires_full, total, set()) == grade


def test_the_shipped_sheet_adds_up_to_100_and_each_line_names_a_rule() -> None:
    assert SHEET.total == 100 == sum(line.points for line in SHEET.lines)
    assert {line.suggest for line in SHEET.lines} <= set(G.RULES)


def test_a_sheet_naming_an_unknown_rule_or_a_wrong_total_is_refused() -> None:
    raw = sheet_data(SHEET)
    with pytest.raises(SheetError, match="sheet_invalid"):
        G.parse_review_sheet(
            {**raw, "lines": [{**raw["lines"][0], "suggest": "length"}, *raw["lines"][1:]]}, "x.json"
        )
    with pytest.raises(SheetError):
        G.parse_review_sheet({**raw, "total": 90}, "x.json")


# -- each line drafted from the record -------------------------------------------------------------------
E = G.Evidence


@pytest.mark.parametrize(
    ("line", "evidence", "points"),
    [
        ("ideology", E(), 20),
        ("ideology", E(criticised=1), 15),
        ("ideology", E(reminded=1), 17.5),
        ("ideology", E(criticised=3, reminded=3), 0),
        ("discipline", E(meetings=3, attended=3), 15),
        ("discipline", E(meetings=3, attended=2, excused=1), 13.5),
        ("discipline", E(meetings=3, attended=2, unexcused=1), 7.5),
        ("discipline", E(meetings=3, attended=1, unexcused=2), 0),
        ("discipline", E(), 15),  # no meeting in the period
        ("party_tasks", E(), 25),  # nothing due: full, the chair confirms
        ("party_tasks", E(tasks=2, tasks_on_time=2), 25),
        ("party_tasks", E(tasks=2, tasks_on_time=1, tasks_overdue=1), 12.5),
        ("party_tasks", E(tasks=2, tasks_late=2), 12.5),
        ("party_tasks", E(tasks=3, tasks_overdue=3), 0),
        ("work", E(), 16),
        ("work", E(commended=1), 20),
        ("work", E(chosen=1), 20),
        ("participation", E(meetings=3, attended=3, spoke_meetings=2), 10),
        ("participation", E(meetings=4, attended=4, spoke_meetings=1), 5),
        ("participation", E(meetings=3, attended=3), 0),
        ("participation", E(meetings=3, excused=3), 0),
        ("study", E(write_ups_due=2, write_ups_done=1), 2.5),
        ("study", E(), 5),
        ("dues", E(dues_known=True), 5),
        ("dues", E(dues_known=True, dues_unpaid=1), 2.5),
        ("dues", E(dues_known=True, dues_unpaid=2), 0),
        ("dues", E(dues_unpaid=2), 5),  # no dues book: the chair confirms
    ],
)
def test_each_line_is_drafted_from_the_evidence_with_its_reason(
    line: str, evidence: G.Evidence, points: float
) -> None:
    drafted = G.suggest_lines(SHEET, evidence)[line]
    assert drafted["points"] == points and drafted["reason"]


def test_a_proposal_stores_the_evidence_the_total_and_the_grade() -> None:
    book = Book()
    data = book.propose(
        evidence=E(meetings=3, attended=2, unexcused=1, tasks=2, tasks_on_time=1, tasks_overdue=1)
    )
    assert (data["total"], data["grade"]) == (66, "Hoàn thành nhiệm vụ")  # 20 + 7,5 + 12,5 + 16 + 0 + 5 + 5
    review = book.state.reviews[(PERIOD, "m1")]
    assert review.evidence.unexcused == 1 and not review.confirmed


def test_the_chair_keeps_a_line_or_changes_it_with_a_reason() -> None:
    book = Book()
    book.propose()
    book.record("review_line_set", period=PERIOD, member="m1", line="ideology", points=20)
    with pytest.raises(DomainError) as refused:
        book.record("review_line_set", period=PERIOD, member="m1", line="work", points=20)
    assert refused.value.key == "error.review_reason_needed" and refused.value.params["name"] == "Lò Thị Mai"
    data = book.record(
        "review_line_set", period=PERIOD, member="m1", line="work", points=20, note="Được tặng giấy khen"
    )
    assert (data["total"], data["grade"]) == (100, "Hoàn thành xuất sắc nhiệm vụ")
    line = book.state.reviews[(PERIOD, "m1")].line("work")
    assert (line.points, line.proposed, line.reason, line.confirmed) == (20, 16, "Được tặng giấy khen", True)
    for bad in (-1, 21, "20", float("nan")):
        with pytest.raises(DomainError):
            book.record("review_line_set", period=PERIOD, member="m1", line="work", points=bad, note="x")


def test_a_review_begins_once_per_period_and_lines_need_a_proposal() -> None:
    book = Book()
    with pytest.raises(DomainError, match="review_already_opened"):
        book.record("review_opened", period=PERIOD, sheet=SHEET.id, sheet_data=sheet_data(SHEET))
    with pytest.raises(DomainError, match="review_not_proposed"):
        book.record("review_line_set", period=PERIOD, member="m9", line="work", points=1)
    with pytest.raises(DomainError, match="review_not_opened"):
        book.record("review_proposed", period="2026-Q4", member="m1", lines={})


def test_the_cells_vote_to_commend_is_stored_with_its_outcome() -> None:
    book = Book()
    vote = {
        "meeting": "2026-09-21-dinh-ky",
        "vote": "v2",
        "question": "Bình chọn đồng chí tiêu biểu",
        "for": 18,
        "denominator": 21,
    }
    data = book.record(
        "commendation_recorded",
        period=PERIOD,
        target="m6",
        target_name="Nguyễn Thị Hường",
        kind="binh_chon",
        passed=True,
        **vote,
    )
    assert (data["for"], data["denominator"], data["passed"]) == (18, 21, True)
    with pytest.raises(DomainError, match="commendation_vote_failed"):
        book.record(
            "commendation_recorded", period=PERIOD, target="m7", kind="bieu_duong", passed=False, **vote
        )
    with pytest.raises(DomainError, match="commendation_kind_invalid"):
        book.record(
            "commendation_recorded", period=PERIOD, target="m7", kind="huan_chuong", passed=True, **vote
        )
    book.record("commendation_withdrawn", commendation="b1", reason="Ghi nhầm")
    assert book.state.chosen(PERIOD) == []


# -- periods -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("period", "first", "last", "text"),
    [
        ("2026-09", "2026-09-01", "2026-09-30", "tháng 9 năm 2026"),
        ("2026-02", "2026-02-01", "2026-02-28", "tháng 2 năm 2026"),
        ("2026-12", "2026-12-01", "2026-12-31", "tháng 12 năm 2026"),
        ("2026-Q1", "2026-01-01", "2026-03-31", "quý I năm 2026"),
        ("2026-Q4", "2026-10-01", "2026-12-31", "quý IV năm 2026"),
        ("2026", "2026-01-01", "2026-12-31", "năm 2026"),
    ],
)
def test_a_period_is_a_month_a_quarter_or_a_year(period: str, first: str, last: str, text: str) -> None:
    assert G.period_range(G.check_period(period)) == (first, last) and G.period_text(period) == text


@pytest.mark.parametrize("period", ["2026-13", "2026-Q5", "26", "2026-9", "", None])
def test_a_period_that_is_none_of_these_is_refused(period: object) -> None:
    with pytest.raises(DomainError, match="review_period_invalid"):
        G.check_period(period)
