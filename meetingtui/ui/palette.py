"""The command palette (ctrl+p): every action of the screen it was opened on, with the title the
footer and F1 give it, found as the clerk types (accents optional: "diem danh" finds "Điểm
danh"), then moving between screens, help, the light/dark look and quitting.

Textual's own palette commands (in English) are not offered; this provider is the only one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..domain.text import fold
from ..i18n import t
from .keys import binding_label, description

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    run: Callable[[], Any]


def command_score(query: str, title: str) -> float | None:
    """How well a typed query names a command title; None when it does not.

    1.0 the title starts with it; 0.9 its words start successive words of the title; 0.8 each
    of its words starts some word of the title; 0.5 it is inside the title. Accents and case
    are ignored.
    """
    q, name = fold(query), fold(title)
    if not q:
        return 1.0
    if name.startswith(q):
        return 1.0
    words, typed = name.split(), q.split()
    for start in range(len(words) - len(typed) + 1):
        if all(words[start + i].startswith(w) for i, w in enumerate(typed)):
            return 0.9
    if all(any(word.startswith(w) for word in words) for w in typed):
        return 0.8
    if q in name:
        return 0.5
    return None


def highlighted(query: str, title: str) -> Text:
    """The title with the typed words marked (where folding kept its length)."""
    text = Text(title)
    name = fold(title)
    if len(name) != len(title):
        return text
    for word in fold(query).split():
        start = name.find(word)
        if start >= 0:
            text.stylize("bold underline", start, start + len(word))
    return text


def screen_commands(screen: Screen[Any]) -> list[Command]:
    """What the palette offers on ``screen``: its keys that apply now, in the order the screen
    declares them, then going back or home, help, the look and quitting."""
    app = screen.app
    commands: list[Command] = []
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or not binding.description or binding.system or not binding.id:
            continue
        if binding.action in seen or binding.action in ("command_palette", "app.command_palette"):
            continue
        seen.add(binding.action)
        node = active.node

        def run(action: str = binding.action, node: Any = node) -> None:
            app.call_later(app.run_action, action, node)

        commands.append(Command(description(binding), t("palette.key", key=binding_label(binding)), run))
    home = getattr(app, "go_home", None)
    if home is not None and len(app.screen_stack) > 1 and getattr(screen, "ALLOW_LEAVING", True):
        commands.append(Command(t("palette.home"), "", home))
    help_ = getattr(app, "action_help", None)
    if help_ is not None:
        commands.append(Command(t("palette.help"), "F1", help_))

    def toggle_look() -> None:
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"

    commands.append(Command(t("palette.theme"), "", toggle_look))
    commands.append(Command(t("palette.quit"), t("palette.key", key="^Q"), app.exit))
    return commands


class ScreenCommands(Provider):
    """Offers :func:`screen_commands` of the screen the palette was opened on."""

    async def discover(self) -> Hits:
        for command in screen_commands(self.screen):
            yield DiscoveryHit(command.title, command.run, help=command.help or None)

    async def search(self, query: str) -> Hits:
        found = False
        for command in screen_commands(self.screen):
            score = command_score(query, command.title)
            if score is not None:
                found = True
                yield Hit(score, highlighted(query, command.title), command.run, command.title, command.help)
        if not found:  # said in the interface language (Textual's own would say "No matches found")
            yield Hit(0.01, Text(t("palette.none", query=query), style="italic"), lambda: None)
