"""Keys that arrive in one burst (typed while the screen was busy) act in the order typed.

Pilot's ``press`` waits for the app between keys; a terminal does not: keys typed during a
redraw arrive together. Here they are handed to the app all at once, as the driver would, and
the stored record must be what the keys say in their order: a command's dialog gets the text
typed after the command, Enter moves between fields before the next field's text, ^S and ^E
see every character typed before them.
"""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key

from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import MeetingApp, make_app

NAMED = {"enter": "\r", "escape": "\x1b", "tab": "\t", "backspace": "\x7f"}


def _burst(app: MeetingApp, *keys: str) -> None:
    """Each item a key name ("enter", "f3", "ctrl+s", "backspace") or text, typed a character
    at a time; all handed to the app at once, as a terminal delivers a burst."""
    for item in keys:
        if item in NAMED or "+" in item or (item[0] == "f" and item[1:].isdigit()):
            app.post_message(events.Key(item, NAMED.get(item)))
            continue
        for ch in item:
            key = ch if ch.isalnum() else _character_to_key(ch)
            app.post_message(events.Key(key, ch))


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Until no key is held back and the app has been quiet a moment (at most 5 s)."""
    app = pilot.app
    quiet = 0
    for _ in range(100):
        await pilot.pause(0.05)
        busy = app._held_keys is not None or any(w.group == "keys" for w in app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= 4:
            return


def _running(repo: Repository, meeting: str, clock: FakeClock, stages: int) -> None:
    svc = MeetingService(repo, meeting, clock)
    for member in svc.state().members():
        svc.record("attendance_marked", member=member.id, status="present")
    svc.start()
    for _ in range(stages):
        svc.record("next_stage")


async def test_a_task_typed_in_one_burst_after_its_command(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    _running(demo_repo, demo_meeting_id, clock, stages=7)
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        _burst(
            app,
            "d",
            "a",
            "Hoàn thành giải ngân",
            "enter",
            "Đạt 95%",
            "enter",
            "Giao ban",
            "enter",
            "enter",
            "31/12/2026",
            "ctrl+s",
        )
        await _settle(pilot)
    (task,) = Repository(demo_repo.root).log(demo_meeting_id).state().resolution.tasks
    assert (task.content, task.requirement, task.measures, task.deadline) == (
        "Hoàn thành giải ngân",
        "Đạt 95%",
        "Giao ban",
        "2026-12-31",
    )


async def test_the_clerk_gives_the_floor_types_and_ends_in_one_burst(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    _running(demo_repo, demo_meeting_id, clock, stages=5)
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        _burst(
            app,
            "Mở đầu: ",
            "f3",
            "son",
            "enter",
            "đề nghị bổ sung kinh phí",
            "ctrl+e",
            "f2",
            "mai",
            "enter",
            "tab",
            "sau đó",
        )
        await _settle(pilot)
        notes = app.screen.query_one("#notes").text  # type: ignore[attr-defined]
    record = Repository(demo_repo.root).log(demo_meeting_id).state().record
    (speech,) = record.speeches
    assert (speech.member, speech.text) == ("m013", "Mở đầu: đề nghị bổ sung kinh phí")
    assert [e.member for e in record.queue] == ["m009"]
    assert notes == "sau đó"  # typed on the queue after Tab: still the notes (for the next speech)


async def test_names_called_in_one_burst_mark_the_right_members(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        _burst(app, "son", "enter", "lo thi", "f3", "pao", "f2", "Ốm", "enter", "enter")
        await _settle(pilot)
    attendance = Repository(demo_repo.root).log(demo_meeting_id).state().attendance
    assert attendance["m013"].status == "present"  # Hà Văn Sơn
    assert attendance["m009"].status == "unexcused"  # Lò Thị Mai
    assert (attendance["m010"].status, attendance["m010"].reason) == ("excused", "Ốm")  # Giàng Seo Pao
    assert attendance["m011"].status == "present"  # the last Enter: the next not yet called after him


async def test_an_input_methods_backspace_and_retype_keeps_its_place(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    """Telex in Unikey sends "vie" then, for the second e, a backspace and "ê": a backspace acts
    through a binding, later than the characters, and must not be overtaken by them."""
    _running(demo_repo, demo_meeting_id, clock, stages=5)
    svc = MeetingService(demo_repo, demo_meeting_id, clock, "clerk")
    svc.record("queue_added", member="m006")
    svc.record("speech_started")
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        _burst(app, "vie", "backspace", "ê", "t nam", "backspace", "backspace", "backspace", "Nam", "ctrl+e")
        await _settle(pilot)
    (speech,) = Repository(demo_repo.root).log(demo_meeting_id).state().record.speeches
    assert speech.text == "viêt Nam"


async def test_a_count_corrected_in_a_burst(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    _running(demo_repo, demo_meeting_id, clock, stages=0)
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        _burst(
            app, "v", "Q", "enter", "enter", "enter", "24", "enter", "2", "enter", "enter"
        )  # 26 > 23 voters: refused
        _burst(app, "shift+tab", "shift+tab", "backspace", "backspace", "21", "ctrl+s")
        await _settle(pilot)
    (vote,) = Repository(demo_repo.root).log(demo_meeting_id).state().votes
    assert (vote.tally.for_, vote.tally.against) == (21, 2)
