"""What makes recording cost the same at every meeting size, and what it must never change.

* Files are written and read with orjson: the bytes are those the standard library wrote
  (only a float's exponent is written ``1e-7`` for ``1e-07``: the same value), and what only
  the standard library reads or writes (``NaN``, a very large integer) still goes through it.
* A transaction after this instance's own write uses the data it wrote instead of parsing the
  file again, but only while the file is that very file: any other write is seen.
* ``Repository.cell()`` is kept with cell.json's write counter.
"""

from __future__ import annotations

import json
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.domain.people import Cell
from meetingtui.domain.text import sanitize
from meetingtui.services.meeting import MeetingService
from meetingtui.store import storage as storage_mod
from meetingtui.store.repo import Repository
from meetingtui.store.storage import (
    AtomicJSONStorage,
    WriteError,
    dumps,
    file_counter,
    loads,
    open_db,
    read_json_file,
    restore_backup,
    table,
)

TEXT = 'Đồng chí "Hà" nói:\n\tđề nghị… 100% — ✓ \\ /\u2028'


def stdlib(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@pytest.mark.parametrize(
    "data",
    [
        {"_meta": {"1": {"schema": 1, "kind": "meeting", "counter": 3}}, "events": {"1": {"text": TEXT}}},
        {"a": [1, 2.5, -0.0, 0.001, 123456789012, True, None, "", "\u0000\u001f"]},
        {"nested": {"x": {"y": [{"z": 0.1 + 0.2}]}}},
    ],
)
def test_the_bytes_written_are_the_standard_librarys(data: object) -> None:
    assert dumps(data) == stdlib(data)
    assert loads(dumps(data)) == sanitize(data)  # read back as every data file is: strings cleaned


def test_a_tiny_float_is_written_another_way_but_read_the_same() -> None:
    assert (dumps([1e-7]), stdlib([1e-7])) == (b"[1e-7]", b"[1e-07]")
    assert loads(dumps([1e-7])) == json.loads(stdlib([1e-7]))


def test_what_only_the_standard_library_handles_still_goes_through() -> None:
    written_by_010 = (
        b'{"_meta":{"1":{"schema":1,"kind":"cell","counter":1}},"x":{"1":{"v":NaN,"big":' + b"9" * 30 + b"}}}"
    )
    data = loads(written_by_010)
    assert data["x"]["1"]["big"] == int("9" * 30)
    assert dumps({"big": 2**70}) == stdlib({"big": 2**70})


def test_a_file_0_1_0_wrote_with_nan_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b'{"_meta":{"1":{"schema":1,"kind":"data","counter":1}},"t":{"1":{"p":NaN}}}')
    data = read_json_file(path)
    assert data is not None and data["t"]["1"]["p"] != data["t"]["1"]["p"]  # NaN


@pytest.fixture
def counted_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    parsed: list[Path] = []
    real = storage_mod.parse_data

    def counting(raw: bytes, path: Path):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return real(raw, path)

    monkeypatch.setattr(storage_mod, "parse_data", counting)
    return parsed


def test_a_transaction_after_our_own_write_does_not_parse_the_file(tmp_path: Path, counted_parses) -> None:
    db, storage = open_db(tmp_path / "f.json", "data")
    t = table(db, "t")
    t.insert({"n": 0})
    counted_parses.clear()
    for n in range(1, 6):
        with storage.transaction():
            table(db, "t").insert({"n": n})
    assert counted_parses == []
    on_disk = read_json_file(tmp_path / "f.json")
    assert on_disk is not None and [d["n"] for d in on_disk["t"].values()] == [0, 1, 2, 3, 4, 5]
    assert file_counter(tmp_path / "f.json") == storage.last_counter == 6


def test_another_writer_is_seen_by_the_next_transaction(tmp_path: Path, counted_parses) -> None:
    path = tmp_path / "f.json"
    db1, s1 = open_db(path, "data")
    db2, s2 = open_db(path, "data")
    table(db1, "t").insert({"who": "one"})
    table(db2, "t").insert({"who": "two"})  # another terminal
    counted_parses.clear()
    table(db1, "t").insert({"who": "one again"})
    assert counted_parses  # the file was read again: it was not ours any more
    assert [d["who"] for d in table(db1, "t").all()] == ["one", "two", "one again"]
    assert s1.last_counter == 3


def test_a_file_replaced_under_the_same_counter_is_read_again(tmp_path: Path) -> None:
    """A copy with the same write counter but other content (restored by hand from another
    machine) is read, not taken for the one this instance wrote."""
    path, other = tmp_path / "f.json", tmp_path / "other" / "f.json"
    db, _ = open_db(path, "data")
    db_other, _ = open_db(other, "data")
    table(db, "t").insert({"v": "ours"})
    table(db_other, "t").insert({"v": "theirs!"})
    assert file_counter(path) == file_counter(other)
    shutil.copyfile(other, path)
    table(db, "t").insert({"v": "next"})
    assert [d["v"] for d in table(db, "t").all()] == ["theirs!", "next"]


