"""The few file-system calls that differ between POSIX systems and Windows, in one place.

Cells run meetingtui on whatever office computer they have. Each function here does the safe
thing on either kind of system; ``POSIX`` is the one switch, and the tests flip it to prove the
Windows branches (docs/ARCHITECTURE.md, "Portability").
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

POSIX = os.name == "posix"
FILE_MODE = 0o600  # owner-only: Party records are internal
DIR_MODE = 0o700
REPLACE_RETRIES = 20  # Windows: another process reading the file holds it open for a moment
REPLACE_PAUSE = 0.05


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` survive a power cut.

    POSIX: fsync the folder. Windows cannot open a folder for fsync; NTFS journals the rename
    itself, so there is nothing more to do.
    """
    if not POSIX:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def owner_only(fd: int) -> None:
    """Owner-only permissions on an open file. On Windows files inherit the folder's access
    list (the user's profile is private to the user), and ``chmod`` only sets read-only."""
    if POSIX:
        os.fchmod(fd, FILE_MODE)


def owner_only_path(path: Path) -> None:
    if POSIX:
        os.chmod(path, FILE_MODE)


def replace(source: Path, target: Path) -> None:
    """``os.replace``, atomic on both systems. On Windows a reader that holds the target open
    makes it fail with PermissionError for a moment: try again, then report it."""
    if POSIX:
        os.replace(source, target)
        return
    for attempt in range(REPLACE_RETRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == REPLACE_RETRIES - 1:
                raise
            time.sleep(REPLACE_PAUSE)


def hard_link_or_copy(source: Path, target: Path) -> None:
    """A second name for ``source`` (a hard link costs no copy); a copy where links are refused
    (FAT drives, some network shares, Windows without the privilege)."""
    try:
        os.link(source, target)
    except OSError:
        target.write_bytes(source.read_bytes())
        with contextlib.suppress(OSError):
            owner_only_path(target)


def is_locked(path: Path) -> bool | None:
    """Whether another process holds a filelock on ``path`` now; None when there is no such file.

    A probe that never creates the file (filelock's own acquire would). POSIX: ``flock``, which
    filelock uses; Windows: ``msvcrt.locking`` of the first byte, which filelock uses there.
    """
    try:
        fd = os.open(path, os.O_RDONLY if POSIX else os.O_RDWR)
    except FileNotFoundError:
        return None
    except OSError:
        return True  # cannot look: take it for alive, the age rule is not needed then
    try:
        if POSIX:
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return True
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return False
    finally:
        os.close(fd)
