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


def _burst(app: MeetingApp, *keys: str) -> None:
    """Each item a key name ("enter", "f3", "ctrl+s") or text typed character by character."""
    for item in keys:
        if len(item) > 1 and (
            item.startswith(("f", "ctrl+"))
            and item[1:].isdigit()
            or "+" in item
            or item in ("enter", "escape", "tab")
        ):
            app.post_message(events.Key(item, "\r" if item == "enter" else None))
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
