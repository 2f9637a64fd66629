"""A TinyDB storage that never leaves a half-written file and never serves stale data.

Stock ``JSONStorage`` truncates and rewrites the file in place: a crash in the middle
leaves a broken file, and a second process can read a half-written one. Here every
write goes to a temporary file in the same folder, is fsynced, and replaces the old file
with ``os.replace``; the folder is fsynced so the rename itself survives a power cut.
The previous version is kept beside the file as ``<name>.bak`` (a hard link, so it
costs no copy), which ``meetingtui restore`` can bring back.

Every read-modify-write happens inside :meth:`AtomicJSONStorage.transaction`, which
holds a sidecar lock file (``<name>.lock``, filelock) and re-reads the file, so two
terminals on the same data never overwrite each other's work. Outside a transaction a
read goes to the disk each time: an instance never answers from a stale copy.

Each file carries ``_meta`` with its schema version, its kind and a write counter that
grows with every write; other processes watch the counter to see a change even when
two writes fall inside one filesystem timestamp tick.

Files are parsed and written with orjson (a tenth of the standard library's time on a
meeting of 2,000 events); what orjson cannot read or write and the standard library can
(``NaN``, an integer beyond 64 bits) goes through the standard library, as before. A
transaction that follows this instance's own last write does not parse the file again:
the data it wrote is kept with the file's identity (inode, size, modification time) and
write counter, and is used only when all of them still match the file on disk.

A meeting's events are appended, never changed. An event added by :meth:`AtomicJSONStorage.append`
is checked alone (the ones before it were checked when read or written) and its JSON text is
added to the text of the events already written, kept with the snapshot: recording the
2,000th event serialises one event, not the 2,000. The file written is the same, byte for
byte, as serialising the whole data.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from ..domain.errors import AppError
from . import platform, schema
from .platform import DIR_MODE, FILE_MODE

SCHEMA_VERSION = 1  # the file's layout (tables, _meta); events carry their own version
META = "_meta"
LOCK_TIMEOUT = 10.0


class StoreError(AppError):
    """A storage problem the user must hear about: the message names the file."""

    def __init__(self, key: str, path: Path | str, detail: str = "", **params: object) -> None:
        super().__init__(key, path=str(path), detail=detail, **params)
        self.path = Path(path)
        self.detail = detail


class CorruptFileError(StoreError):
    pass


class SchemaError(StoreError):
    pass


class WriteError(StoreError):
    """The write failed (disk full, read-only folder...). The previous file is intact."""


class LockTimeoutError(StoreError):
    pass


class ReadOnlyError(WriteError):
    """A write asked of a file opened read-only (the room's screen): nothing was written,
    not even a lock file."""


def ensure_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents owner-only; report an unwritable place clearly.

    ``mkdir(parents=True)`` would give the parents the umask's mode (0777 under umask 0),
    so each missing folder is created here, top down, with 0700. A folder that exists but
    cannot be written is opened all the same: it can be read, listed and exported from, and
    each write is refused with a clear message (``error.store_readonly``).
    """
    try:
        missing = [p for p in (path, *path.parents) if not p.exists()]
        for folder in reversed(missing):
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
    except OSError as exc:
        raise WriteError(_write_key(exc), path, exc.strerror or str(exc)) from exc
    return path


def writable(path: Path) -> bool:
    return os.access(path, os.W_OK | os.X_OK)


def _write_key(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "error.store_disk_full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "error.store_readonly"
    return "error.store_write"


def read_json_file(path: Path) -> dict[str, Any] | None:
    """Parse ``path``, its strings cleaned; None when it does not exist; CorruptFileError when it
    cannot be read or parsed. The shape of its tables is checked by :func:`checked`."""
    raw = read_bytes(path)
    return None if raw is None else parse_data(raw, path)


def read_bytes(path: Path) -> bytes | None:
    found = _read_identified(path)
    return None if found is None else found[0]


def _read_identified(path: Path) -> tuple[bytes, Identity] | None:
    """The bytes of ``path`` and the identity of the very file read (one open: no race with a
    replace); None when it does not exist."""
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            raw = fh.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CorruptFileError("error.store_unreadable", path, exc.strerror or str(exc)) from exc
    return raw, _identity(st)


def parse_data(raw: bytes, path: Path) -> dict[str, Any]:
    try:
        data = schema.parse_json(raw, constants=True)  # 0.1.0 could write NaN: it still opens
    except ValueError as exc:
        raise CorruptFileError("error.store_corrupt", path, str(exc)[:300]) from exc
    if not isinstance(data, dict) or not isinstance(data.get(META), dict):
        raise CorruptFileError("error.store_corrupt", path, "no _meta table")
    return data


def loads(raw: bytes) -> Any:
    """JSON bytes as the data files are read (``schema.parse_json``: strings cleaned, NaN and
    the like refused); ``ValueError`` when they are no JSON."""
    return schema.parse_json(raw, constants=True)


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON by orjson: the text of ``json.dumps(..., ensure_ascii=False,
    separators=(",", ":"))`` but for a float's exponent (``1e-7``, not ``1e-07``: the same
    value); the standard library for what orjson refuses (an integer beyond 64 bits)."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# What tells one version of a file from another without reading it: a replace makes a new
# inode, and the write counter in the first bytes grows with every write.
Identity = tuple[int, int, int, int]


class Snapshot(NamedTuple):
    """A file's data as this instance last read or wrote it, with what tells that version."""

    identity: Identity
    counter: int
    data: dict[str, Any]
    events_json: bytes | None  # the JSON text of a meeting's events table, as written by us


def _extend_object(text: bytes, rows: dict[str, Any]) -> bytes:
    """The JSON text of an object (``text``, as ``dumps`` wrote it) with ``rows`` added at its
    end: what ``dumps`` makes of the object with them, without serialising it again."""
    added = b",".join(dumps(key) + b":" + dumps(row) for key, row in rows.items())
    if not added:
        return text
    return text[:-1] + (b"," if text != b"{}" else b"") + added + b"}"


def _identity(st: os.stat_result) -> Identity:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def checked(data: dict[str, Any], path: Path, kind: str) -> dict[str, Any]:
    """``data`` read from ``path`` if it is a file of ``kind`` this version can read and that fits
    its schema (``store.schema``); else the reason, naming the file and the field."""
    meta = meta_of(data)
    version = meta.get("schema")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CorruptFileError("error.store_corrupt", path, "no schema version")
    if version > SCHEMA_VERSION:
        raise SchemaError("error.store_newer_schema", path, f"schema {version}")
    if meta.get("kind") != kind:
        raise SchemaError("error.store_wrong_kind", path, f"{str(meta.get('kind'))[:40]!r}")
    try:
        schema.check_file(data, kind)
    except schema.SchemaProblem as exc:
        raise CorruptFileError("error.store_corrupt", path, str(exc)[:500]) from None
    return data


def meta_of(data: dict[str, Any]) -> dict[str, Any]:
    meta = data.get(META, {}).get("1")
    return meta if isinstance(meta, dict) else {}


def atomic_write(path: Path, payload: bytes, *, keep_backup: bool = True) -> None:
    """Write ``payload`` to ``path`` so that a reader sees the old or the new file, never a mix."""
    folder = path.parent
    tmp: Path | None = None
    try:
        # Creating the temporary file is part of the write: a read-only folder or a full
        # disk fails here, and must surface as a WriteError like any later step (it used
        # to sit outside the try and escape as a bare OSError).
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        tmp = Path(tmp_name)
        try:
            platform.owner_only(fd)
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if keep_backup and path.exists():
            _link_backup(path)
        platform.replace(tmp, path)
        platform.fsync_dir(folder)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise WriteError(_write_key(exc), path, exc.strerror or str(exc)) from exc


def _link_backup(path: Path) -> None:
    """Keep the current (good) version as ``<name>.bak`` before it is replaced."""
    backup = path.with_name(path.name + ".bak")
    staging = path.with_name(f".{path.name}.bak.tmp")
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    try:
        platform.hard_link_or_copy(path, staging)
        platform.replace(staging, backup)
    except OSError:
        # A failed write must leave no stray files behind (a half-written copy on a full
        # disk, or the staging link when the rename fails); the caller reports the error.
        with contextlib.suppress(OSError):
            staging.unlink()
        raise


class FileLock:
    """The sidecar lock of one data file, served in turn.

    A bare lock file polled by every writer lets the one that just wrote take it again at once,
    while another waits for seconds (measured: 5.1 s with two writers recording continuously,
    and writers of eight dying of a timeout). So writers queue: each puts a ticket in
    ``.<name>.queue/`` (named by the system's monotonic clock, so tickets sort in the order they
    were taken) and holds a filelock on it while it waits; only the writer whose ticket is first
    tries the lock (``<name>.lock``), and the writer that just wrote queues behind everyone
    waiting. A ticket whose writer died (its lock released by the system) is removed by the
    next writer that finds it.
    """

    POLL = 0.002  # seconds between two tries of the lock, or two looks at the queue
    STALE = 1.0  # a ticket unlocked for this long belongs to a writer that died

    def __init__(self, path: Path) -> None:
        self.path = path
        self.queue = path.with_name(f".{path.name}.queue")
        self._lock = _filelock(str(path) + ".lock")
        self._ticket: Any = None

    @property
    def lock_file(self) -> str:
        return str(self._lock.lock_file)

    def acquire(self, timeout: float) -> None:
        """Take the lock within ``timeout`` seconds, in turn, or LockTimeoutError / WriteError."""
        from filelock import Timeout

        began = time.monotonic()
        if self._nobody_waits() and self.try_acquire():
            return  # nobody queued: taking the lock at once is taking it in turn
        try:
            name = self._take_ticket()
            try:
                self._wait_for_turn(name, began, timeout)
                left = max(0.0, timeout - (time.monotonic() - began))
                self._lock.acquire(timeout=left, poll_interval=self.POLL)
            finally:
                self._drop_ticket(name)
        except Timeout as exc:
            raise LockTimeoutError("error.store_locked", self.path, self.lock_file) from exc
        except OSError as exc:
            raise WriteError(_write_key(exc), self.path, exc.strerror or str(exc)) from exc

    def _nobody_waits(self) -> bool:
        """Whether no writer holds a ticket now (a dead writer's ticket counts: the queue's
        own path removes it)."""
        try:
            return not any(n.endswith(".lock") for n in os.listdir(self.queue))
        except FileNotFoundError:
            return True
        except OSError:
            return False

    def _take_ticket(self) -> str:
        with contextlib.suppress(FileExistsError):
            self.queue.mkdir(mode=DIR_MODE)
        name = f"{time.monotonic_ns():020d}-{os.getpid()}-{threading.get_ident()}.lock"
        self._ticket = _filelock(str(self.queue / name))
        self._ticket.acquire(timeout=self.STALE)  # a look by another writer holds it a moment
        return name

    def _drop_ticket(self, name: str) -> None:
        ticket, self._ticket = self._ticket, None
        if ticket is not None:
            ticket.release()
        with contextlib.suppress(OSError):
            (self.queue / name).unlink()

    def _wait_for_turn(self, mine: str, began: float, timeout: float) -> None:
        from filelock import Timeout  # the same error as the lock's own

        while True:
            ahead = sorted(n for n in os.listdir(self.queue) if n < mine and n.endswith(".lock"))
            if not any(self._alive(name) for name in ahead):
                return
            if time.monotonic() - began >= timeout:
                raise Timeout(self.lock_file)
            time.sleep(self.POLL)

    def _alive(self, name: str) -> bool:
        """Whether the writer of a ticket ahead still waits; a dead one's ticket is removed."""
        path = self.queue / name
        locked = platform.is_locked(path)
        if locked is None:
            return False  # gone meanwhile: its writer is through
        if locked:
            return True
        try:
            age = time.time() - path.stat().st_mtime
        except OSError:
            return False
        if age < self.STALE:
            return True  # just made, not locked yet by its writer
        with contextlib.suppress(OSError):
            path.unlink()
        return False

    def try_acquire(self) -> bool:
        """Take the lock only if it is free now (no waiting, no error)."""
        from filelock import Timeout

        try:
            self._lock.acquire(timeout=0)
        except (Timeout, OSError):
            return False
        return True

    def release(self) -> None:
        self._lock.release()

    @contextlib.contextmanager
    def held(self, timeout: float) -> Iterator[None]:
        self.acquire(timeout)
        try:
            yield
        finally:
            self.release()


def _filelock(path: str) -> Any:
    from filelock import FileLock as _FileLock  # imported on the first write, not at start

    return _FileLock(path, mode=FILE_MODE, thread_local=False)


def remove_leftovers(path: Path) -> list[Path]:
    """Delete the temporary files that writes of ``path`` cut short left behind (a kill, a power
    cut between the write and the rename). Call with the file's lock held: no write of it is
    under way then, so every such file is a leftover."""
    removed: list[Path] = []
    prefix = f".{path.name}."
    try:
        names = [n for n in os.listdir(path.parent) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return removed
    for name in names:
        leftover = path.parent / name
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def has_leftovers(path: Path, names: list[str] | None = None) -> bool:
    prefix = f".{path.name}."
    if names is None:
        try:
            names = os.listdir(path.parent)
        except OSError:
            return False
    return any(n.startswith(prefix) and n.endswith(".tmp") for n in names)


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic replace, fsync, sidecar lock, schema version, write counter.

    Safe to share between threads of one process (a worker exporting while the screen
    records): a re-entrant thread lock is held around every read and transaction, and the
    sidecar file lock keeps other processes out. The file lock alone is not enough: it is
    re-entrant across the threads of a process, so a second thread would walk in.

    Every file read is checked against its schema (``store.schema``) before it is used, and
    every file written is checked before it replaces the old one: a damaged file is refused
    and never copied to ``.bak``, which only ever holds a file that was read and checked.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        kind: str = "data",
        lock_timeout: float = LOCK_TIMEOUT,
        *,
        read_only: bool = False,
    ) -> None:
        self.path = Path(path)
        self.kind = kind
        self.lock_timeout = lock_timeout
        self.read_only = read_only
        if not read_only:
            ensure_dir(self.path.parent)
        self._lock: FileLock | None = None  # made on the first write: reads never lock the file
        self._threads = threading.RLock()
        self._tx: dict[str, Any] | None = None
        self._tx_dirty = False
        self.last_counter = 0
        # The data of this instance's last write or transaction read, with the file's identity
        # and counter then: the next transaction uses it instead of parsing the file again.
        self._snapshot: Snapshot | None = None
        # In a transaction: the events table as read (its events were checked), the events
        # appended by append(), whether anything else changed the data, and the JSON text of
        # the events table as read when this instance knows it (its own last write).
        self._tx_events: dict[str, Any] | None = None
        self._tx_appended: list[str] = []
        self._tx_other = False
        self._tx_body: bytes | None = None

    @property
    def lock(self) -> threading.RLock:
        """The thread lock held around every read and transaction (re-entrant)."""
        return self._threads

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (reads then see data not yet on disk)."""
        return self._tx is not None

    # -- the TinyDB storage interface -------------------------------------------------
    def read(self) -> dict[str, Any] | None:
        with self._threads:
            if self._tx is not None:
                return self._tx
            return self._read_checked()

    def write(self, data: dict[str, Any]) -> None:
        with self._threads:
            self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        if self._tx is not None:
            self._tx = data
            self._tx_dirty = True
            self._tx_other = True
            return
        with self.transaction() as fresh:
            # ``data`` may have been read before the lock was taken, while another process
            # wrote; its counter is then stale, and counting on from it would repeat a value
            # that watchers have already seen. Count on from the file as it is now.
            meta = data.setdefault(META, {}).setdefault("1", {})
            meta["counter"] = max(int(meta.get("counter", 0)), int(meta_of(fresh).get("counter", 0)))
            self._tx = data
            self._tx_dirty = True
            self._tx_other = True

    def close(self) -> None:
        pass

    # -- transactions -------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[dict[str, Any]]:
        """Hold the lock, read the freshest data, and write it once at the end if changed."""
        with self._threads:
            if self._tx is not None:  # nested in this thread: join the outer transaction
                yield self._tx
                return
            with self._file_transaction() as data:
                yield data

    def file_lock(self) -> FileLock:
        if self._lock is None:
            self._lock = FileLock(self.path)
        return self._lock

    @contextlib.contextmanager
    def _file_transaction(self) -> Iterator[dict[str, Any]]:
        if self.read_only:  # every write goes through here: refused before the lock file is made
            raise ReadOnlyError("error.read_only", self.path)
        if not writable(self.path.parent):
            raise WriteError("error.store_readonly", self.path.parent)
        lock = self.file_lock()
        lock.acquire(self.lock_timeout)
        try:
            remove_leftovers(self.path)  # no write of this file is under way: we hold its lock
            # The snapshot is taken away for the transaction, which may change its data: it is
            # kept again only after a successful write, or when nothing was changed.
            snapshot, self._snapshot = self._snapshot, None
            if snapshot is None or not self._still_on_disk(snapshot):
                snapshot = self._read_snapshot()
            self._tx = snapshot.data if snapshot is not None else self._empty()
            # The events of a meeting are appended, never changed: those already checked (read
            # and checked, or written by us) are not checked again when the file is written.
            events = self._tx.get("events") if self.kind == "meeting" else None
            self._tx_events = events if isinstance(events, dict) else None
            self._tx_body = snapshot.events_json if snapshot is not None else None
            self._tx_appended = []
            self._tx_other = False
            self._tx_dirty = False
            yield self._tx
            if self._tx_dirty:
                self._write_file(self._tx)
            else:
                self._snapshot = snapshot
        finally:
            self._tx = None
            self._tx_dirty = False
            self._tx_events = self._tx_body = None
            self._tx_appended = []
            lock.release()

    def clean_leftovers(self, names: list[str] | None = None) -> None:
        """Remove the temporary files of cut-short writes, if the file is not being written now."""
        if self.read_only or not has_leftovers(self.path, names) or not writable(self.path.parent):
            return
        with self._threads:
            lock = self.file_lock()
            if lock.try_acquire():
                try:
                    remove_leftovers(self.path)
                finally:
                    lock.release()

    def mark_dirty(self) -> None:
        """The open transaction's data was changed in place: it is written, all of it checked
        but the events read."""
        if self._tx is None:  # pragma: no cover - a programming error
            raise RuntimeError("mark_dirty outside a transaction")
        self._tx_dirty = True
        self._tx_other = True

    def append(self, table_name: str, doc_id: str, doc: dict[str, Any]) -> None:
        """Add ``doc`` under ``doc_id`` to the open transaction's ``table_name`` (ValueError if the
        id is taken, as TinyDB's insert). A meeting's event added so is checked alone, and its
        JSON text added to the events' text: the write does not grow with the meeting."""
        if self._tx is None:  # pragma: no cover - a programming error
            raise RuntimeError("append outside a transaction")
        rows = self._tx.setdefault(table_name, {})
        if doc_id in rows:
            raise ValueError(f"Document with ID {doc_id} already exists")
        rows[doc_id] = doc
        self._tx_dirty = True
        if table_name == "events" and rows is self._tx_events:
            self._tx_appended.append(doc_id)
        else:
            self._tx_other = True

    # -- internals ---------------------------------------------------------------------
    def _empty(self) -> dict[str, Any]:
        return {META: {"1": {"schema": SCHEMA_VERSION, "kind": self.kind, "counter": 0}}}

    def _still_on_disk(self, snapshot: Snapshot) -> bool:
        """Whether the file is still the one the snapshot was taken from (same inode, size,
        modification time and write counter); if so the counter is taken as read."""
        identity, counter = snapshot.identity, snapshot.counter
        try:
            with self.path.open("rb") as fh:
                if _identity(os.fstat(fh.fileno())) != identity:
                    return False
                head = fh.read(256)
        except OSError:
            return False
        match = _COUNTER.search(head)
        if match is None or int(match.group(1)) != counter:
            return False
        self.last_counter = counter
        return True

    def _read_checked(self) -> dict[str, Any] | None:
        snapshot = self._read_snapshot()
        return None if snapshot is None else snapshot.data

    def _read_snapshot(self) -> Snapshot | None:
        """Read the file, parse it (its strings cleaned) and check it against its schema:
        (its identity, its counter, its data); None when absent."""
        found = _read_identified(self.path)
        if found is None:
            return None
        raw, identity = found
        data = checked(parse_data(raw, self.path), self.path, self.kind)
        self.last_counter = int(meta_of(data).get("counter", 0))
        return Snapshot(identity, self.last_counter, data, None)

    def _write_file(self, data: dict[str, Any]) -> None:
        meta = data.setdefault(META, {}).setdefault("1", {})
        meta.update(schema=SCHEMA_VERSION, kind=self.kind)
        counter = int(meta.get("counter", 0)) + 1
        meta["counter"] = counter
        events = data.get("events")
        # Only events appended to the events read: those alone are checked, and their text is
        # added to the text of the events read, when this instance wrote that text itself.
        appended_only = (
            not self._tx_other and events is self._tx_events and events is not None and len(data) == 2
        )
        try:
            # What replaces the file must fit its schema too: a file is never written that the
            # next read would refuse (and then copy into .bak with the write after it).
            if appended_only:
                assert isinstance(events, dict)
                schema.check_file(
                    {META: data[META], "events": {k: events[k] for k in self._tx_appended}}, self.kind
                )
            else:
                schema.check_file(data, self.kind, known_events=self._tx_known())
        except schema.SchemaProblem as exc:
            meta["counter"] = counter - 1
            raise StoreError("error.store_shape_write", self.path, str(exc)[:500]) from None
        if next(iter(data)) != META:  # counter first, where watchers read it
            ordered = {META: data[META], **{k: v for k, v in data.items() if k != META}}
            data.clear()
            data.update(ordered)
        self._snapshot = None
        body: bytes | None = None
        if self.kind == "meeting" and isinstance(events, dict) and list(data) == [META, "events"]:
            if appended_only and self._tx_body is not None:
                body = _extend_object(self._tx_body, {k: events[k] for k in self._tx_appended})
            else:
                body = dumps(events)
            payload = b'{"_meta":' + dumps(data[META]) + b',"events":' + body + b"}"
        else:
            payload = dumps(data)
        try:
            atomic_write(self.path, payload)
        except WriteError:
            meta["counter"] = counter - 1
            raise
        self.last_counter = counter
        # Still under the file lock, so the file is the one just written; should anything have
        # replaced it in between, its counter (in the key) tells it apart.
        with contextlib.suppress(OSError):
            self._snapshot = Snapshot(_identity(os.stat(self.path)), counter, data, body)

    def _tx_known(self) -> frozenset[str]:
        """The ids of the transaction's events read (and so checked) and not appended since."""
        if self._tx_events is None:
            return frozenset()
        return frozenset(self._tx_events).difference(self._tx_appended)


def open_db(
    path: Path, kind: str, lock_timeout: float = LOCK_TIMEOUT, *, read_only: bool = False
) -> tuple[TinyDB, AtomicJSONStorage]:
    """A TinyDB on an atomic storage; query caches are off so nothing is served stale."""
    db = TinyDB(path, storage=AtomicJSONStorage, kind=kind, lock_timeout=lock_timeout, read_only=read_only)
    storage = db.storage
    assert isinstance(storage, AtomicJSONStorage)
    return db, storage


def table(db: TinyDB, name: str):  # type: ignore[no-untyped-def]
    """A table with no query cache and no remembered next id (another process may write)."""
    from tinydb.table import Table

    return Table(db.storage, name, cache_size=0)


_COUNTER = re.compile(rb'"counter":(\d+)')


def file_counter(path: Path) -> int | None:
    """The write counter of a file, read without the lock (a replace is atomic).

    ``_meta`` is the first table of every file, so the counter sits in the first bytes:
    watching a file costs a 256-byte read, not a parse, and catches every write even when
    two fall inside one filesystem timestamp tick.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(256)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CorruptFileError("error.store_unreadable", path, exc.strerror or str(exc)) from exc
    match = _COUNTER.search(head)
    if match and head.startswith(b'{"_meta"'):
        return int(match.group(1))
    data = read_json_file(path)
    if data is None:
        return None
    counter = meta_of(data).get("counter", 0)
    return counter if isinstance(counter, int) and not isinstance(counter, bool) else 0


def _counter_of(path: Path) -> int:
    """The highest write counter ``path`` is known by, even when the file is damaged: 0 when
    none can be read."""
    try:
        counter = file_counter(path)
    except StoreError:
        try:
            head = path.read_bytes()[:4096]
        except OSError:
            return 0
        match = _COUNTER.search(head)
        return int(match.group(1)) if match else 0
    return counter or 0


def restore_backup(path: Path, lock_timeout: float = LOCK_TIMEOUT) -> Path:
    """Put ``<name>.bak`` back in place of ``path``; the damaged file is kept aside.

    Safe with screens open on the file: it holds the file's lock like every write, the copy
    put back is checked against its schema first and read back after, and its write counter
    is set past every counter the file has had, so the counter only grows and every other
    process sees a change and reads the file again.
    """
    path = Path(path)
    backup = path.with_name(path.name + ".bak")
    good = read_json_file(backup)  # raises if the backup is unreadable too
    if good is None:
        raise StoreError("error.store_no_backup", backup)
    kind = str(meta_of(good).get("kind", ""))
    checked(good, backup, kind)  # a backup that does not fit its schema is not put back
    if not writable(path.parent):
        raise WriteError("error.store_readonly", path.parent)
    with FileLock(path).held(lock_timeout):
        remove_leftovers(path)
        aside: Path | None = None
        if path.exists():
            n = 1
            while path.with_name(f"{path.name}.damaged-{n}").exists():
                n += 1
            aside = path.with_name(f"{path.name}.damaged-{n}")
            # Keep the damaged file aside by a link, not a move: if writing the good copy
            # then fails (disk full, read-only), the path must still hold a file. With a move
            # it was left empty, and an empty path reads as "no cell yet".
            try:
                platform.hard_link_or_copy(path, aside)
            except OSError as exc:
                with contextlib.suppress(OSError):
                    aside.unlink()
                raise WriteError(_write_key(exc), path, exc.strerror or str(exc)) from exc
        meta = good[META].setdefault("1", {})
        # Every write keeps the file it replaces as .bak, so the last write counted one past the
        # backup; the damaged file may tell a higher value. Count on past both: a value a
        # watcher has seen with other events is never given to the restored copy.
        meta["counter"] = max(_counter_of(path), int(meta.get("counter", 0)) + 1) + 1
        try:
            atomic_write(path, dumps(good), keep_backup=False)
        except WriteError:
            if aside is not None:
                with contextlib.suppress(OSError):
                    aside.unlink()
            raise
        back = read_json_file(path)  # what is on disk now reads and fits, or the user hears it
        if back is None:
            raise CorruptFileError("error.store_unreadable", path, "")
        checked(back, path, kind)
    return aside or path
