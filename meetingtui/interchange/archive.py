"""The JSON archive of one meeting (schema in ``docs/archive-schema.md``).

An archive holds everything needed to rebuild the meeting in another data folder: the
cell's identity, the roster the meeting was held with, every recorded event in order, and
the versions that wrote it. Importing folds the events first; a file that does not fold is
refused whole, and nothing is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from msgspec import Meta, Struct

from .. import __version__
from ..domain.clock import Clock, to_iso
from ..domain.decider import decide, evolve
from ..domain.errors import DomainError, Notice
from ..domain.events import Event, EventFormatError
from ..domain.meeting import roster_data
from ..domain.people import Cell, Member, checked_cell, checked_member
from ..domain.state import MeetingState
from ..domain.text import fold
from ..domain.upcast import upcast
from ..i18n import error_text
from ..store.repo import Repository
from ..store.schema import (
    MAX_SEQ,
    CellRow,
    EventRow,
    Line,
    MemberRow,
    Name,
    SchemaProblem,
    Text,
    check,
    parse_json,
)

FORMAT = "meetingtui-archive"
SCHEMA = 1
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024


MeetingId = Annotated[str, Meta(pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]{0,80}$")]


class RosterRow(Struct):
    name: Line = ""
    category: Line = "official"
    role: Line = ""
    group: Line = ""


class MeetingRow(Struct):
    id: MeetingId
    type: Line = "regular"
    date: Line = ""
    title: Text = ""


class ArchiveFile(Struct):
    """The declared shape of an archive (docs/archive-schema.md), checked before anything else."""

    format: str
    schema: int
    cell: CellRow
    meeting: MeetingRow
    events: Annotated[list[EventRow], Meta(min_length=1, max_length=MAX_SEQ)]
    roster: Annotated[dict[Name, RosterRow], Meta(max_length=10_000)] = {}
    members: Annotated[list[MemberRow], Meta(max_length=10_000)] = []
    meetingtui: Line = ""
    exported_at: Line = ""


@dataclass
class Archive:
    cell: Cell
    meeting: dict[str, Any]
    roster: dict[str, dict[str, Any]]
    members: list[Member]
    events: list[Event]
    state: MeetingState
    raw: dict[str, Any] = field(repr=False, default_factory=dict)


@dataclass
class ImportResult:
    meeting_id: str
    identical: bool  # the meeting was already there, event for event
    warnings: list[Notice] = field(default_factory=list)


def archive_of(repo: Repository, meeting_id: str, clock: Clock) -> dict[str, Any]:
    """The archive of a meeting as a JSON-ready dict."""
    log = repo.log(meeting_id)
    events = log.events()
    state = log.state()
    known = {m.id: m for m in repo.members()}
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "meetingtui": __version__,
        "exported_at": to_iso(clock.now()),
        "cell": repo.cell().to_dict(),
        "meeting": {"id": state.id, "type": str(state.type), "date": state.date, "title": state.title},
        "roster": roster_data(state.roster),
        "members": [known[mid].to_dict() for mid in state.roster if mid in known],
        "events": [e.to_dict() for e in events],
    }


def archive_bytes(archive: dict[str, Any]) -> bytes:
    return (json.dumps(archive, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _invalid(path: Path, detail: str) -> DomainError:
    return DomainError("error.archive_invalid", path=str(path), detail=detail)


def _fold(path: Path, events: list[Event]) -> MeetingState:
    """The meeting the archive's events add up to; each is brought to today's shape, its
    fields checked against its kind's declaration and the event checked by the rules of this
    meetingtui (an event they refuse stops the import, docs/archive-schema.md) before it is
    applied."""
    from ..store.event_schema import event_problem

    state = MeetingState()
    for event in events:
        try:
            current = upcast(event, state)
            problem = event_problem(current, strict=True)
            if problem:
                raise EventFormatError("error.event_broken", seq=event.seq, detail=problem)
            decide(state, current.kind, current.data, at=current.when, by=current.by)  # refuses, or passes
            state = evolve(state, current)
        except DomainError as exc:
            raise DomainError(
                "error.archive_events_invalid", path=str(path), seq=event.seq, reason=error_text(exc)
            ) from exc
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise DomainError(
                "error.archive_events_invalid",
                path=str(path),
                seq=event.seq,
                reason=f"{type(exc).__name__}: {exc}",
            ) from exc
    return state


def parse_archive(data: object, path: Path) -> Archive:
    """Check an archive's format, schema and events; the meeting they fold to."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DomainError("error.archive_not_archive", path=str(path))
    if data.get("schema") != SCHEMA:
        raise DomainError(
            "error.archive_schema", path=str(path), found=str(data.get("schema"))[:20], expected=SCHEMA
        )
    try:
        check(data, ArchiveFile)
    except SchemaProblem as exc:
        raise _invalid(path, str(exc)[:500]) from None
    try:
        cell = Cell.from_dict(dict(data["cell"]))
        meeting = dict(data["meeting"])
        roster = {str(k): dict(v) for k, v in dict(data.get("roster", {})).items()}
        members = [Member.from_dict(dict(m)) for m in data.get("members", [])]
        events = [Event.from_dict(dict(e)) for e in data["events"]]
    except EventFormatError as exc:
        raise DomainError(
            "error.archive_events_invalid",
            path=str(path),
            seq=exc.params.get("seq", "?"),
            reason=error_text(exc),
        ) from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _invalid(path, f"{type(exc).__name__}: {exc}") from exc
    if [e.seq for e in events] != list(range(1, len(events) + 1)):
        raise _invalid(path, "seq")
    state = _fold(path, events)
    if not state.created or state.id != meeting.get("id"):
        raise _invalid(path, "meeting.id")
    return Archive(cell, meeting, roster, members, events, state, data)


