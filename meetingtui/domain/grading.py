"""The members' review (đánh giá, xếp loại đảng viên; docs/DOMAIN.md, "The members' review").

Monthly, as the seed's cell grades "kết quả của từng đảng viên", and by quarter and year as
Quy định 366-QĐ/TW asks, on a 100-point sheet the cell can edit (``data/review_sheets``; a
cell's own in ``DATA/review_sheets`` win on the same id). For each member the app drafts every
line from the record (meetings attended and missed, tasks done on time and overdue, criticism
and commendations received, times spoken, write-ups, dues, the cell's votes to commend), with
the reason; the chair keeps a line or changes it with a reason; the total's band is the grade
(≥ 90 hoàn thành xuất sắc, 70 – < 90 hoàn thành tốt, 50 – < 70 hoàn thành, < 50 không hoàn
thành nhiệm vụ).

A period's sheet is stored once (``review_opened``), each member's evidence and proposal with
its total and grade (``review_proposed``), each line the chair keeps or changes
(``review_line_set``), and the cell's choice of members and groups to commend, with the vote
it was taken by (``commendation_recorded``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from . import checks
from .book import Book, BookEvent, BookKind
from .errors import DomainError
from .events import F
from .people import Category
from .scoring import Sheet, SheetError, grade_of, parse_sheet, sheet_data

RULES = (
    "conduct",  # criticism and reminders received at the cell's meetings
    "attendance",  # meetings attended, absences with and without reason
    "tasks",  # the member's tasks due in the period: done on time, late, overdue
    "commended",  # commended at a meeting or chosen by the cell's vote; else the chair confirms
    "participation",  # spoke at the meetings attended; self-criticism
    "study",  # write-ups handed in
    "dues",  # months of Party dues unpaid without reason
    "confirm",  # nothing in the record can tell: full marks proposed, the chair confirms
)
REVIEWED = (Category.OFFICIAL, Category.PROBATIONARY)  # the others are not graded by the cell
COMMENDATION_KINDS = ("binh_chon", "bieu_duong", "suy_ton")
COMMENDATION_TITLES_VI = {"binh_chon": "Bình chọn", "bieu_duong": "Biểu dương", "suy_ton": "Suy tôn"}
ROMAN = ("I", "II", "III", "IV")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})|-Q([1-4]))?$")


# -- periods -------------------------------------------------------------------------------------------
def check_period(period: object) -> str:
    """``2026-09`` (a month), ``2026-Q3`` (a quarter) or ``2026`` (the year)."""
    match = _PERIOD.match(period) if isinstance(period, str) else None
    if match is None or (match.group(2) and not 1 <= int(match.group(2)) <= 12):
        raise DomainError("error.review_period_invalid", value=str(period))
    return str(period)


def period_range(period: str) -> tuple[str, str]:
    """The first and last ISO day of a period."""
    year = int(period[:4])
    if len(period) == 4:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    if period[5] == "Q":
        first = (int(period[6]) - 1) * 3 + 1
        months = (first, first + 2)
    else:
        months = (int(period[5:7]), int(period[5:7]))
    last = date(year + (months[1] == 12), months[1] % 12 + 1, 1).toordinal() - 1
    return f"{year:04d}-{months[0]:02d}-01", date.fromordinal(last).isoformat()


def period_part(period: str) -> str:
    """The part of the year a period's book is kept in: ``09``, ``q3``, ``year``."""
    period = check_period(period)
    return "year" if len(period) == 4 else period[5:].lower()


def period_text(period: str) -> str:
    """``tháng 9 năm 2026``, ``quý III năm 2026``, ``năm 2026``."""
    year = period[:4]
    if len(period) == 4:
        return f"năm {year}"
    if period[5] == "Q":
        return f"quý {ROMAN[int(period[6]) - 1]} năm {year}"
    return f"tháng {int(period[5:7])} năm {year}"


