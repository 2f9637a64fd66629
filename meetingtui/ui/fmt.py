"""Small display helpers. User text always becomes a rich ``Text``: never parsed as markup.

Dates and times are formatted by ``domain.dates`` (one home for every dd/mm/yyyy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rich.text import Text

from ..i18n import language, t

# The rules' and documents' modules are imported where a number is written: ``lit`` is used by
# the home screen, the first one drawn, which writes none.


def lit(value: object, style: str = "") -> Text:
    """``value`` shown literally: ``[bold]x[/]`` stays ``[bold]x[/]``."""
    return Text(str(value), style=style, end="")


def duration(seconds: float) -> str:
    """``mm:ss`` (or ``h:mm:ss`` past an hour); a leading ``+`` for overtime when negative."""
    sign = "+" if seconds < 0 else ""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    body = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return sign + body


def minutes(seconds: float) -> str:
    return f"{int(round(seconds / 60))}′"


def percent(value: float) -> str:
    """A percentage as the interface language writes it: ``96,2`` in Vietnamese, ``96.2`` in
    English (documents always use the Vietnamese comma)."""
    from ..domain.rules import percent_text

    text = percent_text(value)
    return text.replace(",", ".") if language() == "en" else text


def number(value: object) -> str:
    """A score or count as the interface language writes it (``4,5`` / ``4.5``)."""
    from ..export.vn import number_text

    text = number_text(value)
    return text.replace(",", ".") if language() == "en" else text


class SheetLine(Protocol):
    """A line of a score sheet or of a member's review sheet, as a table row shows it."""

    @property
    def title(self) -> str: ...
    @property
    def max(self) -> float: ...
    @property
    def points(self) -> float: ...
    @property
    def confirmed(self) -> bool: ...


def sheet_row(line: SheetLine, num: Callable[[float], str]) -> tuple[Text, Text, Text, Text]:
    """The line's title, its maximum and points (written by ``num``), confirmed or suggested."""
    state = (
        Text(t("score.confirmed"), style="bold")
        if line.confirmed
        else Text(t("score.suggested"), style="dim")
    )
    return lit(line.title), lit(num(line.max)), lit(num(line.points)), state
