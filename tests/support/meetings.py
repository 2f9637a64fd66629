"""Shorthands the tests share for setting up a meeting the way the app does."""

from __future__ import annotations

from typing import Any

from meetingtui.domain.agenda import MeetingType
from meetingtui.domain.clock import Clock
from meetingtui.domain.state import MeetingState
from meetingtui.services.cell import CellService
from meetingtui.store.repo import Repository


def create_meeting(
    repo: Repository, kind: MeetingType | str, date: str, *, clock: Clock, by: str = "chair", **details: Any
) -> MeetingState:
    """A new meeting in ``repo``, created through the cell's service as the app creates it."""
    return CellService(repo, clock, by).create_meeting(kind, date, **details)
