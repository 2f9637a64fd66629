"""The command palette (ctrl+p): every action of the screen it was opened on, with the title the
footer and F1 give it, found as the clerk types (accents optional: "diem danh" finds "Điểm
danh"), then moving between screens, help, the light/dark look and quitting.

It is the app's own (:class:`CommandPicker`), not Textual's: Textual's commands are in English,
and its palette is built anew each time it opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from ..domain.text import fold
from ..i18n import t
from .dialogs.picker import MemberPicker
from .keys import binding_label, description

if TYPE_CHECKING:
    from textual.app import App
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
    declares them (help, F1, among them: the app's key), then going home, the look, quitting."""
    app = screen.app
    commands: list[Command] = []
    last: list[Command] = []  # quitting, wherever its key is declared
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or not binding.description or binding.system or not binding.id:
            continue
        name = binding.action.removeprefix("app.")  # the home screen's q and the app's ^Q: one
        if name in seen or name == "command_palette":
            continue
        seen.add(name)
        node = active.node

        def run(action: str = binding.action, node: Any = node) -> None:
            app.call_later(app.run_action, action, node)

        command = Command(description(binding), t("palette.key", key=binding_label(binding)), run)
        (last if name == "quit" else commands).append(command)
    home = getattr(app, "go_home", None)
    if home is not None and len(app.screen_stack) > 1 and getattr(screen, "ALLOW_LEAVING", True):
        commands.append(Command(t("palette.home"), "", home))

    def toggle_look() -> None:
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"

    commands.append(Command(t("palette.theme"), "", toggle_look))
    return commands + last


class CommandPicker(MemberPicker):
    """The palette: the picker, listing :func:`screen_commands` of the screen it was opened on
    (the help beside each title), found by :func:`command_score`; it gives the command's
    position in ``commands``. Kept and opened again as the member picker is: Textual's own
    palette, built anew on every ^P, drew four more frames and settled in up to 107 ms at ten
    years (issue 18)."""

    PLACEHOLDER = "palette.placeholder"

    def __init__(self, commands: list[Command]) -> None:
        super().__init__(t("palette.title"), [(str(n), c.title, c.help) for n, c in enumerate(commands)])

    def _matches(self, query: str) -> list[str]:
        scores = {key: command_score(query, title) for key, title, _ in self.people}
        found = [key for key, score in scores.items() if score is not None]
        return sorted(found, key=lambda key: -(scores[key] or 0))  # stable: the screen's order among equals

    def _label(self, query: str, name: str) -> Text:
        return highlighted(query, name)

    def _nothing(self, query: str) -> str:
        return t("palette.none", query=query)


def open_palette(app: App[Any]) -> None:
    """^P: the palette over the screen, unless one is open or the screen allows none (the room
    screen); the chosen command runs once the palette has gone."""
    screen = app.screen
    if isinstance(screen, CommandPicker) or not getattr(screen, "ALLOW_PALETTE", True):
        return
    commands = screen_commands(screen)

    def run(key: str | None) -> None:
        if key is not None:
            commands[int(key)].run()

    app.push_screen(CommandPicker(commands), run)
