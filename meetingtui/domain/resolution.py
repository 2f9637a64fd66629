"""The resolution (nghị quyết) or conclusion (kết luận) drafted during the meeting (DOMAIN §6).

The draft is part of the meeting's record: every change is an event, so the wording that
was voted is the fold of the events up to the adoption. Events:

- ``resolution_set`` {kind, period, summary, heard, assessment, organisation, recipients,
  signer}: any subset; ``kind`` is ``NQ`` (resolution) or ``KL`` (conclusion).
- ``resolution_task_added`` {content, requirement, measures, owner, deadline, report_at,
  source, position}; ``resolution_task_changed`` {task, …fields};
  ``resolution_task_removed`` {task}; ``resolution_task_moved`` {task, to}.
- ``resolution_numbered`` {number}: the number reserved in the committee's term
  (``Repository.next_number``) for this draft's document type.
- ``resolution_adopted`` {vote}: links the draft to a passed ``resolution`` vote. From then
  on the draft is locked; Section I, if never written by hand, is frozen from the record.
- ``resolution_discarded`` {reason}: the draft is dropped; its number is kept aside and
  never given again.

No Textual here. Text fields are cleaned (NFC, no control characters) like all user text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from ..text import fold
from .criticism import CELL, COMMITTEE, EntryKind, entries_of
from .errors import DomainError
from .meeting import Event, MeetingState, _text, handles
from .people import Role
from .record import MAX_TEXT, record_of
from .rules import VoteKind

GAP = "…"  # a visible gap in a document: something the record does not hold yet
DUPLICATE_THRESHOLD = 0.8  # token-set (Jaccard) similarity from which a task repeats another
MAX_TASKS = 60
LETTERS = (
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
)  # Vietnamese order: no f, j, w, z
TASK_FIELDS = ("content", "requirement", "measures", "owner", "deadline", "report_at")
REQUIRED_FIELDS = ("content", "requirement", "measures", "owner", "deadline")
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_FILLER = frozenset(
    [
        "cac",
        "nhung",
        "cua",
        "va",
        "da",
        "se",
        "dang",
        "viec",
        "trong",
        "voi",
        "cho",
        "de",
        "la",
        "mot",
        "nay",
        "do",
        "thi",
        "tai",
        "ve",
        "theo",
    ]
)


class DocKind(StrEnum):
    RESOLUTION = "NQ"  # nghị quyết
    CONCLUSION = "KL"  # kết luận


DOC_TITLES = {DocKind.RESOLUTION: "Nghị quyết", DocKind.CONCLUSION: "Kết luận"}


@dataclass(frozen=True)
class Notice:
    """A warning for the user: a catalog key and its parameters (translated when shown).

    A list-valued parameter holds task field names; :func:`notice_text` in the export
    layer translates them.
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Task:
    id: str
    content: str
    requirement: str = ""  # yêu cầu / chỉ tiêu
    measures: str = ""  # biện pháp
    owner: str = ""  # member id, COMMITTEE or CELL (người / bộ phận chủ trì)
    deadline: str = ""  # ISO date (thời hạn)
    report_at: str = ""  # "YYYY-MM": the monthly meeting that hears the result
    source: str = ""  # "entry:<id>" when offered from a criticism follow-up; "carried:…" (issue 7)

    def gaps(self) -> list[str]:
        """The required fields still empty (DOMAIN §6: such a task is incomplete)."""
        return [name for name in REQUIRED_FIELDS if not getattr(self, name)]


@dataclass
class ResolutionState:
    kind: DocKind = DocKind.RESOLUTION
    period: str = ""  # "YYYY-MM" the tasks are for; "" = from the meeting's date
    summary: str = ""  # the line under the title; "" = default
    heard: str = ""  # "Sau khi nghe …"; "" = default
    assessment: str = ""  # Section I; "" = drafted from the record
    organisation: str = ""  # Section III; "" = default
    recipients: str = ""  # one recipient a line; "" = default
    signer: str = ""  # member id of the secretary or deputy who signs; "" = the secretary
    tasks: list[Task] = field(default_factory=list)
    number: int | None = None
    vote: str = ""  # id of the adopting vote
    adopted_at: datetime | None = None
    burned: list[tuple[str, int]] = field(default_factory=list)  # numbers of discarded drafts
    next_task: int = 1
    discarded: int = 0

    def task(self, task_id: object) -> Task:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise DomainError("error.resolution_task_unknown", task=str(task_id))


