"""Two files, one story: a meeting's own file and the meeting index in cell.json.

``create_meeting`` and ``MeetingService.record`` write the meeting file first and the
index second. When the second write fails (disk full) or never happens (crash), the
index must not hide or misreport what the meeting file says.

The meeting file is the truth; the index is reconciled with the files when it is read.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store import storage as storage_mod
from meetingtui.store.repo import Repository
from meetingtui.store.storage import WriteError
from support.meetings import create_meeting
from support.processes import env_with_tests


def _fail_cell(real):  # type: ignore[no-untyped-def]
    """``atomic_write`` where every write of cell.json fails with ENOSPC."""

    def failing(path: Path, payload: bytes, **kw):  # type: ignore[no-untyped-def]
        if path.name == "cell.json":
            raise WriteError("error.store_disk_full", path, os.strerror(errno.ENOSPC))
        return real(path, payload, **kw)

    return failing


def listed_ids(root: Path) -> set[str]:
    return {m.id for m in Repository(root).meetings()}


def test_index_and_files_agree_in_the_normal_case(demo_repo: Repository, clock: FakeClock) -> None:
    state = create_meeting(demo_repo, "regular", "2026-12-20", clock=clock)
    files = {p.stem for p in demo_repo.meetings_dir.glob("*.json")}
    assert files == listed_ids(demo_repo.root)
    svc = MeetingService(demo_repo, state.id, clock)
    svc.record("started")
    assert Repository(demo_repo.root).meeting_info(state.id).status == "running"
    clock.advance(minutes=95)
    svc.record("ended")
    assert Repository(demo_repo.root).meeting_info(state.id).status == "ended"


def test_meeting_whose_index_write_failed_is_not_hidden(
    demo_repo: Repository, clock: FakeClock, monkeypatch
) -> None:
    with monkeypatch.context() as m:
        m.setattr(storage_mod, "atomic_write", _fail_cell(storage_mod.atomic_write))
        create_meeting(demo_repo, "regular", "2026-12-20", clock=clock, meeting_id="2026-12-20-x")
    path = demo_repo.meeting_path("2026-12-20-x")
    # either the meeting is rolled back, or it is listed; never on disk but invisible
    assert ("2026-12-20-x" in listed_ids(demo_repo.root)) == path.exists()


CRASH_SCRIPT = """
import os, sys
from pathlib import Path
from meetingtui.domain.clock import FakeClock
from meetingtui.store import storage
from meetingtui.store.repo import Repository
from support.meetings import create_meeting

real = storage.atomic_write

def dying(path, payload, **kw):
    if path.name == "cell.json":
        os._exit(9)  # the power goes after the meeting file, before the index
    return real(path, payload, **kw)

storage.atomic_write = dying
repo = Repository(Path(sys.argv[1]))
create_meeting(repo, "regular", "2026-12-20", clock=FakeClock(), meeting_id="2026-12-20-crash")
"""


@pytest.mark.slow
def test_meeting_file_left_by_a_crash_is_listed(demo_repo: Repository, tmp_path: Path) -> None:
    script = tmp_path / "crash.py"
    script.write_text(CRASH_SCRIPT)
    done = subprocess.run(
        [sys.executable, str(script), str(demo_repo.root)],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        env=env_with_tests(),
    )
    assert done.returncode == 9, done.stderr
    assert demo_repo.meeting_path("2026-12-20-crash").exists()
    assert "2026-12-20-crash" in listed_ids(demo_repo.root)


def test_status_follows_the_meeting_file_after_a_failed_index_write(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, monkeypatch
) -> None:
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    svc.record("started")
    clock.advance(minutes=95)
    with monkeypatch.context() as m:
        m.setattr(storage_mod, "atomic_write", _fail_cell(storage_mod.atomic_write))
        svc.record("ended")  # the event is durable: no error, the index catches up later
    assert svc.state().ended_at is not None  # the event itself is on disk
    assert Repository(demo_repo.root).meeting_info(demo_meeting_id).status == "ended"
