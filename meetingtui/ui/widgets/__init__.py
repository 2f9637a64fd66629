"""The pieces of the meeting screens: each is given values through reactive attributes and
tells its screen what happened with a message; none reaches into another.

Each is imported when first asked for (``from ..widgets import KeyFooter`` imports the footer
alone): the home screen, the first one drawn, needs only the footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

if TYPE_CHECKING:
    from .agenda import AgendaTable
    from .footer import KeyFooter
    from .queue import SpeakerQueue
    from .shown import set_classes, show
    from .speeches import SpeechList
    from .stage_clock import StageClock
    from .table import RowTable

__all__ = [
    "AgendaTable",
    "KeyFooter",
    "RowTable",
    "SpeakerQueue",
    "SpeechList",
    "StageClock",
    "set_classes",
    "show",
]

_MODULES = {
    "AgendaTable": ".agenda",
    "KeyFooter": ".footer",
    "RowTable": ".table",
    "SpeakerQueue": ".queue",
    "SpeechList": ".speeches",
    "StageClock": ".stage_clock",
    "set_classes": ".shown",
    "show": ".shown",
}

__getattr__ = lazy_names(__name__, _MODULES)
