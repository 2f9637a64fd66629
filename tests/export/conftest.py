"""Fixtures of the export tests: the scripted meeting of ``support.held``, held once per run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.store.repo import Repository
from support.held import hold_meeting, make_cell, plan_meeting


@pytest.fixture
def cell_repo(tmp_path: Path) -> Repository:
    """The demo cell with no meeting yet."""
    return make_cell(tmp_path / "data")


@pytest.fixture(scope="session")
def held_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The scripted meeting, held once per test run; tests get a copy."""
    root = tmp_path_factory.mktemp("held") / "data"
    clock = FakeClock("2026-11-20T01:00:00+00:00")
    repo = make_cell(root)
    meeting_id = plan_meeting(repo, clock)
    hold_meeting(repo, meeting_id, clock)
    return root, meeting_id


@pytest.fixture
def held_repo(held_template: tuple[Path, str], tmp_path: Path) -> Repository:
    """A fresh copy of the data folder holding the scripted meeting."""
    root = tmp_path / "held"
    shutil.copytree(held_template[0], root)
    return Repository(root)


@pytest.fixture
def held(held_template: tuple[Path, str]) -> str:
    """The id of the scripted meeting in ``held_repo``."""
    return held_template[1]