def period_of(year: int, month: int | None = None, quarter: int | None = None) -> str:
    if month is not None and quarter is not None:
        raise DomainError("error.review_period_invalid", value=f"{year} {month} {quarter}")
    if month is not None:
        return check_period(f"{year:04d}-{month:02d}")
    if quarter is not None:
        return check_period(f"{year:04d}-Q{quarter}")
    return check_period(f"{year:04d}")


# -- the sheet -------------------------------------------------------------------------------------------
def parse_review_sheet(raw: Any, name: str) -> Sheet:
    return parse_sheet(raw, name, RULES)


def shipped_review_sheets() -> dict[str, Sheet]:
    folder = resources.files("meetingtui.data").joinpath("review_sheets")
    sheets = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            sheet = parse_review_sheet(
                json.loads(entry.read_text(encoding="utf-8")), f"data/review_sheets/{entry.name}"
            )
            sheets[sheet.id] = sheet
    return sheets


def review_sheets(data_dir: Path | None = None) -> dict[str, Sheet]:
    """The shipped review sheets and the cell's own (``DATA/review_sheets/*.json``, which win)."""
    sheets = shipped_review_sheets()
    folder = Path(data_dir) / "review_sheets" if data_dir is not None else None
    if folder is not None and folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise SheetError("error.sheet_invalid", file=str(path), reason=str(exc)) from exc
            sheet = parse_review_sheet(raw, str(path))
            sheets[sheet.id] = sheet
    return sheets


# -- the evidence: what the record says about a member in a period ----------------------------------------
@dataclass(frozen=True)
class Evidence:
    meetings: int = 0  # the cell's meetings in the period while the member was in the cell
    attended: int = 0
    excused: int = 0
    unexcused: int = 0
    tasks: int = 0  # the member's tasks due in the period
    tasks_on_time: int = 0
    tasks_late: int = 0  # done, but reported after their report-back meeting
    tasks_overdue: int = 0  # not done (or not reported) by the end of the period
    criticised: int = 0
    reminded: int = 0
    commended: int = 0  # commendations at the meetings
    self_criticisms: int = 0
    spoke: int = 0  # times
    spoke_meetings: int = 0  # meetings at which the member spoke
    write_ups_due: int = 0
    write_ups_done: int = 0
    dues_known: bool = False  # the dues book has the member's basis
    dues_unpaid: int = 0  # months unpaid without reason
    chosen: int = 0  # chosen by the cell's vote (bình chọn, biểu dương, suy tôn)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Evidence:
        known = cls.__dataclass_fields__
        values: dict[str, Any] = {}
        for key, value in raw.items():
            if key in known:
                values[key] = bool(value) if key == "dues_known" else int(value or 0)
        return cls(**values)


def _half(value: float) -> float:
    return round(value * 2) / 2


def _conduct(top: float, e: Evidence) -> tuple[float, str]:
    points = max(0.0, top - 5 * e.criticised - 2.5 * e.reminded)
    if e.criticised or e.reminded:
        reason = f"Bị phê bình {e.criticised} lần, nhắc nhở {e.reminded} lần tại sinh hoạt chi bộ."
    else:
        reason = "Không bị phê bình, nhắc nhở tại sinh hoạt chi bộ trong kỳ."
    return _half(points), reason


def _attendance(top: float, e: Evidence) -> tuple[float, str]:
    if not e.meetings:
        return top, "Không có kỳ sinh hoạt nào trong kỳ đánh giá."
    points = max(0.0, top - 0.5 * top * e.unexcused - 0.1 * top * e.excused)
    reason = (
        f"Dự {e.attended}/{e.meetings} kỳ sinh hoạt; vắng có lý do {e.excused}, không lý do {e.unexcused}."
    )
    return _half(points), reason


def _tasks(top: float, e: Evidence) -> tuple[float, str]:
    if not e.tasks:
        return top, "Không có nhiệm vụ chi bộ giao đến hạn trong kỳ; chủ trì xác nhận."
    points = top * (e.tasks_on_time + 0.5 * e.tasks_late) / e.tasks
    reason = (
        f"{e.tasks} nhiệm vụ đến hạn: {e.tasks_on_time} hoàn thành đúng hạn, {e.tasks_late} hoàn thành chậm, "
        f"{e.tasks_overdue} quá hạn chưa hoàn thành."
    )
    return _half(points), reason


