"""How dates, times, names and counts are written in a Party document (always Vietnamese)."""

from __future__ import annotations

from datetime import datetime

from ..domain.dates import local, long_date
from ..domain.people import BODY, CELL, COMMITTEE, ROLE_TITLES_VI, Cell, Role
from ..domain.state import MeetingState
from ..domain.text import GAP, fold


def clock_text(when: datetime | None, cell: Cell) -> str:
    """``14 giờ 05 phút`` in the cell's local time."""
    if when is None:
        return f"{GAP} giờ {GAP} phút"
    at = local(when, cell.utc_offset_hours)
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
    member = state.roster.get(member_id)
    return member.role if member is not None else Role.NONE


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
    elif owner.startswith(BODY):
        return owner[len(BODY) :]  # a body's name is written as the cell gave it
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
