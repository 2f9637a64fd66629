"""Which dialog the app pushes for a new one (issue 18: dialogs built once, opened again)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from meetingtui.ui.dialogs.kept import Kept, KeptDialogs


class Dialog(Kept):
    def __init__(self, shape: Hashable | None, value: str) -> None:
        self.shape, self.value, self.is_attached = shape, value, False
        self.took: list[str] = []

    def kept_shape(self) -> Hashable | None:
        return self.shape

    def take_over(self, fresh: Any) -> None:
        self.value = fresh.value
        self.took.append(fresh.value)


class App:
    def __init__(self) -> None:
        self.installed: dict[str, object] = {}
        self.screen_stack: list[object] = []

    def install_screen(self, screen: object, name: str) -> None:
        assert name not in self.installed
        self.installed[name] = screen


def test_the_first_of_a_shape_is_kept_and_the_next_ones_are_pushed_as_it() -> None:
    app, kept = App(), KeptDialogs()
    first = Dialog("form", "a")
    assert kept.to_push(app, first) is first and list(app.installed.values()) == [first]
    first.in_use = False  # closed
    second = Dialog("form", "b")
    assert kept.to_push(app, second) is first
    assert first.value == "b" and first.took == ["b"] and first.in_use


def test_while_the_kept_one_is_open_a_new_one_is_built_and_not_kept() -> None:
    app, kept = App(), KeptDialogs()
    first = Dialog("vote", "a")
    kept.to_push(app, first)
    app.screen_stack.append(first)
    other = Dialog("vote", "b")
    assert kept.to_push(app, other) is other and first.took == []
    assert len(app.installed) == 1  # the second is not kept
    app.screen_stack.clear()
    first.in_use = False
    assert kept.to_push(app, Dialog("vote", "c")) is first


def test_other_shapes_and_unkept_dialogs() -> None:
    app, kept = App(), KeptDialogs()
    a, b, never = Dialog("one", "a"), Dialog("two", "b"), Dialog(None, "c")
    assert kept.to_push(app, a) is a and kept.to_push(app, b) is b
    assert kept.to_push(app, never) is never and len(app.installed) == 2
    attached = Dialog("three", "d")
    attached.is_attached = True  # already on the app (pushed as itself): left as it is
    assert kept.to_push(app, attached) is attached and len(app.installed) == 2
