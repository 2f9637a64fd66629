"""The storage contract: what is on disk after every write, failed write, refused event and crash.

The app's promise to a cell secretary is that a recorded event is on disk, that a failed
write (full disk, read-only folder) leaves the previous file intact and says why, and
that a damaged file is reported (never silently overwritten) and can be restored.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.domain.people import Member
from meetingtui.store import storage as storage_mod
from meetingtui.store.repo import MeetingLog, Repository
from meetingtui.store.storage import (
    SCHEMA_VERSION,
    AtomicJSONStorage,
    CorruptFileError,
    SchemaError,
    StoreError,
    WriteError,
    file_counter,
    open_db,
    read_json_file,
    restore_backup,
    table,
)
from support.meetings import create_meeting

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# -- helpers -----------------------------------------------------------------------------
def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write may leave behind (it must not)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def snapshot(path: Path) -> tuple[bytes, int]:
    st = os.stat(path)
    return path.read_bytes(), st.st_ino


@pytest.fixture
def root(demo_repo: Repository) -> Path:
    return demo_repo.root


@pytest.fixture
def meeting_path(demo_repo: Repository, demo_meeting_id: str) -> Path:
    return demo_repo.meeting_path(demo_meeting_id)


@pytest.fixture
def umask_zero() -> Iterator[None]:
    """The most permissive umask: file modes must come from the code, not from luck."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


# -- round trip ----------------------------------------------------------------------------
def test_round_trip_through_tinydb_tables(tmp_path: Path) -> None:
    path = tmp_path / "data" / "things.json"
    db, st = open_db(path, "things")
    table(db, "people").insert({"name": "Nông Văn Thắng", "age": 50})
    table(db, "people").insert({"name": "Hoàng Thị Lan", "tags": ["a", "b"], "nested": {"x": 1.5}})
    table(db, "places").insert({"name": "Lào Cai"})
    assert st.last_counter == 3

    db2, st2 = open_db(path, "things")
    people = table(db2, "people").all()
    assert [dict(d) for d in people] == [
        {"name": "Nông Văn Thắng", "age": 50},
        {"name": "Hoàng Thị Lan", "tags": ["a", "b"], "nested": {"x": 1.5}},
    ]
    assert [d.doc_id for d in people] == [1, 2]
    assert [dict(d) for d in table(db2, "places").all()] == [{"name": "Lào Cai"}]

    raw = path.read_bytes()
    assert "Nông Văn Thắng".encode() in raw  # stored as readable UTF-8, not \\u escapes
    data = json.loads(raw)
    assert data["_meta"]["1"] == {"schema": SCHEMA_VERSION, "kind": "things", "counter": 3}
    assert set(data) == {"_meta", "people", "places"}


def test_missing_file_reads_as_empty_and_is_not_created_by_reading(tmp_path: Path) -> None:
    path = tmp_path / "data" / "x.json"
    db, _ = open_db(path, "x")
    assert table(db, "t").all() == []
    assert not path.exists()


def test_wrong_kind_is_refused(meeting_path: Path) -> None:
    db, _ = open_db(meeting_path, "cell")
    with pytest.raises(SchemaError) as err:
        table(db, "events").all()
    assert err.value.key == "error.store_wrong_kind"


# -- writes never truncate in place -----------------------------------------------------------
def test_file_still_holds_the_old_version_while_the_new_one_is_written(
    meeting_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, monkeypatch
) -> None:
    old_bytes, old_ino = snapshot(meeting_path)
    seen: list[bytes] = []
    real_write = os.write

    def spying_write(fd: int, data) -> int:  # type: ignore[no-untyped-def]
        seen.append(meeting_path.read_bytes())
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", spying_write)
    demo_repo.log(demo_meeting_id).record("started", {}, at=clock.now())
    monkeypatch.undo()

    assert seen and all(b == old_bytes for b in seen)
    assert os.stat(meeting_path).st_ino != old_ino  # replaced, not rewritten
    assert meeting_path.read_bytes() != old_bytes


