"""The clerk's notes on the speech running now, kept apart from the meeting's events.

::

    DATA/drafts/<meeting-id>.json   the notes typed on the running speech, saved as typed

The clerk's screen saves the notes two seconds after typing stops, so that a crash loses at
most those two seconds. Saved as events (``speech_noted``, up to 0.1.0), every pause in typing
made the meeting's file longer, and every later write of it slower: a meeting of fifteen
speeches typed at a normal pace held more notes than events. Now the notes of the running
speech live in one small file per meeting, written as durably as an event (the same storage:
temporary file, fsync, rename, folder fsync, under the file's lock), and the meeting's file
only gets the speech's summary when it ends (``speech_ended``).

A draft names the speech it was typed on (its id and the moment it started), and is shown
only on that speech while it runs: notes of a speech that has since ended or been cancelled,
or that a restored backup no longer holds, are ignored. The latest save wins, as it did with
events. Old meeting files keep their ``speech_noted`` events, and a draft there is read from
them as before (``domain.record.evolve_speech_noted``); a draft here, on the same speech, is
newer and comes first (``domain.record.with_draft``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .storage import file_counter, open_db, table

DRAFTS_DIR = "drafts"
_KIND = "draft"


@dataclass(frozen=True)
class Draft:
    speech: str  # the speech's id in the meeting ("p12")
    started_at: str  # when that speech started (ISO, UTC): ids are unique, this makes sure
    text: str
    saved_at: str  # ISO, UTC
    by: str  # the role that typed it

    def to_dict(self) -> dict[str, str]:
        return {
            "speech": self.speech,
            "started_at": self.started_at,
            "text": self.text,
            "saved_at": self.saved_at,
            "by": self.by,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Draft | None:
        values = [d.get(k) for k in ("speech", "started_at", "text", "saved_at", "by")]
        if not all(isinstance(v, str) for v in values):
            return None  # not a draft this version can show: as if none was saved
        return cls(*values)  # type: ignore[arg-type]


class DraftFile:
    """One meeting's draft file. Reading it again costs a 256-byte read of its write counter
    unless someone has saved since; shared between threads."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only  # the room's screen: a save is refused (ReadOnlyError)
        self._db: Any = None  # opened on first use: a meeting nobody takes notes in has no file
        self._cached: tuple[int, Draft | None] | None = None
        self._lock = threading.RLock()

    def _open(self) -> Any:
        if self._db is None:
            self._db, self._storage = open_db(self.path, _KIND, read_only=self.read_only)
        return self._db

    def get(self) -> Draft | None:
        """The last draft saved, whatever speech it was typed on; None when there is none."""
        with self._lock:
            counter = file_counter(self.path)
            if counter is None:
                return None
            cached = self._cached
            if cached is not None and cached[0] == counter:
                return cached[1]
            db = self._open()
            docs = table(db, "draft").all()
            draft = Draft.from_dict(dict(docs[0])) if docs else None
            self._cached = (self._storage.last_counter, draft)
            return draft

    def save(self, draft: Draft) -> None:
        """Make ``draft`` durable (or raise a StoreError, and nothing changed)."""
        with self._lock:
            db = self._open()
            with self._storage.transaction():
                t = table(db, "draft")
                t.truncate()
                t.insert(draft.to_dict())
            self._cached = (self._storage.last_counter, draft)


class Drafts:
    """The draft files of a data folder, one per meeting, each opened once."""

    def __init__(self, root: Path, *, read_only: bool = False) -> None:
        self.folder = Path(root) / DRAFTS_DIR
        self.read_only = read_only
        self._files: dict[str, DraftFile] = {}
        self._lock = threading.Lock()

    def of(self, meeting_id: str) -> DraftFile:
        with self._lock:
            found = self._files.get(meeting_id)
            if found is None:
                found = self._files[meeting_id] = DraftFile(
                    self.folder / f"{meeting_id}.json", read_only=self.read_only
                )
            return found
