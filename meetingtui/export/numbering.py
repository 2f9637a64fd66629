"""Adopting the draft: reserve its number in the committee's term, then link the vote.

The number is taken from the cell's counter (``Repository.next_number``) and recorded in
the meeting as ``resolution_numbered`` before ``resolution_adopted`` is recorded. A
number once reserved is never given again: if the adoption fails or the draft is later
discarded, the number stays used and the next document gets the next one.
"""

from __future__ import annotations

from ..domain.errors import DomainError
from ..domain.meeting import MeetingState
from ..domain.resolution import check_adoptable, resolution_of
from ..service import MeetingService


def adopt(service: MeetingService, vote_id: str) -> MeetingState:
    """Number the draft (unless it already has its number) and adopt it by ``vote_id``."""
    state = service.state()
    check_adoptable(state, vote_id)  # refuse before a number is spent
    res = resolution_of(state)
    if res.number is None:
        number = service.repo.next_number(res.kind.value)
        try:
            service.record("resolution_numbered", number=number)
        except DomainError as exc:  # another terminal numbered it first: that number stands
            if exc.key != "error.resolution_already_numbered":
                raise
    _, state = service.record("resolution_adopted", vote=vote_id)
    return state
