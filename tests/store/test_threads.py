"""The storage from worker threads: the app records on the screen's thread while a worker
exports, reads or records on the very same objects (one Repository, one MeetingLog each).

Two threads writing at once must lose, double or reorder nothing and never raise; a thread
reading while another writes must see each transaction whole or not at all, never one in
the middle, and never a write that then failed.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.decider import replay
from meetingtui.domain.people import Member
from meetingtui.domain.state import MeetingState
from meetingtui.services.meeting import MeetingService
from meetingtui.store import storage as storage_mod
from meetingtui.store.repo import MeetingLog, Repository
from meetingtui.store.storage import WriteError, file_counter, open_db, read_json_file, table

PER_THREAD = 50
TIMEOUT = 60


def run_threads(*targets: Callable[[], None]) -> None:
    """Run ``targets`` in threads released at once; re-raise the first error any of them hit."""
    gate = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def wrapped(target: Callable[[], None]) -> None:
        try:
            gate.wait(TIMEOUT)
            target()
        except BaseException as exc:  # reported to the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=wrapped, args=(t,), daemon=True) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "a thread is stuck (a deadlock?)"
    if errors:
        raise errors[0]


@pytest.fixture
def meeting(fresh_repo: Repository, clock: FakeClock) -> tuple[Repository, str]:
    """The demo cell's meeting, started: stage_changed is valid whatever the other thread did."""
    meeting_id = fresh_repo.meetings()[-1].id
    fresh_repo.log(meeting_id).record("started", {}, at=clock.now(), by="chair")
    return fresh_repo, meeting_id


def writer(record: Callable[[str, dict[str, Any]], int], tag: str, acks: list[int]) -> Callable[[], None]:
    def write() -> None:
        for i in range(PER_THREAD):
            acks.append(record(tag, {"stage": "s5", "budget_min": i % 60 + 1, "title": f"{tag}-{i}"}))

    return write


def check_every_write_kept(path: Path, before: int, acks: dict[str, list[int]]) -> None:
    """Every acknowledged event once, in each writer's order, with the seq it was told."""
    total = before + sum(len(a) for a in acks.values())
    events = MeetingLog(path).events()  # a fresh instance: what is on disk
    assert [e.seq for e in events] == list(range(1, total + 1))
    titles = Counter(e.data.get("title") for e in events if e.kind == "stage_changed")
    assert set(titles) == {f"{tag}-{i}" for tag in acks for i in range(PER_THREAD)}
    assert all(n == 1 for n in titles.values())  # none lost, none doubled
    for tag, seqs in acks.items():
        mine = [e for e in events if e.by == tag]
        assert [e.data["title"] for e in mine] == [f"{tag}-{i}" for i in range(PER_THREAD)]
        assert [e.seq for e in mine] == seqs  # the seq each thread was told is the stored one
    assert file_counter(path) == total  # one write per event, none merged, none repeated
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_two_threads_record_on_one_meeting_log(meeting: tuple[Repository, str], clock: FakeClock) -> None:
    repo, meeting_id = meeting
    log = repo.log(meeting_id)
    before = log.state().seq
    acks: dict[str, list[int]] = {"A": [], "B": []}

    def record_as(tag: str, data: dict[str, Any]) -> int:
        at = clock.now() + timedelta(seconds=len(acks[tag]))  # no shared clock between threads
        event, state = log.record("stage_changed", data, at=at, by=tag)
        assert state.seq == event.seq  # the state handed back is the one this event made
        return event.seq

    run_threads(writer(record_as, "A", acks["A"]), writer(record_as, "B", acks["B"]))

    check_every_write_kept(log.path, before, acks)
    assert log.state() == MeetingLog(log.path).state()  # the shared instance's cache is the disk's
    assert log.state().seq == before + 2 * PER_THREAD and log.state().running


