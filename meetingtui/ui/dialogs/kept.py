"""Dialogs the app builds once and opens again (issue 18).

A dialog built anew each time it opened was composed, mounted, styled twice and laid out before
its first frame (the vote dialog, 34 widgets: 51 ms), and left all of that for the garbage
collector when it closed (a full pass every few dialogs, 30-50 ms). A dialog class that mixes
in :class:`Kept` says which of its instances are alike (``kept_shape``: the same fields, the
same meeting) and how one takes over a new one's values (``take_over``). The app
(``MeetingApp.push_screen``) then pushes, in place of a new dialog, the one it kept of that
shape, given the new one's values; the new one is never mounted. Callers build and push
dialogs as before.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any


class Kept:
    """A dialog the app may keep and open again (see the module). Mixed into a ``Screen``."""

    in_use = False  # pushed and not yet closed (or under a dialog opened over it)

    def kept_shape(self) -> Hashable | None:
        """What another instance must share to be opened as this one; None: never kept."""
        return None

    def take_over(self, fresh: Any) -> None:
        """This dialog, emptied and given ``fresh``'s values (an instance of the same shape,
        never mounted), to be pushed again."""
        raise NotImplementedError

    def on_screen_suspend(self) -> None:
        if self not in self.app.screen_stack:  # type: ignore[attr-defined]  # a Screen
            self.in_use = False  # closed, not merely under a dialog opened over it


class KeptDialogs:
    """The app's kept dialogs, one per shape."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, Any] = {}

    def to_push(self, app: Any, fresh: Any) -> Any:
        """The dialog to push for ``fresh``: the kept one of its shape, given its values, or
        ``fresh`` itself (kept from now on if none of its shape is)."""
        shape = fresh.kept_shape()
        if shape is None or fresh.is_attached:
            return fresh
        kept = self._kept.get(shape)
        if kept is None:
            app.install_screen(fresh, f"meetingtui-kept-{len(self._kept)}")
            self._kept[shape] = fresh
            fresh.in_use = True
            return fresh
        if kept.in_use or kept in app.screen_stack:
            return fresh  # that one is open: this one is built as before, and not kept
        kept.take_over(fresh)
        kept.in_use = True
        return kept
