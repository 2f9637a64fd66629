"""The resolution (nghị quyết) or conclusion (kết luận) drafted during the meeting
(docs/DOMAIN.md, "The resolution").

The draft is part of the meeting's record: every change is an event, so the wording that
was voted is the fold of the events up to the adoption. Events:

- ``resolution_set`` {kind, period, summary, heard, assessment, organisation, recipients,
  signer}: any subset; ``kind`` is ``NQ`` (resolution) or ``KL`` (conclusion).
- ``resolution_task_added`` {content, requirement, measures, owner, deadline, report_at,
  source, position}; ``resolution_task_changed`` {task, …fields};
  ``resolution_task_removed`` {task}; ``resolution_task_moved`` {task, to}.
- ``resolution_numbered`` {number}: the number reserved in the committee's term for this
  draft's document type.
- ``resolution_adopted`` {vote, assessment}: links the draft to a passed ``resolution`` vote
  and holds Section I as voted. From then on the draft is locked.
- ``resolution_discarded`` {reason}: the draft is dropped; its number is kept aside and
  never given again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import checks
from .agenda import MeetingType
from .dates import month_shift, month_short, month_text, short_date, to_date, usual_meeting_date
from .errors import DomainError, Notice
from .events import Event
from .people import CELL, COMMITTEE, Role
from .rules import VoteKind
from .state import DocKind, Entry, EntryKind, MeetingState, ResolutionState, Task, Vote, change
from .text import GAP, fold

MAX_TASKS = 60
LETTERS = (
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
)  # fmt: skip  # Vietnamese order: no f, j, w, z
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

DOC_TITLES = {DocKind.RESOLUTION: "Nghị quyết", DocKind.CONCLUSION: "Kết luận"}

Data = dict[str, Any]


def adoption_vote(state: MeetingState) -> Vote | None:
    """The vote that adopted the draft (None while a draft, or when that vote was withdrawn)."""
    res = state.resolution
    for vote in state.votes:
        if vote.id == res.vote and not vote.withdrawn:
            return vote
    return None


def is_adopted(state: MeetingState) -> bool:
    return adoption_vote(state) is not None


def number_label(kind: DocKind | str, number: int | None) -> str:
    """``05-NQ/CB`` (two digits at least); ``…-NQ/CB`` before the document is numbered."""
    return f"{GAP if number is None else f'{number:02d}'}-{DocKind(kind).value}/CB"


def letter(index: int) -> str:
    """Sub-item letters a, b, c, d, đ, e, g, h, i, k… (0-based ``index``)."""
    n = len(LETTERS)
    return LETTERS[index] if index < n else LETTERS[index // n - 1] + LETTERS[index % n]


# -- periods ---------------------------------------------------------------------------------
def default_period(meeting_date: str) -> str:
    """The month the tasks are for: the next one when the meeting is held from the 15th on."""
    day = to_date(meeting_date)
    if day is None:
        return ""
    period = f"{day.year:04d}-{day.month:02d}"
    return month_shift(period, 1) if day.day >= 15 else period


def period_of(state: MeetingState) -> str:
    return state.resolution.period or default_period(state.date)


def report_month(state: MeetingState, deadline: str) -> str:
    """The monthly meeting a task reports back to (docs/DOMAIN.md, "Between meetings").

    The first regular meeting on or after its deadline, by the cell's usual meeting day
    (``state.meeting_day``: a task due on the 30th of December reports in January), and never
    this meeting nor one before the month the tasks are for. Without a deadline: that month.
    """
    meeting = to_date(state.date)
    if meeting is None:
        return period_of(state)
    earliest = max(month_shift(f"{meeting.year:04d}-{meeting.month:02d}", 1), period_of(state) or "")
    due = to_date(deadline)
    if due is None:
        return earliest
    month = f"{due.year:04d}-{due.month:02d}"
    if due > usual_meeting_date(due.year, due.month, state.meeting_day):
        month = month_shift(month, 1)
    return max(earliest, month)


def carried_deadline(deadline: str, meeting_date: str) -> str:
    """A carried-over task keeps its deadline while it is still ahead of this meeting; past,
    it gets none (the chair gives a new one: the task is incomplete until then)."""
    return deadline if deadline and deadline > meeting_date else ""


def assessed_period(state: MeetingState) -> str:
    """The month whose results Section I assesses: the one before the tasks' month."""
    period = period_of(state)
    return month_shift(period, -1) if period else ""


