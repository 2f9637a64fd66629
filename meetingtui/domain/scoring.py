"""Scoring the quality of a meeting (DOMAIN §8).

Score sheets are data files (``data/score_sheets/*.json``; a cell may add its own in
``DATA/score_sheets/``). Each line of a sheet names a *suggestion rule*; the app proposes
points for every line from the record, with the reason, and the chair keeps or changes
each one. The total and the grade (Tốt, Khá, Trung bình, Kém) go into the minutes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DomainError
from .meeting import Event, MeetingState, handles

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


def parse_sheet(raw: Any, name: str) -> Sheet:
    """Validate a sheet; refuse a wrong total or an unknown field, naming the file."""

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
        if item.get("suggest", "confirm") not in SUGGESTIONS:
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


def load_sheet_file(path: Path) -> Sheet:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SheetError("error.sheet_invalid", file=str(path), reason=str(exc)) from exc
    return parse_sheet(raw, str(path))


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


def all_sheets(data_dir: Path | None = None) -> dict[str, Sheet]:
    """Shipped sheets plus the cell's own in ``DATA/score_sheets`` (which win on the same id)."""
    sheets = shipped_sheets()
    if data_dir is not None and (data_dir / "score_sheets").is_dir():
        for path in sorted((data_dir / "score_sheets").glob("*.json")):
            sheet = load_sheet_file(path)
            sheets[sheet.id] = sheet
    return sheets


def grade(sheet: Sheet, total: float, full_lines: set[str]) -> str:
    """The grade band for ``total``; the top grade also needs full marks on the required lines."""
    for i, (name, minimum) in enumerate(sheet.grades):
        if total >= minimum:
            if i == 0 and any(k not in full_lines for k in sheet.top_grade_requires_full):
                continue
            return name
    return sheet.grades[-1][0]


@dataclass
class ScoreLine:
    key: str
    title: str
    max: float
    points: float
    reason: str  # why this was suggested, or the chair's note when changed
    confirmed: bool = False  # the chair kept or changed it


@dataclass
class Score:
    sheet: str
    sheet_title: str
    lines: list[ScoreLine] = field(default_factory=list)
    grade: str = ""
    total: float = 0.0
    confirmed: bool = False  # the cell agreed the score (all lines confirmed)


def score_of(state: MeetingState) -> Score | None:
    score = state.extra.get("score")
    return score if isinstance(score, Score) else None


def _recompute(score: Score, sheet: Sheet) -> None:
    score.total = round(sum(line.points for line in score.lines), 2)
    full = {line.key for line in score.lines if line.points >= line.max}
    score.grade = grade(sheet, score.total, full)
    score.confirmed = all(line.confirmed for line in score.lines)


@handles("score_proposed")
def _score_proposed(state: MeetingState, ev: Event) -> None:
    """The sheet and a proposal for every line (points and reason), computed by the app."""
    raw_sheet = ev.data.get("sheet_data")
    sheet = parse_sheet(raw_sheet, str(ev.data.get("sheet", "")))
    lines = ev.data.get("lines", {})
    if not isinstance(lines, dict):
        raise DomainError("error.score_invalid")
    score = Score(sheet=sheet.id, sheet_title=sheet.title)
    for line in sheet.lines:
        proposal = lines.get(line.key, {})
        points = _points(proposal.get("points", 0), line.points)
        score.lines.append(
            ScoreLine(line.key, line.title, line.points, points, str(proposal.get("reason", "")))
        )
    state.extra["score_sheet"] = sheet
    _recompute(score, sheet)
    state.extra["score"] = score


def _points(value: Any, maximum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise DomainError("error.score_not_number")
    if not 0 <= value <= maximum:
        raise DomainError("error.score_range", max=f"{maximum:g}")
    return float(value)


@handles("score_line_set")
def _score_line_set(state: MeetingState, ev: Event) -> None:
    """The chair keeps (same points) or changes a line; a note may say why."""
    score = score_of(state)
    sheet = state.extra.get("score_sheet")
    if score is None or not isinstance(sheet, Sheet):
        raise DomainError("error.score_not_proposed")
    key = str(ev.data.get("line", ""))
    for line in score.lines:
        if line.key == key:
            line.points = _points(ev.data.get("points"), line.max)
            note = ev.data.get("note")
            if isinstance(note, str) and note.strip():
                line.reason = note.strip()
            line.confirmed = True
            break
    else:
        raise DomainError("error.score_line_unknown", line=key)
    _recompute(score, sheet)


@handles("minutes_approved")
def _minutes_approved(state: MeetingState, ev: Event) -> None:
    """The clerk read the minutes back; the cell approved them (…/… đồng chí nhất trí)."""
    agree, present = ev.data.get("agree"), ev.data.get("present")
    for value in (agree, present):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DomainError("error.count_invalid", value=value)
    assert isinstance(agree, int) and isinstance(present, int)
    if agree > present or present > len(state.roster):
        raise DomainError("error.approval_exceeds", agree=agree, present=present)
    state.extra["minutes_approved"] = {"agree": agree, "present": present}
