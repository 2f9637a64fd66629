"""The command-line tools, each a function of the data folder, the parsed arguments and the clock.

They go through the services like the app does; what they print is in the interface language,
the documents they write are Vietnamese.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain.clock import Clock
from ..domain.dates import short_date
from ..domain.errors import DomainError, Notice
from ..domain.people import Member
from ..domain.search import find_members
from ..i18n import resolve_language, t
from ..services.cell import CellService
from ..services.files import write_new
from .printer import say, say_bytes


def _cell(root: Path, clock: Clock) -> CellService:
    """The cell in ``root``; a clear message when the folder has no cell yet."""
    service = CellService.open(root, clock, "cli")
    service.cell()
    return service


def run_app(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    # A damaged cell file stops here, with its name, before any screen opens.
    CellService.open(root, clock).has_cell()
    from ..ui.app import make_app  # Textual is imported only when a screen is needed

    settings = args.settings
    app = make_app(
        root,
        role=args.role,
        lang=resolve_language(args.lang, settings.lang),
        meeting_id=args.meeting,
        keymap=settings.keys,
        settings_problem=settings.problem,
        freeze_start=True,
    )
    app.run()
    return 0


def list_meetings(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    meetings = CellService.open(root, clock).meetings()
    if not meetings:
        say(t("cli.no_meetings", path=str(root)))
        return 0
    for info in meetings:
        say(f"{info.id}\t{info.date}\t{t('meeting.status.' + info.status)}\t{info.title}")
    return 0


def roster(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui roster list`` / ``meetingtui roster import FILE.csv``."""
    if args.roster_command == "import":
        return roster_import(root, args, clock)
    return roster_list(root, args, clock)


