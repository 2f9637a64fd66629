"""The cell and its members (docs/DOMAIN.md, "People").

These are plain values: reading a stored cell never refuses it. What a user types is checked
once, where it comes in (:func:`checked_member`, :func:`checked_cell`, :func:`checked_study`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta, timezone
from enum import StrEnum
from typing import Any

from .clock import Clock
from .dates import is_iso_date
from .errors import DomainError
from .text import clean

MAX_NAME = 200


# Whom an entry concerns (or who owns a task), besides a member id.
COMMITTEE = "@committee"  # chi ủy
CELL = "@cell"  # the cell as a whole
BODY = "@body:"  # a named body leads a task: "@body:Công đoàn cơ quan" (a department, a mass organisation)


class Category(StrEnum):
    OFFICIAL = "official"  # đảng viên chính thức
    PROBATIONARY = "probationary"  # đảng viên dự bị: never votes
    EXEMPTED = "exempted"  # miễn công tác và sinh hoạt: counts only when present
    ATTACHED = "attached"  # sinh hoạt tạm thời nơi khác: outside the denominator
    SUSPENDED = "suspended"  # đình chỉ sinh hoạt / bị khởi tố, tạm giam


class Role(StrEnum):
    NONE = ""
    SECRETARY = "bi_thu"
    DEPUTY = "pho_bi_thu"
    COMMITTEE = "chi_uy_vien"


ROLE_TITLES_VI = {
    Role.NONE: "Đảng viên",
    Role.SECRETARY: "Bí thư",
    Role.DEPUTY: "Phó Bí thư",
    Role.COMMITTEE: "Chi ủy viên",
}


CATEGORY_TITLES_VI = {
    Category.OFFICIAL: "Đảng viên chính thức",
    Category.PROBATIONARY: "Đảng viên dự bị",
    Category.EXEMPTED: "Được miễn công tác và sinh hoạt đảng",
    Category.ATTACHED: "Sinh hoạt tạm thời nơi khác",
    Category.SUSPENDED: "Đình chỉ sinh hoạt",
}


@dataclass(frozen=True)
class CategoryChange:
    on: str  # ISO date
    category: Category
    note: str = ""


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    category: Category = Category.OFFICIAL
    role: Role = Role.NONE
    group: str = ""  # tổ đảng
    joined: str = ""  # ISO date of admission
    retired_on: str = ""  # left the cell (moved, died, removed); past record is kept
    history: tuple[CategoryChange, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "category", Category(self.category))
        object.__setattr__(self, "role", Role(self.role))

    @property
    def active(self) -> bool:
        return not self.retired_on

    @property
    def on_committee(self) -> bool:
        return self.role is not Role.NONE

    def category_on(self, day: date | str) -> Category:
        """The category the member had on ``day``, from the recorded changes."""
        day_s = day.isoformat() if isinstance(day, date) else day
        current = self.history[0].category if self.history else self.category
        for change in self.history:
            if change.on <= day_s:
                current = change.category
        return current

    def move_to(self, category: Category, on: str, note: str = "") -> Member:
        change = CategoryChange(on=on, category=Category(category), note=clean(note))
        history = self.history or (CategoryChange(on=self.joined or on, category=self.category),)
        return replace(self, category=change.category, history=(*history, change))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["category"] = str(self.category)
        data["role"] = str(self.role)
        data["history"] = [{"on": c.on, "category": str(c.category), "note": c.note} for c in self.history]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Member:
        history = tuple(
            CategoryChange(on=h["on"], category=Category(h["category"]), note=h.get("note", ""))
            for h in data.get("history", ())
        )
        return cls(
            id=data["id"],
            name=data["name"],
            category=Category(data.get("category", "official")),
            role=Role(data.get("role", "")),
            group=data.get("group", ""),
            joined=data.get("joined", ""),
            retired_on=data.get("retired_on", ""),
            history=history,
        )


@dataclass(frozen=True)
class CellName:
    """The cell's name and its upper body in force from ``on`` (ISO; "" since the beginning)."""

    on: str
    name: str
    upper_body: str


