"""The built-in demo cell (``data/demo/demo_cell.json``), modelled on the seed article."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .clock import Clock
from .domain.agenda import data_text
from .domain.people import Cell, Member, local_today
from .store.repo import Repository


def demo_source() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_text("demo/demo_cell.json"))
    return data


def create_demo(root: Path, clock: Clock, *, history: bool = True) -> Repository:
    """Create the demo cell in ``root``; when a cell is already there, just open it.

    ``history`` adds the three recorded past meetings (tests of a fresh cell leave them out).
    """
    repo = Repository(root)
    if repo.has_cell():
        return repo
    src = demo_source()
    cell = Cell.from_dict(src["cell"])
    repo.save_cell(cell)
    repo.save_members(Member.from_dict(m) for m in src["members"])
    meeting = src["meeting"]
    repo.create_meeting(
        meeting["type"],
        local_today(cell, clock),
        clock=clock,
        by="demo",
        time=meeting["time"],
        place=meeting["place"],
        chair=meeting["chair"],
        presenters=meeting["presenters"],
    )
    if history:
        from .demo_history import add_demo_history  # only when the demo is first created

        add_demo_history(repo, clock)
    return repo
