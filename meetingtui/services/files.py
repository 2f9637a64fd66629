"""The one writer of the files a user asks for: every ``-o PATH`` of the command line and every
file the app writes outside the data folder (exports, reports, notices, the year).

A file is written whole or not at all: into a temporary file beside it (owner-only, 0600,
whatever the umask), fsynced, then put in place by a rename, which never follows a symbolic
link. Refused, with the reason: an existing file without ``overwrite`` (``--force``); a
symbolic link (even dangling), a folder, a FIFO, a device or a socket at that name, ever; a
folder that does not exist. On a full disk the old file is left whole and the user is told so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from ..domain.errors import DomainError
from ..store import platform
from ..store.storage import WriteError


def _existing(path: Path) -> bool:
    """Whether ``path`` names a regular file; DomainError for anything else that is there."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WriteError("error.output_failed", path, exc.strerror or str(exc)) from exc
    if stat.S_ISLNK(info.st_mode):
        raise DomainError("error.output_symlink", path=str(path))
    if stat.S_ISDIR(info.st_mode):
        raise DomainError("error.export_is_folder", path=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise DomainError("error.output_not_file", path=str(path))
    return True


def write_new(path: Path, payload: bytes, *, overwrite: bool = False) -> None:
    """Write ``payload`` to ``path`` whole, owner-only; never over a file without ``overwrite``.

    Without ``overwrite`` the check is atomic: the new file is linked into place only if the
    name is still free when it is ready.
    """
    path = Path(path)
    existed = _existing(path)
    if existed and not overwrite:
        raise DomainError("error.export_exists", path=str(path))
    if not path.parent.is_dir():
        raise DomainError("error.export_no_folder", path=str(path.parent))
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        try:
            platform.owner_only(fd)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            _existing(path)  # nothing else has taken the name meanwhile
            platform.replace(tmp, path)  # replaces the name itself: a link swapped in is not followed
            tmp = None
        else:
            _link_into_place(tmp, path)
        with contextlib.suppress(OSError):
            platform.fsync_dir(path.parent)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            key = "error.output_disk_full_kept" if existed else "error.output_disk_full"
        elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            key = "error.output_readonly"
        else:
            key = "error.output_failed"
        raise WriteError(key, path, exc.strerror or str(exc)) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _link_into_place(tmp: Path, path: Path) -> None:
    """``tmp`` becomes ``path`` only if no file (nor link) has that name."""
    try:
        os.link(tmp, path, follow_symlinks=False)
        return
    except FileExistsError:
        _existing(path)  # a link, a folder... says what it is
        raise DomainError("error.export_exists", path=str(path)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
    # No hard links here (some network or FAT drives): reserve the name, then rename onto it.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        os.close(os.open(path, flags, 0o600))
    except FileExistsError:
        raise DomainError("error.export_exists", path=str(path)) from None
    platform.replace(tmp, path)