def test_a_failed_write_leaves_nothing_of_itself_for_the_next_transaction(
    tmp_path: Path, monkeypatch
) -> None:
    db, _ = open_db(tmp_path / "f.json", "data")
    table(db, "t").insert({"n": 1})
    real = storage_mod.atomic_write

    def full(path: Path, payload: bytes, **kw: object) -> None:
        raise WriteError("error.store_disk_full", path)

    monkeypatch.setattr(storage_mod, "atomic_write", full)
    with pytest.raises(WriteError):
        table(db, "t").insert({"n": 2})
    monkeypatch.setattr(storage_mod, "atomic_write", real)
    table(db, "t").insert({"n": 3})
    assert [d["n"] for d in table(db, "t").all()] == [1, 3]


def test_a_transaction_that_fails_half_way_leaves_nothing_of_itself(tmp_path: Path) -> None:
    db, storage = open_db(tmp_path / "f.json", "data")
    table(db, "t").insert({"n": 1})
    with pytest.raises(RuntimeError), storage.transaction():
        table(db, "t").insert({"n": 2})
        raise RuntimeError("refused after the first change")
    with storage.transaction():
        assert [d["n"] for d in table(db, "t").all()] == [1]
    table(db, "t").insert({"n": 3})
    assert [d["n"] for d in table(db, "t").all()] == [1, 3]


def test_a_restored_backup_is_what_the_next_event_follows(demo_repo: Repository, clock: FakeClock) -> None:
    meeting_id = demo_repo.meetings()[-1].id
    chair = MeetingService(demo_repo, meeting_id, clock)
    chair.start()
    chair.record("attendance_marked", member="m002", status="present")
    seq = chair.state().seq
    restore_backup(demo_repo.meeting_path(meeting_id))  # back to before the attendance
    state = chair.record("attendance_marked", member="m003", status="present")
    assert state.seq == seq and "m002" not in state.attendance
    assert [e.seq for e in demo_repo.log(meeting_id).events()] == list(range(1, seq + 1))


def test_a_meeting_recorded_event_by_event_holds_each_event_once(tmp_path: Path, clock: FakeClock) -> None:
    from support.meetings import create_meeting

    repo = Repository(tmp_path / "data")
    CellOf(repo)
    state = create_meeting(repo, "regular", "2026-11-20", clock=clock)
    chair = MeetingService(repo, state.id, clock)
    chair.record("guest_added", name="Khách")
    chair.record("guest_added", name="Khách hai")
    stored = read_json_file(repo.meeting_path(state.id))
    assert stored is not None and list(stored["events"]) == ["1", "2", "3"]
    assert [e["seq"] for e in stored["events"].values()] == [1, 2, 3]
    assert next(iter(stored)) == "_meta"


def CellOf(repo: Repository) -> None:
    repo.save_cell(Cell(name="Chi bộ Thử", upper_body="Đảng bộ", place="Lào Cai"))


# -- the cell, kept with its write counter ------------------------------------------------------
def test_the_cell_is_parsed_once_until_it_is_written(demo_repo: Repository, monkeypatch) -> None:
    calls: list[int] = []
    real = Cell.from_dict

    def counting(d):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(d)

    monkeypatch.setattr(Cell, "from_dict", staticmethod(counting))
    repo = Repository(demo_repo.root)
    first = repo.cell()
    assert all(repo.cell() is first for _ in range(200))
    assert len(calls) == 1
    repo.save_cell(replace(first, place="Sa Pa"))
    assert repo.cell().place == "Sa Pa"
    other = Repository(demo_repo.root)  # another terminal changes it
    other.save_cell(replace(first, place="Bắc Hà"))
    assert repo.cell().place == "Bắc Hà"


def test_inside_a_transaction_the_cell_is_the_one_not_yet_written(demo_repo: Repository) -> None:
    repo = Repository(demo_repo.root)
    before = repo.cell()
    with repo.storage.transaction():
        repo.save_cell(replace(before, place="Sa Pa"))
        assert repo.cell().place == "Sa Pa"
        assert Repository(demo_repo.root).cell().place == before.place  # not on disk yet
    assert repo.cell().place == "Sa Pa"
    with pytest.raises(DomainError), repo.storage.transaction():
        repo.save_cell(replace(before, place="Mường Khương"))
        raise DomainError("error.field_empty", field="x")
    assert repo.cell().place == "Sa Pa"


def test_the_cell_asked_from_threads_while_it_changes(demo_repo: Repository) -> None:
    repo = Repository(demo_repo.root)
    base = repo.cell()
    places = [f"Nơi {n}" for n in range(30)]
    seen: list[str] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask() -> None:
        try:
            while not stop.is_set():
                seen.append(repo.cell().place)
        except BaseException as exc:  # reported to the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for place in places:
            repo.save_cell(replace(base, place=place))
            assert repo.cell().place == place  # the writer sees its own write at once
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    assert errors == []
    assert set(seen) <= {base.place, *places}
    assert repo.cell().place == places[-1] == Repository(demo_repo.root).cell().place


def test_the_storage_says_when_a_transaction_is_open(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "f.json")
    assert not storage.in_transaction
    with storage.transaction():
        assert storage.in_transaction
    assert not storage.in_transaction
