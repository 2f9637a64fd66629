"""F1 / ?: the keys of the current screen and what they do, with their ids for remapping."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...i18n import t
from ...paths import settings_path
from ..base import BaseModal


def describe_keys(screen: Screen[object]) -> Text:
    """Every binding that applies on ``screen`` now (enabled ones first), as the footer would."""
    text = Text(end="")
    rows: list[tuple[bool, str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for active in screen.app.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.system or not binding.id:
            continue  # widgets' own keys (cursor movement...) are not listed
        marker = (binding.action, binding.description)
        if marker in seen:
            continue
        seen.add(marker)
        shown = screen.app.get_key_display(binding)
        rows.append((not active.enabled, shown, binding.description, binding.id or ""))
    for disabled, key, description, binding_id in sorted(rows, key=lambda r: r[0]):
        style = "dim" if disabled else ""
        text.append(f"{key:>12}  ", style="bold " + style)
        text.append(description, style=style)
        if binding_id:
            text.append(f"   [{binding_id}]", style="dim")
        text.append("\n")
    return text


class HelpScreen(BaseModal):
    BINDINGS = [Binding("escape,f1,question_mark", "close", "key.close", id="help.close")]

    def __init__(self, screen_title: str, keys: Text) -> None:
        super().__init__()
        self.screen_title = screen_title
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(Text(t("help.title", screen=self.screen_title), style="bold"), id="form-title")
            yield Static(self.keys)
            yield Static(Text(t("help.footer", path=str(settings_path())), style="italic"), id="help-footer")

    def action_close(self) -> None:
        self.dismiss(None)


class TooSmallScreen(Screen[None]):
    """Shown instead of a broken layout when the terminal is smaller than 80×24."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.show(self.app.size.width, self.app.size.height)

    def show(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(Text(t("app.too_small", width=width, height=height)))
