"""Exports and imports, for the command line and the app alike.

``meetingtui export resolution|minutes|archive MEETING [--format docx|md|txt] [-o PATH] [--force]``
``meetingtui import archive FILE``

Warnings (a gap the record does not fill yet) never stop an export: the document shows
``…`` there, and the warning is returned (and printed to stderr by the command line).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..clock import Clock
from ..domain.errors import DomainError
from ..domain.meeting import MeetingState
from ..domain.resolution import DOC_TITLES, Notice, resolution_of
from ..i18n import t
from ..store.repo import Repository
from .archive import archive_bytes, archive_of, import_archive
from .context import DocContext, load_context
from .minutes_doc import build_minutes
from .model import Document, notice_text
from .render_docx import render_docx
from .render_md import render_markdown
from .render_txt import render_text
from .resolution_doc import build_resolution
from .safe import ascii_name, document_stem, safe_name, write_new

WHATS = ("resolution", "minutes", "archive")
FORMATS = ("docx", "md", "txt")


@dataclass
class ExportResult:
    path: Path | None  # None when written to standard output
    warnings: list[Notice] = field(default_factory=list)


def build_document(ctx: DocContext, what: str) -> Document:
    if what == "resolution":
        return build_resolution(ctx)
    if what == "minutes":
        return build_minutes(ctx)
    raise DomainError("error.export_what_invalid", value=what)


def render(doc: Document, fmt: str, now: datetime | None = None) -> bytes:
    if fmt == "docx":
        return render_docx(doc, now=now)
    if fmt == "md":
        return render_markdown(doc).encode("utf-8")
    if fmt == "txt":
        return render_text(doc).encode("utf-8")
    raise DomainError("error.export_format_invalid", value=fmt)


def default_names(state: MeetingState, what: str, fmt: str) -> tuple[str, str]:
    """(ASCII name, Vietnamese name) for the file, built from the meeting's title and date."""
    if what == "resolution":
        kind = DOC_TITLES[resolution_of(state).kind]
    else:
        kind = {"minutes": "Biên bản", "archive": "Lưu trữ"}.get(what, what)
    ext = "json" if what == "archive" else fmt
    stem = document_stem(kind, state.title, state.date)
    return ascii_name(stem, ext), safe_name(stem, ext)


def payload_for(
    repo: Repository, meeting_id: str, what: str, fmt: str, clock: Clock
) -> tuple[bytes, list[Notice]]:
    if what == "archive":
        return archive_bytes(archive_of(repo, meeting_id, clock)), []
    ctx = load_context(repo, meeting_id)
    doc = build_document(ctx, what)
    return render(doc, fmt, clock.now()), doc.warnings


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
    repo: Repository,
    meeting_id: str,
    what: str,
    fmt: str,
    output: str | Path | None,
    clock: Clock,
    *,
    force: bool = False,
    ascii: bool = True,
) -> ExportResult:
    """Write one export; refuses to overwrite an existing file unless ``force``."""
    if what not in WHATS:
        raise DomainError("error.export_what_invalid", value=what)
    if fmt not in FORMATS:
        raise DomainError("error.export_format_invalid", value=fmt)
    state = repo.log(meeting_id).state()
    path = target_path(state, what, fmt, output, ascii=ascii)
    if path.exists() and not force:
        raise DomainError("error.export_exists", path=str(path))
    payload, warnings = payload_for(repo, meeting_id, what, fmt, clock)
    write_new(path, payload, overwrite=force)
    return ExportResult(path, warnings)


def _print_warnings(warnings: list[Notice]) -> None:
    for notice in warnings:
        print(f"meetingtui: {t('export.warning', text=notice_text(notice))}", file=sys.stderr)


def run_export(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    repo = Repository(root)
    repo.cell()  # a clear message when the folder has no cell
    fmt = "json" if args.what == "archive" else args.format
    if args.output == "-":
        repo.log(args.meeting)  # an unknown meeting is reported before anything is written
        payload, warnings = payload_for(repo, args.meeting, args.what, args.format, clock)
        _print_warnings(warnings)
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return 0
    result = export_meeting(
        repo, args.meeting, args.what, args.format, args.output, clock, force=bool(args.force)
    )
    _print_warnings(result.warnings)
    print(t("export.written", path=str(result.path), format=fmt))
    return 0


def run_import(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    del clock  # an import keeps the archive's own timestamps
    repo = Repository(root)
    result = import_archive(repo, Path(args.file))
    _print_warnings(result.warnings)
    if result.identical:
        print(t("export.import_identical", meeting=result.meeting_id))
    else:
        print(t("export.imported", meeting=result.meeting_id, path=str(root)))
    return 0