def resolution_of(state: MeetingState) -> ResolutionState:
    res = state.extra.get("resolution")
    if res is None:
        res = state.extra["resolution"] = ResolutionState()
    assert isinstance(res, ResolutionState)
    return res


def adoption_vote(state: MeetingState) -> Any:
    """The vote that adopted the draft (None while a draft, or when that vote was withdrawn)."""
    res = resolution_of(state)
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
def _month_shift(period: str, months: int) -> str:
    year, month = int(period[:4]), int(period[5:7])
    total = year * 12 + month - 1 + months
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def default_period(meeting_date: str) -> str:
    """The month the tasks are for: the next one when the meeting is held from the 15th on."""
    try:
        day = date.fromisoformat(meeting_date)
    except ValueError:
        return ""
    period = f"{day.year:04d}-{day.month:02d}"
    return _month_shift(period, 1) if day.day >= 15 else period


def period_of(state: MeetingState) -> str:
    return resolution_of(state).period or default_period(state.date)


def assessed_period(state: MeetingState) -> str:
    """The month whose results Section I assesses: the one before the tasks' month."""
    period = period_of(state)
    return _month_shift(period, -1) if period else ""


# -- last month's results: the hook for issue 7 --------------------------------------------
@dataclass(frozen=True)
class TaskResult:
    """One task of last month's resolution as reported back at stage 4."""

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

ResultsProvider = Callable[[MeetingState], list[TaskResult]]
_results_provider: ResultsProvider | None = None


def set_results_provider(provider: ResultsProvider | None) -> None:
    """Issue 7 plugs in the report-back of last month's tasks here.

    The provider must depend only on the meeting's state (the events recorded so far), so
    that folding the events again gives the same Section I.
    """
    global _results_provider
    _results_provider = provider


def last_month_results(state: MeetingState) -> list[TaskResult]:
    """Results of last month's tasks for Section I; empty until issue 7 provides them."""
    return list(_results_provider(state)) if _results_provider is not None else []


# -- Section I drafted from the record --------------------------------------------------------
def target_phrase(state: MeetingState, concerns: str) -> str:
    """Whom an entry concerns, as written inside a sentence."""
    if concerns == COMMITTEE:
        return "chi ủy"
    if concerns == CELL:
        return "tập thể chi bộ"
    return f"đồng chí {state.member_name(concerns)}"


def draft_assessment(state: MeetingState) -> str:
    """Section I from the record: last month's results, the chair's assessment, commendations."""
    lines = ["1. Kết quả thực hiện nhiệm vụ:"]
    results = last_month_results(state)
    for result in results:
        status = RESULT_STATUS_VI.get(result.status, result.status)
        lines.append(f"- {result.content}: {status}" + (f" ({result.note})." if result.note else "."))
    if not results:
        lines.append(f"- {GAP}")
    review = [s for s in state.stages if s.key == "review"]
    conclusion = record_of(state).conclusions.get(review[0].id) if review else None
    lines.append("2. Ưu điểm, hạn chế và nguyên nhân:")
    lines.append(conclusion.text if conclusion else GAP)
    people = [e for e in entries_of(state) if e.kind in (EntryKind.COMMENDATION, EntryKind.REMINDER)]
    if people:
        lines.append("3. Biểu dương, nhắc nhở:")
        for entry in people:
            verb = "Biểu dương" if entry.kind is EntryKind.COMMENDATION else "Nhắc nhở"
            lines.append(f"- {verb} {target_phrase(state, entry.concerns)}: {entry.text}")
    return "\n".join(lines)


def assessment_of(state: MeetingState) -> tuple[str, bool]:
    """(Section I text, whether it is the draft from the record rather than written by hand)."""
    res = resolution_of(state)
    return (res.assessment, False) if res.assessment else (draft_assessment(state), True)


# -- warnings before the vote -------------------------------------------------------------------
def _tokens(text: str) -> frozenset[str]:
    words = re.findall(r"[0-9a-z]+", fold(text))
    kept = frozenset(w for w in words if w not in _FILLER)
    return kept or frozenset(words)


