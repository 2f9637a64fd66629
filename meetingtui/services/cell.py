"""The cell's data folder as the app and the command line use it: every change to the cell
(its settings, roster, studies, new meetings) and every question asked across its meetings.

The screens never touch the store: they hold a :class:`CellService` and the
:class:`~meetingtui.services.meeting.MeetingService` it hands out for each meeting.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.agenda import MeetingType
from ..domain.clock import Clock
from ..domain.dates import is_iso_date
from ..domain.errors import DomainError, Notice
from ..domain.people import (
    Category,
    Cell,
    Member,
    Role,
    Study,
    checked_cell,
    checked_member,
    checked_study,
    early_confirmation,
    local_today,
    other_secretary,
    probation_since,
)
from ..domain.text import clean, identity
from ..store.repo import MeetingInfo, Repository
from ..store.storage import LOCK_TIMEOUT

# How long a screen waits for another terminal's write before it says so: the screens record
# on their event loop, so a longer wait would freeze the screen. A write holds the lock for a
# few milliseconds and writers are served in turn, so a second means something is wrong
# (a process stopped with the lock, a stalled network drive); the command line waits longer.
SCREEN_LOCK_WAIT = 1.0

if TYPE_CHECKING:  # the rest loads when first used: the home screen needs none of it
    from ..domain.history import HistoryRow
    from ..domain.ledger import LedgerRecord
    from ..domain.resolution import PriorTask
    from ..domain.rules import LedgerRow
    from ..domain.scoring import Sheet
    from ..domain.state import MeetingState
    from ..domain.tasks import TrackedTask
    from ..domain.year import Year
    from ..export.context import DocContext
    from .dues import DuesService
    from .grading import ReviewService
    from .meeting import MeetingService
    from .plan import PlanService

# Who only watches: the room's screen (a projector, a browser in the room) writes nothing.
READ_ONLY_ACTORS = frozenset({"room"})


class CellService:
    """One cell's data folder, for one user of the app (``actor``: chair, clerk, room)."""

    def __init__(self, repo: Repository, clock: Clock, actor: str = "chair") -> None:
        self.repo = repo
        self.clock = clock
        self.actor = actor

    @classmethod
    def open(
        cls, root: Path | str, clock: Clock, actor: str = "chair", *, lock_wait: float = LOCK_TIMEOUT
    ) -> CellService:
        """The cell in ``root`` for ``actor``; for the room (read-only) nothing can be written.
        ``lock_wait``: how long a write waits for another's (seconds)."""
        return cls(Repository(Path(root), lock_wait, read_only=actor in READ_ONLY_ACTORS), clock, actor)

    @property
    def read_only(self) -> bool:
        return self.repo.read_only or self.actor in READ_ONLY_ACTORS

    @property
    def root(self) -> Path:
        return self.repo.root

    # -- reading the cell -----------------------------------------------------------------
    def has_cell(self) -> bool:
        return self.repo.has_cell()

    def cell(self) -> Cell:
        return self.repo.cell()

    def today(self) -> str:
        """Today's date where the cell is (ISO), from the injected clock."""
        return local_today(self.cell(), self.clock)

    def members(self, *, include_retired: bool = True) -> list[Member]:
        return self.repo.members(include_retired=include_retired)

    def member(self, member_id: str) -> Member:
        return self.repo.member(member_id)

    def meetings(self) -> list[MeetingInfo]:
        return self.repo.meetings()

    def studies(self) -> list[Study]:
        return self.repo.studies()

    def sheets(self) -> dict[str, Sheet]:
        """The shipped score sheets and the cell's own (``DATA/score_sheets``)."""
        from ..store.schema import all_sheets

        return all_sheets(self.repo.root)

    def sheet(self, kind: MeetingType | str = MeetingType.REGULAR) -> Sheet:
        """The score sheet the cell uses for a meeting of ``kind``: a thematic meeting is scored
        on the thematic sheet (the cell's own ``<sheet>-chuyen-de``, else the shipped one),
        which has no line for last month's resolution."""
        sheets = self.sheets()
        chosen = self.cell().score_sheet
        if MeetingType(kind) is MeetingType.THEMATIC:
            return sheets.get(f"{chosen}-chuyen-de") or sheets[THEMATIC_SHEET]
        return sheets.get(chosen) or sheets["hd42-100"]

    def planning(self) -> PlanService:
        """The year plan and the packets sent ahead of the meetings."""
        from .plan import PlanService

        return PlanService(self)

    def dues(self) -> DuesService:
        """The Party dues, year by year."""
        from .dues import DuesService

        return DuesService(self)

    def reviews(self) -> ReviewService:
        """The members' review: by month, quarter and year."""
        from .grading import ReviewService

        return ReviewService(self)

    def meeting(self, meeting_id: str, actor: str | None = None) -> MeetingService:
        from .meeting import MeetingService

        return MeetingService(self.repo, meeting_id, self.clock, actor or self.actor)

    # -- questions across meetings -----------------------------------------------------------
    def year(self, number: int) -> Year:
        from ..queries.year import year_of

        return year_of(self.repo, number)

    def ledger(self, number: int, *, exclude: str = "") -> dict[str, LedgerRow]:
        from ..queries.meetings import ledger

        return ledger(self.repo, number, exclude=exclude)

    def ledger_records(self, number: int, *, exclude: str = "") -> list[LedgerRecord]:
        """The year's other meetings as the ledger counts them, for a live roll call."""
        from ..queries.meetings import ledger_records

        return ledger_records(self.repo, number, exclude=exclude)

    def silent_members(self, state: MeetingState) -> list[str]:
        from ..queries.meetings import silent_members

        return silent_members(self.repo, state)

    def member_history(self, member_id: str, number: int | None = None) -> list[HistoryRow]:
        from ..queries.history import history_for

        return history_for(self.repo, member_id, number)

    def open_tasks(self, state: MeetingState) -> list[TrackedTask]:
        from ..queries.tasks import open_tasks

        return open_tasks(self.repo, state)

    def member_tasks(self, member_id: str) -> list[TrackedTask]:
        from ..queries.tasks import member_tasks

        return member_tasks(self.repo, member_id)

    def earlier_tasks(self, state: MeetingState) -> list[PriorTask]:
        from ..queries.documents import earlier_tasks

        return earlier_tasks(self.repo, state)

    def vote_notices(self, state: MeetingState, earlier: list[PriorTask]) -> list[Notice]:
        """The warnings before the vote (tasks, repeats, the month, contradictions)."""
        from ..queries.checks import vote_notices

        return vote_notices(state, earlier)

    def document_context(self, meeting_id: str, what: str = "resolution") -> DocContext:
        """What the document ``what`` (resolution, minutes) of the meeting is made from."""
        from ..queries.documents import load_context

        return load_context(self.repo, meeting_id, what)

    # -- changing the cell --------------------------------------------------------------------
    def set_up(self, name: str, upper_body: str, place: str, term_start: str = "") -> Cell:
        """The cell's first settings (on an empty data folder)."""
        cell = checked_cell(Cell(name=name, upper_body=upper_body, place=place, term_start=term_start))
        self.repo.save_cell(cell)
        return cell

    def save_cell(self, cell: Cell) -> Cell:
        cell = checked_cell(cell)
        self.repo.save_cell(cell)
        return cell

    def rename(self, on: str, name: str, upper_body: str) -> Cell:
        """The cell's name and upper body from ``on`` (ISO); documents dated before keep the
        old names. Without a date the names in force now are corrected."""
        if on and not is_iso_date(on):
            raise DomainError("error.date_invalid", value=on)
        return self.save_cell(self.cell().renamed(on, clean(name), clean(upper_body)))

    def change_cell(
        self, *, on: str, name: str, upper_body: str, place: str, meeting_day: int, secret: bool
    ) -> Cell:
        """The cell's settings screen: names (from ``on``, or corrected without a date), the
        place on its documents, the usual meeting day and the MẬT mark."""
        cell = self.cell()
        if (clean(name), clean(upper_body)) != (cell.name, cell.upper_body) or on:
            if on and not is_iso_date(on):
                raise DomainError("error.date_invalid", value=on)
            cell = cell.renamed(on, clean(name), clean(upper_body))
        return self.save_cell(replace(cell, place=place, meeting_day=meeting_day, secret=secret))

    def choose_sheet(self, sheet_id: str) -> Cell:
        if sheet_id not in self.sheets():
            raise DomainError("error.sheet_unknown", sheet=sheet_id)
        return self.save_cell(replace(self.cell(), score_sheet=sheet_id))

    def shares_name(self, member: Member) -> bool:
        """Whether another member has the same name (diacritics count: "Hương" is not "Hường")."""
        return any(identity(m.name) == identity(member.name) and m.id != member.id for m in self.members())

    def roster_questions(
        self, member_id: str, *, role: str, category: str = "", on: str = "", member: Member | None = None
    ) -> list[Notice]:
        """What to ask before a change to the roster is saved (none: save it): a second bí thư;
        a probationary member made official before twelve months (Charter Art. 5)."""
        members = self.members(include_retired=False)
        asks = []
        other = other_secretary(members, member_id, role)
        if other is not None:
            asks.append(Notice("ask.second_secretary", {"name": other.name}))
        if member is not None and category:
            months = early_confirmation(member, category, on or self.today())
            if months is not None:
                asks.append(
                    Notice(
                        "ask.early_confirmation",
                        {"name": member.name, "months": months, "since": probation_since(member)},
                    )
                )
        return asks

    def add_member(
        self, name: str, category: str = "official", role: str = "", group: str = "", joined: str = ""
    ) -> Member:
        member = checked_member(
            Member(id="", name=name, category=Category(category), role=Role(role), group=group, joined=joined)
        )
        return self.repo.save_member(member)

    def edit_member(
        self, member_id: str, *, name: str, category: str, role: str, group: str, joined: str
    ) -> Member:
        """Change what was typed about a member; a new category is a move, dated today."""
        member = self.member(member_id)
        edited = replace(member, name=name, role=Role(role), group=group, joined=joined)
        if Category(category) is not member.category:
            edited = replace(edited.move_to(Category(category), self.today(), ""), name=name, role=Role(role))
        return self.repo.save_member(checked_member(edited))

    def move_member(self, member_id: str, category: str, on: str, note: str = "") -> Member:
        """A member moves to another category (probationary to official, exempted…) on a date."""
        if not on:
            raise DomainError("error.field_empty", field="on")
        moved = self.member(member_id).move_to(Category(category), on, note)
        return self.repo.save_member(checked_member(moved))

    def retire_member(self, member_id: str, on: str) -> Member:
        """A member leaves the cell (moved, died, removed); the past record is kept."""
        if not on:
            raise DomainError("error.field_empty", field="on")
        return self.repo.save_member(checked_member(replace(self.member(member_id), retired_on=on)))

    def add_members(self, members: list[Member]) -> list[Member]:
        return self.repo.save_members(checked_member(m) for m in members)

    def add_study(self, title: str, deadline: str) -> Study:
        return self.repo.save_study(checked_study(Study(id="", title=title, deadline=deadline)))

    def toggle_write_up(self, study_id: str, member_id: str) -> Study:
        """Record a member's write-up as handed in today, or undo it."""
        study = next((s for s in self.studies() if s.id == study_id), None)
        if study is None:
            raise DomainError("error.study_unknown", study=study_id)
        return self.repo.mark_write_up(
            study_id, member_id, self.today(), handed_in=member_id not in study.submitted
        )

    # -- meetings ---------------------------------------------------------------------------------
    def create_meeting(
        self,
        kind: MeetingType | str,
        date: str,
        *,
        meeting_id: str | None = None,
        topic: str = "",
        topic_presenter: str = "",
        **details: Any,
    ) -> MeetingState:
        """A new meeting with the roster as it is on its date; ``details``: time, place, chair
        (the bí thư when none is named), presenters (stage key -> member id), title.

        ``topic`` is a thematic meeting's topic or an extraordinary meeting's matter, presented
        by ``topic_presenter``; given for a regular meeting, it is a thematic part held in the
        same sitting (a stage after the discussion, and the meeting's minimum becomes 120)."""
        kind = MeetingType(kind)
        if not date:
            raise DomainError("error.field_empty", field="date")
        topic = clean(topic)
        stage_key = TOPIC_STAGE.get(kind)
        if stage_key and topic_presenter:
            details["presenters"] = {**details.get("presenters", {}), stage_key: topic_presenter}
        if topic and kind in TOPIC_STAGE:
            details["topic"] = topic
        meeting_id = meeting_id or self.repo.new_meeting_id(date, kind)
        log = self.repo.new_log(meeting_id)
        data = {
            "id": meeting_id,
            "type": str(kind),
            "date": date,
            "roster": self.repo.roster_snapshot(date),
            "meeting_day": self.cell().meeting_day,
            **details,
        }
        _, state = log.record("created", data, at=self.clock.now(), by=self.actor)
        if topic and kind is MeetingType.REGULAR:
            keys = [s.key for s in state.stages]
            after = keys.index("discussion") + 1 if "discussion" in keys else len(keys)
            part = {"key": "thematic_topic", "title": f"Sinh hoạt chuyên đề: {topic}", "position": after}
            _, state = log.record(
                "stage_added", {**part, "presenter": topic_presenter}, at=self.clock.now(), by=self.actor
            )
        self.repo.update_index(state, best_effort=True)  # the file is written; the index can catch up
        return state


THEMATIC_SHEET = "hd42-100-chuyen-de"  # data/score_sheets: the shipped thematic sheet

# The stage whose presenter is the topic's or the matter's (DOMAIN §2).
TOPIC_STAGE = {MeetingType.THEMATIC: "topic_report", MeetingType.EXTRAORDINARY: "matter"}
