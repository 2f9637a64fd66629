"""Putting text in a Static only when it changes.

``Static.update`` redraws the widget and lays the whole screen out again, even with the same
text: the clerk's screen updated half a dozen lines on every write and every tick, and each
update cost a layout of the screen and a redraw of what it moved (issue 18: a key must show
its result in 50 ms on a large cell). ``show`` leaves a box alone when it already shows the
text, and redraws it without a layout when each line keeps its width (it wraps as before).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.dom import DOMNode
from textual.widgets import Static


def show(box: Static, content: Text | str) -> None:
    """``box`` shows ``content`` (a ``Text``, or a string taken as Textual markup as
    ``Static.update`` takes it: only the app's own strings, never user text)."""
    drawn = _key(content)
    before: tuple[object, ...] | None = getattr(box, "_mt_shown", None)
    if before == drawn:
        return
    same_size = before is not None and before[0] == drawn[0]
    box._mt_shown = drawn  # type: ignore[attr-defined]
    box.update(content, layout=not same_size)


def set_classes(node: DOMNode, classes: str) -> None:
    """``node.set_classes(classes)``, left alone when it has those already (setting them
    restyles the widget even when nothing changes)."""
    if set(classes.split()) != set(node.classes):
        node.set_classes(classes)


def _key(content: Text | str) -> tuple[object, ...]:
    """What ``content`` draws, its line widths first."""
    plain = content.plain if isinstance(content, Text) else content
    widths = tuple(cell_len(line) for line in plain.split("\n"))
    if isinstance(content, Text):
        return (widths, "text", plain, str(content.style), tuple(content.spans))
    return (widths, "str", content)
