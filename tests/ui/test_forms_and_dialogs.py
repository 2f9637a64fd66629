"""Forms never lose what was typed, dialogs do what their hints say, and the small things seen
in a whole meeting: key by key through Pilot, checked on disk."""

from __future__ import annotations

from textual.widgets import Input, Select, Static, TextArea

from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import ConfirmDialog, FormDialog, TextDialog
from meetingtui.ui.dialogs.group import GroupOpinionDialog
from meetingtui.ui.dialogs.vote import VoteDialog
from meetingtui.ui.screens.chair import ChairScreen
from meetingtui.ui.screens.clerk import ClerkScreen
from meetingtui.ui.screens.resolution import ResolutionScreen


def _stored(repo: Repository, meeting: str):  # type: ignore[no-untyped-def]
    return Repository(repo.root).log(meeting).state()


def _running(repo: Repository, meeting: str, clock: FakeClock, stages: int = 5) -> MeetingService:
    svc = MeetingService(repo, meeting, clock)
    for member in svc.state().members():
        svc.record("attendance_marked", member=member.id, status="present")
    svc.start()
    for _ in range(stages):
        svc.record("next_stage")
    return svc


async def test_enter_walks_every_field_in_order_and_a_filled_field_keeps_its_text(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    svc = _running(demo_repo, demo_meeting_id, clock)
    svc.record("resolution_task_added", content="Đôn đốc giải ngân", owner="m003")
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ResolutionScreen)
        await pilot.press("c")  # edit task 1
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        order = []
        for _ in range(5):
            order.append(form.focused.id if form.focused else None)
            await pilot.press("enter")
        assert order == ["f-content", "f-requirement", "f-measures", "f-owner", "f-deadline"]
        assert form.focused is not None and form.focused.id == "f-report_at"
        await pilot.press("tab")  # the named body that leads it (issue 16), the last field
        assert form.focused is not None and form.focused.id == "f-body"
        await pilot.press("tab")  # wraps to the first field, which is filled
        field = form.query_one("#f-content", Input)
        assert field.has_focus and field.cursor_position == len(field.value) and field.selection.is_empty
        await pilot.press(*" vốn đầu tư")  # typed at the end: nothing replaced
        assert field.value == "Đôn đốc giải ngân vốn đầu tư"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert _stored(demo_repo, demo_meeting_id).resolution.tasks[0].content == "Đôn đốc giải ngân vốn đầu tư"


