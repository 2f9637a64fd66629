"""Meeting summaries (``domain.summary``) and their cache on disk (``store.summaries``).

The questions across meetings read summaries; a summary kept on disk is used only while the
meeting file it was made from is the one on disk, and only by the meetingtui and summary
schema that made it. Every answer must be what the rules give over the folded meetings.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from meetingtui.domain import history as history_rules
from meetingtui.domain import ledger as ledger_rules
from meetingtui.domain import tasks as task_rules
from meetingtui.domain.agenda import MeetingType
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.resolution import PriorTask, is_adopted, number_label, period_of
from meetingtui.domain.state import MeetingState
from meetingtui.domain.summary import SUMMARY_SCHEMA, MeetingSummary, summarise
from meetingtui.domain.year import year_summary
from meetingtui.queries.meetings import cell_meetings
from meetingtui.services.cell import CellService
from meetingtui.services.meeting import MeetingService
from meetingtui.store import summaries as summaries_mod
from meetingtui.store.repo import Repository
from meetingtui.store.storage import dumps, file_counter, loads, restore_backup

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FOLDERS = sorted(p for p in FIXTURES.glob("v*/*/data"))
START = "2026-11-20T01:00:00+00:00"


def _id(folder: Path) -> str:
    return f"{folder.parent.parent.name}-{folder.parent.name}"


@pytest.fixture(params=FOLDERS, ids=_id)
def stored(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(request.param, root)
    return root


def cache_files(root: Path) -> dict[str, Path]:
    return {p.stem: p for p in (root / "cache" / "summaries").glob("*.json")}


def every_answer(repo: Repository) -> dict[str, object]:
    """Every question across meetings, asked through the service the screens use."""
    cells = CellService(repo, FakeClock(START))
    infos = repo.meetings()
    years = sorted({int(i.date[:4]) for i in infos})
    members = [m.id for m in repo.members()]
    answers: dict[str, object] = {}
    for year in years:
        answers[f"year {year}"] = cells.year(year)
        answers[f"ledger {year}"] = cells.ledger(year)
    for member in members:
        answers[f"history {member}"] = cells.member_history(member)
        for year in years:
            answers[f"history {member} {year}"] = cells.member_history(member, year)
        answers[f"tasks {member}"] = cells.member_tasks(member)
    for info in infos:
        state = repo.log(info.id).state()
        answers[f"silent {info.id}"] = cells.silent_members(state)
        answers[f"open {info.id}"] = cells.open_tasks(state)
        answers[f"earlier {info.id}"] = cells.earlier_tasks(state)
    return answers


def test_a_summary_comes_back_from_its_stored_form_exactly(stored: Path) -> None:
    repo = Repository(stored)
    for info in repo.meetings():
        summary = summarise(repo.log(info.id).state())
        again = MeetingSummary.from_dict(loads(dumps(summary.to_dict())))
        assert again == summary, info.id
        assert again.to_dict() == summary.to_dict()


def test_the_answers_are_the_rules_over_the_folded_meetings(stored: Path) -> None:
    """Read from summaries (made, then from disk in a new process), every answer is what the
    rules give over the meetings folded from their events."""
    check_against_the_rules(stored)


def test_the_answers_over_two_years_of_a_synthetic_cell(tmp_path: Path) -> None:
    """Resolutions adopted and reported back month after month, carried tasks, follow-ups
    taken into a resolution, across a new year."""
    from support.synth import make_cell

    repo = make_cell(tmp_path / "data", FakeClock(START), members=14, meetings=15)
    assert {i.date[:4] for i in repo.meetings()} == {"2025", "2026"}
    check_against_the_rules(repo.root)


def check_against_the_rules(root: Path) -> None:
    repo = Repository(root)
    first = every_answer(repo)
    assert repo.summaries.made == len(cache_files(root)) > 0

    states = cell_meetings(repo)
    cells = CellService(repo, FakeClock(START))
    for year in {int(s.date[:4]) for s in states}:
        of_year = [s for s in states if s.date.startswith(f"{year}-")]
        ledger = ledger_rules.ledger(of_year, year)
        assert first[f"ledger {year}"] == ledger
        tracked = task_rules.track(states)
        assert first[f"year {year}"] == year_summary(
            year, repo.cell().name, of_year, repo.members(), ledger, tracked, repo.studies()
        )
    years = sorted({int(s.date[:4]) for s in states})
    for member in repo.members():
        whole = history_rules.member_history(states, member.id)
        assert first[f"history {member.id}"] == whole
        for year in years:  # a year's rows, with outcomes reported in later years
            assert first[f"history {member.id} {year}"] == [r for r in whole if r.date.startswith(f"{year}-")]
        assert first[f"tasks {member.id}"] == task_rules.open_for(task_rules.track(states), member.id)
    for state in states:
        earlier = [s for s in states if s.id != state.id and s.date <= state.date]
        assert first[f"silent {state.id}"] == ledger_rules.silent_members(earlier, state)
        assert first[f"open {state.id}"] == task_rules.open_at(states, state)
    assert cells.silent_members(states[-1]) == first[f"silent {states[-1].id}"]
    every = [repo.log(i.id).state() for i in repo.meetings()]  # committee meetings too
    for state in every:
        assert first[f"earlier {state.id}"] == [
            prior
            for o in every
            if o.id != state.id and o.date <= state.date and is_adopted(o)
            for prior in _prior_tasks(o)
        ]

    again = Repository(root)  # another process: the summaries come from disk
    assert every_answer(again) == first
    assert again.summaries.made == 0 and again.summaries.read == len(cache_files(root))


def _prior_tasks(o: MeetingState) -> list[PriorTask]:
    """An adopted resolution's tasks as the draft's warnings compare them, worked out from the
    folded meeting: a regular NQ's month, and one entry without content when it has no task."""
    label = number_label(o.resolution.kind, o.resolution.number)
    period = period_of(o) if o.type is MeetingType.REGULAR and o.resolution.kind.value == "NQ" else ""
    tasks = [PriorTask(o.id, o.date, label, task.content, period) for task in o.resolution.tasks]
    return tasks or [PriorTask(o.id, o.date, label, "", period)]