def test_two_services_on_one_repository_record_and_number_at_once(
    meeting: tuple[Repository, str], clock: FakeClock
) -> None:
    """A chair's and a clerk's service share the Repository (and so its MeetingLog), while two
    more threads reserve document numbers in its cell.json."""
    repo, meeting_id = meeting
    services = {tag: MeetingService(repo, meeting_id, FakeClock(clock.now()), actor=tag) for tag in "AB"}
    assert services["A"].log is services["B"].log
    before = services["A"].state().seq
    acks: dict[str, list[int]] = {"A": [], "B": []}
    numbers: dict[str, list[int]] = {"C": [], "D": []}

    def record_as(tag: str, data: dict[str, Any]) -> int:
        event, _ = services[tag].record_event("stage_changed", **data)
        return event.seq

    def reserver(tag: str) -> Callable[[], None]:
        def reserve() -> None:
            for _ in range(PER_THREAD):
                numbers[tag].append(repo.next_number("nghi_quyet"))

        return reserve

    run_threads(
        writer(record_as, "A", acks["A"]), writer(record_as, "B", acks["B"]), reserver("C"), reserver("D")
    )

    check_every_write_kept(repo.meeting_path(meeting_id), before, acks)
    # document numbers: none repeated, none skipped, each thread's growing
    assert sorted(numbers["C"] + numbers["D"]) == list(range(1, 2 * PER_THREAD + 1))
    assert all(mine == sorted(mine) for mine in numbers.values())
    assert Repository(repo.root).next_number("nghi_quyet") == 2 * PER_THREAD + 1


def test_a_reader_never_sees_half_a_transaction(tmp_path: Path) -> None:
    """Each transaction inserts a pair of rows, slowly; every third one then fails. A thread
    reading the same storage meanwhile sees whole pairs of committed transactions only."""
    path = tmp_path / "data" / "pairs.json"
    db, st = open_db(path, "pairs")
    rounds = 45
    done = threading.Event()
    seen_counts: list[int] = []

    def write() -> None:
        try:
            for n in range(rounds):
                try:
                    with st.transaction():
                        table(db, "t").insert({"n": n, "part": 1, "failed": n % 3 == 2})
                        time.sleep(0.002)  # the middle of the transaction: a reader must not be here
                        table(db, "t").insert({"n": n, "part": 2, "failed": n % 3 == 2})
                        if n % 3 == 2:
                            raise RuntimeError("boom")  # nothing of it may ever be seen
                except RuntimeError:
                    pass
                time.sleep(0.001)  # between two transactions the reader gets its turn
        finally:
            done.set()

    def read() -> None:
        while not done.is_set():
            docs = [dict(d) for d in table(db, "t").all()]
            assert not [d for d in docs if d["failed"]], "a failed transaction was seen"
            parts = Counter(d["n"] for d in docs)
            assert all(count == 2 for count in parts.values()), f"half a transaction seen: {parts}"
            on_disk = read_json_file(path)
            assert on_disk is not None or not docs
            if on_disk is not None:  # what was seen had been committed: the disk holds it
                committed = {(d["n"], d["part"]) for d in on_disk.get("t", {}).values()}
                assert {(d["n"], d["part"]) for d in docs} <= committed
            seen_counts.append(len(docs))

    run_threads(write, read)

    assert len(seen_counts) > 3 and seen_counts == sorted(seen_counts)  # it read while the writer wrote
    final = [dict(d) for d in table(db, "t").all()]
    assert sorted((d["n"], d["part"]) for d in final) == [
        (n, part) for n in range(rounds) if n % 3 != 2 for part in (1, 2)
    ]
    assert file_counter(path) == rounds - rounds // 3


def test_a_reader_never_sees_an_event_whose_write_failed(
    meeting: tuple[Repository, str], clock: FakeClock, monkeypatch
) -> None:
    """The screen's thread reads the meeting while a worker records; some writes fail (disk
    full). Every state the reader gets is what the disk held: no event of a failed write, no
    event missing before the last one, and never a state ahead of its events."""
    repo, meeting_id = meeting
    log = repo.log(meeting_id)
    path = log.path
    before = log.state().seq
    real_write = storage_mod.atomic_write
    calls = {"n": 0}

    def slow_and_sometimes_full(target: Path, payload: bytes, **kw: Any) -> None:
        if target == path:
            calls["n"] += 1
            time.sleep(0.002)  # the reader gets its chance while the write is under way
            if calls["n"] % 4 == 0:
                raise WriteError("error.store_disk_full", target, os.strerror(errno.ENOSPC))
        real_write(target, payload, **kw)

    monkeypatch.setattr(storage_mod, "atomic_write", slow_and_sometimes_full)
    stored: list[str] = []
    failed: list[str] = []
    done = threading.Event()
    seen_events: list[tuple[str, ...]] = []
    seen_states: list[MeetingState] = []

    def write() -> None:
        try:
            for i in range(PER_THREAD):
                title = f"w-{i}"
                try:
                    log.record("stage_changed", {"stage": "s5", "title": title}, at=clock.now(), by="worker")
                    stored.append(title)
                except WriteError:
                    failed.append(title)
                time.sleep(0.001)  # between two events the readers get their turn
        finally:
            done.set()

    def read_events() -> None:  # an export: the stored events
        while not done.is_set():
            seen_events.append(tuple(e.data["title"] for e in log.events() if e.kind == "stage_changed"))

    def read_state() -> None:  # the screen's redraw: the folded state
        while not done.is_set():
            seen_states.append(log.state())

    run_threads(write, read_events, read_state)

    assert failed and stored and len(failed) + len(stored) == PER_THREAD
    assert len(seen_events) > 3 and len(seen_states) > 3
    for titles in seen_events:
        assert set(titles).isdisjoint(failed), "an event of a failed write was seen"
        assert list(titles) == stored[: len(titles)]  # a prefix of what was stored, in order
    final = MeetingLog(path).state()
    assert final.seq == before + len(stored) and log.state() == final
    prefixes = [MeetingState()]  # the state after each stored event
    for event in MeetingLog(path).events():
        prefixes.append(replay(prefixes[-1], event))
    assert prefixes[-1] == final
    for state in seen_states:  # each one is the meeting as the disk held it at some moment
        assert before <= state.seq <= final.seq and state == prefixes[state.seq]


