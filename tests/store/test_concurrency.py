"""Two terminals on the same data, as two real processes writing at the same moment.

Each process opens its own Repository; the sidecar lock and the re-read inside the
transaction must keep every acknowledged write, exactly once, in order.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.store.repo import MeetingLog, Repository
from meetingtui.store.storage import file_counter, read_json_file

WRITER = Path(__file__).with_name("_concurrent_writer.py")
PER_WRITER = 500
TIMEOUT = 120


def run_together(root: Path, meeting_id: str, what: str, tags: list[str], count: int) -> dict[str, list[str]]:
    """Start one process per tag, release them at once, return each one's acknowledgements."""
    procs = {
        tag: subprocess.Popen(
            [sys.executable, str(WRITER), str(root), meeting_id, tag, str(count), what],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=root.parent,
        )
        for tag in tags
    }
    try:
        for tag, proc in procs.items():
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            assert line == "ready", (
                f"{tag} did not start: {line!r} {proc.stderr.read() if proc.stderr else ''}"
            )
        for proc in procs.values():  # the start gun
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        acks = {}
        for tag, proc in procs.items():
            out, err = proc.communicate(timeout=TIMEOUT)
            assert proc.returncode == 0, f"{tag} failed:\n{err}"
            lines = out.split()
            assert lines[-1] == "done"
            acks[tag] = lines[:-1]
        return acks
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.mark.slow
def test_two_processes_append_to_one_meeting(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    log = demo_repo.log(demo_meeting_id)
    log.record("started", {}, at=clock.now())
    path = demo_repo.meeting_path(demo_meeting_id)
    assert file_counter(path) == 2

    acks = run_together(demo_repo.root, demo_meeting_id, "events", ["A", "B"], PER_WRITER)

    total = 2 + 2 * PER_WRITER
    events = MeetingLog(path).events()  # a fresh instance: the file opens
    assert [e.seq for e in events] == list(range(1, total + 1))
    titles = Counter(e.data.get("title") for e in events if e.kind == "stage_changed")
    expected = {f"{tag}-{i}" for tag in "AB" for i in range(PER_WRITER)}
    assert set(titles) == expected
    assert all(n == 1 for n in titles.values())  # each exactly once
    # each writer's events are stored in the order it wrote them
    for tag in "AB":
        mine = [e for e in events if e.by == tag]
        assert [e.data["title"] for e in mine] == [f"{tag}-{i}" for i in range(PER_WRITER)]
        assert [str(e.seq) for e in mine] == acks[tag]  # the seq each writer was told is the stored one
    # one write per event: the counter moved exactly once for each
    assert file_counter(path) == total
    state = Repository(demo_repo.root).log(demo_meeting_id).state()
    assert state.seq == total and state.current == 0 and state.running
    assert read_json_file(path.with_name(path.name + ".bak")) is not None
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_two_processes_reserve_document_numbers(demo_repo: Repository, demo_meeting_id: str) -> None:
    count = 60
    acks = run_together(demo_repo.root, demo_meeting_id, "numbers", ["A", "B"], count)
    numbers = [int(n) for tag in acks for n in acks[tag]]
    assert sorted(numbers) == list(range(1, 2 * count + 1))  # none repeated, none lost
    for tag in acks:  # each process saw its own numbers grow
        mine = [int(n) for n in acks[tag]]
        assert mine == sorted(mine)
    assert Repository(demo_repo.root).next_number("nghi_quyet") == 2 * count + 1