def test_a_meeting_written_since_is_summarised_again(demo_repo: Repository, clock: FakeClock) -> None:
    cells = CellService(demo_repo, clock)
    meeting_id = demo_repo.meetings()[-1].id
    before = cells.ledger(2026)
    made = demo_repo.summaries.made
    MeetingService(demo_repo, meeting_id, clock).start()
    for member in list(demo_repo.log(meeting_id).state().roster)[:3]:
        MeetingService(demo_repo, meeting_id, clock).record(
            "attendance_marked", member=member, status="present"
        )
    other = Repository(demo_repo.root)  # a second terminal with its summaries on disk
    after = cells.ledger(2026)
    assert demo_repo.summaries.made == made + 1  # only the meeting that changed
    assert after != before and after == ledger_rules.ledger(cell_meetings(demo_repo, 2026), 2026)
    assert CellService(other, clock).ledger(2026) == after
    assert other.summaries.made == 0  # the first terminal's summary of it was on disk already


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda doc: doc.update(meetingtui="0.0.9"), id="another version"),
        pytest.param(lambda doc: doc.update(schema=SUMMARY_SCHEMA + 1), id="a newer schema"),
        pytest.param(lambda doc: doc.update(format=99), id="another layout"),
        pytest.param(lambda doc: doc["key"].__setitem__(0, doc["key"][0] + 1), id="another key"),
        pytest.param(lambda doc: doc.update(meeting="x"), id="another meeting's"),
        pytest.param(lambda doc: doc["summary"].pop("presence"), id="a summary missing a part"),
        pytest.param(
            lambda doc: doc["summary"]["presence"].update(m001="maybe"), id="a value it cannot hold"
        ),
    ],
)
def test_a_cached_summary_that_is_not_exactly_this_one_is_made_again(
    demo_repo: Repository, clock: FakeClock, spoil
) -> None:
    expected = every_answer(demo_repo)
    for path in cache_files(demo_repo.root).values():
        doc = loads(path.read_bytes())
        spoil(doc)
        path.write_bytes(dumps(doc))
    again = Repository(demo_repo.root)
    assert every_answer(again) == expected
    assert again.summaries.read == 0 and again.summaries.made == len(cache_files(demo_repo.root))
    # written over with good ones: the next process reads them
    third = Repository(demo_repo.root)
    assert every_answer(third) == expected and third.summaries.made == 0


@pytest.mark.parametrize("damage", [b"", b"{", b"\x00\xff" * 40, b"[]", b'{"format":1}'])
def test_a_damaged_cache_file_is_made_again(demo_repo: Repository, damage: bytes) -> None:
    expected = every_answer(demo_repo)
    for path in cache_files(demo_repo.root).values():
        path.write_bytes(damage)
    again = Repository(demo_repo.root)
    assert every_answer(again) == expected
    assert again.summaries.read == 0
    assert all(
        loads(p.read_bytes())["format"] == summaries_mod.FORMAT for p in cache_files(demo_repo.root).values()
    )


