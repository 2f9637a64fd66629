"""F1 / ?: the keys of the current screen and what they do, with their ids for remapping."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...i18n import t
from ...services.paths import settings_path
from ..base import BaseModal


def describe_keys(screen: Screen[object]) -> Text:
    """Every key of ``screen`` with what it does and its id; keys that do not apply right now
    are dimmed (the footer hides them)."""
    rows: list[tuple[bool, str, str, str]] = []
    seen: set[str] = set()
    sources = [(screen, screen._bindings), (screen.app, screen.app._bindings)]
    for node, bindings in sources:
        for binding_list in bindings.key_to_bindings.values():
            for binding in binding_list:
                if not binding.description or binding.system or not binding.id or binding.id in seen:
                    continue
                if binding.action == "command_palette" and not getattr(screen, "ALLOW_PALETTE", True):
                    continue
                seen.add(binding.id)
                action = binding.action.split("(", 1)[0]
                try:
                    allowed = node.check_action(action, ())
                except Exception:  # a screen's check may need state it does not have yet
                    allowed = True
                rows.append(
                    (
                        allowed is not True,
                        screen.app.get_key_display(binding),
                        binding.description,
                        binding.id,
                    )
                )
    text = Text(end="")
    for disabled, key, description, binding_id in sorted(rows, key=lambda r: r[0]):
        style = "dim" if disabled else ""
        text.append(f"{key:>12}  ", style="bold " + style)
        text.append(description, style=style)
        text.append(f"   [{binding_id}]\n", style="dim")
    return text


class HelpScreen(BaseModal[None]):
    BINDINGS = [Binding("escape,f1,enter", "close", "key.close", id="help.close")]

    def __init__(self, screen_title: str, keys: Text, note: str = "", *, live: str = "") -> None:
        super().__init__()
        self.live = live  # on a meeting's screen: how another terminal's write reaches it
        self.screen_title = screen_title
        self.keys = keys
        self.note = note  # how the screen works, before its keys (the clerk's typing, the kiosk)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(Text(t("help.title", screen=self.screen_title), style="bold"), id="form-title")
            if self.note:
                yield Static(Text(self.note), id="help-note")
            yield Static(self.keys)
            yield Static(Text(t("help.caret"), style="dim"))
            if self.live:
                yield Static(Text(self.live, style="dim"), id="help-live")
            yield Static(Text(t("help.footer", path=str(settings_path())), style="italic"), id="help-footer")

    def action_close(self) -> None:
        self.dismiss(None)
