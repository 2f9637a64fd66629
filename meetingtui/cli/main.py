"""The ``meetingtui`` command: the app, the demo cell, and the command-line tools."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from .. import __version__
from ..domain.clock import SystemClock
from ..domain.errors import AppError
from ..domain.text import printable
from ..i18n import LANGUAGES, error_text, resolve_language, set_language, t
from ..services.paths import ENV_DATA, default_data_dir, demo_data_dir, resolve_data_dir, settings_path
from ..services.settings import load_settings
from . import books, commands
from .argparse_text import in_interface_language
from .printer import say

SERVE_ROLES = ("room", "chair", "clerk")


class _Parser(argparse.ArgumentParser):
    """argparse echoes what was typed ("invalid choice: …"): through the one printer too."""

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (file or sys.stderr).write(printable(message))


class _NotAStart(Exception):
    """The start parser met what only the whole command line knows."""


class _StartParser(_Parser):
    """``meetingtui [options]`` and ``meetingtui demo``: the app's own starts, read without
    building every command's parser (4 ms of each start). Anything else it does not know
    (another command, a mistake) is left to the whole command line, which says it as before."""

    def error(self, message: str) -> NoReturn:
        raise _NotAStart(message)


def _start_args(argv: Sequence[str]) -> argparse.Namespace | None:
    if any(arg.startswith("-h") or arg in ("--help", "--version") for arg in argv):
        return None
    try:
        return _parser(starts_only=True).parse_args(argv)
    except _NotAStart:
        return None


def _parser(*, starts_only: bool = False) -> argparse.ArgumentParser:
    """The command line, its help in the interface language (documents stay Vietnamese).
    ``starts_only``: the app's options and ``demo`` alone (see ``_StartParser``)."""
    default = str(default_data_dir())
    parser = (_StartParser if starts_only else _Parser)(
        prog="meetingtui",
        description=t("cli.h.description", env=ENV_DATA, default=default, settings=str(settings_path())),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"meetingtui {__version__}", help=t("cli.h.version")
    )
    parser.add_argument("--data", metavar="DIR", help=t("cli.h.data", env=ENV_DATA, default=default))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.h.lang"))
    parser.add_argument("--role", choices=("chair", "clerk", "room"), default="chair", help=t("cli.h.role"))
    parser.add_argument("--meeting", metavar="ID", help=t("cli.h.meeting"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help=t("cli.h.demo"))
    demo.add_argument("--data", dest="demo_data", metavar="DIR", help=t("cli.h.demo_data"))
    if starts_only:
        return parser

    sub.add_parser("meetings", help=t("cli.h.meetings"))

    roster = sub.add_parser("roster", help=t("cli.h.roster"))
    roster_sub = roster.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    listing = roster_sub.add_parser("list", help=t("cli.h.roster_list"))
    listing.add_argument("--all", action="store_true", help=t("cli.h.roster_all"))
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

    template = sub.add_parser("template", help=t("cli.h.template"))
    template_sub = template.add_subparsers(dest="template_command", metavar="ACTION", required=True)
    write = template_sub.add_parser("write", help=t("cli.h.template_write"))
    write.add_argument("what", choices=("resolution", "minutes"))
    write.add_argument("-o", "--output", metavar="PATH", help=t("cli.h.template_output"))
    write.add_argument("--force", action="store_true", help=t("cli.h.force"))

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
    history.add_argument("--force", action="store_true", help=t("cli.h.force"))

    tasks = sub.add_parser("tasks", help=t("cli.h.tasks"))
    tasks.add_argument("--member", required=True, help=t("cli.h.name"))
    tasks.add_argument(
        "--format", choices=("md", "txt"), default="txt", help=t("cli.h.format", default="txt")
    )
    tasks.add_argument("-o", "--output", metavar="PATH", help=t("cli.h.output_screen"))
    tasks.add_argument("--force", action="store_true", help=t("cli.h.force"))

    year = sub.add_parser("year", help=t("cli.h.year"))
    year.add_argument("year", type=int)
    year.add_argument("--format", choices=("md", "csv"), default="md", help=t("cli.h.format", default="md"))
    year.add_argument("-o", "--output", metavar="PATH", help=t("cli.h.output_screen"))
    year.add_argument("--force", action="store_true", help=t("cli.h.force"))

    books.add_parsers(sub)

    restore = sub.add_parser("restore", help=t("cli.h.restore"))
    restore.add_argument("file", help=t("cli.h.restore_file"))

    serve = sub.add_parser("serve", help=t("cli.h.serve"))
    serve.add_argument(
        "--role", dest="serve_roles", action="append", choices=SERVE_ROLES, help=t("cli.h.serve_role")
    )
    serve.add_argument("--host", default="127.0.0.1", help=t("cli.h.serve_host"))
    serve.add_argument("--port", type=int, default=8000, help=t("cli.h.serve_port", default=8000))
    serve.add_argument("--meeting", dest="serve_meeting", metavar="ID", help=t("cli.h.serve_meeting"))
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
    with in_interface_language():  # argparse's own "usage:", "options:", "error:" too
        args = _start_args(argv) or _parser().parse_args(argv)
    args.settings = settings
    try:
        return _run(args)
    except AppError as exc:
        say(f"meetingtui: {error_text(exc)}", err=True)
        return 2
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    clock = SystemClock()
    if args.command == "demo":
        from ..demo import create_demo

        root = Path(args.demo_data or args.data or demo_data_dir())
        create_demo(root, clock)
        say(t("cli.demo_folder", path=str(root)))
        return commands.run_app(root, args, clock)
    root, _source = resolve_data_dir(args.data)
    run = {
        "meetings": commands.list_meetings,
        "roster": commands.roster,
        "export": commands.run_export,
        "import": commands.run_import,
        "template": commands.write_template,
        "member": commands.member_history,
        "tasks": commands.member_tasks,
        "year": commands.year,
        "plan": books.plan,
        "dues": books.dues,
        "review": books.review,
        "packet": books.packet,
        "report": books.report,
        "restore": commands.restore,
        "serve": commands.serve,
    }.get(args.command or "", commands.run_app)
    if run is not commands.run_app:
        gc.enable()  # off while starting (meetingtui.launch); no screen opens to turn it on
    return run(root, args, clock)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
