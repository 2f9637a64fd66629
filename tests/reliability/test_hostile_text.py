"""Hostile text through every text field: stored clean (NFC, no controls or escapes), kept
literally (markup is data), identical after a reload, or refused with a clear error key."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.domain.people import Member, checked_member
from meetingtui.domain.state import MeetingState
from meetingtui.domain.text import clean
from meetingtui.services.cell import CellService
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository

PIECES = [
    "[/]",
    "[b]",
    "[bold red]x[/]",
    "[@click=app.quit]x[/]",
    "\x1b[31m",
    "\x1b[2J",
    "\x1b]0;TITLE\x07",
    "\x1b]8;;https://example.invalid/\x1b\\link\x1b]8;;\x1b\\",
    "\x1bc",
    "\x9b2J",
    "\x00",
    "\x07",
    "\x08",
    "\x85",
    "\u202e",
    "\ud800",
    "Nguye\u0302\u0303n Thi\u0323 Hu\u031bo\u031b\u0300ng",  # NFD Vietnamese
    "Đặng",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "",
]
hostile = st.lists(
    st.one_of(
        st.sampled_from(PIECES), st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)
    ),
    max_size=8,
).map("".join)


def _ok(stored: str, raw: str, *, multiline: bool) -> None:
    assert stored == clean(raw, multiline=multiline)
    assert unicodedata.is_normalized("NFC", stored)
    assert not any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t" for c in stored)
    assert "\x1b" not in stored and "\u202e" not in stored


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "data"
    clock = FakeClock()
    repo = create_demo(root, clock).repo
    meeting = repo.meetings()[-1].id
    svc = MeetingService(repo, meeting, clock)
    for m in svc.state().members():
        svc.record("attendance_marked", member=m.id, status="present")
    svc.start()
    return root


# field name -> (events to record, how to read the value back, multi-line?)
Field = tuple[Callable[[str], list[tuple[str, dict[str, Any]]]], Callable[[MeetingState], str], bool]
FIELDS: dict[str, Field] = {
    "absence reason": (
        lambda s: [("attendance_marked", {"member": "m010", "status": "excused", "reason": s})],
        lambda st: st.attendance["m010"].reason,
        False,
    ),
    "guest name": (
        lambda s: [("guest_added", {"name": s, "title": "x"})],
        lambda st: st.guests[-1].name,
        False,
    ),
    "stage title": (
        lambda s: [("stage_changed", {"stage": "s3", "title": s})],
        lambda st: st.stages[2].title,
        False,
    ),
    "vote question": (
        lambda s: [("vote_recorded", {"question": s, "kind": "other", "form": "hands", "for": 1})],
        lambda st: st.votes[-1].question,
        False,
    ),
    "speech summary": (
        lambda s: [
            ("queue_added", {"member": "m006"}),
            ("speech_started", {}),
            ("speech_ended", {"text": s}),
        ],
        lambda st: st.record.speeches[-1].text,
        True,
    ),
    "group opinion": (
        lambda s: [("group_opinion", {"group": "Tổ đảng 1", "text": s})],
        lambda st: st.record.speeches[-1].text,
        True,
    ),
    "stage conclusion": (
        lambda s: [("stage_concluded", {"stage": "s4", "text": s})],
        lambda st: st.record.conclusions["s4"].text,
        True,
    ),
    "criticism entry": (
        lambda s: [("entry_added", {"kind": "reminder", "speaker": "m001", "concerns": "m007", "text": s})],
        lambda st: st.criticism[-1].text,
        True,
    ),
    "task content": (
        lambda s: [("resolution_task_added", {"content": s})],
        lambda st: st.resolution.tasks[-1].content,
        True,
    ),
    "review note": (
        lambda s: [
            (
                "task_reviewed",
                {
                    "meeting": "2026-10-20-dinh-ky",
                    "task": "t9",
                    "content": "Việc cũ",
                    "status": "done",
                    "note": s,
                },
            )
        ],
        lambda st: st.reviews.items[("2026-10-20-dinh-ky", "t9")].note,
        True,
    ),
}


@pytest.mark.parametrize("field", sorted(FIELDS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=hostile)
def test_hostile_text_in_every_meeting_field(base: Path, field: str, raw: str) -> None:
    events, read, multiline = FIELDS[field]
    repo = Repository(base)
    meeting = repo.meetings()[-1].id
    svc = MeetingService(repo, meeting, FakeClock())
    try:
        for kind, data in events(raw):
            svc.record(kind, **data)
    except DomainError as exc:
        assert exc.key in ("error.field_empty", "error.text_too_long", "error.speech_running")
        assert not clean(raw, multiline=multiline) or exc.key != "error.field_empty"
        return
    fresh = Repository(base).log(meeting).state()  # what is on disk, read by a new process
    _ok(read(fresh), raw, multiline=multiline)
    stored_event = Repository(base).log(meeting).events()[-1]
    assert all(
        unicodedata.is_normalized("NFC", v) and "\x1b" not in v
        for v in stored_event.data.values()
        if isinstance(v, str)
    )


@settings(max_examples=50, deadline=None)
@given(raw=hostile)
def test_hostile_member_names(raw: str) -> None:
    try:
        member = checked_member(Member(id="m900", name=raw))  # the edge every new name passes
    except DomainError as exc:
        assert exc.key == "error.name_empty" and not clean(raw)
        return
    _ok(member.name, raw, multiline=False)
    assert Member.from_dict(member.to_dict()) == member


def test_a_one_megabyte_paste_is_refused_with_a_clear_error(base: Path) -> None:
    repo = Repository(base)
    svc = MeetingService(repo, repo.meetings()[-1].id, FakeClock())
    before = len(svc.log.events())
    huge = "Nội dung dài " * 80_000  # ~1 MB
    for kind, data in (
        ("guest_added", {"name": huge}),
        ("stage_concluded", {"stage": "s2", "text": huge}),
        ("resolution_task_added", {"content": huge}),
    ):
        with pytest.raises(DomainError) as err:
            svc.record(kind, **data)
        assert err.value.key == "error.text_too_long"
    members = repo.members()
    with pytest.raises(DomainError) as err:
        CellService(repo, FakeClock()).add_member(huge)
    assert err.value.key == "error.text_too_long"
    assert len(svc.log.events()) == before
    assert Repository(base).members() == members
