"""The packet of a meeting, written as DOCX files in one folder (or one zip), and the record of
when it was sent (docs/DOMAIN.md, "The packet")."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..domain.dates import local
from ..domain.errors import DomainError, Notice
from ..export.packet import PacketFile, packet_files
from ..export.render_docx import render_docx
from ..export.safe import ascii_name
from ..store.storage import ensure_dir
from .cell import CellService
from .files import write_new


@dataclass
class PacketResult:
    paths: list[Path]
    files: list[str]  # the documents' names, in reading order
    warnings: list[Notice] = field(default_factory=list)


def packet_documents(cells: CellService, meeting_id: str) -> list[PacketFile]:
    state = cells.meeting(meeting_id).state()
    ctx = cells.document_context(meeting_id)
    topics = cells.planning().plan_state(int(state.date[:4])).topics
    return packet_files(ctx, cells.members(), topics, cells.today())


def _zip(files: list[tuple[str, bytes]], when: datetime) -> bytes:
    """One zip, its entries stamped with the clock's time (the same packet, the same bytes)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, payload)
    return buffer.getvalue()


def write_packet(
    cells: CellService,
    meeting_id: str,
    output: str | Path | None,
    *,
    as_zip: bool = False,
    force: bool = False,
) -> PacketResult:
    """Write the packet into ``output`` (a folder, made if missing; the current folder when
    None), as ``goi-tai-lieu-<meeting>/`` with one DOCX per document, or one zip. An existing
    file is never overwritten without ``force``; nothing is written unless every file can be."""
    state = cells.meeting(meeting_id).state()
    docs = packet_documents(cells, meeting_id)
    now = cells.clock.now()
    rendered = [(f.name, render_docx(f.doc, now=now)) for f in docs]
    warnings: list[Notice] = []
    for f in docs:
        for notice in f.doc.warnings:
            if notice not in warnings:
                warnings.append(notice)
    base = Path(output).expanduser() if output else Path.cwd()
    stem = ascii_name(f"goi tai lieu {state.id}")
    if as_zip:
        target = base / (stem + ".zip") if base.is_dir() or not base.suffix else base
        if not target.parent.is_dir():
            raise DomainError("error.export_no_folder", path=str(target.parent))
        if target.exists() and not force:
            raise DomainError("error.export_exists", path=str(target))
        stamp = local(now, cells.cell().utc_offset_hours)
        write_new(target, _zip(rendered, stamp), overwrite=force)
        return PacketResult([target], [name for name, _ in rendered], warnings)
    if base.exists() and not base.is_dir():
        raise DomainError("error.export_is_file", path=str(base))
    if not base.exists() and not base.parent.is_dir():
        raise DomainError("error.export_no_folder", path=str(base.parent))
    folder = base / stem
    paths = [folder / name for name, _ in rendered]
    taken = [p for p in paths if p.exists()]
    if taken and not force:
        raise DomainError("error.export_exists", path=str(taken[0]))
    ensure_dir(folder)
    for path, (_, payload) in zip(paths, rendered, strict=True):
        write_new(path, payload, overwrite=force)
    return PacketResult(paths, [name for name, _ in rendered], warnings)
