"""The Windows branches of ``store.platform``, run here by flipping ``platform.POSIX``.

Cells run meetingtui on whatever office computer they have. On Windows a folder cannot be
opened for fsync, ``chmod`` only sets read-only, a reader holding a file open makes a rename
over it fail for a moment, and some drives refuse hard links. Each function must do the safe
thing there, and a whole write, and a whole meeting, must work end to end on that branch.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.services.cell import CellService
from meetingtui.store import platform
from meetingtui.store.repo import MeetingLog, Repository
from meetingtui.store.storage import atomic_write, file_counter, read_json_file
from support.meetings import create_meeting


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(platform, "POSIX", False)
    yield


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The retry pauses, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(platform.time, "sleep", slept.append)
    return slept


def flaky_replace(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[tuple[str, str]]:
    """``os.replace`` that fails ``failures`` times with PermissionError (a reader holds the
    target open, as on Windows), then works; returns the calls made."""
    real = os.replace
    calls: list[tuple[str, str]] = []

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        calls.append((str(src), str(dst)))
        if len(calls) <= failures:
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return calls


def refuse(calls: list[Any], error: OSError | None = None) -> Callable[..., Any]:
    """A stand-in that records its call and fails, for calls the Windows branch must not make."""

    def refused(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        raise error or AssertionError(f"called on Windows: {args}")

    return refused


# -- fsync_dir ---------------------------------------------------------------------------------
def test_fsync_dir_does_nothing_on_windows(
    tmp_path: Path, windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Any] = []
    synced: list[Any] = []
    monkeypatch.setattr(os, "open", refuse(opened))  # a folder cannot be opened there
    monkeypatch.setattr(os, "fsync", refuse(synced))
    platform.fsync_dir(tmp_path)
    assert opened == [] and synced == []


def test_fsync_dir_syncs_the_folder_on_posix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other branch, for contrast: the folder is opened and fsynced."""
    if os.name != "posix":
        pytest.skip("POSIX only")
    monkeypatch.setattr(platform, "POSIX", True)
    real_open, real_fsync = os.open, os.fsync
    opened: list[Any] = []
    synced: list[int] = []

    def open_(path: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(path)
        return real_open(path, *args, **kwargs)

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "fsync", fsync)
    platform.fsync_dir(tmp_path)
    assert opened == [tmp_path] and len(synced) == 1


