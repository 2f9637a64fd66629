"""The cell's files on disk: one small file for the cell, one file per meeting.

::

    DATA/
      cell.json                 the cell, its roster, the meeting index, document counters
      meetings/<meeting-id>.json  one meeting: its recorded events
      drafts/<meeting-id>.json  the clerk's notes on the running speech (store.drafts)
      cache/                    summaries of the meetings, rebuilt at will (store.summaries)
      *.lock, *.bak             sidecar lock and the previous good copy of each file

Recording an event touches only that meeting's file, so it costs the same in the tenth
year as in the first month.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import Query
from tinydb.table import Document

from ..domain.agenda import TYPE_SLUGS, MeetingType
from ..domain.errors import DomainError
from ..domain.people import Cell, Member, Study
from ..domain.text import sanitize
from .drafts import Drafts
from .storage import LOCK_TIMEOUT, StoreError, WriteError, ensure_dir, file_counter, open_db, table
from .summaries import SummaryCache

if TYPE_CHECKING:
    from ..domain.events import Event, EventFormatError
    from ..domain.state import MeetingState
    from ..domain.summary import MeetingSummary

_ID_SAFE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,80}$")


@dataclass(frozen=True)
class MeetingInfo:
    """One line of the meeting index kept in ``cell.json``."""

    id: str
    type: MeetingType
    date: str
    title: str
    status: str = "planned"  # planned, running, ended
    extra: dict[str, Any] | None = None


class EventFileError(StoreError):
    """A stored event this version cannot read: the message names the file and its number.

    The file is left exactly as it is; a newer meetingtui, or the backup, can still read it.
    """


class MeetingLog:
    """One meeting's file: an append-only list of events in a TinyDB table.

    The folded state is kept with the file's write counter it came from: reading it again
    costs a 256-byte read of the counter unless another process has written since, and
    recording an event evolves only that event onto it. States are immutable, so the one
    handed out can be shared with every screen and is never changed behind their backs.
    """

    def __init__(self, path: Path, lock_timeout: float = LOCK_TIMEOUT, *, read_only: bool = False) -> None:
        self.path = path
        self.db, self.storage = open_db(path, "meeting", lock_timeout, read_only=read_only)
        self._cached: tuple[int, MeetingState] | None = None
        self._lock = threading.RLock()

    def _refused(self, exc: EventFormatError) -> EventFileError:
        """The event's problem, with the file's name: ``error.event_*`` -> ``error.store_event_*``."""
        key = exc.key.replace("error.", "error.store_", 1)
        return EventFileError(key, self.path, **{k: v for k, v in exc.params.items() if k != "detail"},
                              detail=str(exc.params.get("detail", "")))  # fmt: skip

    def _parse(self, doc: Mapping[str, Any]) -> Event:
        from ..domain.events import Event, EventFormatError  # loaded with the first meeting read

        try:
            return Event.from_dict(doc)
        except EventFormatError as exc:
            raise self._refused(exc) from exc

    def events(self) -> list[Event]:
        """The events as stored, each in the shape of the version that wrote it."""
        with self._lock:  # a read moves the storage's counter, which the cache is keyed on
            return [self._parse(doc) for doc in table(self.db, "events").all()]

    def _fold(self, docs: Iterable[Mapping[str, Any]]) -> MeetingState:
        from ..domain.decider import replay  # the rules and the state load with the first meeting read
        from ..domain.events import EVENT_SCHEMA, EventFormatError
        from ..domain.state import MeetingState
        from .event_schema import batch_problem, event_checker

        events = [self._parse(doc) for doc in docs]
        # Each event's data against its kind's declared fields: today's shape checked at once,
        # an older one once it has been brought to today's shape.
        current = [e for e in events if e.v == EVENT_SCHEMA]
        problem = batch_problem(current)
        if problem is not None:
            seq, detail = problem
            kind = next(e.kind for e in current if e.seq == seq)
            raise self._refused(EventFormatError("error.event_broken", seq=seq, detail=f"{kind}: {detail}"))
        older = event_checker()
        state = MeetingState()
        for event in events:
            try:
                state = replay(state, event, older if event.v != EVENT_SCHEMA else None)
            except EventFormatError as exc:
                raise self._refused(exc) from exc
        return state

    def state(self) -> MeetingState:
        """The meeting as it is on disk now (re-read only when another process has written)."""
        with self._lock:
            cached = self._cached
            if cached is not None and file_counter(self.path) == cached[0]:
                return cached[1]
            docs = table(self.db, "events").all()  # one read: the counter matches these events
            state = self._fold(docs)
            if not state.id and self.path.exists():  # a meeting's file starts with its creation
                from ..domain.events import EventFormatError

                raise self._refused(
                    EventFormatError("error.event_broken", seq=1, detail="meeting_created missing")
                )
            self._cached = (self.storage.last_counter, state)
            return state

    @property
    def counter(self) -> int:
        return self.storage.last_counter

    def record(
        self, kind: str, data: Mapping[str, Any], *, at: datetime, by: str = ""
    ) -> tuple[Event, MeetingState]:
        """Decide the event against the freshest state, make it durable, return the new state.

        The lock is held from the read to the fsync, so two writers never lose each other's
        events. When the rules refuse the event, the lock cannot be had or the disk is full,
        nothing is written and the state this log (and every screen) holds stays as it was.
        """
        from ..domain.decider import decide, evolve

        clean = sanitize(dict(data))
        assert isinstance(clean, dict)
        with self._lock:
            with self.storage.transaction():
                events = table(self.db, "events")
                cached = self._cached
                if cached is not None and cached[0] == self.storage.last_counter:
                    state = cached[1]  # nobody wrote since: evolve only the new event
                else:
                    state = self._fold(events.all())
                event = decide(state, kind, clean, at=at, by=by)
                # before the write: an event that cannot apply is never stored
                new_state = evolve(state, event)
                self._append(event)
            # Still under the lock: another thread's write in between would leave this state
            # cached under its write counter, a state one event short served as current.
            self._cached = (self.storage.last_counter, new_state)
        return event, new_state

    def _append(self, event: Event) -> None:
        """Add the event to the open transaction's events table.

        What ``Table.insert`` would do, without its two passes over the whole table (which
        cost more than the rest of recording on a meeting of 2,000 events): the file is the
        same TinyDB document, the event stored under its sequence number.
        """
        with self.storage.transaction():
            self.storage.append("events", str(event.seq), event.to_dict())

    def write_all(self, events: Iterable[Event]) -> MeetingState:
        """Write a whole meeting at once (an imported archive, a generated one): all or nothing.

        The events must fold (they are replayed first); the file must hold no events yet.
        """
        events = list(events)
        with self._lock:
            with self.storage.transaction():
                stored = table(self.db, "events")
                if stored.all():
                    raise DomainError("error.archive_id_exists", meeting=self.path.stem)
                state = self._fold(e.to_dict() for e in events)
                stored.insert_multiple(Document(e.to_dict(), doc_id=e.seq) for e in events)
            self._cached = (self.storage.last_counter, state)
        return state


class Repository:
    """Everything the app keeps for one cell, in one data folder.

    ``read_only`` (the room's screen): every write to the cell or a meeting is refused with
    :class:`~.storage.ReadOnlyError` before anything touches the disk, and the folder is not
    created when it is missing.
    """

    def __init__(self, root: Path, lock_timeout: float = LOCK_TIMEOUT, *, read_only: bool = False) -> None:
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self.read_only = read_only
        self.meetings_dir = self.root / "meetings"
        if not read_only:
            ensure_dir(self.root)
            try:
                ensure_dir(self.meetings_dir)
            except WriteError:
                if not self.root.is_dir():
                    raise  # a read-only folder without meetings yet can still be opened and listed
        self.cell_path = self.root / "cell.json"
        self.db, self.storage = open_db(self.cell_path, "cell", lock_timeout, read_only=read_only)
        self._logs: dict[str, MeetingLog] = {}
        self._logs_lock = threading.Lock()
        self._cell: tuple[int, Cell] | None = None  # the cell as of cell.json's write counter
        self.drafts = Drafts(self.root, read_only=read_only)
        self.summaries = SummaryCache(self.root, self.meetings_dir, self._fold_quietly, read_only=read_only)
        if not read_only:  # the room's screen leaves the folder as it is
            self._clean_leftovers()

    def _clean_leftovers(self) -> None:
        """Temporary files that writes cut short left (a kill mid-write) are removed on open,
        each under its file's lock; a file being written right now is left to its writer."""
        from .storage import AtomicJSONStorage

        for folder in (self.root, self.meetings_dir):
            try:
                names = [n for n in os.listdir(folder) if n.startswith(".") and n.endswith(".tmp")]
            except OSError:
                continue
            for target in sorted({name[1:].split(".json.", 1)[0] + ".json" for name in names}):
                if folder == self.root and target == "cell.json":
                    self.storage.clean_leftovers(names)
                elif folder == self.meetings_dir and _ID_SAFE.match(target[:-5]):
                    AtomicJSONStorage(folder / target, "meeting").clean_leftovers(names)

    # -- the cell ------------------------------------------------------------------------
    def has_cell(self) -> bool:
        return bool(table(self.db, "cell").all())

    def cell(self) -> Cell:
        """The cell's settings. Kept with cell.json's write counter: asking again (a screen
        asks once per row) costs a 256-byte read until the file is written."""
        storage = self.storage
        with storage.lock:  # the counter moves with every read: read and keep it together
            cached = self._cell
            if (
                cached is not None
                and not storage.in_transaction
                and file_counter(self.cell_path) == cached[0]
            ):
                return cached[1]
            docs = table(self.db, "cell").all()
            if not docs:
                raise StoreError("error.no_cell", self.cell_path)
            cell = Cell.from_dict(dict(docs[0]))
            if not storage.in_transaction:  # inside one, the cell may not be on disk yet
                self._cell = (storage.last_counter, cell)
            return cell

    def save_cell(self, cell: Cell) -> None:
        with self.storage.transaction():
            t = table(self.db, "cell")
            t.truncate()
            t.insert(cell.to_dict())

    # -- members ---------------------------------------------------------------------------
    def members(self, *, include_retired: bool = True) -> list[Member]:
        members = [Member.from_dict(dict(doc)) for doc in table(self.db, "members").all()]
        return [m for m in members if include_retired or m.active]

    def member(self, member_id: str) -> Member:
        doc = table(self.db, "members").get(Query().id == member_id)
        if doc is None:
            raise DomainError("error.member_unknown", member=member_id)
        return Member.from_dict(dict(doc))  # type: ignore[arg-type]

    def save_member(self, member: Member) -> Member:
        with self.storage.transaction():
            t = table(self.db, "members")
            if not member.id:
                member = replace(member, id=self._next_member_id(t))
            t.upsert(member.to_dict(), Query().id == member.id)
        return member

    def save_members(self, members: Iterable[Member]) -> list[Member]:
        """Save many members in one write: all or nothing."""
        saved = []
        with self.storage.transaction():
            t = table(self.db, "members")
            for member in members:
                if not member.id:
                    member = replace(member, id=self._next_member_id(t))
                t.upsert(member.to_dict(), Query().id == member.id)
                saved.append(member)
        return saved

    @staticmethod
    def _next_member_id(t: Any) -> str:
        numbers = [int(d["id"][1:]) for d in t.all() if re.fullmatch(r"m\d+", str(d.get("id", "")))]
        return f"m{max(numbers, default=0) + 1:03d}"

    def roster_snapshot(self, day: str) -> dict[str, dict[str, str]]:
        """The members of the cell on ``day``, with the category they had then."""
        return {
            m.id: {"name": m.name, "category": str(m.category_on(day)), "role": str(m.role), "group": m.group}
            for m in self.members()
            if (not m.joined or m.joined <= day) and (m.active or m.retired_on > day)
        }

    # -- meetings ------------------------------------------------------------------------
    def meetings(self) -> list[MeetingInfo]:
        """The meeting index, reconciled with the meeting files.

        The meeting file is the truth and the index in ``cell.json`` only a summary of it:
        a meeting whose index write failed (a full disk, a crash between the two writes)
        is found by its file, and a status left behind is refreshed from the file's write
        counter, which the index remembers.
        """
        docs = {d["id"]: dict(d) for d in table(self.db, "meetings").all()}
        files = {p.stem: p for p in self.meetings_dir.glob("*.json") if _ID_SAFE.match(p.stem)}
        stale = []
        for meeting_id, path in files.items():
            doc = docs.get(meeting_id)
            try:
                counter = file_counter(path)
            except StoreError:
                continue  # a damaged file is reported when it is opened, not here
            if doc is None or doc.get("counter") != counter:
                try:
                    stale.append(self.log(meeting_id).state())
                except (StoreError, DomainError):
                    continue
        for state in stale:
            docs[state.id] = self._index_doc(state)
            self.update_index(state, best_effort=True)
        infos = [
            MeetingInfo(
                id=d["id"],
                type=MeetingType(d["type"]),
                date=d["date"],
                title=d.get("title", ""),
                status=d.get("status", "planned"),
                extra=d.get("extra"),
            )
            for d in docs.values()
            if d["id"] in files
        ]
        return sorted(infos, key=lambda m: (m.date, m.id))

    def meeting_info(self, meeting_id: str) -> MeetingInfo:
        for info in self.meetings():
            if info.id == meeting_id:
                return info
        raise DomainError("error.meeting_unknown", meeting=meeting_id)

    def _index_doc(self, state: MeetingState) -> dict[str, Any]:
        status = "ended" if state.ended_at else "running" if state.started_at else "planned"
        counter = file_counter(self.meeting_path(state.id))
        return {
            "id": state.id,
            "type": str(state.type),
            "date": state.date,
            "title": state.title,
            "status": status,
            "counter": counter,
        }

    def update_index(self, state: MeetingState, *, best_effort: bool = False) -> None:
        """Refresh the meeting's line in the index. The meeting file stays the truth: with
        ``best_effort`` a failed write is left for :meth:`meetings` to reconcile later."""
        try:
            with self.storage.transaction():
                table(self.db, "meetings").upsert(self._index_doc(state), Query().id == state.id)
        except StoreError:
            if not best_effort:
                raise

    def meeting_path(self, meeting_id: str) -> Path:
        if not _ID_SAFE.match(meeting_id):
            raise DomainError("error.meeting_unknown", meeting=meeting_id)
        return self.meetings_dir / f"{meeting_id}.json"

    def _fold_quietly(self, meeting_id: str) -> MeetingState:
        """The meeting as stored now, for its summary: from its open log if it has one, else
        folded by a log that is not kept (a summary of each of ten years of meetings must not
        keep each folded meeting in memory)."""
        with self._logs_lock:
            log = self._logs.get(meeting_id)
        if log is None:
            path = self.meeting_path(meeting_id)
            if not path.exists():
                raise DomainError("error.meeting_unknown", meeting=meeting_id)
            log = MeetingLog(path)
        return log.state()

    def summary(self, meeting_id: str) -> MeetingSummary:
        """What the questions across meetings need of one meeting (``domain.summary``)."""
        self.meeting_path(meeting_id)  # refuses an id that is not a file name
        return self.summaries.summary(meeting_id)

    def log(self, meeting_id: str) -> MeetingLog:
        with self._logs_lock:
            if meeting_id not in self._logs:
                path = self.meeting_path(meeting_id)
                if not path.exists():
                    raise DomainError("error.meeting_unknown", meeting=meeting_id)
                self._logs[meeting_id] = MeetingLog(path, self.lock_timeout, read_only=self.read_only)
            return self._logs[meeting_id]

    def new_log(self, meeting_id: str) -> MeetingLog:
        """The log of a meeting not yet on disk; refused when the id is taken."""
        path = self.meeting_path(meeting_id)
        if path.exists():
            raise DomainError("error.meeting_exists", meeting=meeting_id)
        log = MeetingLog(path, self.lock_timeout, read_only=self.read_only)
        with self._logs_lock:
            self._logs[meeting_id] = log
        return log

    def new_meeting_id(self, date: str, kind: MeetingType) -> str:
        base = f"{date}-{TYPE_SLUGS[MeetingType(kind)]}"
        taken = {m.id for m in self.meetings()} | {p.stem for p in self.meetings_dir.glob("*.json")}
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    # -- study campaigns (bài thu hoạch) ----------------------------------------------------
    def studies(self) -> list[Study]:
        return sorted(
            (Study.from_dict(dict(d)) for d in table(self.db, "studies").all()),
            key=lambda s: (s.deadline, s.id),
        )

    def save_study(self, study: Study) -> Study:
        with self.storage.transaction():
            t = table(self.db, "studies")
            if not study.id:
                study = replace(study, id=f"h{len(t.all()) + 1:03d}")
            t.upsert(study.to_dict(), Query().id == study.id)
        return study

    def mark_write_up(self, study_id: str, member_id: str, on: str, handed_in: bool = True) -> Study:
        """Record (or undo) a member's write-up; read and written under one lock."""
        with self.storage.transaction():
            t = table(self.db, "studies")
            doc = t.get(Query().id == study_id)
            if doc is None:
                raise DomainError("error.study_unknown", study=study_id)
            study = Study.from_dict(dict(doc))  # type: ignore[arg-type]
            if member_id not in {m.id for m in self.members()}:
                raise DomainError("error.member_unknown", member=member_id)
            submitted = dict(study.submitted)
            if handed_in:
                submitted[member_id] = on
            else:
                submitted.pop(member_id, None)
            study = replace(study, submitted=submitted)
            t.upsert(study.to_dict(), Query().id == study.id)
        return study

    # -- document numbers ------------------------------------------------------------------
    def next_number(self, doc: str) -> int:
        """Reserve the next number of a document type in the committee's term; never reused."""
        term = self.cell().term_start
        with self.storage.transaction():
            t = table(self.db, "numbers")
            q = (Query().doc == doc) & (Query().term == term)
            row = t.get(q)
            last = int(row["last"]) if row else 0  # type: ignore[index]
            t.upsert({"doc": doc, "term": term, "last": last + 1}, q)
        return last + 1

    def reserve_at_least(self, doc: str, term: str, number: int) -> None:
        """Move a document counter past a number already used (a meeting imported from elsewhere)."""
        with self.storage.transaction():
            numbers = table(self.db, "numbers")
            query = (Query().doc == doc) & (Query().term == term)
            row = numbers.get(query)
            last = int(row["last"]) if row else 0  # type: ignore[index, call-overload]
            if number > last:
                numbers.upsert({"doc": doc, "term": term, "last": number}, query)
