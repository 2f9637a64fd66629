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
from ..export import docx_template
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


TEMPLATES = "templates"  # DATA/templates/resolution.docx, minutes.docx: the cell's own layout


def template_path(cell: CellService, what: str) -> Path:
    """Where the cell keeps its own Word template for ``what`` (resolution or minutes)."""
    return cell.root / TEMPLATES / f"{what}.docx"


def payload_for(cell: CellService, meeting_id: str, what: str, fmt: str) -> tuple[bytes, list[Notice]]:
    """The bytes of one export, and the warnings about gaps in it.

    A DOCX comes from the cell's own template when it has one; a template that cannot be
    filled is reported (naming the placeholder) and the built-in layout is used."""
    if what == "archive":
        return archive_bytes(archive_of(cell.repo, meeting_id, cell.clock)), []
    doc = build_document(cell.document_context(meeting_id, what), what)
    path = template_path(cell, what)
    if fmt == "docx" and path.is_file():
        try:
            return docx_template.render(doc, path.read_bytes(), now=cell.clock.now()), doc.warnings
        except (OSError, docx_template.TemplateProblem) as exc:
            placeholder = getattr(exc, "placeholder", "") or str(exc)
            detail = getattr(exc, "detail", "")
            warnings = [
                *doc.warnings,
                Notice(
                    "warn.template_broken", {"path": str(path), "placeholder": placeholder, "detail": detail}
                ),
            ]
            return render(doc, fmt, cell.clock.now()), warnings
    return render(doc, fmt, cell.clock.now()), doc.warnings


def write_template(cell: CellService, what: str, output: str | Path | None, *, force: bool = False) -> Path:
    """The built-in layout of ``what`` written out as a template for the cell to edit: into
    its data folder (where exports then use it) unless ``output`` says elsewhere."""
    if what not in docx_template.KINDS:
        raise DomainError("error.export_what_invalid", value=what)
    path = Path(output).expanduser() if output else template_path(cell, what)
    if path.is_dir():
        path = path / f"{what}.docx"
    if not output:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_new(path, docx_template.default_template(what), overwrite=force)
    return path


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
    if cell.read_only:  # the room's screen writes no file either
        raise DomainError("error.read_only_role", role=cell.actor)
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
