"""Each kind of event's data as a msgspec type, made from the fields its kind declares
(``domain.events.EventKind``): the check a stored or imported event passes once it has been
brought to today's shape. Loaded with the first meeting read, like the events themselves."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct

from ..domain.events import Event, EventKind, F
from .schema import MAX_DOC_NUMBER, MAX_INT, Count, Int, IsoDate, MaybeDate, Number, Stamp, Text, problem_of

_FIELD_TYPES: Mapping[F, Any] = {
    F.TEXT: Text,
    F.LONG: Text,
    F.INT: Int,
    F.NUMBER: Number,
    F.BOOL: bool,
    F.BOOL_OR_NONE: bool | None,
    F.LIST: list[Any],
    F.MAP: dict[str, Any],
    F.MAP_OR_NONE: dict[str, Any] | None,
}
# Fields whose range is narrower than their type's.
_FIELD_RANGES: Mapping[tuple[EventKind, str], Any] = {
    (EventKind.CREATED, "date"): IsoDate,
    (EventKind.DETAILS_SET, "date"): IsoDate,
    (EventKind.PREP_TARGET, "date"): MaybeDate,
    (EventKind.RESOLUTION_TASK_ADDED, "deadline"): MaybeDate,
    (EventKind.RESOLUTION_TASK_CHANGED, "deadline"): MaybeDate,
    (EventKind.PREP_TASK, "deadline"): MaybeDate,
    (EventKind.TASK_REVIEWED, "deadline"): MaybeDate,
    (EventKind.RESOLUTION_NUMBERED, "number"): Annotated[int, Meta(ge=1, le=MAX_DOC_NUMBER)],
    (EventKind.VOTE_RECORDED, "for"): Count,
    (EventKind.VOTE_RECORDED, "against"): Count,
    (EventKind.VOTE_RECORDED, "other"): Count,
}
COMMON_FIELDS: Mapping[str, Any] = {
    "counted_at": Stamp,
    "clock_back_s": Annotated[float, Meta(gt=0, le=MAX_INT)],
}


@cache
def event_data_type(kind: EventKind, *, strict: bool) -> type[Struct]:
    """The data of one kind of event as a msgspec type, made from its declared fields.

    ``strict`` (an archive from elsewhere) also refuses a field the kind does not declare; a
    file on disk may hold one that a later version added (the kind's evolve ignores it).
    """
    fields: list[tuple[str, Any, Any]] = [
        (name, COMMON_FIELDS.get(name) or _FIELD_RANGES.get((kind, name), _FIELD_TYPES[f]), msgspec.UNSET)
        for name, f in kind.fields.items()
    ]
    return msgspec.defstruct(
        f"{kind.value}_data{'_strict' if strict else ''}", fields, forbid_unknown_fields=strict
    )


def event_problem(event: Event, *, strict: bool = False) -> str:
    """What in an event (in today's shape) does not fit its kind's declaration; "" when it fits."""
    try:
        msgspec.convert(event.data, event_data_type(event.kind, strict=strict))
    except msgspec.ValidationError as exc:
        problem = problem_of(exc, "$.data")
        return f"{problem.where}: {problem.what}"
    return ""


def event_checker(*, strict: bool = False) -> Callable[[Event], str]:
    return lambda event: event_problem(event, strict=strict)


_INDEX = re.compile(r"^\$\[(\d+)\]")


def batch_problem(events: list[Event], *, strict: bool = False) -> tuple[int, str] | None:
    """The first event among ``events`` (all in today's shape) whose data does not fit its kind,
    as (seq, problem); None when all fit. One msgspec call per kind, not one per event."""
    by_kind: dict[EventKind, list[Event]] = {}
    for event in events:
        by_kind.setdefault(event.kind, []).append(event)
    found: list[tuple[int, str]] = []
    for kind, group in by_kind.items():
        try:
            msgspec.convert([e.data for e in group], list[event_data_type(kind, strict=strict)])  # type: ignore[misc]
        except msgspec.ValidationError as exc:
            text = str(exc)
            what, _, where = text.partition(" - at ")
            where = where.strip("`")
            match = _INDEX.match(where)
            index = int(match.group(1)) if match else 0
            found.append((group[index].seq, f"$.data{where[match.end() :] if match else ''}: {what}"))
    return min(found) if found else None
