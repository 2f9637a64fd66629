"""The pieces of the meeting screens: each is given values through reactive attributes and
tells its screen what happened with a message; none reaches into another."""

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
