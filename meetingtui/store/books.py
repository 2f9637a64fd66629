"""The cell's books on disk: ``DATA/years/<year>/<book>.json``, one event log per area and year.

Each is the same TinyDB file as a meeting's (atomic replace, fsync, sidecar lock, ``.bak``,
write counter); its ``_meta`` kind names the book, so a dues book is never read as a plan.
A book that was never written has no file: reading it gives the empty state and creates
nothing.
"""

from __future__ import annotations

import contextlib
import re
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb.table import Document

from ..domain.book import Book, BookEvent
from ..domain.errors import DomainError
from ..domain.events import EventFormatError
from ..domain.text import sanitize
from .repo import EventFileError, Repository
from .storage import AtomicJSONStorage, file_counter, open_db, table

S = TypeVar("S")
FIRST_YEAR, LAST_YEAR = 1930, 2999  # the Party's first cells; anything outside is a typing slip


def check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError("error.year_invalid", value=str(year))
    return year


class BookLog(Generic[S]):
    """One book of one year: its events, the state they fold to (cached by the file's write
    counter, as a meeting's is), and recording under the file lock."""

    def __init__(self, path: Path, book: Book[S]) -> None:
        self.path = path
        self.book = book
        self._db: Any = None
        self._storage: AtomicJSONStorage | None = None
        self._cached: tuple[int, int, S] | None = None  # (write counter, last seq, state)
        self._lock = threading.RLock()

    def _open(self) -> AtomicJSONStorage:
        if self._storage is None:
            self._db, self._storage = open_db(self.path, self.book.file_kind)
        return self._storage

    def _refused(self, exc: EventFormatError) -> EventFileError:
        key = exc.key.replace("error.", "error.store_", 1)
        params = {k: v for k, v in exc.params.items() if k != "detail"}
        return EventFileError(key, self.path, detail=str(exc.params.get("detail", "")), **params)

    def _parse(self, doc: Mapping[str, Any]) -> BookEvent:
        try:
            return self.book.parse(doc)
        except EventFormatError as exc:
            raise self._refused(exc) from exc

    def _fold(self, docs: Iterable[Mapping[str, Any]]) -> tuple[int, S]:
        state, seq = self.book.empty(), 0
        for doc in docs:
            event = self._parse(doc)
            try:
                state = self.book.replay(state, event)
            except EventFormatError as exc:
                raise self._refused(exc) from exc
            seq = max(seq, event.seq)
        return seq, state

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Many records, one write (the demo's year): they are on disk when this ends."""
        with self._lock, self._open().transaction():
            yield

    def _dry_run(self, commands: Sequence[tuple[str, Mapping[str, Any]]], *, at: datetime, by: str) -> None:
        state = self.book.empty()
        for seq, (kind, data) in enumerate(commands, start=1):
            clean = sanitize(dict(data))
            assert isinstance(clean, dict)
            state = self.book.evolve(state, self.book.decide(state, kind, clean, seq=seq, at=at, by=by))

    def _in_transaction(self, counter: int) -> bool:
        storage = self._storage
        return storage is not None and storage._tx is not None and storage.last_counter == counter

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def events(self) -> list[BookEvent]:
        if not self.exists:
            return []
        with self._lock:
            self._open()
            return [self._parse(doc) for doc in table(self._db, "events").all()]

    def state(self) -> S:
        """The book as it is on disk now (the empty state when it has no file yet)."""
        with self._lock:
            if not self.exists and self._storage is None:
                return self.book.empty()
            cached = self._cached
            if cached is not None and self._in_transaction(cached[0]):
                return cached[
                    2
                ]  # inside this log's transaction: nothing is on disk yet, the cache is current
            if cached is not None and file_counter(self.path) == cached[0]:
                return cached[2]
            storage = self._open()
            seq, state = self._fold(table(self._db, "events").all())
            self._cached = (storage.last_counter, seq, state)
            return state

    def record(
        self, kind: str, data: Mapping[str, Any], *, at: datetime, by: str = ""
    ) -> tuple[BookEvent, S]:
        """Decide one event against the freshest state, make it durable, return the new state."""
        events, state = self.record_all([(kind, data)], at=at, by=by)
        return events[0], state

    def record_all(
        self, commands: Sequence[tuple[str, Mapping[str, Any]]], *, at: datetime, by: str = ""
    ) -> tuple[list[BookEvent], S]:
        """Several events decided in order and written in one write: all of them, or none (a
        member paying three months at once, every line of a review kept)."""
        with self._lock:
            if self._storage is None and not self.exists:
                self._dry_run(commands, at=at, by=by)  # a refusal creates no folder and no file
            storage = self._open()
            with storage.transaction():
                stored = table(self._db, "events")
                cached = self._cached
                if cached is not None and cached[0] == storage.last_counter:
                    seq, state = cached[1], cached[2]
                else:
                    seq, state = self._fold(stored.all())
                decided = []
                for kind, data in commands:
                    clean = sanitize(dict(data))
                    assert isinstance(clean, dict)
                    seq += 1
                    event = self.book.decide(state, kind, clean, seq=seq, at=at, by=by)
                    state = self.book.evolve(
                        state, event
                    )  # before the write: what cannot apply is never stored
                    decided.append(event)
                stored.insert_multiple(Document(e.to_dict(), doc_id=e.seq) for e in decided)
            self._cached = (storage.last_counter, seq, state)
        return decided, state


_BOOKS: weakref.WeakKeyDictionary[Repository, dict[tuple[str, int, str], BookLog[Any]]] = (
    weakref.WeakKeyDictionary()
)
_BOOKS_LOCK = threading.Lock()
_PART = re.compile(r"^[0-9a-z]{1,8}$")


def check_part(part: str) -> str:
    """A book's part of a year: a month ``"11"``, a period ``"q3"``; "" for the whole year."""
    if part and not _PART.match(part):
        raise DomainError("error.book_part_invalid", value=part[:20])
    return part


def book_path(root: Path, name: str, year: int, part: str = "") -> Path:
    """``DATA/years/<year>/<name>.json``, or ``<name>-<part>.json`` for a part of the year."""
    stem = f"{name}-{check_part(part)}" if part else name
    return Path(root) / "years" / f"{check_year(year):04d}" / f"{stem}.json"


def book_log(repo: Repository, book: Book[S], year: int, part: str = "") -> BookLog[S]:
    """The log of ``book`` for ``year`` (and ``part`` of it) in the cell's data folder: one per
    repository, so that every screen and query of a process shares its cache and its lock."""
    with _BOOKS_LOCK:
        logs = _BOOKS.setdefault(repo, {})
        key = (book.name, check_year(year), check_part(part))
        if key not in logs:
            logs[key] = BookLog(book_path(repo.root, book.name, year, part), book)
        return logs[key]  # type: ignore[return-value]


def book_files(repo: Repository, book: Book[Any]) -> list[tuple[int, str]]:
    """(year, part) of every file of ``book`` in the data folder, in order."""
    folder = Path(repo.root) / "years"
    if not folder.is_dir():
        return []
    found = []
    for sub in folder.iterdir():
        if not (sub.name.isdigit() and len(sub.name) == 4 and FIRST_YEAR <= int(sub.name) <= LAST_YEAR):
            continue
        for path in sub.glob(f"{book.name}*.json"):
            stem = path.stem
            if stem == book.name:
                found.append((int(sub.name), ""))
            elif stem.startswith(book.name + "-") and _PART.match(stem[len(book.name) + 1 :]):
                found.append((int(sub.name), stem[len(book.name) + 1 :]))
    return sorted(found)


def book_years(repo: Repository, book: Book[Any]) -> list[int]:
    """The years that have a file of ``book``, oldest first."""
    return sorted({year for year, _ in book_files(repo, book)})