@dataclass(frozen=True)
class Cell:
    name: str  # "Chi bộ Ban Dân tộc": the latest name
    upper_body: str  # "Đảng bộ Ủy ban nhân dân tỉnh": the latest upper body
    place: str = ""  # place name on documents: "Lào Cai"
    term_start: str = ""  # ISO date the committee's term began (document numbering)
    attendance_threshold: float = 0.85
    utc_offset_hours: int = 7
    rule_set: str = "Điều lệ Đảng; Quy định 294-QĐ/TW (2025); Hướng dẫn 12-HD/BTCTW"
    score_sheet: str = "hd42-100"
    extra: dict[str, Any] = field(default_factory=dict)
    meeting_day_from: int = 20  # the days of the month the regular meeting falls in (the seed: 20–22)
    meeting_day_to: int = 22
    review_sheet: str = "qd366-100"  # the sheet the members' review is graded on
    # Names by date (DOMAIN §11: from 1/7/2025 the bloc committees were wound up): oldest first;
    # the last entry is ``name`` and ``upper_body``. Empty: the names never changed.
    names: tuple[CellName, ...] = ()
    meeting_day: int = 20  # the day of the month the cell usually meets (the 20th–22nd)
    secret: bool = False  # documents carry the MẬT mark unless a meeting says otherwise

    def names_on(self, day: str) -> CellName:
        """The name and upper body in force on ``day`` (ISO); the earliest before any change."""
        latest = CellName(self.names[-1].on if self.names else "", self.name, self.upper_body)
        if not self.names or not day:
            return latest
        found = self.names[0]
        for entry in self.names[1:]:
            if entry.on <= day:
                found = entry
        return latest if found is self.names[-1] else found  # the latest are the cell's own fields

    def as_of(self, day: str) -> Cell:
        """The cell as its documents of ``day`` name it."""
        entry = self.names_on(day)
        if (entry.name, entry.upper_body) == (self.name, self.upper_body):
            return self
        return replace(self, name=entry.name, upper_body=entry.upper_body)

    def renamed(self, on: str, name: str, upper_body: str) -> Cell:
        """New names from ``on``; ``on`` empty corrects the names in force now (no date)."""
        if not on:
            names = self.names[:-1] + (CellName(self.names[-1].on, name, upper_body),) if self.names else ()
            return replace(self, name=name, upper_body=upper_body, names=names)
        history = self.names or (CellName("", self.name, self.upper_body),)
        kept = [entry for entry in history if entry.on != on]
        names = tuple(sorted([*kept, CellName(on, name, upper_body)], key=lambda e: e.on))
        return replace(self, name=names[-1].name, upper_body=names[-1].upper_body, names=names)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["names"] = [asdict(entry) for entry in self.names]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cell:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        raw = values.get("names") or ()
        values["names"] = tuple(
            CellName(str(e.get("on", "")), str(e.get("name", "")), str(e.get("upper_body", "")))
            for e in raw
            if isinstance(e, dict)
        )
        return cls(**values)


@dataclass(frozen=True)
class Study:
    """A study campaign (e.g. a new resolution of the upper body) and its write-ups."""

    id: str
    title: str
    deadline: str  # ISO date the write-ups (bài thu hoạch) are due
    submitted: dict[str, str] = field(default_factory=dict)  # member id -> ISO date handed in

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "deadline": self.deadline,
            "submitted": dict(self.submitted),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Study:
        return cls(
            id=data["id"],
            title=data["title"],
            deadline=data["deadline"],
            submitted=dict(data.get("submitted", {})),
        )


PROBATION_MONTHS = 12  # Charter Art. 5: a probationary member is confirmed after twelve months


def other_secretary(members: list[Member], member_id: str, role: Role | str) -> Member | None:
    """The cell's bí thư already in office when ``member_id`` is made bí thư too (one cell, one
    secretary); None when there is none or the role is another."""
    if Role(role) is not Role.SECRETARY:
        return None
    return next((m for m in members if m.active and m.role is Role.SECRETARY and m.id != member_id), None)


def probation_since(member: Member) -> str:
    """The day the member's probation began: the last move to probationary, else admission."""
    moves = [c.on for c in member.history if c.category is Category.PROBATIONARY]
    return moves[-1] if moves else member.joined


