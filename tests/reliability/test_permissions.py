"""Owner-only data whatever the umask: files 0600, folders 0700.

``tests/store/test_storage.py`` already checks the demo folder right after it is created
under umask 0, and restored/damaged copies under umask 0. This adds what it leaves out:

* the usual umask (0o022) and a group-friendly one (0o002) besides 0;
* a data folder whose parent folders do not exist yet (``--data ~/chi-bo/2026/data``);
* a whole life of the data: the demo cell, a meeting recorded through ``MeetingService``
  (so each file has its ``.bak`` and ``.lock``), a new meeting, a document number, a
  restore of a damaged file with the damaged copy kept aside.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.store.storage import restore_backup
from support.meetings import create_meeting

# File modes and the umask are POSIX; on Windows a file inherits its folder's access list (the
# user's profile is private to the user), which store.platform leaves alone.
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and umask")

UMASKS = [0o022, 0o002, 0o000]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture(params=UMASKS, ids=lambda m: f"umask{m:03o}")
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def live_data(root: Path, clock: FakeClock) -> tuple[Repository, str]:
    """The demo cell, used: a meeting held, a new one planned, a number taken, a file restored."""
    repo = create_demo(root, clock).repo
    meeting_id = repo.meetings()[-1].id
    service = MeetingService(repo, meeting_id, clock, actor="chair")
    service.start()
    clock.advance(minutes=5)
    service.record("next_stage")
    clock.advance(minutes=5)
    service.record("paused")
    repo.next_number("NQ")
    state = create_meeting(repo, "regular", "2026-12-18", clock=clock, by="chair")
    MeetingService(repo, state.id, clock).record("details_set", place="Hội trường")
    damaged = repo.meeting_path(state.id)
    damaged.write_bytes(b"{ half a file")  # as a foreign program might leave it
    os.chmod(damaged, 0o600)
    restore_backup(damaged)
    return repo, meeting_id


def test_data_files_and_folders_are_owner_only(tmp_path: Path, clock: FakeClock, umask: int) -> None:
    root = tmp_path / "chi-bo" / "2026" / "data"  # the parents do not exist yet
    repo, meeting_id = live_data(root, clock)
    meeting = repo.meeting_path(meeting_id)

    expected_files = [
        root / "cell.json",
        root / "cell.json.bak",
        root / "cell.json.lock",
        meeting,
        meeting.with_name(meeting.name + ".bak"),
        meeting.with_name(meeting.name + ".lock"),
    ]
    for path in expected_files:
        assert path.is_file(), path
    assert list(root.glob("meetings/*.damaged-*")), "the damaged copy was kept aside"
    assert mode(root) == 0o700, oct(mode(root))
    assert mode(root / "meetings") == 0o700
    seen = 0
    for path in [root, *root.rglob("*")]:
        if path.is_dir():
            assert mode(path) == 0o700, f"{path}: {mode(path):o}"
        else:
            assert mode(path) == 0o600, f"{path}: {mode(path):o}"
        seen += 1
    assert seen >= 18


@pytest.mark.parametrize(
    "mask",
    [
        0o022,
        0o002,
        0o000,
    ],
    ids=lambda m: f"umask{m:03o}",
)
def test_parent_folders_the_app_creates_are_not_writable_by_others(
    tmp_path: Path, clock: FakeClock, mask: int
) -> None:
    old = os.umask(mask)
    try:
        root = tmp_path / "chi-bo" / "2026" / "data"
        Repository(root)
    finally:
        os.umask(old)
    for parent in (root.parent, root.parent.parent):
        assert mode(parent) & 0o022 == 0, f"{parent}: {mode(parent):o}"
