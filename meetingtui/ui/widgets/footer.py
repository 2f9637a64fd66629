"""The footer: the keys that apply now, most used first, each shown whole.

Textual's footer lays every key out in a row and cuts the row at the edge of the screen, so at
80 columns the last key showed as "F8 Phê b". This one keeps the order the screen declares
(its most used keys first), leaves out keys that do not apply now (F1 lists them, dimmed), and
shows only as many keys as fit whole, the command palette's key kept at the right.

A screen asks for its keys again after each change (``refresh_bindings``); the footer changes
only the keys it shows that differ, in place, in the same frame as the change that caused it.
Textual's footer rebuilt itself after the frame (a dozen widgets mounted and styled, the screen
laid out again, two more frames): on a big cell that was a large part of a roll-call mark,
whose keys do not change, and of the clerk's ^E, whose keys do.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ..keys import binding_label, description

Shown = tuple[tuple[str, str, str, str], ...]  # (key, label, description, action) of each key shown

KEY_PADDING = 3  # a space each side of the key, one after the description
PALETTE_EXTRA = 2  # the palette key's border and right padding


class KeyFooter(Footer):
    """A footer whose keys all fit; see the module's docstring."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=True)
        self._width = 0
        self._shown: Shown | None = None  # what the last compose showed (the palette's key last)
        self._palette_shown = False

    def compose(self) -> ComposeResult:
        # Composed with the screen's keys at once (Textual's footer waits for the screen's
        # first bindings signal, then composes again: one more layout and frame for every
        # screen and dialog opened); the signal then changes only what differs.
        self._width = self.screen.size.width or self.app.size.width
        keys, palette = self._keys()
        self._shown, self._palette_shown = keys, palette
        for n, (key, label, text, action) in enumerate(keys):
            if palette and n == len(keys) - 1:
                yield FooterKey(key, label, text, action, classes="-command-palette")
            else:
                yield FooterKey(key, label, text, action).data_bind(compact=Footer.compact)

    def bindings_changed(self, screen: Screen) -> None:
        """The keys again, once the key being handled has done its work (see the module's
        docstring): only the keys that changed are redrawn, in the same frame as the rest."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_later(self._update_keys)

    async def _update_keys(self) -> None:
        if not self.is_attached:
            return
        width = self.screen.size.width or self.app.size.width
        keys, palette = self._keys()
        if keys == self._shown and palette == self._palette_shown and width == self._width:
            return
        shown = self._shown or ()
        if (
            self._shown is None
            or width != self._width
            or palette != self._palette_shown
            or (palette and keys[-1] != shown[-1])
        ):
            await self.recompose()
            return
        # The same palette key: the others are given their new keys in place, and only as
        # many widgets mounted or removed as the number of keys changed.
        wanted = list(keys[:-1] if palette else keys)
        widgets = [w for w in self.query_children(FooterKey) if not w.has_class("-command-palette")]
        for widget, (key, label, text, action) in zip(widgets, wanted, strict=False):
            if (widget.key, widget.key_display, widget.description, widget.action) != (
                key,
                label,
                text,
                action,
            ):
                widget.key, widget.key_display, widget.description, widget.action = key, label, text, action
                widget.refresh(layout=True)
        self._shown = keys
        if len(widgets) > len(wanted):
            await self.remove_children(widgets[len(wanted) :])
        elif len(wanted) > len(widgets):
            added = [FooterKey(*item).data_bind(compact=Footer.compact) for item in wanted[len(widgets) :]]
            last = self.query_children(".-command-palette")
            await self.mount_all(added, before=last.first() if last else None)

    def _keys(self) -> tuple[Shown, bool]:
        """The keys that fit, in order, the palette's key last; whether it is shown."""
        app = self.app
        width = self.screen.size.width or app.size.width
        palette_key = getattr(app, "COMMAND_PALETTE_BINDING", "ctrl+p")
        items: list[tuple[int, str, str, str, str]] = []
        palette: tuple[str, str, str, str] | None = None
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
        shown: list[tuple[str, str, str, str]] = []
        for _rank, key, label, text, action in items:
            needed = cell_len(label) + cell_len(text) + KEY_PADDING
            if needed > room:
                break  # the rest would be cut: F1 and the palette list them
            room -= needed
            shown.append((key, label, text, action))
        if palette is not None:
            shown.append(palette)
        return tuple(shown), palette is not None

    def _declared_order(self) -> dict[tuple[int, str], int]:
        """The screen's keys in the order it declares them, then the app's."""
        order: dict[tuple[int, str], int] = {}
        for node in (self.screen, self.app):
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    order.setdefault((id(node), binding.action), len(order))
        return order

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self.call_after_refresh(self.recompose)
