"""Text fields' cursors held still, for timing keys (``tests/benchmarks/test_keys.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def hold_cursors_still(patch: Callable[[Any, str, Any], Any] = setattr) -> None:
    """Textual's text fields toggle their cursor every 0.5 s, a frame each, whatever the keys
    do: a blink within 80 ms of a key's last frame would count as the key's work. Not here."""
    from textual.widgets import Input, TextArea

    patch(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
    patch(Input, "_toggle_cursor", lambda self: None)