def roster_list(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """The roster, one member a line: id, name, category, role, party group, joined."""
    cell = _cell(root, clock)
    members = cell.members(include_retired=args.all)
    if not members:
        print(t("cli.roster_empty", path=str(root)))
        return 0
    for member in members:
        parts = [
            member.id,
            member.name,
            t(f"category.{member.category.value}"),
            t(f"role.{member.role.value}") if member.role else "—",
            member.group or "—",
            short_date(member.joined, "—"),
        ]
        if member.retired_on:
            parts.append(t("history.retired", date=short_date(member.retired_on)))
        print("\t".join(parts))
    return 0


def roster_import(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    from ..interchange.roster_csv import ImportRefused, merge_key, read_members

    path = Path(args.file)
    cell = _cell(root, clock)
    try:
        members, shared = read_members(path)
    except ImportRefused as exc:
        say(t("cli.import_refused", path=str(path), count=len(exc.errors)), err=True)
        for err in exc.errors:
            say(f"  {path}:{err.line}: {t(err.key, value=err.value)}", err=True)
        return 1
    existing = {merge_key(m) for m in cell.members()}
    new = [m for m in members if merge_key(m) not in existing]
    cell.add_members(new)
    say(t("cli.imported", count=len(new), skipped=len(members) - len(new), path=str(root)))
    for name in shared:
        say(t("cli.shared_name", name=name))
    return 0


def _print_warnings(warnings: list[Notice]) -> None:
    from ..export.model import notice_text  # not on the way to the screens: imported here

    for notice in warnings:
        say(f"meetingtui: {t('export.warning', text=notice_text(notice))}", err=True)


def run_export(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui export resolution|minutes|archive MEETING [--format] [-o PATH] [--force]``."""
    from ..services.exports import export_meeting, payload_for

    cell = _cell(root, clock)
    fmt = "json" if args.what == "archive" else args.format
    if args.output == "-":
        cell.meeting(args.meeting)  # an unknown meeting is reported before anything is written
        payload, warnings = payload_for(cell, args.meeting, args.what, args.format)
        _print_warnings(warnings)
        return 0 if say_bytes(payload, text=fmt != "docx") else 1
    result = export_meeting(cell, args.meeting, args.what, args.format, args.output, force=bool(args.force))
    _print_warnings(result.warnings)
    say(t("export.written", path=str(result.path), format=fmt))
    return 0


def write_template(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui template write resolution|minutes [-o PATH] [--force]``."""
    from ..services.exports import template_path, write_template

    cell = _cell(root, clock)
    path = write_template(cell, args.what, args.output, force=bool(args.force))
    say(t("cli.template_written", path=str(path)))
    if path != template_path(cell, args.what):
        say(t("cli.template_where", path=str(template_path(cell, args.what))))
    return 0


def run_import(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui import archive FILE``; an import keeps the archive's own timestamps."""
    from ..interchange.archive import import_archive

    result = import_archive(CellService.open(root, clock).repo, Path(args.file))
    _print_warnings(result.warnings)
    if result.identical:
        say(t("export.import_identical", meeting=result.meeting_id))
    else:
        say(t("export.imported", meeting=result.meeting_id, path=str(root)))
    return 0


def candidate_line(member: Member) -> str:
    parts = [member.name, member.group or "—", t("history.joined", date=short_date(member.joined, "—"))]
    if member.retired_on:
        parts.append(t("history.retired", date=short_date(member.retired_on)))
    return f"  {member.id}  " + " · ".join(parts)


def choose(found: list[Member], query: str) -> Member | None:
    """One of several members a typed name matches: listed (all of them), then, at a terminal,
    asked for by number; None when the user gives none or nobody can be asked."""
    say(t("history.ambiguous", name=query, count=len(found)), err=True)
    for n, member in enumerate(found, start=1):
        say(f"{n:>3}." + candidate_line(member), err=True)
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return None
    try:
        answer = input(t("cli.choose_member", count=len(found))).strip()
    except EOFError:
        return None
    if answer.isdigit() and 1 <= int(answer) <= len(found):
        return found[int(answer) - 1]
    return None


def member_history(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui member history NAME [--year YYYY] [--format md|csv] [-o PATH]``."""
    from ..export.member_history import render_csv, render_markdown

    cell = _cell(root, clock)
    found = find_members(cell.members(), args.name)
    if not found:
        say(t("history.no_match", name=args.name), err=True)
        return 1
    chosen = found[0] if len(found) == 1 else choose(found, args.name)
    if chosen is None:
        return 1
    member = chosen
    rows = cell.member_history(member.id, args.year)
    if args.format == "csv":
        text = render_csv(rows)  # with its byte-order mark: spreadsheets read the Vietnamese
    else:
        text = render_markdown(member, rows, cell_name=cell.cell().name, year=args.year, made_on=cell.today())
    if not args.output or args.output == "-":
        say(text, end="" if text.endswith("\n") else "\n")
        return 0
    path = Path(args.output).expanduser()
    write_new(path, text.encode("utf-8"), overwrite=bool(args.force))
    say(t("history.written", path=str(path), name=member.name, count=len(rows)))
    return 0


def find_member(cell: CellService, query: str) -> Member:
    """One member for a typed name ("huong", "nth"), or a DomainError listing the candidates."""
    found = find_members(cell.members(), query)
    if not found:
        raise DomainError("error.member_not_found", name=query)
    if len(found) > 1:
        chosen = choose(found, query)
        if chosen is None:
            names = "; ".join(f"{m.name} ({m.group or '…'}, {short_date(m.joined)})" for m in found)
            raise DomainError("error.member_ambiguous", name=query, candidates=names)
        return chosen
    return found[0]


def member_tasks(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui tasks --member NAME [--format md|txt] [-o PATH]``."""
    from ..export.task_sheet import member_task_sheet

    cell = _cell(root, clock)
    member = find_member(cell, args.member)
    sheet = member_task_sheet(cell.cell(), member, cell.member_tasks(member.id), cell.today(), args.format)
    return emit(sheet, args.output, bool(args.force))


def year(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui year YYYY [--format md|csv] [-o PATH]``."""
    from ..export.year import to_csv, to_markdown

    summary = _cell(root, clock).year(args.year)
    return emit(
        to_csv(summary) if args.format == "csv" else to_markdown(summary), args.output, bool(args.force)
    )


def emit(text: str, output: str | None, force: bool = False) -> int:
    """Print ``text``, or write it to ``output`` through the one writer (never over a file
    without ``--force``, never through a link, whole or not at all)."""
    if not output or output == "-":
        say(text, end="")
        return 0
    path = Path(output).expanduser()
    write_new(path, text.encode("utf-8"), overwrite=force)
    say(t("cli.written", path=str(path)))
    return 0


def restore(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui restore FILE``: the last good copy back in place of a damaged file."""
    from ..store.storage import restore_backup

    aside = restore_backup(Path(args.file))
    say(t("cli.restored", path=args.file, aside=str(aside)))
    return 0


def serve(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui serve [--role room|chair|clerk]… [--host H] [--port P] [--meeting ID]``:
    the app in a browser, through textual-serve; the room's screen unless other roles are asked."""
    cells = CellService.open(root, clock, "room")  # the server itself only reads
    cells.cell()  # no cell in the folder: said here, before anything listens
    from ..ui.serve import MeetingServer, new_tokens  # aiohttp and textual-serve load only here

    server = MeetingServer(
        cells,
        new_tokens(args.serve_roles or ["room"]),
        host=args.host,
        port=args.port,
        meeting_id=args.serve_meeting or args.meeting,
        lang=resolve_language(args.lang, args.settings.lang),
    )
    try:
        server.serve()
    except OSError as exc:
        detail = exc.strerror or str(exc)
        say(
            f"meetingtui: {t('serve.cannot_listen', host=args.host, port=args.port, detail=detail)}", err=True
        )
        return 2
    return 0
