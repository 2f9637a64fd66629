"""The footer: the keys that apply now, most used first, each shown whole.

Textual's footer lays every key out in a row and cuts the row at the edge of the screen, so at
80 columns the last key showed as "F8 Phê b". This one keeps the order the screen declares
(its most used keys first), leaves out keys that do not apply now (F1 lists them, dimmed), and
shows only as many keys as fit whole, the command palette's key kept at the right.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ..keys import binding_label, description

KEY_PADDING = 3  # a space each side of the key, one after the description
PALETTE_EXTRA = 2  # the palette key's border and right padding


Key = tuple[str, str, str, str]  # (key, label shown, description, action)


class KeyFooter(Footer):
    """A footer whose keys all fit; see the module's docstring.

    Textual's footer composes empty, then again with its keys, and recomposes after every
    ``refresh_bindings`` (focus moved, a screen resumed, a dialog closed): several times as a
    screen opens. This one composes with its keys at once, then works out the keys that would
    show once per refresh however many calls came before it, and recomposes only when they
    differ from the keys on screen.
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=True)
        self._width = 0
        self._shown: tuple[tuple[Key, ...], Key | None] | None = None  # what compose drew
        self._pending = False

    def compose(self) -> ComposeResult:
        keys = self._keys()
        self._shown = keys
        items, palette = keys
        for key, label, text, action in items:
            # Not compact, as the footer is never made compact: set, not bound to the footer's
            # (a binding restyled each key once more as the screen was first drawn)
            widget = FooterKey(key, label, text, action)
            widget.set_reactive(FooterKey.compact, False)
            yield widget
        if palette is not None:
            key, label, text, action = palette
            yield FooterKey(key, label, text, action, classes="-command-palette")

    def _keys(self) -> tuple[tuple[Key, ...], Key | None]:
        """The keys that fit now, most used first, and the palette's key. Worked out from the
        first compose (Textual's footer composes empty, waits for the screen's first bindings
        signal and composes again: its keys came a frame or more after the rest of the screen)."""
        app = self.app
        width = self.screen.size.width or app.size.width
        self._width = width
        palette_key = getattr(app, "COMMAND_PALETTE_BINDING", "ctrl+p")
        items: list[tuple[int, str, str, str, str]] = []
        palette: Key | None = None
        seen: set[str] = set()
        order = self._declared_order()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or binding.action in seen:
                continue
            if key == palette_key and app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, binding_label(binding), description(binding), binding.action)
                continue
            if not binding.show:
                continue
            seen.add(binding.action)
            rank = order.get((id(active.node), binding.action), len(order))
            items.append((rank, binding.key, binding_label(binding), description(binding), binding.action))
        items.sort(key=lambda item: item[0])  # stable: the rest keep Textual's order
        room = width
        if palette is not None and getattr(self.screen, "SHOW_PALETTE_KEY", True):
            room -= cell_len(palette[1]) + cell_len(palette[2]) + KEY_PADDING + PALETTE_EXTRA
        else:
            palette = None
        shown: list[Key] = []
        for _rank, key, label, text, action in items:
            needed = cell_len(label) + cell_len(text) + KEY_PADDING
            if needed > room:
                break  # the rest would be cut: F1 and the palette list them
            room -= needed
            shown.append((key, label, text, action))
        return tuple(shown), palette

    def _declared_order(self) -> dict[tuple[int, str], int]:
        """The screen's keys in the order it declares them, then the app's."""
        order: dict[tuple[int, str], int] = {}
        for node in (self.screen, self.app):
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    order.setdefault((id(node), binding.action), len(order))
        return order

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._update_soon()

    def _update_soon(self) -> None:
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._update)

    async def _update(self) -> None:
        self._pending = False
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._update_soon()
