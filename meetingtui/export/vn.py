"""How dates, times, names and counts are written in a Party document (always Vietnamese)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from ..domain.criticism import CELL, COMMITTEE
from ..domain.meeting import MeetingState
from ..domain.people import ROLE_TITLES_VI, Cell, Role
from ..domain.resolution import GAP
from ..text import fold


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def long_date(value: str) -> str:
    """``ngày 05 tháng 02 năm 2026`` (leading zeros, as Hướng dẫn 36 asks)."""
    day = parse_date(value)
    if day is None:
        return f"ngày {GAP} tháng {GAP} năm {GAP}"
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def short_date(value: str) -> str:
    """``20/11/2026``."""
    day = parse_date(value)
    return GAP if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def month_text(period: str) -> str:
    """``tháng 12 năm 2026`` from ``2026-12``."""
    if len(period) != 7:
        return f"tháng {GAP} năm {GAP}"
    return f"tháng {int(period[5:7])} năm {period[:4]}"


def month_short(period: str) -> str:
    """``12/2026`` from ``2026-12``."""
    return GAP if len(period) != 7 else f"{int(period[5:7])}/{period[:4]}"


def local(when: datetime, cell: Cell) -> datetime:
    return when.astimezone(timezone(timedelta(hours=cell.utc_offset_hours)))


def clock_text(when: datetime | None, cell: Cell) -> str:
    """``14 giờ 05 phút`` in the cell's local time."""
    if when is None:
        return f"{GAP} giờ {GAP} phút"
    at = local(when, cell)
    return f"{at.hour} giờ {at.minute:02d} phút"


def place_date(cell: Cell, day: str) -> str:
    """``Lào Cai, ngày 05 tháng 02 năm 2026``."""
    return f"{cell.place or GAP}, {long_date(day)}"


def with_prefix(name: str, prefix: str) -> str:
    """``Chi bộ Ban Dân tộc`` stays; ``Ban Dân tộc`` becomes ``Chi bộ Ban Dân tộc``."""
    if not name:
        return f"{prefix} {GAP}"
    return name if fold(name).startswith(fold(prefix)) else f"{prefix} {name}"


def upper_body_caps(cell: Cell) -> str:
    return with_prefix(cell.upper_body, "Đảng bộ").upper()


def cell_caps(cell: Cell) -> str:
    return with_prefix(cell.name, "Chi bộ").upper()


def upper_committee(cell: Cell) -> str:
    """``Đảng ủy Khối Cơ quan – Doanh nghiệp tỉnh`` from the upper body's name."""
    body = cell.upper_body.strip()
    if not body:
        return f"Đảng ủy {GAP}"
    if fold(body).startswith("dang bo "):
        body = body[len("Đảng bộ ") :]
    return f"Đảng ủy {body}"


def member_role(state: MeetingState, member_id: str) -> Role:
    try:
        return Role(state.roster.get(member_id, {}).get("role", ""))
    except ValueError:
        return Role.NONE


def comrade(state: MeetingState, member_id: str) -> str:
    """``đồng chí Nguyễn Thị C`` (``…`` when nobody is named)."""
    return f"đồng chí {state.member_name(member_id)}" if member_id else GAP


def comrade_with_role(state: MeetingState, member_id: str) -> str:
    """``đồng chí Nông Văn Thắng, Bí thư chi bộ``."""
    if not member_id:
        return GAP
    role = member_role(state, member_id)
    if role is Role.NONE:
        return comrade(state, member_id)
    return f"{comrade(state, member_id)}, {ROLE_TITLES_VI[role]} chi bộ"


def owner_text(state: MeetingState, owner: str, *, lower: bool = False) -> str:
    """Who leads a task: ``Đồng chí X``, ``Chi ủy``, ``Toàn chi bộ`` (lower case inside a sentence)."""
    if owner == COMMITTEE:
        text = "Chi ủy"
    elif owner == CELL:
        text = "Toàn chi bộ"
    elif owner:
        text = f"Đồng chí {state.member_name(owner)}"
    else:
        return GAP
    return text[:1].lower() + text[1:] if lower else text


def number_text(value: object) -> str:
    """``5.0`` -> ``5``, ``4.5`` -> ``4,5`` (Vietnamese decimal comma); anything else as text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}".replace(".", ",")


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def guest_name(name: str) -> str:
    """A guest as named in the record; ``đồng chí`` added unless the clerk already wrote it."""
    folded = fold(name)
    if folded.startswith(("dong chi", "d/c", "dc ", "ong ", "ba ")):
        return name
    return f"đồng chí {name}"