# -- last month's results, as reported back at this meeting --------------------------------------
@dataclass(frozen=True)
class TaskResult:
    """One task of an earlier resolution as reported back at the review stage."""

    content: str
    status: str  # done | partly | not_done | carried
    note: str = ""
    owner: str = ""


RESULT_STATUS_VI = {
    "done": "hoàn thành",
    "partly": "hoàn thành một phần",
    "not_done": "chưa hoàn thành",
    "carried": "chuyển sang tháng sau",
}


def last_month_results(state: MeetingState) -> list[TaskResult]:
    """Results of earlier tasks reviewed in this meeting, for Section I and the minutes."""
    return [
        TaskResult(content=r.content, status=r.status, note=r.note, owner=r.owner)
        for r in state.reviews.items.values()
    ]


# -- Section I drafted from the record --------------------------------------------------------
def target_phrase(state: MeetingState, concerns: str) -> str:
    """Whom an entry concerns, as written inside a sentence."""
    if concerns == COMMITTEE:
        return "chi ủy"
    if concerns == CELL:
        return "tập thể chi bộ"
    return f"đồng chí {state.member_name(concerns)}"


def _said(state: MeetingState, keys: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(who spoke, the chair's conclusions) at the stages with these keys, in agenda order."""
    ids = [s.id for s in state.stages if s.key in keys]
    speakers: list[str] = []
    for speech in state.record.speeches:
        if speech.stage in ids and speech.member and speech.member not in speakers:
            speakers.append(speech.member)
    conclusions = [state.record.conclusions[i].text for i in ids if i in state.record.conclusions]
    return speakers, conclusions


def draft_thematic(state: MeetingState) -> str:
    """Section I of a thematic meeting's conclusion or resolution (DOMAIN §2): the topic report
    and who presented it, the discussion, and the chair's conclusion; not last month's tasks."""
    report = [s for s in state.stages if s.key in ("topic_report", "thematic_topic")]
    presenter = report[0].presenter if report else ""
    topic = state.topic or (report[0].title if report else "")
    lines = [
        "1. Báo cáo chuyên đề:",
        f"- Chuyên đề “{topic or GAP}”"
        + (f" do đồng chí {state.member_name(presenter)} trình bày." if presenter else "."),
    ]
    speakers, _ = _said(state, ("discussion",))
    lines.append("2. Ý kiến thảo luận:")
    if speakers:
        names = ", ".join(state.member_name(m) for m in speakers)
        lines.append(f"- {len(speakers)} đồng chí phát biểu, liên hệ bản thân: {names}.")
    else:
        lines.append(f"- {GAP}")
    _, conclusions = _said(state, ("topic_report", "thematic_topic", "discussion", "conclusion"))
    lines.append("3. Chủ trì kết luận:")
    lines += conclusions or [GAP]
    return "\n".join(lines)


def member_vote(state: MeetingState) -> Vote | None:
    """An extraordinary meeting's vote to admit a member or confirm a probationary one, when
    its resolution has no tasks: that resolution is the Party's own form for it (Mẫu 6-KNĐ,
    13-KNĐ), adopted by that vote."""
    if state.type is not MeetingType.EXTRAORDINARY or state.resolution.tasks:
        return None
    votes = [
        v for v in state.votes if not v.withdrawn and v.kind in (VoteKind.ADMISSION, VoteKind.CONFIRMATION)
    ]
    return votes[-1] if votes else None


def draft_matter(state: MeetingState) -> str:
    """Section I of an extraordinary meeting's resolution: the matter, what was said, the
    chair's conclusion; for an admission or a confirmation, the strengths and shortcomings as
    the chair concluded them."""
    if member_vote(state) is not None:
        return "\n".join(_said(state, ("matter", "discussion", "vote"))[1]) or GAP
    lines = ["1. Vấn đề:", f"- {state.topic or GAP}"]
    speakers, conclusions = _said(state, ("matter", "discussion", "vote"))
    lines.append("2. Ý kiến thảo luận và kết luận của chủ trì:")
    if speakers:
        lines.append(
            f"- {len(speakers)} đồng chí phát biểu: {', '.join(state.member_name(m) for m in speakers)}."
        )
    lines += conclusions or [GAP]
    return "\n".join(lines)


def draft_assessment(state: MeetingState) -> str:
    """Section I from the record: last month's results, the chair's assessment, commendations;
    a thematic meeting's from its topic, an extraordinary meeting's from its matter."""
    if state.type is MeetingType.THEMATIC:
        return draft_thematic(state)
    if state.type is MeetingType.EXTRAORDINARY and state.topic:
        return draft_matter(state)
    lines = ["1. Kết quả thực hiện nhiệm vụ:"]
    results = last_month_results(state)
    for result in results:
        status = RESULT_STATUS_VI.get(result.status, result.status)
        lines.append(f"- {result.content}: {status}" + (f" ({result.note})." if result.note else "."))
    if not results:
        lines.append(f"- {GAP}")
    review = [s for s in state.stages if s.key == "review"]
    conclusion = state.record.conclusions.get(review[0].id) if review else None
    lines.append("2. Ưu điểm, hạn chế và nguyên nhân:")
    lines.append(conclusion.text if conclusion else GAP)
    people = [e for e in state.criticism if e.kind in (EntryKind.COMMENDATION, EntryKind.REMINDER)]
    if people:
        lines.append("3. Biểu dương, nhắc nhở:")
        for entry in people:
            verb = "Biểu dương" if entry.kind is EntryKind.COMMENDATION else "Nhắc nhở"
            if fold(entry.text).startswith(fold(verb)):  # "Biểu dương đồng chí X đã …" says it all
                lines.append(f"- {entry.text}")
            else:
                lines.append(f"- {verb} {target_phrase(state, entry.concerns)}: {entry.text}")
    return "\n".join(lines)


def assessment_of(state: MeetingState) -> tuple[str, bool]:
    """(Section I text, whether it is the draft from the record rather than written by hand)."""
    res = state.resolution
    return (res.assessment, False) if res.assessment else (draft_assessment(state), True)


# -- warnings before the vote -------------------------------------------------------------------
Repeats = Callable[[str, str], bool]  # whether one task text repeats another (queries.similar)


@dataclass(frozen=True)
class PriorTask:
    """A task of an earlier resolution of the cell (``content`` empty: a resolution without
    tasks, listed for its month)."""

    meeting: str  # meeting id
    date: str  # ISO date of that meeting
    label: str  # "05-NQ/CB"
    content: str
    period: str = ""  # "YYYY-MM" a regular meeting's resolution was for; "" for the others


def duplicate_of(content: str, earlier: Iterable[PriorTask], repeats: Repeats) -> PriorTask | None:
    """The latest earlier task that ``content`` repeats."""
    found = None
    for prior in earlier:
        if prior.content and repeats(prior.content, content) and (found is None or prior.date >= found.date):
            found = prior
    return found


def task_notices(state: MeetingState, earlier: Sequence[PriorTask], repeats: Repeats) -> list[Notice]:
    """Warnings before the vote about the tasks: none, incomplete, reporting back before their
    deadline, repeating another of this draft or an earlier resolution's."""
    res = state.resolution
    notices: list[Notice] = []
    if not res.tasks and res.kind is DocKind.RESOLUTION and member_vote(state) is None:
        notices.append(Notice("warn.resolution_no_tasks"))  # an admission's resolution has none
    for i, task in enumerate(res.tasks, start=1):
        gaps = task.gaps()
        if gaps:
            notices.append(Notice("warn.resolution_task_incomplete", {"n": i, "fields": gaps}))
        if task.deadline and task.report_at and task.report_at < report_month(state, task.deadline):
            notices.append(
                Notice(
                    "warn.resolution_report_early",
                    {"n": i, "report": month_short(task.report_at), "deadline": short_date(task.deadline)},
                )
            )
        if task.source.startswith("carried:"):
            continue  # carried over on purpose (docs/DOMAIN.md, "Between meetings")
        for j, other in enumerate(res.tasks[: i - 1], start=1):
            if repeats(other.content, task.content):
                notices.append(Notice("warn.resolution_task_repeats", {"n": i, "other": j}))
                break
        prior = duplicate_of(task.content, earlier, repeats)
        if prior is not None:
            notices.append(
                Notice(
                    "warn.resolution_task_duplicate",
                    {"n": i, "label": prior.label, "date": short_date(prior.date), "content": prior.content},
                )
            )
    return notices


def period_notices(state: MeetingState, earlier: Sequence[PriorTask]) -> list[Notice]:
    """Two resolutions of regular meetings for one month: the chair is warned."""
    if state.type is not MeetingType.REGULAR or state.resolution.kind is not DocKind.RESOLUTION:
        return []
    period = period_of(state)
    seen: dict[str, PriorTask] = {}
    for prior in earlier:
        if prior.period == period and prior.meeting != state.id:
            seen.setdefault(prior.meeting, prior)
    return [
        Notice(
            "warn.resolution_period_taken",
            {"label": prior.label, "date": short_date(prior.date), "period": month_text(period)},
        )
        for prior in seen.values()
    ]


def offered_follow_ups(state: MeetingState) -> list[Entry]:
    """Criticism entries with a follow-up task not yet in the task list."""
    taken = {t.source for t in state.resolution.tasks}
    return [e for e in state.criticism if e.follow_up is not None and f"entry:{e.id}" not in taken]


def adopts(state: MeetingState, vote: Vote) -> bool:
    """Whether ``vote`` is of a kind that adopts the meeting's document: a resolution vote; at
    an extraordinary meeting held to admit or confirm a member (no tasks), that vote itself,
    taken by two thirds: the resolution is the Party's form for it (Mẫu 6-KNĐ, 13-KNĐ)."""
    if vote.kind is VoteKind.RESOLUTION:
        return True
    return member_vote(state) is vote


def check_adoptable(state: MeetingState, vote_id: object) -> Vote:
    """The vote that may adopt the draft, or the reason it may not (DomainError)."""
    if is_adopted(state):
        raise DomainError("error.resolution_already_adopted")
    for vote in state.votes:
        if vote.id == vote_id:
            break
    else:
        raise DomainError("error.vote_unknown", vote=str(vote_id))
    if vote.withdrawn:
        raise DomainError("error.resolution_vote_withdrawn", question=vote.question)
    if not adopts(state, vote):
        raise DomainError("error.resolution_vote_kind", question=vote.question)
    if not vote.passed:
        raise DomainError(
            "error.resolution_vote_failed", question=vote.question, for_=vote.tally.for_, needed=vote.needed
        )
    return vote


# -- decisions ----------------------------------------------------------------------------------
def _editable(state: MeetingState) -> ResolutionState:
    if is_adopted(state):
        raise DomainError("error.resolution_locked")
    return state.resolution


def _deadline(data: Mapping[str, Any]) -> str:
    return checks.iso_date(data, "deadline")


def _period(data: Mapping[str, Any], key: str) -> str:
    value = checks.text(data, key)
    if value and not _PERIOD.match(value):
        raise DomainError("error.resolution_period_invalid", value=value)
    return value


def _task_fields(state: MeetingState, data: Mapping[str, Any]) -> Data:
    readers = {
        "content": lambda: checks.long_text(data, "content", required=True),
        "requirement": lambda: checks.long_text(data, "requirement"),
        "measures": lambda: checks.long_text(data, "measures"),
        "owner": lambda: checks.owner(state, checks.text(data, "owner")),
        "deadline": lambda: _deadline(data),
        "report_at": lambda: _period(data, "report_at"),
    }
    return {name: read() for name, read in readers.items() if name in data}


def decide_resolution_set(state: MeetingState, d: Mapping[str, Any]) -> Data:
    res = _editable(state)
    out: Data = {}
    if "kind" in d:
        try:
            kind = DocKind(d["kind"])
        except ValueError:
            raise DomainError("error.resolution_kind_invalid", value=d["kind"]) from None
        if kind is not res.kind and res.number is not None:
            raise DomainError("error.resolution_kind_numbered", label=number_label(res.kind, res.number))
        out["kind"] = str(kind)
    if "period" in d:
        out["period"] = _period(d, "period")
    if "summary" in d:
        out["summary"] = checks.text(d, "summary")
    for key in ("heard", "assessment", "organisation", "recipients"):
        if key in d:
            out[key] = checks.long_text(d, key)
    if "signer" in d:
        signer = checks.text(d, "signer")
        member = state.roster.get(signer) if signer else None
        if signer and (member is None or member.role not in (Role.SECRETARY, Role.DEPUTY)):
            raise DomainError("error.resolution_signer_invalid", name=state.member_name(signer))
        out["signer"] = signer
    return out


_SET_FIELDS = ("period", "summary", "heard", "assessment", "organisation", "recipients", "signer")


def evolve_resolution_set(state: MeetingState, ev: Event) -> MeetingState:
    res = state.resolution
    changes: dict[str, Any] = {k: str(ev.data[k]) for k in _SET_FIELDS if k in ev.data}
    if "kind" in ev.data:
        changes["kind"] = DocKind(ev.data["kind"])
    return change(state, resolution=change(res, **changes))


def decide_resolution_task_added(state: MeetingState, d: Mapping[str, Any]) -> Data:
    res = _editable(state)
    if len(res.tasks) >= MAX_TASKS:
        raise DomainError("error.resolution_too_many_tasks", max=MAX_TASKS)
    fields = _task_fields(state, {**d, "content": d.get("content", "")})
    source = checks.text(d, "source")
    if source.startswith("entry:"):
        entry_id = source.removeprefix("entry:")
        if not any(e.id == entry_id for e in state.criticism):
            raise DomainError("error.entry_unknown", entry=entry_id)
        if any(t.source == source for t in res.tasks):
            raise DomainError("error.resolution_follow_up_taken")
    if not fields.get("report_at"):
        fields["report_at"] = report_month(state, fields.get("deadline", ""))
    position = d.get("position", len(res.tasks))
    checks.integer(position)
    full = {
        name: fields.get(name, "") for name in ("content", "requirement", "measures", "owner", "deadline")
    }
    return {
        **full,
        "report_at": fields["report_at"],
        "source": source,
        "position": max(0, min(position, len(res.tasks))),
    }


def evolve_resolution_task_added(state: MeetingState, ev: Event) -> MeetingState:
    res = state.resolution
    d = ev.data
    task = Task(
        id=f"t{res.next_task}",
        content=str(d.get("content", "")),
        requirement=str(d.get("requirement", "")),
        measures=str(d.get("measures", "")),
        owner=str(d.get("owner", "")),
        deadline=str(d.get("deadline", "")),
        report_at=str(d.get("report_at", "")),
        source=str(d.get("source", "")),
    )
    at = max(0, min(int(d.get("position", len(res.tasks))), len(res.tasks)))
    tasks = res.tasks[:at] + (task,) + res.tasks[at:]
    return change(state, resolution=change(res, tasks=tasks, next_task=res.next_task + 1))


def decide_resolution_task_changed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    task = _editable(state).task(d.get("task"))
    fields = _task_fields(state, d)
    if not fields:
        raise DomainError("error.nothing_changed")
    if "deadline" in fields and not fields.get("report_at"):  # a new deadline moves the report
        fields["report_at"] = report_month(state, fields["deadline"])
    return {"task": task.id, **fields}


def _with_task(state: MeetingState, task: Task) -> MeetingState:
    res = state.resolution
    return change(
        state, resolution=change(res, tasks=tuple(task if t.id == task.id else t for t in res.tasks))
    )


def evolve_resolution_task_changed(state: MeetingState, ev: Event) -> MeetingState:
    try:
        task = state.resolution.task(ev.data.get("task"))
    except DomainError:
        return state
    changes = {
        k: str(v)
        for k, v in ev.data.items()
        if k in ("content", "requirement", "measures", "owner", "deadline", "report_at")
    }
    return _with_task(state, change(task, **changes))


def decide_resolution_task_removed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    return {"task": _editable(state).task(d.get("task")).id}


def evolve_resolution_task_removed(state: MeetingState, ev: Event) -> MeetingState:
    res = state.resolution
    return change(
        state, resolution=change(res, tasks=tuple(t for t in res.tasks if t.id != ev.data.get("task")))
    )


def decide_resolution_task_moved(state: MeetingState, d: Mapping[str, Any]) -> Data:
    task = _editable(state).task(d.get("task"))
    return {"task": task.id, "to": checks.integer(d.get("to"))}


def evolve_resolution_task_moved(state: MeetingState, ev: Event) -> MeetingState:
    res = state.resolution
    tasks = list(res.tasks)
    found = [t for t in tasks if t.id == ev.data.get("task")]
    if not found:
        return state
    tasks.remove(found[0])
    tasks.insert(max(0, min(int(ev.data.get("to", 0)), len(tasks))), found[0])
    return change(state, resolution=change(res, tasks=tuple(tasks)))


MAX_DOC_NUMBER = 9_999  # a committee's term never numbers more documents of one kind


def decide_resolution_numbered(state: MeetingState, d: Mapping[str, Any]) -> Data:
    res = _editable(state)
    number = d.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_DOC_NUMBER:
        raise DomainError("error.resolution_number_invalid", value=str(number)[:20])
    if res.number is not None:
        raise DomainError("error.resolution_already_numbered", label=number_label(res.kind, res.number))
    if (res.kind.value, number) in res.burned:
        raise DomainError("error.resolution_number_used", label=number_label(res.kind, number))
    return {"number": number}


def evolve_resolution_numbered(state: MeetingState, ev: Event) -> MeetingState:
    return change(state, resolution=change(state.resolution, number=int(ev.data.get("number", 0))))


def decide_resolution_adopted(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """Adopted by a passed vote; Section I is held in the event as it was voted."""
    vote = check_adoptable(state, d.get("vote"))
    if state.resolution.number is None:
        raise DomainError("error.resolution_not_numbered")
    return {"vote": vote.id, "assessment": assessment_of(state)[0]}


def evolve_resolution_adopted(state: MeetingState, ev: Event) -> MeetingState:
    res = state.resolution
    return change(
        state,
        resolution=change(
            res,
            assessment=str(ev.data.get("assessment", res.assessment)),
            vote=str(ev.data.get("vote", "")),
            adopted_at=ev.when,
        ),
    )


def decide_resolution_discarded(state: MeetingState, d: Mapping[str, Any]) -> Data:
    _editable(state)
    return {"reason": checks.text(d, "reason")}


def evolve_resolution_discarded(state: MeetingState, ev: Event) -> MeetingState:
    res = state.resolution
    burned = res.burned + (((res.kind.value, res.number),) if res.number is not None else ())
    fresh = ResolutionState(burned=burned, next_task=res.next_task, discarded=res.discarded + 1)
    return change(state, resolution=fresh)
