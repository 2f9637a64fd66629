"""The one way the command line puts text on a terminal.

What it prints may hold stored text (names, titles, a value an error message quotes), and a
data folder or an archive may have been edited by anyone: every line goes through
:func:`meetingtui.domain.text.printable`, so no escape sequence of theirs reaches the terminal
(a changed window title, a wiped screen, a fake prompt).
"""

from __future__ import annotations

import sys
from typing import TextIO

from ..domain.text import printable
from ..i18n import t


def say(text: str = "", *, err: bool = False, end: str = "\n") -> None:
    """Print ``text`` (to standard error with ``err``), control sequences removed."""
    stream: TextIO = sys.stderr if err else sys.stdout
    stream.write(printable(text) + end)


def say_bytes(payload: bytes, *, text: bool) -> bool:
    """An export to standard output (``-o -``). Text is cleaned like every printed line; a
    binary file (DOCX) goes out as it is, only when standard output is not a terminal.
    False (and a message) when it was refused."""
    sys.stdout.flush()
    if text:
        sys.stdout.buffer.write(printable(payload.decode("utf-8", "replace")).encode("utf-8"))
    elif sys.stdout.isatty():
        say(t("cli.binary_to_terminal"), err=True)
        return False
    else:
        sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()
    return True