# -- file modes ------------------------------------------------------------------------------------
def test_owner_only_does_not_chmod_on_windows(
    tmp_path: Path, windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(os, "fchmod", refuse(calls), raising=False)  # os.fchmod does not exist there
    monkeypatch.setattr(os, "chmod", refuse(calls))
    path = tmp_path / "f"
    path.write_bytes(b"x")
    fd = os.open(path, os.O_RDONLY)
    try:
        platform.owner_only(fd)
    finally:
        os.close(fd)
    platform.owner_only_path(path)
    assert calls == []


# -- replace ---------------------------------------------------------------------------------------
def test_replace_retries_while_the_target_is_held_open(
    tmp_path: Path, windows: None, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    source, target = tmp_path / "new", tmp_path / "file"
    source.write_bytes(b"new")
    target.write_bytes(b"old")
    calls = flaky_replace(monkeypatch, failures=2)
    platform.replace(source, target)
    assert calls == [(str(source), str(target))] * 3  # failed twice, then done
    assert pauses == [platform.REPLACE_PAUSE] * 2
    assert target.read_bytes() == b"new" and not source.exists()


def test_replace_gives_up_after_the_retries(
    tmp_path: Path, windows: None, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    source, target = tmp_path / "new", tmp_path / "file"
    source.write_bytes(b"new")
    target.write_bytes(b"old")
    calls = flaky_replace(monkeypatch, failures=10**6)
    with pytest.raises(PermissionError):
        platform.replace(source, target)
    assert len(calls) == platform.REPLACE_RETRIES
    assert len(pauses) == platform.REPLACE_RETRIES - 1  # no pause after the last try
    assert target.read_bytes() == b"old" and source.read_bytes() == b"new"  # nothing moved


def test_replace_does_not_retry_other_errors(
    tmp_path: Path, windows: None, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    """A full disk is not a reader holding the file: it is reported at once."""
    calls: list[Any] = []
    monkeypatch.setattr(os, "replace", refuse(calls, OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(OSError) as err:
        platform.replace(tmp_path / "new", tmp_path / "file")
    assert err.value.errno == errno.ENOSPC
    assert len(calls) == 1 and pauses == []


def test_replace_does_not_retry_on_posix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    """POSIX renames over an open file; a PermissionError there is real and reported at once."""
    monkeypatch.setattr(platform, "POSIX", True)
    source, target = tmp_path / "new", tmp_path / "file"
    source.write_bytes(b"new")
    calls = flaky_replace(monkeypatch, failures=1)
    with pytest.raises(PermissionError):
        platform.replace(source, target)
    assert len(calls) == 1 and pauses == []


# -- hard links --------------------------------------------------------------------------------------
def test_hard_link_or_copy_copies_where_links_are_refused(
    tmp_path: Path, windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    linked: list[Any] = []
    chmods: list[Any] = []
    monkeypatch.setattr(os, "link", refuse(linked, OSError(errno.EPERM, "Links are not supported")))
    monkeypatch.setattr(os, "chmod", refuse(chmods))
    source, target = tmp_path / "file.json", tmp_path / "file.json.bak"
    source.write_bytes("Biên bản".encode())
    platform.hard_link_or_copy(source, target)
    assert len(linked) == 1 and chmods == []  # tried the link; no chmod on Windows
    assert target.read_bytes() == source.read_bytes()
    assert os.stat(target).st_ino != os.stat(source).st_ino  # a copy, not a second name
    source.write_bytes(b"changed")
    assert target.read_bytes() == "Biên bản".encode()


def test_hard_link_or_copy_links_where_it_can(tmp_path: Path, windows: None) -> None:
    source, target = tmp_path / "file.json", tmp_path / "file.json.bak"
    source.write_bytes(b"x")
    platform.hard_link_or_copy(source, target)
    assert os.stat(target).st_ino == os.stat(source).st_ino


# -- end to end -----------------------------------------------------------------------------------------
@pytest.fixture
def windows_filesystem(
    windows: None, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> dict[str, list[Any]]:
    """As on a Windows machine with a FAT or network drive: no folder fsync, no chmod, no
    hard links, and every rename fails once because a reader holds the target open.

    filelock runs its own (POSIX) code for the ``.lock`` files here and sets their mode: only
    a chmod of anything else counts against the Windows branch."""
    calls: dict[str, list[Any]] = {"dir_open": [], "chmod": [], "link": [], "replace": []}
    real_open, real_replace, real_fchmod = os.open, os.replace, getattr(os, "fchmod", None)

    def fchmod(fd: int, mode: int) -> None:
        link = f"/proc/self/fd/{fd}"  # the file's name, where the system tells it (Linux)
        if os.path.exists(link) and not os.readlink(link).endswith(".lock"):
            calls["chmod"].append(os.readlink(link))
        if real_fchmod is not None:
            real_fchmod(fd, mode)

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.path.isdir(path):
            calls["dir_open"].append(path)
        return real_open(path, flags, *args, **kwargs)

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        calls["replace"].append(dst)
        if calls["replace"].count(dst) % 2:  # every first try of a rename fails
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "fchmod", fchmod, raising=False)
    monkeypatch.setattr(os, "chmod", refuse(calls["chmod"]))
    monkeypatch.setattr(os, "link", refuse(calls["link"], OSError(errno.EPERM, "Links are not supported")))
    return calls


def test_atomic_write_end_to_end_on_windows(tmp_path: Path, windows_filesystem: dict[str, list[Any]]) -> None:
    path = tmp_path / "cell.json"
    atomic_write(path, b'{"v": 1}')
    atomic_write(path, b'{"v": 2}')
    assert path.read_bytes() == b'{"v": 2}'
    backup = path.with_name("cell.json.bak")
    assert backup.read_bytes() == b'{"v": 1}'  # the previous version, copied (no links there)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cell.json", "cell.json.bak"]  # no .tmp left
    calls = windows_filesystem
    assert calls["dir_open"] == [] and calls["chmod"] == []
    assert calls["link"]  # tried, refused, copied
    assert calls["replace"].count(path) == 4  # each of the two renames tried twice


def test_a_meeting_recorded_end_to_end_on_windows(
    tmp_path: Path, windows_filesystem: dict[str, list[Any]], clock: FakeClock
) -> None:
    root = tmp_path / "data"
    cell = CellService.open(root, clock)
    cell.set_up("Chi bộ Văn phòng", "Đảng bộ Khối", "Lào Cai", "2025-07-01")
    cell.add_member("Nông Văn Thắng", role="bi_thu")
    cell.add_member("Hoàng Thị Lan")
    repo = cell.repo
    state = create_meeting(repo, "regular", "2026-11-20", clock=clock, chair="m001")
    meeting = cell.meeting(state.id)
    for member in ("m001", "m002"):
        meeting.record("attendance_marked", member=member, status="present")
    meeting.start()
    clock.advance(minutes=5)
    meeting.record("next_stage")
    meeting.record("queue_added", member="m002")
    meeting.record("speech_started")
    clock.advance(minutes=2)
    shown = meeting.record("speech_ended", text="Nhất trí với dự thảo.")

    fresh = Repository(root)  # the next start of the app reads what is on disk
    log = fresh.log(state.id)
    assert log.state() == shown
    assert [e.kind for e in log.events()][-4:] == [
        "next_stage",
        "queue_added",
        "speech_started",
        "speech_ended",
    ]
    assert fresh.meeting_info(state.id).status == "running"
    assert [m.name for m in fresh.members()] == ["Nông Văn Thắng", "Hoàng Thị Lan"]
    path = repo.meeting_path(state.id)
    assert file_counter(path) == len(log.events())  # one write per event
    backup = path.with_name(path.name + ".bak")
    assert read_json_file(backup) is not None and len(MeetingLog(backup).events()) == len(log.events()) - 1
    assert not [p for p in root.rglob("*.tmp")]
    calls = windows_filesystem
    assert calls["dir_open"] == [] and calls["chmod"] == []
    assert calls["link"] and calls["replace"]  # the Windows branches did the work