def read_archive(path: Path) -> Archive:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_ARCHIVE_BYTES:
            raise DomainError("error.archive_too_large", path=str(path))
        raw = path.read_bytes()
    except OSError as exc:
        raise DomainError(
            "error.archive_unreadable", path=str(path), detail=exc.strerror or str(exc)
        ) from exc
    try:
        data = parse_json(raw)  # every string cleaned as typed text is (NFC, no controls)
    except ValueError as exc:
        raise DomainError("error.archive_not_json", path=str(path), detail=str(exc)[:300]) from exc
    return parse_archive(data, path)


def import_archive(repo: Repository, path: Path) -> ImportResult:
    """Add the archived meeting to the cell in ``repo`` (creating the cell when there is none).

    An id that already exists is refused, unless the stored events are exactly the
    archive's (then nothing is written and ``identical`` is True).
    """
    archive = read_archive(path)
    meeting_id = archive.state.id
    warnings: list[Notice] = []
    if repo.meeting_path(meeting_id).exists():
        stored = [e.to_dict() for e in repo.log(meeting_id).events()]
        if stored == [e.to_dict() for e in archive.events]:
            return ImportResult(meeting_id, identical=True)
        raise DomainError("error.archive_id_exists", meeting=meeting_id)
    if not repo.has_cell():
        repo.save_cell(checked_cell(archive.cell))
        repo.save_members(checked_member(m) for m in archive.members)
    elif fold(repo.cell().name) != fold(archive.cell.name):
        warnings.append(Notice("warn.archive_other_cell", {"cell": archive.cell.name}))
    state = repo.new_log(meeting_id).write_all(archive.events)
    repo.update_index(state)
    if repo.cell().term_start == archive.cell.term_start:
        res = state.resolution
        used = list(res.burned) + ([(res.kind.value, res.number)] if res.number is not None else [])
        for doc, number in used:
            repo.reserve_at_least(doc, archive.cell.term_start, number)
    return ImportResult(meeting_id, identical=False, warnings=warnings)
