"""What the minutes hold, stage by stage, in the order things happened (docs/DOMAIN.md, "The
minutes"; DOMAIN §7: the criticism under its stage, each vote under the stage where it was
taken, the score under the scoring stage; an optional stage where nothing happened left out).

The minutes and the warnings that name a stage ("Ở nội dung 10") number the stages the same
way: by :func:`printed_stages`.
"""

from __future__ import annotations

from .agenda import template
from .errors import DomainError
from .state import MeetingState, Stage


def _optional_keys(state: MeetingState) -> frozenset[str]:
    try:
        return frozenset(s.key for s in template(state.type).stages if s.optional)
    except DomainError:
        return frozenset()


def stage_has_record(state: MeetingState, stage: Stage) -> bool:
    """Whether anything was recorded in the stage: a speech, a conclusion, an entry, a vote,
    a task reported back (review) or the score (scoring)."""
    if stage.id in state.record.conclusions:
        return True
    if any(s.stage == stage.id for s in state.record.speeches):
        return True
    if any(e.stage == stage.id for e in state.criticism) or any(v.stage == stage.id for v in state.votes):
        return True
    if stage.key == "review" and state.reviews.items:
        return True
    return stage.key == "scoring" and state.score is not None


def printed_stages(state: MeetingState) -> list[tuple[int, Stage]]:
    """(number in the minutes, stage): an optional stage where nothing happened is left out."""
    optional = _optional_keys(state)
    kept = [s for s in state.stages if s.key not in optional or stage_has_record(state, s)]
    return list(enumerate(kept, start=1))
