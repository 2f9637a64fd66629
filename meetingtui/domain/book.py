"""The cell's books: what a cell keeps beside its meetings, one book per area and year.

A book (the year's plan, the Party dues, the members' review) is kept the way a meeting is:
an append-only list of events, each decided once by the rules and stored with what they
worked out, and a state that is only what the stored events add up to (docs/ARCHITECTURE.md,
"The cell's books"). Each book has its own kinds with declared fields, its own schema version
(stored with every event as ``v``) and its own upcasters; a :class:`Book` ties them together
for the store (``store.books.BookLog``), which is the same atomic, locked TinyDB file as a
meeting's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from .clock import from_iso, to_iso
from .errors import DomainError
from .events import EventFormatError, F
from .events import _fits as fits  # the one check of a declared field, shared with the meetings

S = TypeVar("S")


class BookKind(StrEnum):
    """The kinds of one book, with the fields of their data (as ``EventKind`` for meetings).

    Each book subclasses it; a kind's value is the name stored in the file: never rename.
    """

    fields: Mapping[str, F]

    def __new__(cls, value: str, fields: Mapping[str, F] | None = None) -> BookKind:
        member = str.__new__(cls, value)
        member._value_ = value
        member.fields = MappingProxyType(dict(fields or {}))
        return member


@dataclass(frozen=True, slots=True)
class BookEvent:
    seq: int
    kind: str
    at: str  # ISO UTC timestamp
    by: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    v: int = 1

    @property
    def when(self) -> datetime:
        return from_iso(self.at)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "kind": self.kind,
            "at": self.at,
            "by": self.by,
            "data": dict(self.data),
            "v": self.v,
        }


Decide = Callable[[S, Mapping[str, Any]], dict[str, Any]]
Evolve = Callable[[S, BookEvent], S]
Upcast = Callable[[BookEvent, S], BookEvent]


@dataclass(frozen=True)
class Book(Generic[S]):
    """One book's rules: its kinds, their decide and evolve, its empty state and its versions."""

    name: str  # "plan", "dues", "review": the file is DATA/years/<year>/<name>.json
    schema: int  # the shape of the events this version writes
    kinds: type[BookKind]
    handlers: Mapping[str, tuple[Decide[S], Evolve[S]]]
    empty: Callable[[], S]
    upcasters: Mapping[int, Upcast[S]] = field(default_factory=dict)  # version n -> n + 1

    @property
    def file_kind(self) -> str:
        """What the file's ``_meta`` says it holds: a plan book is never read as a dues book."""
        return f"book-{self.name}"

    def kind(self, name: object) -> BookKind:
        try:
            return self.kinds(str(name))
        except ValueError:
            raise DomainError("error.event_unknown", seq="", kind=str(name)[:80]) from None

    def parse(self, raw: Mapping[str, Any]) -> BookEvent:
        """A stored event as written; refused (EventFormatError) when this version cannot read it."""
        seq = raw.get("seq")
        shown = seq if isinstance(seq, int) and not isinstance(seq, bool) else "?"
        kind = raw.get("kind")
        if not isinstance(kind, str) or kind not in self.kinds._value2member_map_:
            raise EventFormatError("error.event_unknown", seq=shown, kind=str(kind)[:80])
        version = raw.get("v", 1)
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise EventFormatError("error.event_broken", seq=shown, detail="v")
        if version > self.schema:
            raise EventFormatError("error.event_newer", seq=shown, version=version, known=self.schema)
        data, at, by = raw.get("data", {}), raw.get("at"), raw.get("by", "")
        if shown == "?" or not isinstance(data, dict) or not isinstance(at, str):
            raise EventFormatError("error.event_broken", seq=shown, detail="seq/at/data")
        return BookEvent(seq, kind, at, by if isinstance(by, str) else "", data, version)  # type: ignore[arg-type]

    def decide(
        self, state: S, kind: str, data: Mapping[str, Any], *, seq: int, at: datetime, by: str
    ) -> BookEvent:
        """The event a command makes, decided by today's rules against ``state``; or a DomainError."""
        known = self.kind(kind)
        decided = self.handlers[known][0](state, data)
        extra = set(decided) - set(known.fields)
        if extra:  # a decision that writes an undeclared field is a bug, never a user's mistake
            raise RuntimeError(f"{self.name}.{known}: undeclared fields {sorted(extra)}")
        return BookEvent(seq, str(known), to_iso(at), by, decided, self.schema)

    def evolve(self, state: S, event: BookEvent) -> S:
        """The state after ``event`` (in today's shape): no rule is checked, nothing refused."""
        return self.handlers[event.kind][1](state, event)

    def upcast(self, event: BookEvent, before: S) -> BookEvent:
        while event.v < self.schema:
            event = self.upcasters[event.v](event, before)
        return event

    def replay(self, state: S, event: BookEvent) -> S:
        try:
            return self.evolve(state, self.upcast(event, state))
        except EventFormatError:
            raise
        except (DomainError, KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise EventFormatError(
                "error.event_broken", seq=event.seq, detail=f"{event.kind}: {exc}"
            ) from exc

    def fold(self, events: Iterable[BookEvent]) -> S:
        state = self.empty()
        for event in events:
            state = self.replay(state, event)
        return state

    def shape_problems(self, event: BookEvent) -> list[str]:
        """What in an event (in today's shape) does not match its kind's declared fields."""
        fields = self.kind(event.kind).fields
        problems = [f"{name}: not a field of {event.kind}" for name in event.data if name not in fields]
        problems += [
            f"{name}: not {kind.value}"
            for name, kind in fields.items()
            if name in event.data and not fits(kind, event.data[name])
        ]
        return problems