def test_write_is_durable_before_it_returns(
    meeting_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, monkeypatch
) -> None:
    """The new bytes are fsynced before the rename, and the folder after it: once append
    returns (and the screen shows the event), a power cut cannot take it back."""
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def spy_fsync(fd: int) -> None:
        calls.append("fsync_dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync_file")
        real_fsync(fd)

    def spy_replace(src, dst, *a, **kw):  # type: ignore[no-untyped-def]
        calls.append("replace_data" if Path(dst) == meeting_path else "replace_other")
        real_replace(src, dst, *a, **kw)

    monkeypatch.setattr(os, "fsync", spy_fsync)
    monkeypatch.setattr(os, "replace", spy_replace)
    demo_repo.log(demo_meeting_id).record("started", {}, at=clock.now())
    monkeypatch.undo()

    assert "replace_data" in calls
    i = calls.index("replace_data")
    assert "fsync_file" in calls[:i]
    assert "fsync_dir" in calls[i + 1 :]


def test_failed_replace_leaves_old_file_intact_and_no_temp_files(
    meeting_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, monkeypatch
) -> None:
    log = demo_repo.log(demo_meeting_id)
    before, ino = snapshot(meeting_path)
    counter = file_counter(meeting_path)
    real_replace = os.replace

    def failing_replace(src, dst, *a, **kw):  # type: ignore[no-untyped-def]
        if Path(dst) == meeting_path:
            raise OSError(errno.EIO, "I/O error")
        return real_replace(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(WriteError) as err:
        log.record("started", {}, at=clock.now())
    monkeypatch.undo()

    assert err.value.key == "error.store_write"
    assert err.value.path == meeting_path
    assert snapshot(meeting_path) == (before, ino)
    assert leftovers(meeting_path.parent) == []
    assert file_counter(meeting_path) == counter
    state = MeetingLog(meeting_path).state()
    assert state.started_at is None and state.seq == 1


def test_backup_holds_the_previous_version(
    meeting_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    backup = meeting_path.with_name(meeting_path.name + ".bak")
    assert not backup.exists()  # one write so far: there is no previous version
    log = demo_repo.log(demo_meeting_id)
    for kind in ("started", "next_stage", "paused"):
        before, ino = snapshot(meeting_path)
        clock.advance(minutes=1)
        log.record(kind, {}, at=clock.now())
        assert backup.read_bytes() == before
        assert os.stat(backup).st_ino == ino  # the very file readers had, kept by a link
        assert read_json_file(backup) is not None
    assert [e.kind for e in MeetingLog(backup).events()] == ["created", "started", "next_stage"]


# -- permissions ------------------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and umask")
def test_files_are_owner_only_even_with_a_permissive_umask(
    tmp_path: Path, clock: FakeClock, umask_zero: None
) -> None:
    root = tmp_path / "data"
    repo = create_demo(root, clock).repo
    mid = repo.meetings()[-1].id
    log = repo.log(mid)
    log.record("started", {}, at=clock.now())
    path = repo.meeting_path(mid)

    folders = [root, root / "meetings"]
    files = [
        root / "cell.json",
        root / "cell.json.lock",
        root / "cell.json.bak",
        path,
        path.with_name(path.name + ".lock"),
        path.with_name(path.name + ".bak"),
    ]
    for folder in folders:
        assert mode(folder) == 0o700, folder
    for f in files:
        assert mode(f) == 0o600, f
    # nothing else in the folder is readable by others either
    for p in root.rglob("*"):
        assert mode(p) & 0o077 == 0, p


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and umask")
def test_restored_and_damaged_copies_stay_owner_only(root: Path, umask_zero: None) -> None:
    path = root / "cell.json"
    path.write_bytes(b"{ broken")
    os.chmod(path, 0o600)
    aside = restore_backup(path)
    assert mode(path) == 0o600
    assert mode(aside) == 0o600


# -- the write counter -------------------------------------------------------------------------
def test_counter_grows_by_one_per_committed_transaction(tmp_path: Path) -> None:
    path = tmp_path / "data" / "c.json"
    db, st = open_db(path, "c")
    for i in range(1, 6):
        with st.transaction():
            table(db, "t").insert({"i": i})
            table(db, "t").insert({"i": -i})  # two changes, one write
            table(db, "u").insert({"i": i})
        assert file_counter(path) == i
        assert st.last_counter == i


def test_failed_transaction_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "c.json"
    db, st = open_db(path, "c")
    table(db, "t").insert({"i": 1})
    before, ino = snapshot(path)

    with pytest.raises(RuntimeError), st.transaction():
        table(db, "t").insert({"i": 2})
        table(db, "t").truncate()
        raise RuntimeError("boom")

    assert snapshot(path) == (before, ino)
    assert file_counter(path) == 1
    assert [dict(d) for d in table(db, "t").all()] == [{"i": 1}]  # nothing half-applied in memory
    with st.transaction():
        table(db, "t").insert({"i": 3})
    assert file_counter(path) == 2


def test_transaction_without_changes_does_not_write(tmp_path: Path) -> None:
    path = tmp_path / "data" / "c.json"
    db, st = open_db(path, "c")
    table(db, "t").insert({"i": 1})
    before, ino = snapshot(path)
    with st.transaction():
        assert len(table(db, "t").all()) == 1
    assert snapshot(path) == (before, ino)


def test_counter_grows_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "data" / "c.json"
    (db_a, _), (db_b, _) = open_db(path, "c"), open_db(path, "c")
    for i in range(1, 7):
        table(db_a if i % 2 else db_b, "t").insert({"i": i})
        assert file_counter(path) == i
    assert sorted(d["i"] for d in table(db_a, "t").all()) == list(range(1, 7))


def test_counter_grows_even_when_a_bare_write_carries_an_older_copy(tmp_path: Path) -> None:
    """``Storage.write`` outside a transaction may be handed data read before another
    process wrote; the counter must still move forward, or watchers miss the change."""
    path = tmp_path / "data" / "c.json"
    db_a, st_a = open_db(path, "c")
    db_b, _ = open_db(path, "c")
    table(db_a, "t").insert({"who": "a"})  # counter 1
    stale = st_a.read()  # a copy taken at counter 1
    assert stale is not None
    table(db_b, "t").insert({"who": "b"})  # counter 2
    st_a.write(stale)
    assert file_counter(path) == 3


# -- refused events --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "data", "setup"),
    [
        ("next_stage", {}, []),  # not started
        ("paused", {}, []),  # not started
        ("resumed", {}, ["started"]),  # not paused
        ("previous_stage", {}, ["started"]),  # already at the first stage
        ("started", {}, ["started"]),  # twice
        ("no_such_event", {}, []),
        ("stage_changed", {"stage": "s99", "budget_min": 5}, []),
        ("stage_changed", {"stage": "s1", "budget_min": -1}, []),
    ],
)
def test_refused_event_writes_nothing(
    meeting_path: Path,
    demo_repo: Repository,
    demo_meeting_id: str,
    clock: FakeClock,
    kind: str,
    data: dict,
    setup: list[str],
) -> None:
    log = demo_repo.log(demo_meeting_id)
    for k in setup:
        log.record(k, {}, at=clock.now())
    backup = meeting_path.with_name(meeting_path.name + ".bak")
    before = snapshot(meeting_path)
    bak_before = backup.read_bytes() if backup.exists() else None
    counter = log.counter

    clock.advance(10)
    with pytest.raises(DomainError):
        log.record(kind, data, at=clock.now())

    assert snapshot(meeting_path) == before
    assert (backup.read_bytes() if backup.exists() else None) == bak_before
    assert leftovers(meeting_path.parent) == []
    assert file_counter(meeting_path) == counter
    # the refusal left no trace in memory either: the next valid event gets the next seq
    event, state = log.record("stage_changed", {"stage": "s1", "budget_min": 7}, at=clock.now())
    assert event.seq == len(setup) + 2
    assert [e.seq for e in log.events()] == list(range(1, event.seq + 1))


# -- no stale reads ---------------------------------------------------------------------------------
def test_second_instance_sees_events_at_once(
    root: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    other = Repository(root)
    other_log = other.log(demo_meeting_id)
    assert other_log.state().started_at is None  # warm up whatever could be cached

    demo_repo.log(demo_meeting_id).record("started", {}, at=clock.now())
    assert other_log.state().started_at == clock.now()

    clock.advance(minutes=3)
    event, _ = other_log.record("next_stage", {}, at=clock.now())
    assert event.seq == 3
    mine = demo_repo.log(demo_meeting_id).state()
    assert mine.current == 1 and mine.seq == 3
    # both writes landed within one clock tick: the counter still tells them apart
    assert file_counter(demo_repo.meeting_path(demo_meeting_id)) == 3


def test_second_instance_sees_new_member_and_index(
    root: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    other = Repository(root)
    names = {m.name for m in other.members()}
    assert "Lò Văn Mới" not in names

    saved = demo_repo.save_member(Member(id="", name="Lò Văn Mới"))
    assert saved.id
    assert saved.id in {m.id for m in other.members()}
    assert other.member(saved.id).name == "Lò Văn Mới"

    # and the other way round, with ids that do not collide
    saved2 = other.save_member(Member(id="", name="Sùng Thị Mai"))
    assert saved2.id != saved.id
    assert {saved.id, saved2.id} <= {m.id for m in demo_repo.members()}

    state = demo_repo.log(demo_meeting_id).record("started", {}, at=clock.now())[1]
    demo_repo.update_index(state)
    assert other.meeting_info(demo_meeting_id).status == "running"


def test_second_instance_sees_a_new_meeting(root: Path, demo_repo: Repository, clock: FakeClock) -> None:
    other = Repository(root)
    count = len(other.meetings())
    state = create_meeting(demo_repo, "regular", "2026-12-20", clock=clock)
    assert len(other.meetings()) == count + 1
    assert other.log(state.id).state().id == state.id


# -- damaged files ------------------------------------------------------------------------------------
def _truncated(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


def _junk(raw: bytes) -> bytes:
    return bytes(range(256)) * 4


def _no_meta(raw: bytes) -> bytes:
    data = json.loads(raw)
    data.pop("_meta")
    return json.dumps(data).encode()


def _meta_without_schema(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["_meta"] = {"1": {"kind": "x"}}
    return json.dumps(data).encode()


DAMAGE = {
    "truncated": _truncated,
    "binary": _junk,
    "empty": lambda raw: b"",
    "no_meta": _no_meta,
    "meta_without_schema": _meta_without_schema,
    "json_list": lambda raw: b"[1, 2, 3]",
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_corrupt_cell_file_is_reported_and_left_alone(root: Path, demo_repo: Repository, damage: str) -> None:
    path = root / "cell.json"
    bad = DAMAGE[damage](path.read_bytes())
    path.write_bytes(bad)

    repo = Repository(root)  # opening does not read
    for action in (
        repo.has_cell,
        repo.members,
        lambda: repo.save_member(Member(id="", name="Ai Đó")),
        lambda: repo.next_number("nghi_quyet"),
    ):
        with pytest.raises(CorruptFileError) as err:
            action()
        assert err.value.path == path
        assert str(path) in str(err.value)
        assert err.value.key == "error.store_corrupt"
        assert path.read_bytes() == bad
    assert leftovers(root) == []


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_corrupt_meeting_file_is_reported_and_left_alone(
    meeting_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, damage: str
) -> None:
    bad = DAMAGE[damage](meeting_path.read_bytes())
    meeting_path.write_bytes(bad)

    log = Repository(demo_repo.root).log(demo_meeting_id)
    for action in (log.state, lambda: log.record("started", {}, at=clock.now())):
        with pytest.raises(CorruptFileError) as err:
            action()
        assert err.value.path == meeting_path
        assert str(meeting_path) in str(err.value)
        assert meeting_path.read_bytes() == bad


def test_newer_schema_is_refused_not_overwritten(
    meeting_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    data = json.loads(meeting_path.read_bytes())
    data["_meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    newer = json.dumps(data).encode()
    meeting_path.write_bytes(newer)

    log = Repository(demo_repo.root).log(demo_meeting_id)
    for action in (log.state, lambda: log.record("started", {}, at=clock.now())):
        with pytest.raises(SchemaError) as err:
            action()
        assert err.value.key == "error.store_newer_schema"
        assert err.value.path == meeting_path
    assert meeting_path.read_bytes() == newer


# -- restore --------------------------------------------------------------------------------------------
def test_restore_backup_brings_back_last_good_copy(
    root: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    path = demo_repo.meeting_path(demo_meeting_id)
    log = demo_repo.log(demo_meeting_id)
    log.record("started", {}, at=clock.now())
    clock.advance(minutes=5)
    log.record("next_stage", {}, at=clock.now())
    good = json.loads(path.with_name(path.name + ".bak").read_bytes())  # the version with "started"
    counter = file_counter(path)
    assert counter is not None

    path.write_bytes(b"\x00\x00garbage")
    aside = restore_backup(path)

    assert aside != path and aside.parent == path.parent
    assert aside.read_bytes() == b"\x00\x00garbage"
    restored = json.loads(path.read_bytes())
    assert restored["events"] == good["events"]
    # the counter moves on past every value the file had: watchers see a change, none repeats
    assert restored["_meta"]["1"]["counter"] == counter + 1 == file_counter(path)  # 3 was the last seen
    state = Repository(root).log(demo_meeting_id).state()
    assert state.started_at is not None and state.current == 0
    assert leftovers(path.parent) == []

    # writing goes on from the restored copy
    clock.advance(minutes=1)
    event, _ = log.record("next_stage", {}, at=clock.now())
    assert event.seq == 3

    # a second restore keeps the first damaged copy too
    path.write_bytes(b"again")
    aside2 = restore_backup(path)
    assert aside2 != aside and aside.exists() and aside2.read_bytes() == b"again"


def test_restore_without_backup_or_with_bad_backup_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "c.json"
    db, _ = open_db(path, "c")
    table(db, "t").insert({"i": 1})  # first write: no backup yet
    path.write_bytes(b"broken")
    with pytest.raises(StoreError) as err:
        restore_backup(path)
    assert err.value.key == "error.store_no_backup"
    assert path.read_bytes() == b"broken"

    path.with_name("c.json.bak").write_bytes(b"also broken")
    with pytest.raises(CorruptFileError):
        restore_backup(path)
    assert path.read_bytes() == b"broken"
    queue = path.parent / ".c.json.queue"  # made only when a writer had to wait in turn
    assert sorted(p.name for p in path.parent.iterdir() if p != queue) == [
        "c.json",
        "c.json.bak",
        "c.json.lock",
    ]
    assert not queue.exists() or list(queue.iterdir()) == []  # every writer's ticket is gone
    assert leftovers(path.parent) == []


# -- disk full -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fail_in", ["write", "fsync"])
def test_disk_full_keeps_previous_file_and_recovers(
    meeting_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, monkeypatch, fail_in
) -> None:
    log = demo_repo.log(demo_meeting_id)
    log.record("started", {}, at=clock.now())
    before = snapshot(meeting_path)
    counter = log.counter

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    clock.advance(minutes=1)
    with monkeypatch.context() as m:
        m.setattr(os, fail_in, full)
        with pytest.raises(WriteError) as err:
            log.record("next_stage", {}, at=clock.now())
    assert err.value.key == "error.store_disk_full"
    assert err.value.path == meeting_path
    assert snapshot(meeting_path) == before
    assert leftovers(meeting_path.parent) == []
    assert file_counter(meeting_path) == counter == log.counter
    assert MeetingLog(meeting_path).state().current == 0

    event, state = log.record("next_stage", {}, at=clock.now())  # space freed: it works again
    assert event.seq == 3 and state.current == 1
    assert file_counter(meeting_path) == counter + 1
    assert [e.seq for e in MeetingLog(meeting_path).events()] == [1, 2, 3]


def test_disk_full_on_cell_file(root: Path, demo_repo: Repository, monkeypatch) -> None:
    path = root / "cell.json"
    before = snapshot(path)
    ids = {m.id for m in demo_repo.members()}

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, "write", full)
        with pytest.raises(WriteError) as err:
            demo_repo.save_member(Member(id="", name="Ai Đó"))
        with pytest.raises(WriteError):
            demo_repo.next_number("nghi_quyet")
    assert err.value.key == "error.store_disk_full"
    assert snapshot(path) == before
    assert {m.id for m in Repository(root).members()} == ids
    assert demo_repo.next_number("nghi_quyet") == 1  # the failed reservation handed out nothing


def test_no_space_for_the_temporary_file_is_a_write_error(
    meeting_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, monkeypatch
) -> None:
    """Creating the temporary file is part of the write: out of inodes is 'disk full' too."""
    log = demo_repo.log(demo_meeting_id)
    before = snapshot(meeting_path)

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(tempfile, "mkstemp", full)
        with pytest.raises(WriteError) as err:
            log.record("started", {}, at=clock.now())
    assert err.value.key == "error.store_disk_full"
    assert snapshot(meeting_path) == before


# -- read-only data folder --------------------------------------------------------------------------------
def _really_read_only(folder: Path) -> bool:
    return not os.access(folder, os.W_OK)


@pytest.fixture
def read_only(root: Path) -> Iterator[Path]:
    folders = [root, root / "meetings"]
    for f in folders:
        os.chmod(f, 0o500)
    try:
        yield root
    finally:
        for f in folders:
            os.chmod(f, 0o700)


def test_read_only_folder_refuses_to_open(read_only: Path) -> None:
    if not _really_read_only(read_only):
        pytest.skip("running as root: chmod does not stop writes (see the EROFS tests)")
    with pytest.raises(WriteError) as err:
        Repository(read_only)
    assert err.value.key == "error.store_readonly"


def test_read_only_folder_refuses_writes_cleanly(
    read_only: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    if not _really_read_only(read_only):
        pytest.skip("running as root: chmod does not stop writes (see the EROFS tests)")
    path = demo_repo.meeting_path(demo_meeting_id)
    before = path.read_bytes()
    with pytest.raises(WriteError) as err:
        demo_repo.log(demo_meeting_id).record("started", {}, at=clock.now())
    assert err.value.key == "error.store_readonly"
    with pytest.raises(WriteError) as err2:
        demo_repo.save_member(Member(id="", name="Ai Đó"))
    assert err2.value.key == "error.store_readonly"
    assert path.read_bytes() == before
    assert demo_repo.log(demo_meeting_id).state().started_at is None  # reading still works


def _erofs(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise OSError(errno.EROFS, "Read-only file system")


def test_read_only_filesystem_refuses_a_new_data_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pathlib.Path, "mkdir", _erofs)
    with pytest.raises(WriteError) as err:
        Repository(tmp_path / "new")
    assert err.value.key == "error.store_readonly"


def test_unwritable_existing_folder_opens_for_reading_and_refuses_writes(
    root: Path, demo_repo: Repository, monkeypatch
) -> None:
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, m, *a, **kw: False if Path(p) == root else real_access(p, m, *a, **kw)
    )
    repo = Repository(root)  # listed and read, as a read-only folder must be
    assert repo.cell().name and repo.members() and repo.meetings()
    with pytest.raises(WriteError) as err:
        repo.save_member(Member(id="", name="Ai Đó"))
    assert err.value.key == "error.store_readonly"


@pytest.mark.parametrize("where", ["mkstemp", "link", "replace"])
def test_read_only_filesystem_refuses_writes_cleanly(
    meeting_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, monkeypatch, where
) -> None:
    log = demo_repo.log(demo_meeting_id)
    log.record("started", {}, at=clock.now())
    before = snapshot(meeting_path)
    target = {"mkstemp": (tempfile, "mkstemp"), "link": (os, "link"), "replace": (os, "replace")}[where]
    with monkeypatch.context() as m:
        m.setattr(*target, _erofs)
        m.setattr(storage_mod.Path, "write_bytes", _erofs)  # the copy fallback for links fails too
        with pytest.raises(WriteError) as err:
            log.record("next_stage", {}, at=clock.now())
    assert err.value.key == "error.store_readonly"
    assert snapshot(meeting_path) == before
    assert leftovers(meeting_path.parent) == []


# -- document numbers ----------------------------------------------------------------------------------------
def test_document_numbers_never_repeat_across_instances(root: Path, demo_repo: Repository) -> None:
    repos = [demo_repo, Repository(root), Repository(root)]
    got = [repos[i % 3].next_number("nghi_quyet") for i in range(12)]
    assert got == list(range(1, 13))
    # another document type has its own sequence
    assert repos[1].next_number("bien_ban") == 1
    # a fresh instance carries on, it does not restart
    assert Repository(root).next_number("nghi_quyet") == 13


# -- storage API details ------------------------------------------------------------------------------------
def test_nested_transaction_writes_once(tmp_path: Path) -> None:
    path = tmp_path / "data" / "c.json"
    db, st = open_db(path, "c")
    with st.transaction():
        table(db, "t").insert({"i": 1})
        with st.transaction():
            table(db, "t").insert({"i": 2})
        assert not path.exists()  # nothing on disk until the outer one commits
    assert file_counter(path) == 1
    assert len(table(db, "t").all()) == 2


def test_mark_dirty_outside_transaction_is_an_error(tmp_path: Path) -> None:
    st = AtomicJSONStorage(tmp_path / "data" / "c.json", kind="c")
    with pytest.raises(RuntimeError):
        st.mark_dirty()


@pytest.mark.parametrize("fault", ["disk_full", "readonly"])
def test_failed_restore_leaves_the_damaged_file_in_place(root: Path, monkeypatch, fault: str) -> None:
    """A restore that cannot write must not leave the path empty: the app would then take
    the cell for a new one. The damaged file stays where it was, for another try."""
    path = root / "cell.json"
    path.write_bytes(b"{ broken")
    err_no = errno.ENOSPC if fault == "disk_full" else errno.EROFS

    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(err_no, os.strerror(err_no))

    with monkeypatch.context() as m:
        m.setattr(tempfile, "mkstemp", fail)
        m.setattr(os, "write", fail)
        with pytest.raises(WriteError) as err:
            restore_backup(path)
    assert err.value.key == f"error.store_{fault}"
    assert path.read_bytes() == b"{ broken"
    assert sorted(p.name for p in root.iterdir() if p.is_file()) == [
        "cell.json",
        "cell.json.bak",
        "cell.json.lock",
    ]
    restore_backup(path)  # the fault gone, it works
    assert Repository(root).has_cell()


# -- known bugs outside storage.py (strict xfails: a fix flips them) ----------------------------
def test_text_that_cannot_be_stored_is_refused_or_cleaned(
    meeting_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    log = demo_repo.log(demo_meeting_id)
    before = meeting_path.read_bytes()
    try:
        log.record("stage_changed", {"stage": "s1", "title": "Mở đầu \udcff"}, at=clock.now())
    except (DomainError, StoreError):
        assert meeting_path.read_bytes() == before
    else:
        assert "\udcff" not in log.state().stages[0].title
    MeetingLog(meeting_path).state()  # the file opens either way


def test_event_text_is_stored_clean(
    meeting_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    log = demo_repo.log(demo_meeting_id)
    log.record("stage_changed", {"stage": "s1", "title": "Mở\x1b[31m đầu  "}, at=clock.now())
    stored = MeetingLog(meeting_path).events()[-1].data["title"]
    assert stored == log.state().stages[0].title == "Mở đầu"
