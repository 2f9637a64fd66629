"""Small display helpers. User text always becomes a rich ``Text``: never parsed as markup.

Dates and times are formatted by ``domain.dates`` (one home for every dd/mm/yyyy).
"""

from __future__ import annotations

from rich.text import Text


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
