"""A meeting's events written by appending their text (issue 18, target 4).

Recording an event adds its JSON text to the text of the events this instance wrote last,
and checks that event alone. What must hold: the file is exactly what serialising the whole
data would write, whoever wrote before; a new event that does not fit is refused as before;
and a writer takes the lock at once only when nobody waits in turn.
"""

from __future__ import annotations

import threading
from pathlib import Path

import orjson
import pytest
from filelock import FileLock as PlainFileLock

from meetingtui.domain.clock import FakeClock
from meetingtui.store.repo import Repository
from meetingtui.store.storage import FileLock, LockTimeoutError, StoreError, dumps, read_json_file
from support.meetings import create_meeting


def whole(path: Path) -> bytes:
    """What serialising the file's whole data writes."""
    data = read_json_file(path)
    assert data is not None
    return dumps(data)


def test_appended_events_make_the_same_file_as_the_whole_data(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    path = demo_repo.meeting_path(demo_meeting_id)
    mine = demo_repo.log(demo_meeting_id)
    other = Repository(demo_repo.root).log(demo_meeting_id)
    mine.record("started", {}, at=clock.now())
    steps = [
        (mine, "queue_added", {"member": "m006"}),
        (mine, "speech_started", {}),
        (mine, "speech_ended", {"text": 'Ý kiến "trích dẫn", \\ gạch chéo, 🙂 và\nxuống dòng'}),
        (other, "queue_added", {"member": "m007"}),  # another writer: my text is stale now
        (mine, "speech_started", {}),
        (mine, "speech_ended", {"text": "Đồng ý."}),
        (mine, "next_stage", {}),
    ]
    for log, kind, data in steps:
        clock.advance(minutes=1)
        log.record(kind, data, at=clock.now())
        assert path.read_bytes() == whole(path), kind
    assert [e.seq for e in Repository(demo_repo.root).log(demo_meeting_id).events()] == list(range(1, 10))
    state = Repository(demo_repo.root).log(demo_meeting_id).state()
    assert [s.text for s in state.record.speeches][-2:] == [
        'Ý kiến "trích dẫn", \\ gạch chéo, 🙂 và\nxuống dòng',
        "Đồng ý.",
    ]


def test_the_first_event_of_a_new_meeting_is_written_whole(demo_repo: Repository, clock: FakeClock) -> None:
    meeting_id = create_meeting(demo_repo, "regular", "2026-12-20", clock=clock).id
    path = demo_repo.meeting_path(meeting_id)
    assert path.read_bytes() == whole(path)
    demo_repo.log(meeting_id).record("started", {}, at=clock.now())
    assert path.read_bytes() == whole(path)
    assert orjson.loads(path.read_bytes())["_meta"]["1"]["kind"] == "meeting"


def test_an_appended_event_that_does_not_fit_is_refused_and_nothing_written(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    log = demo_repo.log(demo_meeting_id)
    log.record("started", {}, at=clock.now())
    path = demo_repo.meeting_path(demo_meeting_id)
    before = path.read_bytes()
    with pytest.raises(StoreError) as err, log.storage.transaction():
        log.storage.append(
            "events", "3", {"seq": 4, "kind": "next_stage", "at": clock.now().isoformat(), "data": {}}
        )
    assert err.value.key == "error.store_shape_write"
    assert path.read_bytes() == before
    clock.advance(minutes=1)
    event, _ = log.record("next_stage", {}, at=clock.now())  # the refused one left no trace
    assert event.seq == 3 and path.read_bytes() == whole(path)


def test_a_writer_does_not_overtake_one_waiting_in_turn(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    queue = tmp_path / ".m.json.queue"
    queue.mkdir()
    waiting = PlainFileLock(str(queue / f"{0:020d}-1-1.lock"))  # a writer ahead, alive, waiting
    waiting.acquire()
    try:
        with pytest.raises(LockTimeoutError):
            FileLock(path).acquire(timeout=0.2)  # the lock itself is free: the queue is not
    finally:
        waiting.release()
    done = threading.Event()

    def take() -> None:
        lock = FileLock(path)
        lock.acquire(timeout=5)
        lock.release()
        done.set()

    threading.Thread(target=take).start()
    assert done.wait(5)  # once nobody waits, the lock is had at once
