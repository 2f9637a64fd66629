"""Agenda templates (docs/DOMAIN.md "Meetings"), shipped as package data in ``data/agenda_templates.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from .errors import DomainError


class MeetingType(StrEnum):
    REGULAR = "regular"  # sinh hoạt định kỳ
    THEMATIC = "thematic"  # sinh hoạt chuyên đề
    EXTRAORDINARY = "extraordinary"  # sinh hoạt bất thường
    COMMITTEE = "committee"  # họp chi ủy chuẩn bị


# Short ASCII slugs used in meeting ids and file names.
TYPE_SLUGS = {
    MeetingType.REGULAR: "dinh-ky",
    MeetingType.THEMATIC: "chuyen-de",
    MeetingType.EXTRAORDINARY: "bat-thuong",
    MeetingType.COMMITTEE: "chi-uy",
}

DEFAULT_SPEECH_LIMIT = 300  # seconds: five minutes per speaker unless the stage says otherwise


@dataclass(frozen=True)
class StageTemplate:
    key: str
    title: str
    budget_min: int
    optional: bool = False
    min_minutes: int = 0  # a stage that raises the meeting's minimum (thematic topic: 120)


@dataclass(frozen=True)
class AgendaTemplate:
    type: MeetingType
    title: str
    min_minutes: int
    stages: tuple[StageTemplate, ...]


def data_text(name: str) -> str:
    """Read a file shipped in the package's data folder (``data/`` in the repository)."""
    return resources.files("meetingtui.data").joinpath(name).read_text(encoding="utf-8")


@cache
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_text("agenda_templates.json"))
    return data


def template(kind: MeetingType | str) -> AgendaTemplate:
    try:
        kind = MeetingType(kind)
    except ValueError:
        raise DomainError("error.meeting_type_unknown", type=kind) from None
    raw = _raw()["templates"][kind.value]
    return AgendaTemplate(
        type=kind,
        title=raw["title"],
        min_minutes=int(raw["min_minutes"]),
        stages=tuple(StageTemplate(**stage) for stage in raw["stages"]),
    )


def extra_stage(key: str) -> StageTemplate:
    raw = _raw()["extra_stages"]
    if key not in raw:
        raise DomainError("error.stage_key_unknown", key=key)
    return StageTemplate(key=key, **raw[key])


def extra_stage_keys() -> list[str]:
    return list(_raw()["extra_stages"])
