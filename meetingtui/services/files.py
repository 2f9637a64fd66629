"""Writing the files a user asks for (exports, reports, notices): whole, owner-only, and never
over an existing file unless asked."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from ..domain.errors import DomainError
from ..i18n import t
from ..store.storage import WriteError, atomic_write


def write_new(path: Path, payload: bytes, *, overwrite: bool = False) -> None:
    """Write ``payload`` to ``path`` whole (temporary file, fsync, rename), owner-only.

    Without ``overwrite`` an existing file is refused (DomainError ``error.export_exists``),
    and the check is atomic: the new file is linked into place only if the name is free.
    """
    path = Path(path)
    if path.is_dir():
        raise DomainError("error.export_is_folder", path=str(path))
    if not path.parent.is_dir():
        raise DomainError("error.export_no_folder", path=str(path.parent))
    if overwrite:
        atomic_write(path, payload, keep_backup=False)
        return
    if path.exists():
        raise DomainError("error.export_exists", path=str(path))
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # fails if the name was taken meanwhile
        except FileExistsError:
            raise DomainError("error.export_exists", path=str(path)) from None
        except OSError:  # no hard links here (some network or FAT drives)
            if path.exists():
                raise DomainError("error.export_exists", path=str(path)) from None
            os.replace(tmp, path)
            tmp = None
    except OSError as exc:
        raise WriteError("error.store_write", path, exc.strerror or str(exc)) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def write_text_file(path: Path, text: str, encoding: str = "utf-8") -> None:
    """A report the user asked for, owner-only like the rest of the cell's records."""
    data = text.encode(encoding)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def emit(text: str, output: str | None, force: bool = False) -> int:
    """Print, or write to a file (never over an existing one)."""
    if not output:
        sys.stdout.write(text)
        return 0
    path = Path(output)
    if path.exists() and not force:
        print(t("cli.exists", path=str(path)), file=sys.stderr)
        return 1
    path.write_text(text, encoding="utf-8")
    print(t("cli.written", path=str(path)))
    return 0
