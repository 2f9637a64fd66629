"""What every decision checks: text fields, numbers, members, the meeting's progress.

Used only by the decisions (``decide_*``): they run once, when a command is recorded. Replaying
a stored meeting never calls them, so tightening a limit here can never lock a cell out of a
meeting recorded under a looser one (docs/ARCHITECTURE.md, "Decide and evolve").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .dates import is_iso_date
from .errors import DomainError
from .people import BODY, CELL, COMMITTEE
from .text import clean

if TYPE_CHECKING:
    from .state import MeetingState

MAX_LINE = 2_000  # a name, a title, a reason: one line
MAX_MULTILINE = 20_000  # a summary, a conclusion, a note: a runaway paste is refused, not stored
MAX_BUDGET_MIN = 600


def text(data: Mapping[str, Any], key: str, *, required: bool = False, multiline: bool = False) -> str:
    """The field cleaned (NFC, no control characters, trimmed), or the reason it is refused."""
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DomainError("error.text_expected", field=key)
    value = clean(value, multiline=multiline)
    if required and not value:
        raise DomainError("error.field_empty", field=key)
    limit = MAX_MULTILINE if multiline else MAX_LINE
    if len(value) > limit:
        raise DomainError("error.text_too_long", max=limit, length=len(value))
    return value


def long_text(data: Mapping[str, Any], key: str, *, required: bool = False) -> str:
    return text(data, key, required=required, multiline=True)


def integer(value: Any, *, error: str = "error.position_invalid") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(error)
    return value


def minutes(value: Any) -> float:
    """A budget in minutes (0 to 600), as typed; refused when it is not a number in range."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise DomainError("error.budget_not_number")
    if value < 0 or value > MAX_BUDGET_MIN:
        raise DomainError("error.budget_range", max=MAX_BUDGET_MIN)
    return value


def iso_date(data: Mapping[str, Any], key: str, *, required: bool = False) -> str:
    value = text(data, key, required=required)
    if value and not is_iso_date(value):
        raise DomainError("error.date_invalid", value=value)
    return value


def member(state: MeetingState, member_id: str) -> str:
    """A member of the meeting's roster."""
    if member_id not in state.roster:
        raise DomainError("error.member_unknown", member=member_id)
    return member_id


def owner(state: MeetingState, owner_id: str) -> str:
    """Who leads a task: a member of the roster, the committee, the whole cell or a named body
    (``@body:<name>``: a department, a mass organisation); "" = nobody yet."""
    if owner_id.startswith(BODY):
        name = owner_id[len(BODY) :].strip()
        if not name:
            raise DomainError("error.field_empty", field="owner")
        return BODY + name
    if owner_id and owner_id not in (COMMITTEE, CELL) and owner_id not in state.roster:
        raise DomainError("error.member_unknown", member=owner_id)
    return owner_id


def not_ended(state: MeetingState) -> None:
    if state.ended_at is not None:
        raise DomainError("error.meeting_ended")


def running(state: MeetingState) -> None:
    if state.started_at is None:
        raise DomainError("error.meeting_not_started")
    not_ended(state)


def index(value: Any, length: int) -> int:
    """A position in a list of ``length`` items."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < length:
        raise DomainError("error.position_invalid")
    return value
