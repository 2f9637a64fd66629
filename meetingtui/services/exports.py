"""Exports to files, for the app and the command line alike: the resolution, the minutes or the
archive of a meeting, written whole and never over an existing file unless asked.

Warnings (a gap the record does not fill yet) never stop an export: the document shows ``…``
there, and the warning is returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import DomainError, Notice
from ..domain.resolution import DOC_TITLES
from ..domain.state import MeetingState
from ..export.documents import FORMATS, WHATS, build_document, render
from ..export.safe import ascii_name, document_stem, safe_name
from ..interchange.archive import archive_bytes, archive_of
from .cell import CellService
from .files import write_new


@dataclass
class ExportResult:
    path: Path | None  # None when written to standard output
    warnings: list[Notice] = field(default_factory=list)


def default_names(state: MeetingState, what: str, fmt: str) -> tuple[str, str]:
    """(ASCII name, Vietnamese name) for the file, built from the meeting's title and date."""
    if what == "resolution":
        kind = DOC_TITLES[state.resolution.kind]
    else:
        kind = {"minutes": "Biên bản", "archive": "Lưu trữ"}.get(what, what)
    ext = "json" if what == "archive" else fmt
    stem = document_stem(kind, state.title, state.date)
    return ascii_name(stem, ext), safe_name(stem, ext)


def payload_for(cell: CellService, meeting_id: str, what: str, fmt: str) -> tuple[bytes, list[Notice]]:
    """The bytes of one export, and the warnings about gaps in it."""
    if what == "archive":
        return archive_bytes(archive_of(cell.repo, meeting_id, cell.clock)), []
    doc = build_document(cell.document_context(meeting_id, what), what)
    return render(doc, fmt, cell.clock.now()), doc.warnings


def target_path(
    state: MeetingState, what: str, fmt: str, output: str | Path | None, *, ascii: bool = True
) -> Path:
    """Where an export goes: ``output`` as given, or a safe default name in it (a folder) or here."""
    names = default_names(state, what, fmt)
    name = names[0] if ascii else names[1]
    if output is None or str(output) == "":
        return Path.cwd() / name
    path = Path(output).expanduser()
    return path / name if path.is_dir() else path


def export_meeting(
    cell: CellService,
    meeting_id: str,
    what: str,
    fmt: str,
    output: str | Path | None,
    *,
    force: bool = False,
    ascii: bool = True,
) -> ExportResult:
    """Write one export; refuses to overwrite an existing file unless ``force``."""
    if what not in WHATS:
        raise DomainError("error.export_what_invalid", value=what)
    if fmt not in FORMATS:
        raise DomainError("error.export_format_invalid", value=fmt)
    state = cell.meeting(meeting_id).state()
    path = target_path(state, what, fmt, output, ascii=ascii)
    if path.exists() and not force:
        raise DomainError("error.export_exists", path=str(path))
    payload, warnings = payload_for(cell, meeting_id, what, fmt)
    write_new(path, payload, overwrite=force)
    return ExportResult(path, warnings)
