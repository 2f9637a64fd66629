"""Each meeting's summary (``domain.summary``), kept in memory and on disk beside the data.

::

    DATA/cache/summaries/<meeting-id>.json   one meeting's summary, and what it was made from

The questions across meetings (the year, the ledger, tasks, a member's history) read every
meeting of the cell; folding ten years of meetings takes a second or more, and the summaries
they need are a few kilobytes each. A summary is worked out once from the folded meeting and
kept with the key of the meeting file it came from: its write counter, size and modification
time. It is used again only while the meeting file has that very key, and only when it was
made by this meetingtui (its version) with this summary schema (``SUMMARY_SCHEMA``); anything
else (an older or newer cache, a half-written or damaged file, another meeting's) is made
again from the meeting and written over.

The cache is never a source of truth: the meeting files are. The ``cache`` folder can be
deleted at any time and is rebuilt on the next question; a cache that cannot be written (a
read-only or full disk) is only slower. Files are written whole to a temporary file and
renamed into place, so a reader sees an old summary or a new one, never a mix; they are not
fsynced, since a summary lost in a power cut is simply made again (a torn file fails to
parse, or carries a key that no meeting file has).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from . import platform
from .storage import _COUNTER, dumps, loads

if TYPE_CHECKING:
    from ..domain.state import MeetingState
    from ..domain.summary import MeetingSummary

CACHE_DIR = "cache"
SUMMARIES_DIR = "summaries"
FORMAT = 1  # the layout of a cache file (the summary's own shape is SUMMARY_SCHEMA)

Key = tuple[int, int, int]  # the meeting file's write counter, size, modification time (ns)


def meeting_key(path: Path) -> Key | None:
    """The key of a meeting file, from one open of it (counter and stat of the same file)."""
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            head = fh.read(256)
    except OSError:
        return None
    match = _COUNTER.search(head)
    if match is None or not head.startswith(b'{"_meta"'):
        return None  # not a file this version wrote: no cache for it, it is folded each time
    return int(match.group(1)), st.st_size, st.st_mtime_ns


class SummaryCache:
    """The summaries of one data folder's meetings; safe to share between threads.

    ``fold(meeting_id)`` gives the meeting as stored now (the repository folds it without
    keeping it open, so ten years of folded meetings never sit in memory at once).
    """

    def __init__(
        self, root: Path, meetings_dir: Path, fold: Callable[[str], MeetingState], *, read_only: bool = False
    ) -> None:
        self.folder = Path(root) / CACHE_DIR / SUMMARIES_DIR
        self.read_only = read_only  # the room's screen: summaries are made, never written
        self.meetings_dir = meetings_dir
        self._fold = fold
        self._memory: dict[str, tuple[Key, MeetingSummary]] = {}
        self._lock = threading.Lock()
        self.made = 0  # summaries worked out from their meeting (the cache missed): for tests
        self.read = 0  # summaries read from disk

    def summary(self, meeting_id: str) -> MeetingSummary:
        """The meeting's summary as its file is now."""
        from ..domain.summary import summarise

        key = meeting_key(self.meetings_dir / f"{meeting_id}.json")
        if key is not None:
            with self._lock:
                kept = self._memory.get(meeting_id)
            if kept is not None and kept[0] == key:
                return kept[1]
            found = self._load(meeting_id, key)
            if found is not None:
                self._remember(meeting_id, key, found)
                return found
        # Folded after the key was read: the state is that version of the file or a later one,
        # so a summary is never kept under a key newer than what it was made from.
        summary = summarise(self._fold(meeting_id))
        self.made += 1
        if key is not None:
            self._remember(meeting_id, key, summary)
            if not self.read_only:
                self._store(meeting_id, key, summary)
        return summary

    def forget(self) -> None:
        """Drop what is held in memory (the files stay)."""
        with self._lock:
            self._memory.clear()

    # -- internals ---------------------------------------------------------------------
    def _remember(self, meeting_id: str, key: Key, summary: MeetingSummary) -> None:
        with self._lock:
            self._memory[meeting_id] = (key, summary)

    def _path(self, meeting_id: str) -> Path:
        return self.folder / f"{meeting_id}.json"

    def _load(self, meeting_id: str, key: Key) -> MeetingSummary | None:
        from ..domain.summary import SUMMARY_SCHEMA, MeetingSummary

        try:
            raw = self._path(meeting_id).read_bytes()
        except OSError:
            return None
        try:
            doc = loads(raw)
            if (
                not isinstance(doc, dict)
                or doc.get("format") != FORMAT
                or doc.get("schema") != SUMMARY_SCHEMA
                or doc.get("meetingtui") != __version__
                or doc.get("meeting") != meeting_id
                or doc.get("key") != list(key)
            ):
                return None
            summary = MeetingSummary.from_dict(doc["summary"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # damaged or foreign: made again and written over
        self.read += 1
        return summary

    def _store(self, meeting_id: str, key: Key, summary: MeetingSummary) -> None:
        from ..domain.summary import SUMMARY_SCHEMA

        doc: dict[str, Any] = {
            "format": FORMAT,
            "schema": SUMMARY_SCHEMA,
            "meetingtui": __version__,
            "meeting": meeting_id,
            "key": list(key),
            "summary": summary.to_dict(),
        }
        tmp: str | None = None
        try:
            if not self.folder.is_dir():
                for folder in (self.folder.parent, self.folder):
                    folder.mkdir(mode=platform.DIR_MODE, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{meeting_id}.", suffix=".tmp", dir=self.folder)
            try:
                platform.owner_only(fd)
                view = memoryview(dumps(doc))
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            platform.replace(Path(tmp), self._path(meeting_id))
            tmp = None
        except OSError:
            pass  # a cache that cannot be written is only slower
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
