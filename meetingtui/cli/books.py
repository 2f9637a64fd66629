"""The commands of the cell's year: ``plan``, ``dues``, ``review``, ``packet``, ``report``.

Each reads the cell through the services, as the app does. Markdown and CSV go to the screen
unless ``-o`` names a file; a DOCX always goes to a file (a safe name in the current folder by
default). A file is written whole and never over an existing one without ``--force``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.clock import Clock
from ..domain.errors import DomainError, Notice
from ..i18n import t
from ..services.files import write_new
from .commands import _cell, find_member
from .printer import say, say_bytes

if TYPE_CHECKING:
    from ..export.model import Document

# The documents' modules (python-docx above all) are imported by the command that writes one:
# ``meetingtui`` itself builds this parser on every start and must not wait for them.


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    def out(parser: argparse.ArgumentParser, formats: tuple[str, ...], default: str) -> None:
        parser.add_argument(
            "--format", choices=formats, default=default, help=t("cli.h.format", default=default)
        )
        parser.add_argument("-o", "--output", metavar="PATH", help=t("year.h.output"))
        parser.add_argument("--force", action="store_true", help=t("cli.h.force"))

    plan = sub.add_parser("plan", help=t("year.h.plan"))
    plan.add_argument("year", type=int)
    plan.add_argument("--window", metavar="D1-D2", help=t("year.h.window"))
    plan.add_argument("--topic", nargs=2, metavar=("QUARTER", "TITLE"), help=t("year.h.topic"))
    plan.add_argument("--presenter", metavar="NAME", help=t("year.h.presenter"))
    plan.add_argument("--month", type=int, metavar="M", help=t("year.h.topic_month"))
    out(plan, ("md", "docx"), "md")

    dues = sub.add_parser("dues", help=t("year.h.dues"))
    dues.add_argument("year", type=int)
    dues.add_argument("--month", type=int, metavar="M", help=t("year.h.dues_month"))
    out(dues, ("md", "csv", "docx"), "md")

    review = sub.add_parser("review", help=t("year.h.review"))
    review.add_argument("year", type=int)
    which = review.add_mutually_exclusive_group()
    which.add_argument("--month", type=int, metavar="M", help=t("year.h.review_month"))
    which.add_argument(
        "--quarter", type=int, choices=(1, 2, 3, 4), metavar="N", help=t("year.h.review_quarter")
    )
    out(review, ("md", "csv", "docx"), "md")

    packet = sub.add_parser("packet", help=t("year.h.packet"))
    packet.add_argument("meeting", help=t("cli.h.meeting_id"))
    packet.add_argument("-o", "--output", metavar="DIR", help=t("year.h.packet_output"))
    packet.add_argument("--zip", action="store_true", help=t("year.h.packet_zip"))
    packet.add_argument("--force", action="store_true", help=t("cli.h.force"))
    packet.add_argument("--sent", nargs="?", const="now", metavar="WHEN", help=t("year.h.packet_sent"))
    packet.add_argument("--to", default="", metavar="TEXT", help=t("year.h.packet_to"))

    report = sub.add_parser("report", help=t("year.h.report"))
    report.add_argument("month", nargs="?", metavar="YYYY-MM", help=t("year.h.report_month"))
    report.add_argument("--archives", metavar="DIR", help=t("year.h.report_archives"))
    out(report, ("md", "csv", "docx"), "docx")


def _warn(warnings: list[Notice]) -> None:
    from ..export.model import notice_text

    for notice in warnings:
        say(f"meetingtui: {t('export.warning', text=notice_text(notice))}", err=True)


def deliver(clock: Clock, doc: Document, args: argparse.Namespace, *, csv_text: str | None = None) -> int:
    """The document in the format asked: on the screen (Markdown, CSV), or in a file."""
    from ..export.render_docx import render_docx
    from ..export.render_md import render_markdown
    from ..export.safe import ascii_name

    fmt = args.format
    _warn(doc.warnings)
    if fmt == "csv":
        if csv_text is None:
            raise DomainError("error.export_format_invalid", value=fmt)
        text, payload = csv_text, csv_text.encode("utf-8")  # export.csv_out: formulas neutralised, BOM first
    elif fmt == "md":
        text = render_markdown(doc)
        payload = text.encode("utf-8")
    else:
        text, payload = "", render_docx(doc, now=clock.now())
    if args.output == "-" or (args.output is None and fmt != "docx"):
        if fmt == "docx":
            return 0 if say_bytes(payload, text=False) else 1
        say(text, end="")
        return 0
    name = ascii_name(doc.title, fmt)
    path = Path(args.output).expanduser() if args.output else Path.cwd() / name
    if path.is_dir():
        path = path / name
    write_new(path, payload, overwrite=bool(args.force))
    say(t("export.written", path=str(path), format=fmt))
    return 0


def _window(text: str) -> tuple[str, str]:
    first, sep, last = text.replace("–", "-").partition("-")
    if not sep:
        raise DomainError("error.plan_day_invalid", value=text)
    return first.strip(), last.strip()


def plan(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui plan YYYY [--window D1-D2] [--topic Q TITLE [--presenter NAME] [--month M]]``."""
    from ..export.plan_doc import build_plan

    cell = _cell(root, clock)
    books = cell.planning()
    if args.window:
        first, last = _window(args.window)
        books.set_window(args.year, first, last)
    if args.topic:
        quarter, title = args.topic
        if not quarter.isdigit():
            raise DomainError("error.plan_quarter_invalid", value=quarter)
        presenter = find_member(cell, args.presenter).id if args.presenter else ""
        books.add_topic(args.year, int(quarter), title, presenter=presenter, month=args.month or 0)
    doc = build_plan(cell.cell(), cell.members(), books.plan(args.year), cell.today())
    return deliver(clock, doc, args)