def test_the_cache_can_be_thrown_away(demo_repo: Repository) -> None:
    expected = every_answer(demo_repo)
    shutil.rmtree(demo_repo.root / "cache")
    assert every_answer(Repository(demo_repo.root)) == expected
    assert cache_files(demo_repo.root)


def test_a_cache_that_cannot_be_written_is_only_slower(demo_repo: Repository, monkeypatch) -> None:
    expected = every_answer(Repository(demo_repo.root))
    shutil.rmtree(demo_repo.root / "cache")

    def full(*args: object, **kw: object) -> tuple[int, str]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(summaries_mod.tempfile, "mkstemp", full)
    repo = Repository(demo_repo.root)
    assert every_answer(repo) == expected
    assert not cache_files(demo_repo.root)
    assert list((demo_repo.root / "cache").rglob("*.tmp")) == []


def test_a_restored_backup_is_summarised_from_what_it_holds(demo_repo: Repository, clock: FakeClock) -> None:
    meeting_id = demo_repo.meetings()[-1].id
    chair = MeetingService(demo_repo, meeting_id, clock)
    chair.start()
    chair.record("attendance_marked", member="m002", status="unexcused")
    cells = CellService(demo_repo, clock)
    with_absence = cells.ledger(2026)
    restore_backup(demo_repo.meeting_path(meeting_id))  # the file as before the last event
    back = Repository(demo_repo.root)
    assert CellService(back, clock).ledger(2026) == ledger_rules.ledger(cell_meetings(back, 2026), 2026)
    assert CellService(back, clock).ledger(2026) != with_absence


def test_another_file_under_the_same_write_counter_is_not_taken_for_the_cached_one(
    demo_repo: Repository, clock: FakeClock, tmp_path: Path
) -> None:
    """Two copies of a cell, each writing its meeting once: the files carry the same counter.
    A meeting file copied over from the other copy is summarised from what it holds."""
    other_root = tmp_path / "other"
    shutil.copytree(demo_repo.root, other_root)
    meeting_id = demo_repo.meetings()[-1].id
    MeetingService(demo_repo, meeting_id, clock).start()
    MeetingService(demo_repo, meeting_id, clock).record("attendance_marked", member="m002", status="present")
    other = Repository(other_root)
    MeetingService(other, meeting_id, clock).start()
    MeetingService(other, meeting_id, clock).record("attendance_marked", member="m002", status="unexcused")
    cells = CellService(demo_repo, clock)
    ours = cells.ledger(2026)
    shutil.copyfile(other.meeting_path(meeting_id), demo_repo.meeting_path(meeting_id))
    repo = Repository(demo_repo.root)
    assert file_counter(repo.meeting_path(meeting_id)) == file_counter(other.meeting_path(meeting_id))
    theirs = CellService(repo, clock).ledger(2026)
    assert theirs != ours and theirs == CellService(other, clock).ledger(2026)


def test_ten_years_of_summaries_keep_no_folded_meeting_open(tmp_path: Path) -> None:
    from support.synth import make_cell

    repo = make_cell(tmp_path / "data", FakeClock(START), members=12, meetings=24)
    again = Repository(repo.root)
    CellService(again, FakeClock(START)).year(2026)
    CellService(again, FakeClock(START)).member_history("m003")
    assert again.summaries.made == 24
    assert again._logs == {}  # each meeting folded for its summary and let go


def test_summaries_asked_from_threads_while_the_meeting_is_recorded(
    demo_repo: Repository, clock: FakeClock
) -> None:
    """A worker reading the year while the screen records: every answer is one of a state
    that was on disk, and the last one is the meeting as it ends."""
    meeting_id = demo_repo.meetings()[-1].id
    chair = MeetingService(demo_repo, meeting_id, clock)
    chair.start()
    cells = CellService(demo_repo, clock)
    roster = list(demo_repo.log(meeting_id).state().roster)
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask() -> None:
        try:
            while not stop.is_set():
                ledger = cells.ledger(2026)
                assert all(row.attended + row.excused + row.unexcused <= 4 for row in ledger.values())
        except BaseException as exc:  # reported to the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for member in roster:
            chair.record("attendance_marked", member=member, status="excused", reason="Ốm")
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    assert errors == []
    assert cells.ledger(2026) == ledger_rules.ledger(cell_meetings(demo_repo, 2026), 2026)
    assert demo_repo.summary(meeting_id) == summarise(demo_repo.log(meeting_id).state())
