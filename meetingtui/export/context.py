"""What a document is made from: the cell, the meeting, and the cell's earlier resolutions."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.errors import Notice
from ..domain.people import Cell
from ..domain.resolution import PriorTask
from ..domain.state import MeetingState


@dataclass
class DocContext:
    cell: Cell
    state: MeetingState
    earlier: list[PriorTask] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)  # the warnings before the vote
    origins: dict[str, str] = field(default_factory=dict)  # meeting id -> "Nghị quyết số 03-NQ/CB"