def dues(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui dues YYYY [--month M] [--format md|csv|docx] [-o PATH]``."""
    from ..export.dues_doc import build_dues_month, build_dues_year, dues_csv

    cell = _cell(root, clock)
    if args.month is not None and not 1 <= args.month <= 12:
        raise DomainError("error.month_invalid", value=str(args.month))
    ledger = cell.dues().ledger(args.year)
    info, members, today = cell.cell(), cell.members(), cell.today()
    if args.month is None:
        doc = build_dues_year(info, members, ledger, today)
    else:
        doc = build_dues_month(info, members, ledger, args.month, today)
    return deliver(clock, doc, args, csv_text=dues_csv(ledger, args.month, info.utc_offset_hours))


def review(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui review YYYY [--month M | --quarter N] [--format md|csv|docx] [-o PATH]``."""
    from ..domain.grading import period_of

    cell = _cell(root, clock)
    period = period_of(args.year, args.month, args.quarter)
    doc, csv_text = cell.reviews().documents(period, detail=args.format == "md")
    return deliver(clock, doc, args, csv_text=csv_text)


def packet(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui packet MEETING [-o DIR] [--zip] [--force] [--sent [WHEN]] [--to TEXT]``."""
    from ..domain.dates import parse_moment
    from ..services.packet import write_packet

    cell = _cell(root, clock)
    result = write_packet(cell, args.meeting, args.output, as_zip=bool(args.zip), force=bool(args.force))
    _warn(result.warnings)
    for path in result.paths:
        say(t("export.written", path=str(path), format="zip" if args.zip else "docx"))
    if args.sent:
        when = None if args.sent == "now" else parse_moment(args.sent, cell.cell().utc_offset_hours)
        sent = cell.planning().record_packet_sent(args.meeting, sent_at=when, to=args.to, files=result.files)
        key = "packet.sent_late" if sent.late else "packet.sent_ok"
        say(t(key, hours=f"{sent.hours_ahead:g}"))
    return 0


def report(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui report YYYY-MM`` (the month's report upward) or ``report --archives DIR``."""
    if args.archives:
        from ..export.report_doc import archives_csv, build_archives_summary
        from ..services.reports import archive_rows, read_archives

        archives = read_archives(Path(args.archives))  # every file checked before anything is written
        rows = archive_rows(archives)
        doc = build_archives_summary(rows, len(archives))
        return deliver(clock, doc, args, csv_text=archives_csv(rows))
    from ..services.reports import month_report_doc

    if not args.month:
        raise DomainError("error.report_what")
    text = args.month.strip()
    if len(text) != 7 or text[4] != "-" or not text[:4].isdigit() or not text[5:].isdigit():
        raise DomainError("error.month_invalid", value=text)
    if args.format == "csv":
        raise DomainError("error.export_format_invalid", value="csv")
    cell = _cell(root, clock)
    return deliver(clock, month_report_doc(cell, int(text[:4]), int(text[5:])), args)
