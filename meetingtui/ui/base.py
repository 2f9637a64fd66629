"""What every screen of the app shares: translated key descriptions and the typed app."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from ..i18n import t

if TYPE_CHECKING:
    from .app import MeetingApp


def translate_bindings(node: DOMNode) -> None:
    """Binding descriptions are catalog keys; show them in the language chosen at start.

    Textual reads ``BINDINGS`` when the class is created, before the language is known,
    so each instance swaps in translated copies (ids and keys unchanged, so a keymap from
    the settings file still applies).
    """
    keys = {
        key: [replace(b, description=t(b.description)) if b.description else b for b in bindings]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)


class BaseScreen(Screen[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    @property
    def mt_app(self) -> MeetingApp:
        return cast("MeetingApp", self.app)


class BaseModal(ModalScreen[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    @property
    def mt_app(self) -> MeetingApp:
        return cast("MeetingApp", self.app)
