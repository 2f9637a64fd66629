"""Every warning the chair sees before the vote, and that the documents print (issue: "every
warning shown before the vote is also printed by export and listed in the draft")."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.consistency import contradictions
from ..domain.errors import Notice
from ..domain.resolution import PriorTask, period_notices, task_notices
from ..domain.state import MeetingState
from .similar import repeats


def vote_notices(state: MeetingState, earlier: Sequence[PriorTask]) -> list[Notice]:
    """Tasks (missing, incomplete, reporting early, repeated), a month already resolved, and
    figures in the record's text that the record does not bear out."""
    return [*task_notices(state, earlier, repeats), *period_notices(state, earlier), *contradictions(state)]