def test_members_saved_in_one_write_appear_together(fresh_repo: Repository) -> None:
    """``save_members`` is one transaction: a thread listing the roster meanwhile sees a
    batch whole or not at all."""
    repo = fresh_repo
    base = len(repo.members())
    batches, size = 12, 5
    done = threading.Event()
    counts: list[int] = []

    def save() -> None:
        try:
            for b in range(batches):
                repo.save_members(Member(id="", name=f"Đảng viên {b}-{k}") for k in range(size))
        finally:
            done.set()

    def read() -> None:
        while not done.is_set():
            n = len(repo.members()) - base
            assert n % size == 0, f"{n} new members: half a batch"
            counts.append(n)

    run_threads(save, read)

    assert counts == sorted(counts)
    members = repo.members()
    assert len(members) == base + batches * size
    assert len({m.id for m in members}) == len(members)  # every new member got an id of their own


class _PausingLock:
    """The log's lock, pausing the first thread of ``pause_for`` just after it lets go, until
    another thread has recorded: the moment a switch of threads can come in the real app."""

    def __init__(self, lock: Any, pause_for: threading.Thread, other_done: threading.Event) -> None:
        self._lock = lock
        self.pause_for = pause_for
        self.other_done = other_done
        self.released = threading.Event()

    def __enter__(self) -> _PausingLock:
        self._lock.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()
        if threading.current_thread() is self.pause_for and not self.released.is_set():
            self.released.set()
            self.other_done.wait(5)  # the other thread records now, if it can get in


def test_a_thread_switch_after_a_write_leaves_no_stale_state(
    meeting: tuple[Repository, str], clock: FakeClock
) -> None:
    """Thread A's write is durable and its lock let go; thread B records before A goes on. The
    state the log keeps and hands out must still be the disk's, and the next event must get
    the next number (a state cached under B's write counter would repeat B's seq)."""
    repo, meeting_id = meeting
    log = repo.log(meeting_id)
    before = log.state().seq
    b_done = threading.Event()
    results: dict[str, int] = {}

    def thread_a() -> None:
        event, _ = log.record("stage_changed", {"stage": "s5", "title": "A"}, at=clock.now(), by="A")
        results["A"] = event.seq

    a = threading.Thread(target=thread_a, daemon=True)
    pausing = _PausingLock(log._lock, a, b_done)
    log._lock = pausing  # type: ignore[assignment]
    a.start()
    assert pausing.released.wait(TIMEOUT)
    event, _ = log.record("stage_changed", {"stage": "s5", "title": "B"}, at=clock.now(), by="B")
    results["B"] = event.seq
    b_done.set()
    a.join(TIMEOUT)
    assert not a.is_alive()

    assert results == {"A": before + 1, "B": before + 2}
    assert log.state() == MeetingLog(log.path).state()  # not A's state under B's counter
    event, state = log.record("stage_changed", {"stage": "s5", "title": "C"}, at=clock.now(), by="C")
    assert event.seq == state.seq == before + 3
    assert [e.seq for e in MeetingLog(log.path).events()] == list(range(1, before + 4))
