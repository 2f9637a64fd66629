"""Scoring the quality of a meeting (docs/DOMAIN.md, "Quality of a meeting").

Score sheets are data files (``data/score_sheets/*.json``; a cell may add its own in
``DATA/score_sheets/``, read and checked against their schema by ``store.schema.all_sheets``). Each line of a sheet names a *suggestion rule*; the app proposes
points for every line from the record, with the reason, and the chair keeps or changes
each one. The total and the grade (Tốt, Khá, Trung bình, Kém) go into the minutes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

from .errors import DomainError
from .events import Event
from .state import Approval, MeetingState, Score, ScoreLine, change

SUGGESTIONS = (
    "length",  # the meeting's length against its 90/120-minute minimum
    "attendance",  # attendance rate and absences without reason
    "committee_meeting",  # a committee meeting held before this one
    "stages",  # the agenda's stages held
    "discussion",  # speakers, commendations and reminders
    "self_criticism",  # self-criticism and criticism recorded
    "tasks_done",  # the share of last month's tasks done
    "closing",  # the chair's conclusion recorded and the minutes approved
    "confirm",  # nothing in the record can tell: full marks proposed, the chair confirms
)
_SHEET_FIELDS = {"id", "title", "source", "total", "lines", "grades", "top_grade_requires_full"}
_LINE_FIELDS = {"key", "title", "points", "suggest"}
_GRADE_FIELDS = {"name", "min"}


class SheetError(DomainError):
    """A score sheet file that cannot be used: the message names the file and the reason."""


@dataclass(frozen=True)
class SheetLine:
    key: str
    title: str
    points: float
    suggest: str


@dataclass(frozen=True)
class Sheet:
    id: str
    title: str
    total: float
    lines: tuple[SheetLine, ...]
    grades: tuple[tuple[str, float], ...]  # (name, minimum), highest first
    top_grade_requires_full: tuple[str, ...] = ()
    source: str = ""

    def line(self, key: str) -> SheetLine:
        for line in self.lines:
            if line.key == key:
                return line
        raise DomainError("error.score_line_unknown", line=key)


def parse_sheet(raw: Any, name: str, rules: tuple[str, ...] = SUGGESTIONS) -> Sheet:
    """Validate a sheet; refuse a wrong total or an unknown field, naming the file.

    ``rules`` are the suggestion rules its lines may name (a member's review sheet has its own,
    ``domain.grading``)."""

    def refuse(reason: str, **params: Any) -> SheetError:
        return SheetError("error.sheet_invalid", file=name, reason=reason.format(**params))

    if not isinstance(raw, dict):
        raise refuse("not a JSON object")
    unknown = set(raw) - _SHEET_FIELDS
    if unknown:
        raise refuse("unknown field {f}", f=", ".join(sorted(unknown)))
    for key in ("id", "title", "total", "lines", "grades"):
        if key not in raw:
            raise refuse("missing field {f}", f=key)
    lines = []
    for i, item in enumerate(raw["lines"], start=1):
        if not isinstance(item, dict):
            raise refuse("line {i} is not an object", i=i)
        unknown = set(item) - _LINE_FIELDS
        if unknown:
            raise refuse("line {i}: unknown field {f}", i=i, f=", ".join(sorted(unknown)))
        if item.get("suggest", "confirm") not in rules:
            raise refuse("line {i}: unknown suggestion rule {s}", i=i, s=item.get("suggest"))
        points = item.get("points")
        if isinstance(points, bool) or not isinstance(points, int | float) or points <= 0:
            raise refuse("line {i}: points must be a positive number", i=i)
        if not item.get("key") or not item.get("title"):
            raise refuse("line {i}: key and title are required", i=i)
        lines.append(
            SheetLine(str(item["key"]), str(item["title"]), float(points), item.get("suggest", "confirm"))
        )
    keys = [line.key for line in lines]
    if len(keys) != len(set(keys)):
        raise refuse("two lines share a key")
    total = raw["total"]
    if isinstance(total, bool) or not isinstance(total, int | float):
        raise refuse("total must be a number")
    if not math.isclose(sum(line.points for line in lines), float(total)):
        raise refuse(
            "the lines add up to {s:g}, not the total {t:g}", s=sum(line.points for line in lines), t=total
        )
    grades = []
    for g in raw["grades"]:
        if not isinstance(g, dict) or set(g) - _GRADE_FIELDS or "name" not in g or "min" not in g:
            raise refuse("each grade needs exactly name and min")
        grades.append((str(g["name"]), float(g["min"])))
    grades.sort(key=lambda g: -g[1])
    if not grades or grades[-1][1] != 0:
        raise refuse("the lowest grade must start at 0")
    required = tuple(raw.get("top_grade_requires_full", ()))
    missing = [k for k in required if k not in keys]
    if missing:
        raise refuse("top_grade_requires_full names unknown lines {f}", f=", ".join(missing))
    return Sheet(
        id=str(raw["id"]),
        title=str(raw["title"]),
        total=float(total),
        lines=tuple(lines),
        grades=tuple(grades),
        top_grade_requires_full=required,
        source=str(raw.get("source", "")),
    )


def shipped_sheets() -> dict[str, Sheet]:
    folder = resources.files("meetingtui.data").joinpath("score_sheets")
    sheets = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            sheet = parse_sheet(
                json.loads(entry.read_text(encoding="utf-8")), f"data/score_sheets/{entry.name}"
            )
            sheets[sheet.id] = sheet
    return sheets


def grade_of(
    grades: tuple[tuple[str, float], ...], requires_full: tuple[str, ...], total: float, full_lines: set[str]
) -> str:
    """The grade band for ``total``; the top grade also needs full marks on the required lines."""
    for i, (name, minimum) in enumerate(grades):
        if total >= minimum:
            if i == 0 and any(k not in full_lines for k in requires_full):
                continue
            return name
    return grades[-1][0] if grades else ""


def grade(sheet: Sheet, total: float, full_lines: set[str]) -> str:
    return grade_of(sheet.grades, sheet.top_grade_requires_full, total, full_lines)


def sheet_data(sheet: Sheet) -> dict[str, Any]:
    """The sheet as stored with the meeting, so it records the rules it was scored under."""
    data = asdict(sheet)
    data["grades"] = [{"name": n, "min": m} for n, m in sheet.grades]
    data["top_grade_requires_full"] = list(sheet.top_grade_requires_full)
    data["lines"] = [asdict(line) for line in sheet.lines]
    return data


def _totals(score: Score) -> tuple[float, str]:
    total = round(sum(line.points for line in score.lines), 2)
    full = {line.key for line in score.lines if line.points >= line.max}
    return total, grade_of(score.grades, score.top_grade_requires_full, total, full)


def _points(value: Any, maximum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise DomainError("error.score_not_number")
    if not 0 <= value <= maximum:
        raise DomainError("error.score_range", max=f"{maximum:g}")
    return float(value)


def score_from(sheet: Mapping[str, Any], lines: Mapping[str, Any]) -> Score:
    """A score as stored: the sheet's lines and grade bands, and the proposal for each line."""
    grades = tuple(
        (str(g.get("name", "")), float(g.get("min", 0)))
        for g in sheet.get("grades", ())
        if isinstance(g, Mapping)
    )
    score_lines = []
    for raw in sheet.get("lines", ()):
        if not isinstance(raw, Mapping):
            continue
        key = str(raw.get("key", ""))
        proposal = lines.get(key, {}) if isinstance(lines.get(key, {}), Mapping) else {}
        score_lines.append(
            ScoreLine(
                key,
                str(raw.get("title", "")),
                float(raw.get("points", 0)),
                float(proposal.get("points", 0) or 0),
                str(proposal.get("reason", "")),
            )  # fmt: skip
        )
    return Score(
        sheet=str(sheet.get("id", "")),
        sheet_title=str(sheet.get("title", "")),
        lines=tuple(score_lines),
        grades=tuple(sorted(grades, key=lambda g: -g[1])),
        top_grade_requires_full=tuple(str(k) for k in sheet.get("top_grade_requires_full", ())),
    )