async def test_escape_on_a_changed_form_asks_and_keeping_editing_keeps_the_text(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    _running(demo_repo, demo_meeting_id, clock)
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")  # the stage's conclusion
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        await pilot.press(*"Chi bộ thống nhất", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # "keep editing" has the focus
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one("#text-input", TextArea).text == "Chi bộ thống nhất"
        await pilot.press("escape", "right", "enter")  # now thrown away, on purpose
        await pilot.pause()
        assert isinstance(app.screen, ClerkScreen)
        await pilot.press("f5", "escape")  # nothing typed: Escape closes at once
        await pilot.pause()
        assert isinstance(app.screen, ClerkScreen)
    assert _stored(demo_repo, demo_meeting_id).record.conclusions == {}


async def test_the_vote_dialog_does_what_its_hint_says(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    _running(demo_repo, demo_meeting_id, clock, stages=0)
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, VoteDialog)
        await pilot.press(*"Adopt", "enter")  # question → the kind list: Enter goes on, no menu
        await pilot.press("enter")  # the form list
        assert dialog.focused is not None and dialog.focused.id == "form"
        assert not dialog.query_one("#kind", Select).expanded
        await pilot.press("enter", *"20", "enter", "1", "enter", "enter")  # for, against, other
        await pilot.pause()
        assert dialog.recorded is not None
        hint = str(dialog.query_one("#form-error", Static).render())
        assert "Enter/Esc: close" in hint and "PASSED" in hint
        assert all(field.disabled for field in dialog.query(".field"))
        await pilot.press("enter")  # closes, as the hint says
        await pilot.pause()
        assert isinstance(app.screen, ChairScreen)
    (vote,) = _stored(demo_repo, demo_meeting_id).votes
    assert (vote.question, vote.tally.for_, vote.tally.against) == ("Adopt", 20, 1)


async def test_a_list_in_a_dialog_speaks_the_interface_language(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    """Opening a list shows its key in the footer: Textual's "Dismiss menu" is translated."""
    from meetingtui.ui.widgets import KeyFooter

    _running(demo_repo, demo_meeting_id, clock, stages=0)
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("tab", "down")  # the kind list, opened
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        words = " ".join(str(key.render()) for key in footer.children)
        assert "Đóng danh sách" in words and "Dismiss" not in words


async def test_two_clerks_correcting_one_speech_merge_instead_of_losing_an_edit(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    svc = _running(demo_repo, demo_meeting_id, clock)
    svc.record("queue_added", member="m006")
    svc.record("speech_started")
    svc.record("speech_ended", text="Đề nghị bổ sung chỉ tiêu.")
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("f6")  # the only speech: the picker offers it first
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        # Meanwhile the other clerk corrects it on their laptop.
        other = MeetingService(demo_repo, demo_meeting_id, clock, "clerk")
        speech = other.state().record.speeches[0]
        other.record(
            "speech_corrected",
            speech=speech.id,
            text="Đề nghị bổ sung chỉ tiêu giải ngân.",
            base_rev=speech.rev,
        )
        await pilot.press(*" Giao Tổ 1.", "ctrl+s")
        await pilot.pause()
        merge = app.screen
        assert isinstance(merge, TextDialog) and merge.beside == "Đề nghị bổ sung chỉ tiêu giải ngân."
        mine = merge.query_one("#text-input", TextArea)
        assert mine.text == "Đề nghị bổ sung chỉ tiêu. Giao Tổ 1."  # nothing lost
        mine.text = "Đề nghị bổ sung chỉ tiêu giải ngân. Giao Tổ 1."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ClerkScreen)
    (stored,) = _stored(demo_repo, demo_meeting_id).record.speeches
    assert stored.text == "Đề nghị bổ sung chỉ tiêu giải ngân. Giao Tổ 1."
    assert [r.text for r in stored.history] == [
        "Đề nghị bổ sung chỉ tiêu.",
        "Đề nghị bổ sung chỉ tiêu giải ngân.",
    ]


async def test_a_party_group_opinion_is_one_dialog_with_who_read_it(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    _running(demo_repo, demo_meeting_id, clock)
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, GroupOpinionDialog)
        dialog.query_one("#group", Select).value = "Tổ đảng 2"
        dialog.query_one("#reader", Select).value = "m013"
        await pilot.press("enter", "enter")  # through both lists to the text
        await pilot.press(*"Nhất trí dự thảo", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ClerkScreen)
    (opinion,) = _stored(demo_repo, demo_meeting_id).record.speeches
    assert (opinion.kind, opinion.group, opinion.member, opinion.text) == (
        "group_opinion",
        "Tổ đảng 2",
        "m013",
        "Nhất trí dự thảo",
    )


async def test_the_silent_members_notice_drops_those_who_speak(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    _running(demo_repo, demo_meeting_id, clock)
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        silent = screen.query_one("#silent", Static)
        assert "Phạm Minh Đức" in str(silent.render())  # silent in his last three meetings
        await pilot.press("f3", *"pham minh duc", "enter")  # he gets the floor
        await pilot.pause()
        await pilot.press(*"Nhất trí", "ctrl+e")
        await pilot.pause()
        assert "Phạm Minh Đức" not in str(silent.render())
        assert "Vàng A Dình" in str(silent.render())


async def test_a_stage_given_no_time_never_warns_over_time(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    _running(demo_repo, demo_meeting_id, clock, stages=8)  # "Việc khác": 0 minutes
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ChairScreen) and screen.state is not None
        assert screen.state.current_stage is not None and screen.state.current_stage.budget == 0
        clock.advance(seconds=1)
        screen.refresh_timers()
        await pilot.pause()
        assert "quá thời gian" not in str(screen.query_one("#warnings", Static).render())
        assert not screen.query_one("#stage-clock").has_class("-over")


async def test_an_ended_meeting_offers_no_editing_keys(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    from meetingtui.ui.palette import screen_commands

    svc = _running(demo_repo, demo_meeting_id, clock)
    svc.record("queue_added", member="m006")
    clock.advance(minutes=95)
    svc.record("ended")
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [c.title for c in screen_commands(app.screen)]
        assert not {"Mời phát biểu", "Xếp lượt", "Kết luận nội dung", "Sửa ý kiến"} & set(titles)
        assert not app.screen.query_one("#notes", TextArea).display
        before = len(Repository(demo_repo.root).log(demo_meeting_id).events())
        await pilot.press("f2", "f3", "f5", "delete", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ClerkScreen)
        assert len(Repository(demo_repo.root).log(demo_meeting_id).events()) == before


async def test_english_numbers_and_the_first_run_offers_the_roster_csv(tmp_path, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from meetingtui.ui.screens.members import MembersScreen

    csv = tmp_path / "ds.csv"
    csv.write_text("ho_ten,loai\nHoàng Văn Páo,chính thức\nLò Thị Mai,dự bị\n", encoding="utf-8")
    app = make_app(tmp_path / "new", clock=clock, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-name", Input).value = "Chi bộ Thôn Bản Lầu"
        form.query_one("#f-upper_body", Input).value = "Đảng bộ xã Bản Lầu"
        form.query_one("#f-place", Input).value = "Lào Cai"
        await pilot.press("ctrl+s")
        await pilot.pause()
        members = app.screen
        assert isinstance(members, MembersScreen)
        assert "i to import" in str(members.query_one("#members-hint", Static).render())
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#f-path", Input).value = str(csv)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MembersScreen)
    names = [m.name for m in Repository(tmp_path / "new").members()]
    assert names == ["Hoàng Văn Páo", "Lò Thị Mai"]


async def test_the_vote_dialog_opened_again_is_the_same_one_empty_and_unlocked(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    """Issue 18: the app keeps the vote dialog it built (34 widgets: 51 ms to build each time).
    Opened again after a vote it holds nothing of it: the new question, empty counts, every
    field unlocked, no result, the list at its first kind; the second vote is recorded too."""
    _running(demo_repo, demo_meeting_id, clock, stages=0)
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, VoteDialog)
        first.query_one("#kind", Select).value = "other"
        await pilot.press(*"Adopt", "enter", "enter", "enter", *"20", "enter", "1", "enter", "enter")
        await pilot.pause()
        assert first.recorded is not None
        await pilot.press("enter")  # closes
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert app.screen is first and isinstance(first, VoteDialog)
        assert first.recorded is None
        assert first.query_one("#question-input", Input).value == ""
        assert first.query_one("#kind", Select).value == "resolution"
        assert all(first.query_one(f"#count-{k}", Input).value == "" for k in ("for", "against", "other"))
        assert not any(field.disabled for field in first.query(".field"))
        assert "PASSED" not in str(first.query_one("#form-error", Static).render())
        assert first.focused is first.query_one("#question-input", Input)
        await pilot.press(*"Again", "enter", "enter", "enter", *"3", "enter", "19", "enter", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChairScreen)
    votes = _stored(demo_repo, demo_meeting_id).votes
    assert [(v.question, v.kind.value, v.tally.for_) for v in votes] == [
        ("Adopt", "other", 20),
        ("Again", "resolution", 3),
    ]


async def test_a_form_opened_again_takes_the_new_values_and_choices(
    demo_repo: Repository, clock: FakeClock
) -> None:
    """A form of the same title and fields is the kept one, given the new values, placeholders,
    choices and parse; what was typed last time is gone. Another title, or a form of a
    subclass, is built anew."""
    from meetingtui.ui.dialogs import FormField

    def form(value: str, choices: tuple[tuple[str, str], ...], parse=None) -> FormDialog:  # type: ignore[no-untyped-def, type-arg]
        fields = [FormField("name", "Tên", value), FormField("kind", "Loại", choices=choices)]
        return FormDialog("Thêm", fields, parse=parse) if parse else FormDialog("Thêm", fields)

    results: list[object] = []
    app = make_app(demo_repo.root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(form("", (("Một", "1"), ("Hai", "2"))), results.append)
        await pilot.pause()
        first = app.screen
        assert isinstance(first, FormDialog)
        await pilot.press(*"abc")
        first.query_one("#f-kind", Select).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.push_screen(
            form("sẵn", (("Ba", "3"), ("Bốn", "4")), parse=lambda v: v["kind"] + v["name"]), results.append
        )
        await pilot.pause()
        assert app.screen is first and isinstance(first, FormDialog)
        assert first.query_one("#f-name", Input).value == "sẵn"
        assert first.query_one("#f-kind", Select).value == "3"
        assert not first.changed()
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.push_screen(FormDialog("Khác", [FormField("name", "Tên")]), results.append)
        await pilot.pause()
        assert app.screen is not first
        await pilot.press("escape")
        await pilot.pause()
    assert results == [{"name": "abc", "kind": "2"}, "3sẵn", None]


async def test_a_party_group_opinion_opened_again_is_empty(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    _running(demo_repo, demo_meeting_id, clock)
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        dialogs = []
        for n, group in enumerate(("Tổ đảng 2", "Tổ đảng 3")):
            await pilot.press("f7")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, GroupOpinionDialog)
            dialogs.append(dialog)
            assert dialog.query_one("#text-input", TextArea).text == ""
            assert dialog.query_one("#reader", Select).value == ""
            dialog.query_one("#group", Select).value = group
            dialog.query_one("#reader", Select).value = "m013"
            await pilot.press("enter", "enter", *f"Ý kiến {n}", "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ClerkScreen)
        assert dialogs[0] is dialogs[1]  # the same dialog, opened again
    speeches = _stored(demo_repo, demo_meeting_id).record.speeches
    assert [(s.group, s.text) for s in speeches] == [("Tổ đảng 2", "Ý kiến 0"), ("Tổ đảng 3", "Ý kiến 1")]
