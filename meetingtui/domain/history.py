"""A member's criticism record across meetings (docs/DOMAIN.md, "Criticism"): what the
year-end member review draws on. Every self-criticism, criticism, commendation and reminder
that concerned the member, and every follow-up task the member was given, with whether it was
reported done. Pure functions over meetings, folded or summarised (``domain.summary``);
``export.member_history`` writes it out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .criticism import Named, concerns_name
from .state import Entry, EntryKind, FollowUp, MeetingState
from .summary import MeetingSummary, summaries

Meeting = MeetingState | MeetingSummary

CONCERNED = "concerned"  # the entry is about the member
OWNER = "owner"  # the member was given the entry's follow-up task


@dataclass(frozen=True)
class HistoryRow:
    """One entry of a member's history, with the names as they were at that meeting."""

    meeting_id: str
    date: str  # ISO date of the meeting
    meeting_title: str
    relation: str  # CONCERNED or OWNER
    entry: Entry
    speaker_name: str  # "" when the chair spoke for the committee
    concerns_name: str
    owner_name: str  # of the follow-up, "" when there is none
    done: bool | None = None  # the follow-up was reported done / not done; None: not (yet) reported
    result_note: str = ""  # what was said when it was reported back

    @property
    def kind(self) -> EntryKind:
        return self.entry.kind

    @property
    def follow_up(self) -> FollowUp | None:
        return self.entry.follow_up


def done_text(follow_up: FollowUp | None, done: bool | None) -> str:
    if follow_up is None:
        return ""
    if done is None:
        return "Chưa báo cáo"
    return "Đã thực hiện" if done else "Chưa thực hiện"


def owner_name(state: Named, follow_up: FollowUp | None) -> str:
    if follow_up is None:
        return ""
    if not follow_up.owner:
        return "Chi bộ"
    return concerns_name(state, follow_up.owner)


# -- the query ------------------------------------------------------------------------------
REVIEW_DONE = {"done": True, "partly": False, "not_done": False}  # "carried": still open


def reviewed_follow_ups(states: Sequence[Meeting]) -> dict[tuple[str, str], tuple[bool | None, str]]:
    """(meeting id, entry id) -> (done, note) for follow-ups taken into a resolution's task list
    and reviewed at a later meeting (``task_reviewed``); the latest review counts."""
    ordered = summaries(states)
    task_entry = {
        (s.id, task.id): (s.id, task.source.removeprefix("entry:"))
        for s in ordered
        for task in s.tasks
        if task.source.startswith("entry:")
    }
    outcomes: dict[tuple[str, str], tuple[bool | None, str]] = {}
    for s in ordered:  # oldest first: a later review replaces an earlier one
        for review in s.reviews:
            if review.key in task_entry:
                outcomes[task_entry[review.key]] = (REVIEW_DONE.get(review.status), review.note)
    return outcomes


def _outcome(
    state: Meeting, entry: Entry, reviewed: dict[tuple[str, str], tuple[bool | None, str]]
) -> tuple[bool | None, str]:
    """A report back on the follow-up itself comes first, then the review of its resolution task."""
    follow = entry.follow_up
    if follow is None:
        return None, ""
    if follow.done is not None:
        return follow.done, follow.note
    return reviewed.get((state.id, entry.id), (None, follow.note))


def member_history(states: Iterable[Meeting], member_id: str) -> list[HistoryRow]:
    """Entries that concern the member, or whose follow-up the member owns; oldest first.

    Pass every meeting held since the first one asked about, so that a follow-up reviewed at a
    later meeting (as a resolution task) shows its outcome.
    """
    ordered = sorted(summaries(states), key=lambda s: (s.date, s.id))
    reviewed = reviewed_follow_ups(ordered)
    rows = []
    for state in ordered:
        for entry in state.criticism:
            owns = entry.follow_up is not None and entry.follow_up.owner == member_id
            if entry.concerns != member_id and not owns:
                continue
            done, note = _outcome(state, entry, reviewed)
            rows.append(
                HistoryRow(
                    meeting_id=state.id,
                    date=state.date,
                    meeting_title=state.title,
                    relation=CONCERNED if entry.concerns == member_id else OWNER,
                    entry=entry,
                    speaker_name=state.member_name(entry.speaker) if entry.speaker else "",
                    concerns_name=concerns_name(state, entry.concerns),
                    owner_name=owner_name(state, entry.follow_up),
                    done=done,
                    result_note=note,
                )
            )
    return rows


def follow_ups_across(states: Iterable[MeetingState]) -> list[tuple[MeetingState, Entry]]:
    """Every entry with a follow-up task across the given meetings, oldest meeting first."""
    return [
        (state, entry)
        for state in sorted(states, key=lambda s: (s.date, s.id))
        for entry in state.criticism
        if entry.follow_up is not None
    ]


def pending_follow_ups(states: Iterable[MeetingState]) -> list[tuple[MeetingState, Entry]]:
    """Follow-ups not yet reported back (nor reviewed as a resolution task): still open."""
    ordered = sorted(states, key=lambda s: (s.date, s.id))
    reviewed = reviewed_follow_ups(ordered)
    return [(s, e) for s, e in follow_ups_across(ordered) if _outcome(s, e, reviewed)[0] is None]