def decide_score_proposed(state: MeetingState, d: Mapping[str, Any]) -> dict[str, Any]:
    """The sheet and a proposal for every line (points and reason), computed by the app."""
    sheet = parse_sheet(d.get("sheet_data"), str(d.get("sheet", "")))
    lines = d.get("lines", {})
    if not isinstance(lines, Mapping):
        raise DomainError("error.score_invalid")
    proposals = {}
    for line in sheet.lines:
        proposal = lines.get(line.key, {})
        proposals[line.key] = {
            "points": _points(proposal.get("points", 0), line.points),
            "reason": str(proposal.get("reason", "")),
        }
    stored = sheet_data(sheet)
    total, grade_name = _totals(score_from(stored, proposals))
    return {"sheet": sheet.id, "sheet_data": stored, "lines": proposals, "total": total, "grade": grade_name}


def evolve_score_proposed(state: MeetingState, ev: Event) -> MeetingState:
    d = ev.data
    sheet = d.get("sheet_data", {})
    score = score_from(sheet if isinstance(sheet, Mapping) else {}, d.get("lines", {}) or {})
    return change(state, score=change(score, total=float(d.get("total", 0)), grade=str(d.get("grade", ""))))


def decide_score_line_set(state: MeetingState, d: Mapping[str, Any]) -> dict[str, Any]:
    """The chair keeps (same points) or changes a line; a note may say why."""
    score = state.score
    if score is None:
        raise DomainError("error.score_not_proposed")
    key = str(d.get("line", ""))
    for line in score.lines:
        if line.key == key:
            break
    else:
        raise DomainError("error.score_line_unknown", line=key)
    points = _points(d.get("points"), line.max)
    note = d.get("note")
    out: dict[str, Any] = {"line": key, "points": points}
    if isinstance(note, str) and note.strip():
        out["note"] = note.strip()
    changed = _set_line(score, key, points, str(out.get("note", "")))
    out["total"], out["grade"] = _totals(changed)
    return out


def _set_line(score: Score, key: str, points: float, note: str) -> Score:
    lines = tuple(
        change(line, points=points, reason=note or line.reason, confirmed=True) if line.key == key else line
        for line in score.lines
    )
    return change(score, lines=lines, confirmed=all(line.confirmed for line in lines))


def evolve_score_line_set(state: MeetingState, ev: Event) -> MeetingState:
    score = state.score
    if score is None:
        return state
    d = ev.data
    changed = _set_line(score, str(d.get("line", "")), float(d.get("points", 0)), str(d.get("note", "")))
    return change(state, score=change(changed, total=float(d.get("total", 0)), grade=str(d.get("grade", ""))))


def decide_minutes_approved(state: MeetingState, d: Mapping[str, Any]) -> dict[str, Any]:
    """The clerk read the minutes back; the cell approved them (…/… đồng chí nhất trí)."""
    agree, present = d.get("agree"), d.get("present")
    for value in (agree, present):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DomainError("error.count_invalid", value=value)
    assert isinstance(agree, int) and isinstance(present, int)
    if agree > present or present > len(state.roster):
        raise DomainError("error.approval_exceeds", agree=agree, present=present)
    return {"agree": agree, "present": present}


def evolve_minutes_approved(state: MeetingState, ev: Event) -> MeetingState:
    approval = Approval(agree=int(ev.data.get("agree", 0)), present=int(ev.data.get("present", 0)))
    return change(state, minutes_approved=approval)
