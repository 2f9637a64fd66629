"""How keys are named on screen, and Textual's own words in the interface language.

One spelling everywhere (footer, F1, the command palette): ``F2``, ``^E`` (ctrl+E), ``Esc``,
``Enter``, ``Shift+↑``. The footer, F1 and the palette also show the descriptions that
Textual's widgets give their keys ("Dismiss menu"); those are looked up here in the catalog.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.keys import key_to_character

from ..i18n import t

_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "delete": "Del",
    "backspace": "Backspace",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "question_mark": "?",
    "plus": "+",
    "minus": "-",
}
_MODIFIERS = {"shift": "Shift", "alt": "Alt"}

# Descriptions Textual's widgets give their keys, as the catalog names them.
_TEXTUAL_WORDS = {
    "Dismiss menu": "textual.dismiss_menu",
    "Exit the command palette": "textual.exit_palette",
    "Show menu": "textual.show_menu",
    "palette": "key.palette",
}


def key_label(key: str) -> str:
    """``f2`` → ``F2``, ``ctrl+e`` → ``^E``, ``shift+up`` → ``Shift+↑``."""
    *modifiers, name = key.split("+") if key != "+" else ["+"]
    if len(name) == 1:
        shown = name.upper() if "ctrl" in modifiers else name
    elif name.startswith("f") and name[1:].isdigit():
        shown = name.upper()
    else:
        shown = _NAMES.get(name) or _printable(name) or name.capitalize()
    words = [_MODIFIERS.get(m, m.capitalize()) for m in modifiers if m != "ctrl"]
    if "ctrl" in modifiers:
        shown = "^" + shown
    return "+".join([*words, shown])


def _printable(name: str) -> str | None:
    """The character a key named after it types (``left_square_bracket``: ``[``)."""
    character = key_to_character(name)
    return character if character and character.isprintable() and not character.isspace() else None


def binding_label(binding: Binding) -> str:
    """The first key of a binding as it is shown (``key_display`` wins when given)."""
    if binding.key_display:
        return binding.key_display
    return key_label(binding.key.split(",")[0].strip())


def description(binding: Binding) -> str:
    """A binding's description in the interface language (ours are translated already)."""
    key = _TEXTUAL_WORDS.get(binding.description)
    return t(key) if key else binding.description
