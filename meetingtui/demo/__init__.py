"""The built-in demo cell (``data/demo/demo_cell.json``), modelled on the seed article."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.agenda import data_text
from ..domain.clock import Clock
from ..domain.people import Cell, Member, local_today
from ..services.cell import CellService
from .calendar import demo_calendar


def demo_source() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_text("demo/demo_cell.json"))
    return data


def create_demo(root: Path, clock: Clock, *, history: bool = True) -> CellService:
    """Create the demo cell in ``root``; when a cell is already there, just open it.

    ``history`` adds the three recorded past meetings (tests of a fresh cell leave them out).
    """
    service = CellService.open(root, clock, "demo")
    if service.has_cell():
        return service
    src = demo_source()
    cell = service.save_cell(Cell.from_dict(src["cell"]))
    service.add_members([Member.from_dict(m) for m in src["members"]])
    meeting = src["meeting"]
    today = date.fromisoformat(local_today(cell, clock))
    service.create_meeting(
        meeting["type"],
        demo_calendar(today, cell.meeting_day)[1].isoformat(),  # today, or the next meeting day
        time=meeting["time"],
        place=meeting["place"],
        chair=meeting["chair"],
        presenters=meeting["presenters"],
    )
    if history:
        from .history import add_demo_history  # only when the demo is first created

        add_demo_history(service, clock)
        from .year import add_demo_year

        add_demo_year(service, clock)
    return service