def _commended(top: float, e: Evidence) -> tuple[float, str]:
    if e.commended or e.chosen:
        return top, f"Được biểu dương {e.commended} lần tại sinh hoạt; được chi bộ bình chọn {e.chosen} lần."
    return _half(
        top * 0.8
    ), "Chưa có căn cứ trong biên bản; đề xuất 80%, chủ trì xác nhận theo nhận xét của cơ quan, đơn vị."


def _participation(top: float, e: Evidence) -> tuple[float, str]:
    if not e.meetings:
        return top, "Không có kỳ sinh hoạt nào trong kỳ đánh giá."
    if not e.attended:
        return 0.0, "Không dự kỳ sinh hoạt nào trong kỳ."
    share = e.spoke_meetings / e.attended
    points = top * min(1.0, share / 0.5)
    reason = f"Phát biểu {e.spoke} lần, tại {e.spoke_meetings}/{e.attended} kỳ dự; tự phê bình {e.self_criticisms} lần."
    return _half(points), reason


def _study(top: float, e: Evidence) -> tuple[float, str]:
    if not e.write_ups_due:
        return top, "Không có đợt viết bài thu hoạch đến hạn trong kỳ."
    return _half(
        top * e.write_ups_done / e.write_ups_due
    ), f"Nộp {e.write_ups_done}/{e.write_ups_due} bài thu hoạch."


def _dues(top: float, e: Evidence) -> tuple[float, str]:
    if not e.dues_known:
        return top, "Sổ đảng phí chưa có mức đóng của đồng chí; chủ trì xác nhận."
    if not e.dues_unpaid:
        return top, "Đóng đảng phí đầy đủ các tháng trong kỳ."
    points = top / 2 if e.dues_unpaid == 1 else 0.0
    return points, f"Còn {e.dues_unpaid} tháng chưa đóng đảng phí, không có lý do."


_SUGGEST = {
    "conduct": _conduct,
    "attendance": _attendance,
    "tasks": _tasks,
    "commended": _commended,
    "participation": _participation,
    "study": _study,
    "dues": _dues,
}


def suggest_lines(sheet: Sheet, evidence: Evidence) -> dict[str, dict[str, Any]]:
    """A proposal per line of ``sheet`` (``{key: {"points", "reason"}}``) from the evidence."""
    out: dict[str, dict[str, Any]] = {}
    for line in sheet.lines:
        rule = _SUGGEST.get(line.suggest)
        if rule is None:
            points, reason = (
                line.points,
                "Không suy ra được từ biên bản; đề xuất điểm tối đa, chủ trì xác nhận.",
            )
        else:
            points, reason = rule(line.points, evidence)
        out[line.key] = {"points": min(line.points, max(0.0, float(points))), "reason": reason}
    return out


# -- the book's state -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReviewLine:
    key: str
    title: str
    max: float
    points: float
    reason: str
    proposed: float  # what the record suggested
    confirmed: bool = False


@dataclass(frozen=True)
class PeriodSheet:
    period: str
    sheet: str
    title: str
    lines: tuple[tuple[str, str, float], ...]  # (key, title, max)
    grades: tuple[tuple[str, float], ...]
    requires_full: tuple[str, ...] = ()


@dataclass(frozen=True)
class MemberReview:
    period: str
    member: str
    name: str
    category: str
    evidence: Evidence
    lines: tuple[ReviewLine, ...]
    total: float
    grade: str

    @property
    def confirmed(self) -> bool:
        return bool(self.lines) and all(line.confirmed for line in self.lines)

    def line(self, key: str) -> ReviewLine:
        for line in self.lines:
            if line.key == key:
                return line
        raise DomainError("error.score_line_unknown", line=key)


