"""The ``meetingtui`` command: the app, the demo cell, and the command-line tools."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .clock import SystemClock
from .domain.errors import DomainError
from .i18n import LANGUAGES, error_text, resolve_language, set_language, t
from .paths import ENV_DATA, default_data_dir, demo_data_dir, resolve_data_dir, settings_path
from .settings import load_settings
from .store.repo import Repository
from .store.storage import StoreError, restore_backup


def _parser() -> argparse.ArgumentParser:
    """The command line, its help in the interface language (documents stay Vietnamese)."""
    default = str(default_data_dir())
    parser = argparse.ArgumentParser(
        prog="meetingtui",
        description=t("cli.h.description", env=ENV_DATA, default=default, settings=str(settings_path())),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"meetingtui {__version__}")
    parser.add_argument("--data", metavar="DIR", help=t("cli.h.data", env=ENV_DATA, default=default))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.h.lang"))
    parser.add_argument("--role", choices=("chair", "clerk", "room"), default="chair", help=t("cli.h.role"))
    parser.add_argument("--meeting", metavar="ID", help=t("cli.h.meeting"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help=t("cli.h.demo"))
    demo.add_argument("--data", dest="demo_data", metavar="DIR", help=t("cli.h.demo_data"))

    sub.add_parser("meetings", help=t("cli.h.meetings"))

    roster = sub.add_parser("roster", help=t("cli.h.roster"))
    roster_sub = roster.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    imp = roster_sub.add_parser("import", help=t("cli.h.roster_import"))
    imp.add_argument("file", help=t("cli.h.csv"))

    export = sub.add_parser("export", help=t("cli.h.export"))
    export.add_argument("what", choices=("resolution", "minutes", "archive"))
    export.add_argument("meeting", help=t("cli.h.meeting_id"))
    export.add_argument(
        "--format", choices=("docx", "md", "txt"), default="docx", help=t("cli.h.format", default="docx")
    )
    export.add_argument("-o", "--output", metavar="PATH", help=t("cli.h.output"))
    export.add_argument("--force", action="store_true", help=t("cli.h.force"))

    imp_archive = sub.add_parser("import", help=t("cli.h.import"))
    imp_archive.add_argument("what", choices=("archive",))
    imp_archive.add_argument("file")

    member = sub.add_parser("member", help=t("cli.h.member"))
    member_sub = member.add_subparsers(dest="member_command", metavar="ACTION", required=True)
    history = member_sub.add_parser("history", help=t("cli.h.history"))
    history.add_argument("name", help=t("cli.h.name"))
    history.add_argument("--year", type=int, help=t("cli.h.only_year"))
    history.add_argument(
        "--format", choices=("md", "csv"), default="md", help=t("cli.h.format", default="md")
    )
    history.add_argument("-o", "--output", metavar="PATH", help=t("cli.h.output_screen"))

    tasks = sub.add_parser("tasks", help=t("cli.h.tasks"))
    tasks.add_argument("--member", required=True, help=t("cli.h.name"))
    tasks.add_argument(
        "--format", choices=("md", "txt"), default="txt", help=t("cli.h.format", default="txt")
    )
    tasks.add_argument("-o", "--output", metavar="PATH", help=t("cli.h.output_screen"))

    year = sub.add_parser("year", help=t("cli.h.year"))
    year.add_argument("year", type=int)
    year.add_argument("--format", choices=("md", "csv"), default="md", help=t("cli.h.format", default="md"))
    year.add_argument("-o", "--output", metavar="PATH", help=t("cli.h.output_screen"))

    restore = sub.add_parser("restore", help=t("cli.h.restore"))
    restore.add_argument("file", help=t("cli.h.restore_file"))
    return parser


def _language_before_parsing(argv: Sequence[str], saved: str | None) -> str:
    """``--lang`` is read before the parser is built, so that its help is in that language."""
    flag = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            flag = argv[i + 1]
        elif arg.startswith("--lang="):
            flag = arg.split("=", 1)[1]
    return resolve_language(flag, saved)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    settings = load_settings()
    set_language(_language_before_parsing(argv, settings.lang))
    args = _parser().parse_args(argv)
    args.settings = settings
    try:
        return _run(args)
    except (StoreError, DomainError) as exc:
        print(f"meetingtui: {error_text(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    clock = SystemClock()
    if args.command == "demo":
        from .demo import create_demo

        root = Path(args.demo_data or args.data or demo_data_dir())
        create_demo(root, clock)
        print(t("cli.demo_folder", path=str(root)))
        return _run_app(root, args)
    root, _source = resolve_data_dir(args.data)
    if args.command == "meetings":
        return _list_meetings(root)
    if args.command == "roster":
        return _roster_import(root, Path(args.file))
    if args.command == "export":
        from .export.commands import run_export

        return run_export(root, args, clock)
    if args.command == "import":
        from .export.commands import run_import

        return run_import(root, args, clock)
    if args.command == "member":
        from .history import run_member_history

        return run_member_history(root, args, clock)
    if args.command == "tasks":
        return _member_tasks(root, args, clock)
    if args.command == "year":
        return _year(root, args)
    if args.command == "restore":
        aside = restore_backup(Path(args.file))
        print(t("cli.restored", path=args.file, aside=str(aside)))
        return 0
    return _run_app(root, args)


def _run_app(root: Path, args: argparse.Namespace) -> int:
    # A damaged cell file stops here, with its name, before any screen opens.
    Repository(root).has_cell()
    from .ui.app import make_app  # Textual is imported only when a screen is needed

    settings = args.settings
    app = make_app(
        root,
        role=args.role,
        lang=resolve_language(args.lang, settings.lang),
        meeting_id=args.meeting,
        keymap=settings.keys,
        settings_problem=settings.problem,
    )
    app.run()
    return 0


def _roster_import(root: Path, path: Path) -> int:
    from .roster_io import ImportRefused, merge_key, read_members

    repo = Repository(root)
    repo.cell()  # a clear message when the folder has no cell yet
    try:
        members, shared = read_members(path)
    except ImportRefused as exc:
        print(t("cli.import_refused", path=str(path), count=len(exc.errors)), file=sys.stderr)
        for err in exc.errors:
            print(f"  {path}:{err.line}: {t(err.key, value=err.value)}", file=sys.stderr)
        return 1
    existing = {merge_key(m) for m in repo.members()}
    new = [m for m in members if merge_key(m) not in existing]
    repo.save_members(new)
    print(t("cli.imported", count=len(new), skipped=len(members) - len(new), path=str(root)))
    for name in shared:
        print(t("cli.shared_name", name=name))
    return 0


def _emit(text: str, output: str | None, force: bool = False) -> int:
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


def find_member(repo: Repository, query: str) -> str:
    """One member id for a typed name ("huong", "nth"), or a DomainError listing the candidates."""
    from .domain.search import match_rank

    members = {m.id: m for m in repo.members()}
    ranks = {mid: match_rank(query, m.name) for mid, m in members.items()}
    matched = {mid: r for mid, r in ranks.items() if r is not None}
    if not matched:
        raise DomainError("error.member_not_found", name=query)
    best = min(matched.values())
    top = [members[mid] for mid, r in matched.items() if r == best]
    if len(top) > 1:
        names = "; ".join(f"{m.name} ({m.group or '…'}, {m.joined or '…'})" for m in top)
        raise DomainError("error.member_ambiguous", name=query, candidates=names)
    return top[0].id


def _member_tasks(root: Path, args: argparse.Namespace, clock: SystemClock) -> int:
    from .domain.people import local_today
    from .task_sheet import member_task_sheet

    repo = Repository(root)
    member_id = find_member(repo, args.member)
    today = local_today(repo.cell(), clock)
    return _emit(member_task_sheet(repo, member_id, today, args.format), args.output)


def _year(root: Path, args: argparse.Namespace) -> int:
    from .year import to_csv, to_markdown, year_summary

    summary = year_summary(Repository(root), args.year)
    return _emit(to_csv(summary) if args.format == "csv" else to_markdown(summary), args.output)


def _list_meetings(root: Path) -> int:
    repo = Repository(root)
    meetings = repo.meetings()
    if not meetings:
        print(t("cli.no_meetings", path=str(root)))
        return 0
    for info in meetings:
        print(f"{info.id}\t{info.date}\t{t('meeting.status.' + info.status)}\t{info.title}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