def early_confirmation(member: Member, category: Category | str, on: str) -> int | None:
    """Whole months of probation on ``on`` when a probationary member is made official before
    twelve months (Charter Art. 5); None when the move is not one, or the year is complete or
    the start of the probation is not known."""
    if Category(category) is not Category.OFFICIAL or member.category_on(on) is not Category.PROBATIONARY:
        return None
    since = probation_since(member)
    if not (is_iso_date(since) and is_iso_date(on)):
        return None
    start, day = date.fromisoformat(since), date.fromisoformat(on)
    months = (day.year - start.year) * 12 + day.month - start.month - (day.day < start.day)
    return months if months < PROBATION_MONTHS else None


def checked_member(member: Member) -> Member:
    """The member as typed, cleaned (NFC, no control characters), or the reason it is refused."""
    name = clean(member.name)
    if not name:
        raise DomainError("error.name_empty")
    if len(name) > MAX_NAME:
        raise DomainError("error.text_too_long", max=MAX_NAME, length=len(name))
    group = clean(member.group)
    if len(group) > MAX_NAME:
        raise DomainError("error.text_too_long", max=MAX_NAME, length=len(group))
    for day in (member.joined, member.retired_on):
        if day and (not is_iso_date(day) or not "1900" <= day[:4] <= "2199"):
            raise DomainError("error.date_invalid", value=day)
    return replace(member, name=name, group=group)


def checked_cell(cell: Cell) -> Cell:
    """The cell's settings as typed, cleaned, or the reason they are refused."""
    texts = {attr: clean(getattr(cell, attr)) for attr in ("name", "upper_body", "place", "rule_set")}
    if not texts["name"]:
        raise DomainError("error.cell_name_empty")
    if any(len(value) > MAX_NAME * 2 for value in texts.values()):
        raise DomainError("error.text_too_long", max=MAX_NAME * 2, length=max(map(len, texts.values())))
    if not 0 < cell.attendance_threshold <= 1:
        raise DomainError("error.threshold_range")
    offset = cell.utc_offset_hours
    if isinstance(offset, bool) or not isinstance(offset, int) or not -12 <= offset <= 14:
        raise DomainError("error.utc_offset_range", value=str(offset)[:20])
    if cell.term_start and not is_iso_date(cell.term_start):
        raise DomainError("error.date_invalid", value=cell.term_start)
    for day in (cell.meeting_day_from, cell.meeting_day_to):
        if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 31:
            raise DomainError("error.plan_day_invalid", value=str(day))
    if cell.meeting_day_from > cell.meeting_day_to:
        raise DomainError("error.plan_window_order", start=cell.meeting_day_from, end=cell.meeting_day_to)
    if (
        isinstance(cell.meeting_day, bool)
        or not isinstance(cell.meeting_day, int)
        or not 1 <= cell.meeting_day <= 31
    ):
        raise DomainError("error.meeting_day_range", value=cell.meeting_day)
    names = []
    for entry in cell.names:
        if entry.on and not is_iso_date(entry.on):
            raise DomainError("error.date_invalid", value=entry.on)
        entry_name = clean(entry.name)
        if not entry_name:
            raise DomainError("error.cell_name_empty")
        names.append(CellName(entry.on, entry_name, clean(entry.upper_body)))
    names.sort(key=lambda e: e.on)
    if names:  # the latest entry is the name the cell has now: an edit of the name corrects it
        names[-1] = CellName(names[-1].on, texts["name"], texts["upper_body"])
    return replace(
        cell,
        name=texts["name"],
        upper_body=texts["upper_body"],
        place=texts["place"],
        rule_set=texts["rule_set"],
        names=tuple(names),
    )


def checked_study(study: Study) -> Study:
    title = clean(study.title)
    if not title:
        raise DomainError("error.study_title_empty")
    if len(title) > MAX_NAME * 2:
        raise DomainError("error.text_too_long", max=MAX_NAME * 2, length=len(title))
    if not is_iso_date(study.deadline):
        raise DomainError("error.date_invalid", value=study.deadline)
    return replace(study, title=title)


def local_today(cell: Cell, clock: Clock) -> str:
    """Today's date where the cell is (ISO), from the injected clock."""
    return clock.now().astimezone(timezone(timedelta(hours=cell.utc_offset_hours))).date().isoformat()