@dataclass(frozen=True)
class Commendation:
    id: str
    period: str
    target: str  # a member id, or a group's name ("Tổ đảng 1")
    target_name: str
    kind: str  # binh_chon, bieu_duong, suy_ton
    meeting: str
    vote: str
    question: str
    votes_for: int
    denominator: int
    note: str = ""
    withdrawn: str = ""


@dataclass(frozen=True)
class GradingState:
    sheets: Mapping[str, PeriodSheet] = field(default_factory=dict)  # by period
    reviews: Mapping[tuple[str, str], MemberReview] = field(default_factory=dict)  # (period, member)
    commendations: tuple[Commendation, ...] = ()
    next_commendation: int = 1

    def of_period(self, period: str) -> list[MemberReview]:
        return [r for (p, _), r in self.reviews.items() if p == period]

    def chosen(self, period: str | None = None) -> list[Commendation]:
        return [c for c in self.commendations if not c.withdrawn and (period is None or c.period == period)]


Data = dict[str, Any]


def _totals(sheet: PeriodSheet, points: Mapping[str, float]) -> tuple[float, str]:
    total = round(sum(points.values()), 2)
    full = {key for key, _, top in sheet.lines if points.get(key, 0) >= top}
    return total, grade_of(sheet.grades, sheet.requires_full, total, full)


def _period_sheet(period: str, raw: Mapping[str, Any]) -> PeriodSheet:
    return PeriodSheet(
        period=period,
        sheet=str(raw.get("id", "")),
        title=str(raw.get("title", "")),
        lines=tuple(
            (str(line.get("key", "")), str(line.get("title", "")), float(line.get("points", 0)))
            for line in raw.get("lines", ())
            if isinstance(line, Mapping)
        ),
        grades=tuple(
            sorted(
                (
                    (str(g.get("name", "")), float(g.get("min", 0)))
                    for g in raw.get("grades", ())
                    if isinstance(g, Mapping)
                ),
                key=lambda g: -g[1],
            )
        ),
        requires_full=tuple(str(k) for k in raw.get("top_grade_requires_full", ())),
    )


def _sheet_of(state: GradingState, period: str) -> PeriodSheet:
    sheet = state.sheets.get(period)
    if sheet is None:
        raise DomainError("error.review_not_opened", period=period_text(period))
    return sheet


def decide_review_opened(state: GradingState, d: Mapping[str, Any]) -> Data:
    """A period's review begins on a sheet, stored with it: the rules it is graded under."""
    period = check_period(d.get("period"))
    if period in state.sheets:
        raise DomainError("error.review_already_opened", period=period_text(period))
    sheet = parse_review_sheet(d.get("sheet_data"), str(d.get("sheet", "")))
    return {"period": period, "sheet": sheet.id, "sheet_data": sheet_data(sheet)}


def evolve_review_opened(state: GradingState, ev: BookEvent) -> GradingState:
    period = str(ev.data.get("period", ""))
    raw = ev.data.get("sheet_data", {})
    sheets = dict(state.sheets)
    sheets[period] = _period_sheet(period, raw if isinstance(raw, Mapping) else {})
    return replace(state, sheets=sheets)


