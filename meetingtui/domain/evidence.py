"""What the record says about each member in a review period (docs/DOMAIN.md, "The members'
review"): the evidence the review's lines are drafted from. Pure functions over the cell's
meeting states, tasks, study campaigns, dues and commendations; the queries decide which.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .agenda import MeetingType
from .attendance import final_presence
from .dues import SHORT, UNPAID, DuesLedger
from .grading import REVIEWED, Commendation, Evidence, period_range
from .history import reviewed_follow_ups
from .people import Member, Study
from .rules import Presence
from .state import EntryKind, MeetingState
from .tasks import TrackedTask


def in_period(states: Iterable[MeetingState], period: str) -> list[MeetingState]:
    """The cell's meetings held (started) in the period: committee meetings left out."""
    first, last = period_range(period)
    return [
        s
        for s in states
        if s.type is not MeetingType.COMMITTEE and first <= s.date <= last and s.started_at is not None
    ]


def _task_counts(
    member: str, tracked: Iterable[TrackedTask], first: str, last: str
) -> tuple[int, int, int, int]:
    """(tasks, on time, late, overdue) of the member's resolution tasks due in the period."""
    total = on_time = late = overdue = 0
    for item in tracked:
        task = item.task
        if task.owner != member or not task.deadline or not first <= task.deadline <= last:
            continue
        total += 1
        review = item.review
        if review is not None and review.status == "done":
            reported = item.reviewed_in[:7]
            if not task.report_at or reported <= task.report_at:
                on_time += 1
            else:
                late += 1
        else:
            overdue += 1
    return total, on_time, late, overdue


def _follow_up_counts(
    member: str, states: Sequence[MeetingState], first: str, last: str
) -> tuple[int, int, int]:
    """(follow-ups, done, not done) the member owns with a deadline in the period, leaving out
    those taken into a resolution (they are counted as tasks)."""
    taken = {
        (s.id, t.source.removeprefix("entry:"))
        for s in states
        for t in s.resolution.tasks
        if t.source.startswith("entry:")
    }
    reviewed = reviewed_follow_ups(states)
    total = done = not_done = 0
    for state in states:
        for entry in state.criticism:
            follow = entry.follow_up
            if follow is None or follow.owner != member or (state.id, entry.id) in taken:
                continue
            if not follow.deadline or not first <= follow.deadline <= last:
                continue
            total += 1
            outcome = (
                follow.done if follow.done is not None else reviewed.get((state.id, entry.id), (None, ""))[0]
            )
            if outcome:
                done += 1
            else:
                not_done += 1
    return total, done, not_done


def member_evidence(
    member: Member,
    period: str,
    held: Sequence[MeetingState],
    every: Sequence[MeetingState],
    tracked: Iterable[TrackedTask],
    studies: Iterable[Study],
    dues: DuesLedger | None,
    commendations: Iterable[Commendation],
) -> Evidence:
    """The member's evidence for ``period``.

    ``held``: the cell's meetings held in the period; ``every``: every cell meeting (a task or
    follow-up due in the period may be reported back later); ``tracked``: every tracked task;
    ``dues``: the ledger of the period's year (None when the cell keeps no dues book).
    """
    first, last = period_range(period)
    meetings = attended = excused = unexcused = 0
    criticised = reminded = commended = self_crit = spoke = spoke_meetings = 0
    for state in held:
        if member.id not in state.roster:
            continue
        meetings += 1
        presence = final_presence(state).get(member.id, Presence.UNMARKED)
        if presence is Presence.PRESENT:
            attended += 1
        elif presence is Presence.EXCUSED:
            excused += 1
        elif presence is Presence.UNEXCUSED:
            unexcused += 1
        for entry in state.criticism:
            if entry.concerns == member.id:
                criticised += entry.kind is EntryKind.CRITICISM
                reminded += entry.kind is EntryKind.REMINDER
                commended += entry.kind is EntryKind.COMMENDATION
                self_crit += entry.kind is EntryKind.SELF_CRITICISM and entry.speaker == member.id
        times = sum(1 for s in state.record.speeches if s.member == member.id)
        spoke += times
        spoke_meetings += bool(times)
    tasks, on_time, late, overdue = _task_counts(member.id, tracked, first, last)
    follow_total, follow_done, follow_not = _follow_up_counts(member.id, every, first, last)
    due = [
        s
        for s in studies
        if first <= s.deadline <= last and (not member.joined or member.joined <= s.deadline)
    ]
    unpaid, known = 0, False
    if dues is not None:
        row = next((r for r in dues.members if r.member == member.id), None)
        if row is not None:
            known = row.basis is not None
            unpaid = sum(
                1 for c in row.months if first[:7] <= c.month <= last[:7] and c.status in (UNPAID, SHORT)
            )
    chosen = sum(
        1
        for c in commendations
        if c.target == member.id and not c.withdrawn and first <= period_range(c.period)[0] <= last
    )
    return Evidence(
        meetings=meetings,
        attended=attended,
        excused=excused,
        unexcused=unexcused,
        tasks=tasks + follow_total,
        tasks_on_time=on_time + follow_done,
        tasks_late=late,
        tasks_overdue=overdue + follow_not,
        criticised=criticised,
        reminded=reminded,
        commended=commended,
        self_criticisms=self_crit,
        spoke=spoke,
        spoke_meetings=spoke_meetings,
        write_ups_due=len(due),
        write_ups_done=sum(1 for s in due if member.id in s.submitted),
        dues_known=known,
        dues_unpaid=unpaid,
        chosen=chosen,
    )


def _in_cell(member: Member, first: str, last: str) -> bool:
    return not (member.joined and member.joined > last) and not (
        member.retired_on and member.retired_on < first
    )


def reviewed_members(members: Iterable[Member], period: str) -> list[Member]:
    """The members the cell grades for the period: official and probationary members who were
    in the cell during it (exempted, attached elsewhere and suspended members are not graded)."""
    first, last = period_range(period)
    return [m for m in members if _in_cell(m, first, last) and m.category_on(last) in REVIEWED]


def not_graded(members: Iterable[Member], period: str) -> list[Member]:
    """The members in the cell during the period whose category is not graded there."""
    first, last = period_range(period)
    return [m for m in members if _in_cell(m, first, last) and m.category_on(last) not in REVIEWED]


def group_names(members: Iterable[Member]) -> Mapping[str, str]:
    """The party groups (tổ đảng) of the cell, as commendation targets: key ``group:<name>``."""
    return {f"group:{m.group}": m.group for m in members if m.group}
