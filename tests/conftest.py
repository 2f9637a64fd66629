"""Shared fixtures: a demo cell in a temporary folder, driven by a clock that moves only when told."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.i18n import set_language
from meetingtui.store.repo import Repository

# 08:00 in Lào Cai (UTC+7) on 20 November 2026: a fixed moment for every test.
START = "2026-11-20T01:00:00+00:00"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def demo_repo(tmp_path: Path, clock: FakeClock) -> Repository:
    return create_demo(tmp_path / "data", clock).repo


@pytest.fixture
def fresh_repo(tmp_path: Path, clock: FakeClock) -> Repository:
    """The demo cell and its prepared meeting, without the recorded past meetings."""
    return create_demo(tmp_path / "fresh", clock, history=False).repo


@pytest.fixture
def demo_meeting_id(demo_repo: Repository) -> str:
    return demo_repo.meetings()[-1].id


@pytest.fixture(autouse=True)
def _vietnamese() -> None:
    set_language("vi")