def _points(value: Any, top: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise DomainError("error.score_not_number")
    if not 0 <= value <= top:
        raise DomainError("error.score_range", max=f"{top:g}")
    return float(value)


def decide_review_proposed(state: GradingState, d: Mapping[str, Any]) -> Data:
    """A member's evidence for the period and a proposal for every line, drafted by the app;
    the total and the grade are worked out now. A new proposal replaces an earlier one."""
    period = check_period(d.get("period"))
    sheet = _sheet_of(state, period)
    member = checks.text(d, "member", required=True)
    evidence = d.get("evidence", {})
    lines = d.get("lines", {})
    if not isinstance(evidence, Mapping) or not isinstance(lines, Mapping):
        raise DomainError("error.score_invalid")
    proposals: dict[str, dict[str, Any]] = {}
    points: dict[str, float] = {}
    for key, _title, top in sheet.lines:
        raw = lines.get(key, {})
        raw = raw if isinstance(raw, Mapping) else {}
        points[key] = _points(raw.get("points", 0), top)
        proposals[key] = {"points": points[key], "reason": checks.text(raw, "reason")}
    total, grade = _totals(sheet, points)
    return {
        "period": period,
        "member": member,
        "name": checks.text(d, "name") or member,
        "category": checks.text(d, "category"),
        "evidence": Evidence.from_dict(evidence).to_dict(),
        "lines": proposals,
        "total": total,
        "grade": grade,
    }


def evolve_review_proposed(state: GradingState, ev: BookEvent) -> GradingState:
    d = ev.data
    period, member = str(d.get("period", "")), str(d.get("member", ""))
    sheet = state.sheets.get(period) or PeriodSheet(period, "", "", (), ())
    raw_lines = d.get("lines", {}) if isinstance(d.get("lines"), Mapping) else {}
    lines = []
    for key, title, top in sheet.lines:
        raw = raw_lines.get(key, {}) if isinstance(raw_lines.get(key), Mapping) else {}
        points = float(raw.get("points", 0) or 0)
        lines.append(ReviewLine(key, title, top, points, str(raw.get("reason", "")), points))
    raw_evidence = d.get("evidence", {})
    review = MemberReview(
        period=period,
        member=member,
        name=str(d.get("name", member)),
        category=str(d.get("category", "")),
        evidence=Evidence.from_dict(raw_evidence if isinstance(raw_evidence, Mapping) else {}),
        lines=tuple(lines),
        total=float(d.get("total", 0)),
        grade=str(d.get("grade", "")),
    )
    reviews = dict(state.reviews)
    reviews[(period, member)] = review
    return replace(state, reviews=reviews)


def decide_review_line_set(state: GradingState, d: Mapping[str, Any]) -> Data:
    """The chair keeps a line (the same points) or changes it, with the reason."""
    period = check_period(d.get("period"))
    sheet = _sheet_of(state, period)
    member = checks.text(d, "member", required=True)
    review = state.reviews.get((period, member))
    if review is None:
        raise DomainError("error.review_not_proposed", name=member, period=period_text(period))
    line = review.line(checks.text(d, "line", required=True))
    points = _points(d.get("points"), line.max)
    note = checks.text(d, "note")
    if points != line.proposed and not note:
        raise DomainError("error.review_reason_needed", name=review.name, line=line.title)
    values = {ln.key: (points if ln.key == line.key else ln.points) for ln in review.lines}
    total, grade = _totals(sheet, values)
    out: Data = {
        "period": period,
        "member": member,
        "line": line.key,
        "points": points,
        "total": total,
        "grade": grade,
    }
    if note:
        out["note"] = note
    return out


def evolve_review_line_set(state: GradingState, ev: BookEvent) -> GradingState:
    d = ev.data
    key = (str(d.get("period", "")), str(d.get("member", "")))
    review = state.reviews.get(key)
    if review is None:
        return state
    line_key, points, note = str(d.get("line", "")), float(d.get("points", 0)), str(d.get("note", ""))
    lines = tuple(
        replace(ln, points=points, reason=note or ln.reason, confirmed=True) if ln.key == line_key else ln
        for ln in review.lines
    )
    reviews = dict(state.reviews)
    reviews[key] = replace(review, lines=lines, total=float(d.get("total", 0)), grade=str(d.get("grade", "")))
    return replace(state, reviews=reviews)


def decide_commendation_recorded(state: GradingState, d: Mapping[str, Any]) -> Data:
    """The cell chose a member or a group to commend (bình chọn, biểu dương, suy tôn) by a vote
    of one of its meetings; the vote's outcome is stored with the choice. A vote that did not
    pass chooses nobody."""
    period = check_period(d.get("period"))
    kind = checks.text(d, "kind", required=True)
    if kind not in COMMENDATION_KINDS:
        raise DomainError("error.commendation_kind_invalid", value=kind)
    target = checks.text(d, "target", required=True)
    vote = checks.text(d, "vote", required=True)
    votes_for, denominator = d.get("for"), d.get("denominator")
    for value in (votes_for, denominator):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DomainError("error.count_invalid", value=value)
    if d.get("passed") is not True:
        raise DomainError("error.commendation_vote_failed", question=checks.text(d, "question") or vote)
    return {
        "period": period,
        "target": target,
        "target_name": checks.text(d, "target_name") or target,
        "kind": kind,
        "meeting": checks.text(d, "meeting", required=True),
        "vote": vote,
        "question": checks.text(d, "question"),
        "for": votes_for,
        "denominator": denominator,
        "passed": True,
        "note": checks.text(d, "note"),
    }


def evolve_commendation_recorded(state: GradingState, ev: BookEvent) -> GradingState:
    d = ev.data
    item = Commendation(
        id=f"b{state.next_commendation}",
        period=str(d.get("period", "")),
        target=str(d.get("target", "")),
        target_name=str(d.get("target_name", "")),
        kind=str(d.get("kind", "")),
        meeting=str(d.get("meeting", "")),
        vote=str(d.get("vote", "")),
        question=str(d.get("question", "")),
        votes_for=int(d.get("for", 0)),
        denominator=int(d.get("denominator", 0)),
        note=str(d.get("note", "")),
    )
    return replace(
        state, commendations=(*state.commendations, item), next_commendation=state.next_commendation + 1
    )


def decide_commendation_withdrawn(state: GradingState, d: Mapping[str, Any]) -> Data:
    cid = checks.text(d, "commendation", required=True)
    if not any(c.id == cid and not c.withdrawn for c in state.commendations):
        raise DomainError("error.commendation_unknown", commendation=cid)
    return {"commendation": cid, "reason": checks.text(d, "reason", required=True)}


def evolve_commendation_withdrawn(state: GradingState, ev: BookEvent) -> GradingState:
    cid, reason = str(ev.data.get("commendation", "")), str(ev.data.get("reason", "")) or "-"
    items = tuple(replace(c, withdrawn=reason) if c.id == cid else c for c in state.commendations)
    return replace(state, commendations=items)


class ReviewKind(BookKind):
    REVIEW_OPENED = "review_opened", {"period": F.TEXT, "sheet": F.TEXT, "sheet_data": F.MAP}
    REVIEW_PROPOSED = "review_proposed", {
        "period": F.TEXT, "member": F.TEXT, "name": F.TEXT, "category": F.TEXT, "evidence": F.MAP,
        "lines": F.MAP, "total": F.NUMBER, "grade": F.TEXT,
    }  # fmt: skip
    REVIEW_LINE_SET = "review_line_set", {
        "period": F.TEXT, "member": F.TEXT, "line": F.TEXT, "points": F.NUMBER, "note": F.TEXT,
        "total": F.NUMBER, "grade": F.TEXT,
    }  # fmt: skip
    COMMENDATION_RECORDED = "commendation_recorded", {
        "period": F.TEXT, "target": F.TEXT, "target_name": F.TEXT, "kind": F.TEXT, "meeting": F.TEXT,
        "vote": F.TEXT, "question": F.TEXT, "for": F.INT, "denominator": F.INT, "passed": F.BOOL, "note": F.TEXT,
    }  # fmt: skip
    COMMENDATION_WITHDRAWN = "commendation_withdrawn", {"commendation": F.TEXT, "reason": F.TEXT}


K = ReviewKind
REVIEW_BOOK: Book[GradingState] = Book(
    name="review",
    schema=1,
    kinds=ReviewKind,
    handlers={
        K.REVIEW_OPENED: (decide_review_opened, evolve_review_opened),
        K.REVIEW_PROPOSED: (decide_review_proposed, evolve_review_proposed),
        K.REVIEW_LINE_SET: (decide_review_line_set, evolve_review_line_set),
        K.COMMENDATION_RECORDED: (decide_commendation_recorded, evolve_commendation_recorded),
        K.COMMENDATION_WITHDRAWN: (decide_commendation_withdrawn, evolve_commendation_withdrawn),
    },
    empty=GradingState,
)