def similarity(a: str, b: str) -> float:
    """Token-set (Jaccard) similarity of two texts, ignoring case, diacritics and filler words."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


@dataclass(frozen=True)
class PriorTask:
    """A task of an earlier resolution of the cell."""

    meeting: str  # meeting id
    date: str  # ISO date of that meeting
    label: str  # "05-NQ/CB"
    content: str


def duplicate_of(content: str, earlier: Iterable[PriorTask]) -> PriorTask | None:
    """The most similar earlier task when it reaches :data:`DUPLICATE_THRESHOLD`."""
    best: tuple[float, PriorTask] | None = None
    for prior in earlier:
        score = similarity(content, prior.content)
        if score >= DUPLICATE_THRESHOLD and (best is None or score > best[0]):
            best = (score, prior)
    return best[1] if best else None


def task_notices(state: MeetingState, earlier: Sequence[PriorTask] = ()) -> list[Notice]:
    """Warnings before the vote: no tasks, incomplete tasks, tasks that repeat another."""
    res = resolution_of(state)
    notices: list[Notice] = []
    if not res.tasks and res.kind is DocKind.RESOLUTION:
        notices.append(Notice("warn.resolution_no_tasks"))
    for i, task in enumerate(res.tasks, start=1):
        gaps = task.gaps()
        if gaps:
            notices.append(Notice("warn.resolution_task_incomplete", {"n": i, "fields": gaps}))
        if task.source.startswith("carried:"):
            continue  # carried over on purpose (DOMAIN §9)
        for j, other in enumerate(res.tasks[: i - 1], start=1):
            if similarity(task.content, other.content) >= DUPLICATE_THRESHOLD:
                notices.append(Notice("warn.resolution_task_repeats", {"n": i, "other": j}))
                break
        prior = duplicate_of(task.content, earlier)
        if prior is not None:
            notices.append(
                Notice(
                    "warn.resolution_task_duplicate",
                    {"n": i, "label": prior.label, "date": prior.date, "content": prior.content},
                )
            )
    return notices


def offered_follow_ups(state: MeetingState) -> list[Any]:
    """Criticism entries with a follow-up task not yet in the task list."""
    taken = {t.source for t in resolution_of(state).tasks}
    return [e for e in entries_of(state) if e.follow_up is not None and f"entry:{e.id}" not in taken]


def check_adoptable(state: MeetingState, vote_id: object) -> Any:
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
    if vote.kind is not VoteKind.RESOLUTION:
        raise DomainError("error.resolution_vote_kind", question=vote.question)
    if not vote.passed:
        raise DomainError(
            "error.resolution_vote_failed", question=vote.question, for_=vote.tally.for_, needed=vote.needed
        )
    return vote


# -- handlers ------------------------------------------------------------------------------
def _editable(state: MeetingState) -> ResolutionState:
    if is_adopted(state):
        raise DomainError("error.resolution_locked")
    return resolution_of(state)


def _long(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    text = _text(data, key, required=required, multiline=True)
    if len(text) > MAX_TEXT:
        raise DomainError("error.text_too_long", max=MAX_TEXT, length=len(text))
    return text


def _owner(state: MeetingState, data: dict[str, Any]) -> str:
    owner = _text(data, "owner")
    if owner and owner not in (COMMITTEE, CELL) and owner not in state.roster:
        raise DomainError("error.member_unknown", member=owner)
    return owner


def _deadline(data: dict[str, Any]) -> str:
    value = _text(data, "deadline")
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise DomainError("error.date_invalid", value=value) from None
    return value


def _period(data: dict[str, Any], key: str) -> str:
    value = _text(data, key)
    if value and not _PERIOD.match(value):
        raise DomainError("error.resolution_period_invalid", value=value)
    return value


def _task_fields(state: MeetingState, data: dict[str, Any]) -> dict[str, str]:
    readers: dict[str, Callable[[], str]] = {
        "content": lambda: _long(data, "content", required=True),
        "requirement": lambda: _long(data, "requirement"),
        "measures": lambda: _long(data, "measures"),
        "owner": lambda: _owner(state, data),
        "deadline": lambda: _deadline(data),
        "report_at": lambda: _period(data, "report_at"),
    }
    return {name: read() for name, read in readers.items() if name in data}


@handles("resolution_set")
def _resolution_set(state: MeetingState, ev: Event) -> None:
    res = _editable(state)
    d = ev.data
    if "kind" in d:
        try:
            kind = DocKind(d["kind"])
        except ValueError:
            raise DomainError("error.resolution_kind_invalid", value=d["kind"]) from None
        if kind is not res.kind and res.number is not None:
            raise DomainError("error.resolution_kind_numbered", label=number_label(res.kind, res.number))
        res.kind = kind
    if "period" in d:
        res.period = _period(d, "period")
    if "summary" in d:
        res.summary = _text(d, "summary")
    for key in ("heard", "assessment", "organisation", "recipients"):
        if key in d:
            setattr(res, key, _long(d, key))
    if "signer" in d:
        signer = _text(d, "signer")
        role = state.roster.get(signer, {}).get("role") if signer else None
        if signer and role not in (Role.SECRETARY, Role.DEPUTY):
            raise DomainError("error.resolution_signer_invalid", name=state.member_name(signer))
        res.signer = signer


@handles("resolution_task_added")
def _task_added(state: MeetingState, ev: Event) -> None:
    res = _editable(state)
    if len(res.tasks) >= MAX_TASKS:
        raise DomainError("error.resolution_too_many_tasks", max=MAX_TASKS)
    fields = _task_fields(state, {**ev.data, "content": ev.data.get("content", "")})
    source = _text(ev.data, "source")
    if source.startswith("entry:"):
        entry_id = source.removeprefix("entry:")
        if not any(e.id == entry_id for e in entries_of(state)):
            raise DomainError("error.entry_unknown", entry=entry_id)
        if any(t.source == source for t in res.tasks):
            raise DomainError("error.resolution_follow_up_taken")
    if "report_at" not in fields:
        fields["report_at"] = period_of(state)
    task = Task(id=f"t{res.next_task}", source=source, **fields)
    res.next_task += 1
    position = ev.data.get("position", len(res.tasks))
    if not isinstance(position, int) or isinstance(position, bool):
        raise DomainError("error.position_invalid")
    res.tasks.insert(max(0, min(position, len(res.tasks))), task)


@handles("resolution_task_changed")
def _task_changed(state: MeetingState, ev: Event) -> None:
    res = _editable(state)
    task = res.task(ev.data.get("task"))
    fields = _task_fields(state, ev.data)
    if not fields:
        raise DomainError("error.nothing_changed")
    for name, value in fields.items():
        setattr(task, name, value)


@handles("resolution_task_removed")
def _task_removed(state: MeetingState, ev: Event) -> None:
    res = _editable(state)
    res.tasks.remove(res.task(ev.data.get("task")))


@handles("resolution_task_moved")
def _task_moved(state: MeetingState, ev: Event) -> None:
    res = _editable(state)
    task = res.task(ev.data.get("task"))
    to = ev.data.get("to")
    if not isinstance(to, int) or isinstance(to, bool):
        raise DomainError("error.position_invalid")
    res.tasks.remove(task)
    res.tasks.insert(max(0, min(to, len(res.tasks))), task)


@handles("resolution_numbered")
def _numbered(state: MeetingState, ev: Event) -> None:
    res = _editable(state)
    number = ev.data.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise DomainError("error.resolution_number_invalid", value=number)
    if res.number is not None:
        raise DomainError("error.resolution_already_numbered", label=number_label(res.kind, res.number))
    if (res.kind.value, number) in res.burned:
        raise DomainError("error.resolution_number_used", label=number_label(res.kind, number))
    res.number = number


@handles("resolution_adopted")
def _adopted(state: MeetingState, ev: Event) -> None:
    res = resolution_of(state)
    vote = check_adoptable(state, ev.data.get("vote"))
    if res.number is None:
        raise DomainError("error.resolution_not_numbered")
    if not res.assessment:
        res.assessment = draft_assessment(state)  # what was voted is what stays
    res.vote = vote.id
    res.adopted_at = ev.when


@handles("resolution_discarded")
def _discarded(state: MeetingState, ev: Event) -> None:
    res = _editable(state)
    _text(ev.data, "reason")
    burned = list(res.burned)
    if res.number is not None:
        burned.append((res.kind.value, res.number))
    state.extra["resolution"] = ResolutionState(
        burned=burned, next_task=res.next_task, discarded=res.discarded + 1
    )
