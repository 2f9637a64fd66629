"""Small display helpers. User text always becomes a rich ``Text``: never parsed as markup."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

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


def local_time(when: datetime | None, offset_hours: int) -> str:
    if when is None:
        return "--:--"
    return when.astimezone(timezone(timedelta(hours=offset_hours))).strftime("%H:%M")


def vi_date(iso: str) -> str:
    """``2026-12-20`` -> ``20/12/2026``, as dates are typed and read here; "" stays ""."""
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"
