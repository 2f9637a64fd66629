"""Reports upward: a cell's month to its upper committee, and a đảng ủy's table of the archives
its cells send (``meetingtui report``)."""

from __future__ import annotations

from pathlib import Path

from ..domain.agenda import MeetingType
from ..domain.attendance import counts_now
from ..domain.dues import SHORT, UNPAID
from ..domain.errors import DomainError
from ..domain.rules import percent_text
from ..domain.state import MeetingState
from ..domain.text import fold
from ..export.model import Document
from ..export.report_doc import ArchiveRow, ReportFacts, build_month_report
from ..i18n import error_text
from ..interchange.archive import Archive, read_archive
from ..queries.books import month_report
from .cell import CellService

MAX_NAMED = 5  # files named in the message when a folder holds things that are not archives


def month_facts(cells: CellService, year: int, month: int) -> ReportFacts:
    if not 1 <= month <= 12:
        raise DomainError("error.month_invalid", value=str(month))
    report = month_report(cells.repo, year, month, cells.today())
    collected = remitted = None
    on, due = "", 0
    behind: tuple[str, ...] = ()
    if report.dues is not None:
        total = report.dues.months[month - 1]
        collected, due = total.collected, total.members_due
        if total.remittance is not None:
            remitted, on = total.remittance.amount, total.remittance.on
        behind = tuple(r.name for r in report.dues.members if r.months[month - 1].status in (UNPAID, SHORT))
    return ReportFacts(
        year=year,
        month=month,
        regular=report.regular,
        others=report.others,
        packet=report.packet,
        tasks_reviewed=report.tasks_reviewed,
        tasks_done=report.tasks_done,
        collected=collected,
        members_due=due,
        remitted=remitted,
        remitted_on=on,
        unpaid_names=behind,
    )


def month_report_doc(cells: CellService, year: int, month: int) -> Document:
    return build_month_report(cells.cell(), cells.members(), month_facts(cells, year, month), cells.today())


# -- many cells' archives ------------------------------------------------------------------------------
def archive_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` (sub-folders too), hidden ones (``.DS_Store``) left out."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise DomainError("error.archives_not_folder", path=str(folder))
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def read_archives(folder: Path) -> list[Archive]:
    """Every archive in the folder, or a refusal naming the files that are not archives (and why)."""
    archives, bad = [], []
    files = archive_files(folder)
    if not files:
        raise DomainError("error.archives_empty", path=str(folder))
    for path in files:
        try:
            archives.append(read_archive(path))
        except DomainError as exc:
            bad.append(f"{path.name}: {error_text(exc)}")
    if bad:
        more = f" (+{len(bad) - MAX_NAMED})" if len(bad) > MAX_NAMED else ""
        raise DomainError(
            "error.archives_bad_files",
            path=str(folder),
            count=len(bad),
            files="; ".join(bad[:MAX_NAMED]) + more,
        )
    return archives


def _months(first: str, last: str) -> list[str]:
    out, year, month = [], int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _row(cell: str, month: str, states: list[MeetingState]) -> ArchiveRow:
    regular = [s for s in states if s.type is MeetingType.REGULAR and s.date.startswith(month)]
    ended = [s for s in regular if s.ended_at is not None]
    if not ended:
        return ArchiveRow(cell, month, regular[-1].id if regular else "", False, 0, "", "")
    state = ended[-1]
    assert state.ended_at is not None
    rate = percent_text(counts_now(state).rate * 100) + "%" if state.attendance else ""
    grade = state.score.grade if state.score else ""
    return ArchiveRow(cell, month, state.id, True, round(state.elapsed(state.ended_at) / 60), rate, grade)


def archive_rows(archives: list[Archive]) -> list[ArchiveRow]:
    """A row per cell per month, from each cell's first archived month to its last; a month
    with no regular meeting held (or none sent) is a row that says so."""
    by_cell: dict[str, tuple[str, dict[str, MeetingState]]] = {}
    for archive in archives:
        key = fold(archive.cell.name)
        name, states = by_cell.setdefault(key, (archive.cell.name, {}))
        states[archive.state.id] = archive.state  # the same meeting sent twice counts once
    rows = []
    for _key, (name, states) in sorted(by_cell.items()):
        cell_states = [s for s in states.values() if s.type is not MeetingType.COMMITTEE and len(s.date) >= 7]
        if not cell_states:
            continue
        months = _months(min(s.date[:7] for s in cell_states), max(s.date[:7] for s in cell_states))
        rows += [_row(name, month, cell_states) for month in months]
    return rows
