"""The JSON archive: an exact round trip, idempotent import, refusals with clear messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetingtui import __version__
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.decider import fold
from meetingtui.domain.errors import DomainError
from meetingtui.i18n import error_text
from meetingtui.interchange.archive import FORMAT, SCHEMA, archive_bytes, archive_of, import_archive
from meetingtui.store.repo import Repository


def _write_archive(repo: Repository, meeting_id: str, clock: FakeClock, path: Path) -> dict:
    data = archive_of(repo, meeting_id, clock)
    path.write_bytes(archive_bytes(data))
    return data


def test_round_trip_into_a_fresh_cell_is_exact(
    held_repo: Repository, held: str, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "meeting.json"
    data = _write_archive(held_repo, held, clock, path)
    assert data["format"] == FORMAT and data["schema"] == SCHEMA and data["meetingtui"] == __version__
    assert data["exported_at"] == "2026-11-20T01:00:00.000+00:00"  # from the clock passed in
    assert data["cell"]["name"] == "Chi bộ Ban Dân tộc"
    assert set(data["roster"]) == {m["id"] for m in data["members"]}

    fresh = Repository(tmp_path / "fresh")
    result = import_archive(fresh, path)
    assert result.meeting_id == held and not result.identical and result.warnings == []

    original = held_repo.log(held).events()
    imported = fresh.log(held).events()
    assert [e.to_dict() for e in imported] == [e.to_dict() for e in original]
    assert fold(imported) == fold(original)
    assert fresh.cell() == held_repo.cell()
    assert fresh.meeting_info(held).status == "ended"
    # The imported resolution is 01-NQ/CB: the new cell's counter moved past it.
    assert fresh.log(held).state().resolution.number == 1
    assert fresh.next_number("NQ") == 2


def test_importing_the_same_archive_again_changes_nothing(
    held_repo: Repository, held: str, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "meeting.json"
    _write_archive(held_repo, held, clock, path)
    before = (held_repo.meetings_dir / f"{held}.json").read_bytes()
    result = import_archive(held_repo, path)
    assert result.identical
    assert (held_repo.meetings_dir / f"{held}.json").read_bytes() == before


def test_an_existing_id_with_other_events_is_refused(
    held_repo: Repository, held: str, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "meeting.json"
    data = _write_archive(held_repo, held, clock, path)
    data["events"] = data["events"][:-1]  # the same meeting, one event short
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DomainError) as err:
        import_archive(held_repo, path)
    assert err.value.key == "error.archive_id_exists"
    assert held in error_text(err.value)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d.update(schema=2), "error.archive_schema"),
        (lambda d: d.update(format="other"), "error.archive_not_archive"),
        (lambda d: d.pop("events"), "error.archive_invalid"),
        (lambda d: d["events"].__setitem__(3, {**d["events"][3], "seq": 99}), "error.archive_invalid"),
        (lambda d: d["events"][5].update(kind="no_such_event"), "error.archive_events_invalid"),
        (lambda d: d["events"][-1].update(kind="started"), "error.archive_events_invalid"),
    ],
)
def test_bad_archives_are_refused_whole(
    held_repo: Repository, held: str, clock: FakeClock, tmp_path: Path, change, key: str
) -> None:
    path = tmp_path / "bad.json"
    data = archive_of(held_repo, held, clock)
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fresh = Repository(tmp_path / "fresh")
    with pytest.raises(DomainError) as err:
        import_archive(fresh, path)
    assert err.value.key == key
    assert not fresh.has_cell() and list(fresh.meetings_dir.iterdir()) == []


def test_wrong_schema_message_names_both_versions(
    held_repo: Repository, held: str, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "future.json"
    data = archive_of(held_repo, held, clock)
    data["schema"] = 7
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DomainError) as err:
        import_archive(Repository(tmp_path / "fresh"), path)
    message = error_text(err.value)
    assert "7" in message and "1" in message and str(path) in message


def test_not_json_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text("{ not json", encoding="utf-8")
    repo = Repository(tmp_path / "data")
    with pytest.raises(DomainError) as err:
        import_archive(repo, path)
    assert err.value.key == "error.archive_not_json"
    with pytest.raises(DomainError) as err:
        import_archive(repo, tmp_path / "missing.json")
    assert err.value.key == "error.archive_unreadable"


def test_archive_of_another_cell_is_imported_with_a_warning(
    held_repo: Repository, held: str, clock: FakeClock, tmp_path: Path, cell_repo: Repository
) -> None:
    path = tmp_path / "meeting.json"
    data = archive_of(held_repo, held, clock)
    data["cell"]["name"] = "Chi bộ Văn phòng"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = import_archive(cell_repo, path)
    assert [n.key for n in result.warnings] == ["warn.archive_other_cell"]
    assert cell_repo.cell().name == "Chi bộ Ban Dân tộc"  # the cell is not renamed
