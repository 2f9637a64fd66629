"""The demo cell's past: three monthly meetings recorded before the demo meeting.

The meetings are the three regular meetings before today, on the cell's usual meeting day (the
first weekday from the 20th; ``demo.calendar``), at 14:00 local time. Each is created with
:meth:`Repository.create_meeting` and driven through :class:`MeetingService` with a clock of
its own that this module moves, so their times are plausible whatever the real clock says:
roll call, stages, speeches, party-group opinions, conclusions, criticism entries with their
follow-ups, the resolution vote, the end. At each meeting's review stage the follow-ups of the
meeting before are reported back, so the newcomer sees tasks done, not done and still open.

The script is ``data/demo/history.json``. An item that names a member who was not yet (or no
longer) in the cell on that day is left out, so the demo holds together on any date.
Every event still goes through the rules; one file write per meeting keeps this fast.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from ..domain.agenda import MeetingType, data_text
from ..domain.attendance import counts_now, voters_now
from ..domain.clock import Clock, FakeClock
from ..domain.dates import usual_meeting_date
from ..domain.people import CELL, COMMITTEE
from ..domain.resolution import draft_assessment
from ..domain.scoring import sheet_data, shipped_sheets
from ..domain.state import MeetingState
from ..domain.text import GAP
from ..queries.suggest import suggest
from ..services.cell import CellService
from ..services.meeting import MeetingService
from .calendar import demo_calendar, months_back

__all__ = ["add_demo_history", "meeting_day", "months_back", "past_meeting_days"]

START = time(14, 0)


def history_script() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_text("demo/history.json"))
    return data


def meeting_day(year: int, month: int, usual_day: int = 20) -> date:
    """The first weekday among the 20th, 21st and 22nd of the month (for the usual day 20)."""
    return usual_meeting_date(year, month, usual_day)


def past_meeting_days(today: date, count: int = 3, usual_day: int = 20) -> list[date]:
    """The days of the ``count`` monthly meetings held before ``today``, oldest first."""
    return demo_calendar(today, usual_day, count)[0]


_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")


def number_words(n: int) -> str:
    """``4`` -> ``bốn``: a small count as a document writes it in words."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def number_text(value: float) -> str:
    """``82.0`` -> ``82``, ``82.5`` -> ``82,5``."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


class _Fill(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class _Meeting:
    """Drives one past meeting from its script."""

    def __init__(
        self,
        cell: CellService,
        day: date,
        following: date,
        zone: tzinfo,
        script: dict[str, Any],
        setup: dict[str, Any],
    ) -> None:
        self.cell = cell
        self.repo = cell.repo
        self.day = day
        self.following = following  # the next meeting: every deadline falls before it
        self.zone = zone
        self.script = script
        self.clock = FakeClock(self.at(day - timedelta(days=3), time(9, 0)))  # the committee prepares
        cell = CellService(cell.repo, self.clock, "demo")
        nxt = months_back(day, -1)
        prev = months_back(day, 1)
        self.fill = _Fill(m=str(day.month), y=str(day.year), pm=str(prev[1]), nm=str(nxt[1]), ny=str(nxt[0]))
        state = cell.create_meeting(
            MeetingType.REGULAR,
            day.isoformat(),
            time=START.strftime("%H:%M"),
            place=setup.get("place", ""),
            chair=setup.get("chair", ""),
            presenters=setup.get("presenters", {}),
        )
        self.id = state.id
        self.roster = state.roster
        self.chair = cell.meeting(self.id, "chair")
        self.clerk = cell.meeting(self.id, "clerk")
        self.state: MeetingState = state
        self.late: list[tuple[str, datetime]] = []

    def at(self, day: date, when: time) -> datetime:
        return datetime.combine(day, when, self.zone)

    def deadline(self, days: int) -> str:
        """``days`` after this meeting, but due before the next one, which hears the result."""
        return min(self.day + timedelta(days=days), self.following - timedelta(days=1)).isoformat()

    def count(self) -> None:
        """Fill the figures the script's texts quote from the record as it stands."""
        reviews = list(self.state.reviews.items.values())
        self.fill["done"] = str(sum(1 for r in reviews if r.status == "done"))
        self.fill["reviewed"] = str(len(reviews))
        self.fill["ntasks"] = number_words(len(self.state.resolution.tasks))
        score = self.state.score
        if score is not None:
            self.fill["score"] = number_text(score.total)
            self.fill["grade"] = score.grade

    def text(self, value: str) -> str:
        return value.format_map(self.fill)

    def known(self, *members: str) -> bool:
        return all(not m or m in (COMMITTEE, CELL) or m in self.roster for m in members)

    def present(self, member: str) -> bool:
        record = self.state.attendance.get(member)
        return record is not None and record.present_now

    def record(self, service: MeetingService, kind: str, /, **data: Any) -> None:
        self.state = service.record(kind, **data)

    # -- the meeting ---------------------------------------------------------------------
    def hold(self, keys: dict[str, tuple[str, str]], reports: dict[str, Any], previous: str) -> None:
        self.clock.set(self.at(self.day, time(13, 50)))
        if self.known(self.script.get("clerk", "")):
            self.record(self.chair, "details_set", clerk=self.script["clerk"])
        for guest in self.script.get("guests", []):
            self.record(self.chair, "guest_added", name=guest["name"], title=guest.get("title", ""))
        self.roll_call()
        self.clock.set(self.at(self.day, START))
        self.state = self.chair.start()
        for n, stage in enumerate(self.script["stages"]):
            began = self.clock.now()
            if n:
                self.record(self.chair, "next_stage")
            current = self.state.current_stage
            assert current is not None and current.key == stage["key"], (current, stage["key"])
            self.arrivals()
            if stage.get("reports") == "previous":
                self.report_back(keys, reports, previous)
            if stage.get("task_results") and previous:
                self.review_tasks(previous, stage["task_results"])
            self.count()
            self.clock.advance(minutes=1)
            for opinion in stage.get("group_opinions", []):
                self.group_opinion(opinion)
            for speech in stage.get("speeches", []):
                self.speech(speech)
            for entry in stage.get("entries", []):
                self.entry(entry, keys)
            for task in stage.get("resolution", {}).get("tasks", []):
                self.task(task)
            if stage.get("score"):
                self.score()
            self.count()  # the figures a conclusion quotes are the ones recorded
            if stage.get("conclusion"):
                self.record(self.clerk, "stage_concluded", text=self.text(stage["conclusion"]))
            results = stage.get("resolution", {}).get("results")
            if results and not self.state.reviews.items:  # the month before the demo's history
                self.section_one(results)
            if stage.get("vote"):
                self.vote(stage["vote"])
                if stage.get("resolution"):
                    self.state = self.chair.adopt(self.state.votes[-1].id)
            if stage.get("approve_minutes"):
                present = counts_now(self.state).present
                self.record(self.chair, "minutes_approved", agree=present, present=present)
            self.clock.set(max(self.clock.now(), began + timedelta(minutes=stage["minutes"])))
        self.record(self.chair, "ended")

    def roll_call(self) -> None:
        start = self.at(self.day, START)
        for member in self.roster:
            spec = self.script.get("roll_call", {}).get(member, {"status": "present"})
            if spec["status"] == "late":  # not there at roll call; arrives during the meeting
                self.late.append((member, start + timedelta(minutes=spec.get("minutes", 10))))
                continue
            self.record(
                self.chair,
                "attendance_marked",
                member=member,
                status=spec["status"],
                reason=spec.get("reason", ""),
            )
            self.clock.advance(seconds=10)

    def arrivals(self) -> None:
        for member, when in list(self.late):
            if when <= self.clock.now():
                self.record(self.chair, "arrived", member=member)
                self.late.remove((member, when))

    def report_back(self, keys: dict[str, tuple[str, str]], reports: dict[str, Any], previous: str) -> None:
        """Follow-ups of the meeting before, reported at this meeting (recorded in that one)."""
        earlier = MeetingService(self.repo, previous, self.clock, actor="chair")
        with earlier.log.storage.transaction():
            for key, report in reports.items():
                meeting_id, entry_id = keys.get(key, ("", ""))
                if meeting_id != previous:
                    continue
                self.clock.advance(seconds=30)
                earlier.record(
                    "follow_up_reported",
                    entry=entry_id,
                    done=report["done"],
                    note=self.text(report.get("note", "")),
                )

    def group_opinion(self, opinion: dict[str, Any]) -> None:
        reader = opinion.get("member", "")
        if not (self.known(reader) and self.present(reader)):
            reader = ""
        self.record(
            self.clerk,
            "group_opinion",
            group=opinion["group"],
            member=reader,
            text=self.text(opinion["text"]),
        )
        self.clock.advance(minutes=1)

    def speech(self, speech: dict[str, Any]) -> None:
        member = speech["member"]
        if not (self.known(member) and self.present(member)):
            return
        self.record(self.clerk, "queue_added", member=member)
        self.record(self.clerk, "speech_started")
        self.clock.advance(minutes=speech.get("minutes", 3), seconds=17)
        self.record(self.clerk, "speech_ended", text=self.text(speech["text"]))
        self.clock.advance(seconds=20)

    def entry(self, spec: dict[str, Any], keys: dict[str, tuple[str, str]]) -> None:
        speaker, concerns = spec.get("speaker", ""), spec.get("concerns", "")
        follow = spec.get("follow_up")
        owner = follow.get("owner", "") if follow else ""
        if not self.known(speaker, concerns, owner) or (speaker and not self.present(speaker)):
            return
        data: dict[str, Any] = {
            "kind": spec["kind"],
            "speaker": speaker,
            "concerns": concerns,
            "text": self.text(spec["text"]),
            "response": self.text(spec.get("response", "")),
        }
        if follow:
            data["follow_up"] = {
                "content": self.text(follow["content"]),
                "owner": owner,
                "deadline": self.deadline(follow.get("days", 30)),
            }
        self.clock.advance(minutes=1, seconds=40)
        self.record(self.clerk, "entry_added", **data)
        keys[spec["key"]] = (self.id, self.state.criticism[-1].id)

    def task(self, spec: dict[str, Any]) -> None:
        if not self.known(spec.get("owner", "")):
            return
        self.clock.advance(seconds=40)
        self.record(
            self.chair,
            "resolution_task_added",
            content=self.text(spec["content"]),
            requirement=self.text(spec.get("requirement", "")),
            measures=self.text(spec.get("measures", "")),
            owner=spec.get("owner", ""),
            deadline=self.deadline(spec.get("days", 30)),
        )

    def section_one(self, results: list[str]) -> None:
        """Section I drafted from the record, last month's results told as the chair reported
        them (their resolution is older than the demo's history)."""
        drafted = draft_assessment(self.state)
        lines = "\n".join(f"- {self.text(line)}" for line in results)
        self.record(self.chair, "resolution_set", assessment=drafted.replace(f"- {GAP}", lines, 1))

    def review_tasks(self, previous: str, results: list[dict[str, Any]]) -> None:
        """Last month's tasks reported back; a carried one comes into this month's draft."""
        earlier = self.repo.log(previous).state().resolution
        for task, result in zip(earlier.tasks, results, strict=False):
            self.clock.advance(minutes=1)
            self.record(
                self.chair,
                "task_reviewed",
                meeting=previous,
                task=task.id,
                content=task.content,
                owner=task.owner,
                deadline=task.deadline,
                status=result["status"],
                note=self.text(result.get("note", "")),
            )
            if result["status"] == "carried":
                self.record(
                    self.chair,
                    "resolution_task_added",
                    content=task.content,
                    requirement=task.requirement,
                    measures=task.measures,
                    owner=task.owner,
                    deadline=self.deadline(30),
                    source=f"carried:{previous}:{task.id}",
                )

    def score(self) -> None:
        """The scoring stage: the suggestions kept as they are."""
        sheet = shipped_sheets()[self.repo.cell().score_sheet]
        lines = suggest(sheet, self.state, self.repo, self.clock.now())
        if (
            not self.state.reviews.items and "results" in lines
        ):  # the month before the history: scored by hand
            lines["results"] = {"points": 27.0, "reason": "Chủ trì chấm theo báo cáo kết quả tháng trước."}
        self.record(self.chair, "score_proposed", sheet=sheet.id, sheet_data=sheet_data(sheet), lines=lines)
        for line in sheet.lines:
            self.record(self.chair, "score_line_set", line=line.key, points=lines[line.key]["points"])

    def vote(self, spec: dict[str, Any]) -> None:
        against, other = spec.get("against", 0), spec.get("other", 0)
        voters = voters_now(self.state)
        self.clock.advance(minutes=1)
        self.record(
            self.chair,
            "vote_recorded",
            question=self.text(spec["question"]),
            kind="resolution",
            form="hands",
            against=against,
            other=other,
            **{"for": max(0, voters - against - other)},
        )
        vote_id = self.state.votes[-1].id
        for opinion in spec.get("reserved", []):  # what an "ý kiến khác" said, word for word
            if self.known(opinion["member"]) and self.present(opinion["member"]):
                self.record(
                    self.clerk,
                    "reserved_opinion",
                    vote=vote_id,
                    member=opinion["member"],
                    text=self.text(opinion["text"]),
                )


def add_demo_history(service: CellService, clock: Clock) -> list[str]:
    """Record the demo cell's three past monthly meetings; return their ids, oldest first."""
    repo = service.repo
    cell = repo.cell()
    zone = timezone(timedelta(hours=cell.utc_offset_hours))
    today = clock.now().astimezone(zone).date()
    days, upcoming = demo_calendar(today, cell.meeting_day, len(history_script()["meetings"]))
    script = history_script()
    setup = json.loads(data_text("demo/demo_cell.json"))["meeting"]
    keys: dict[str, tuple[str, str]] = {}  # script key of an entry -> (meeting id, entry id)
    ids: list[str] = []
    with repo.storage.transaction():  # the meeting index is written once
        for n, (spec, day) in enumerate(zip(script["meetings"], days, strict=True)):
            following = days[n + 1] if n + 1 < len(days) else upcoming
            meeting = _Meeting(service, day, following, zone, spec, setup)
            with repo.log(meeting.id).storage.transaction():  # and each meeting's file once
                meeting.hold(keys, script.get("reports", {}), ids[-1] if ids else "")
            ids.append(meeting.id)
    return ids
