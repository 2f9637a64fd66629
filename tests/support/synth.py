"""A large synthetic cell for the benchmarks and the reliability tests. No Textual here.

:func:`make_cell` creates, in a data folder, a cell of ``members`` members (200 by default)
with ``years`` years of monthly regular meetings (120 by default), each held the way a real
one is: the clerk appointed, a roll call of the whole roster (a few excused, now and then one
absent without reason, one or two arriving late), every stage of the agenda in turn, about
fifteen speeches of two or three lines of Vietnamese (the clerk's notes typed on the way are
kept apart from the events, ``store.drafts``, and leave nothing in the meeting's file),
last month's tasks reported back (most done, some partly, a few carried over), a
self-criticism with a follow-up and a commendation or reminder, the chair's conclusions, the
resolution drafted with four or five tasks (the follow-up among them), voted, numbered and
adopted, two more votes, the end. :func:`open_meeting` adds this month's meeting, running, at
the discussion stage: the moment the clerk records most (its review stage passed without
reports, so that the same meeting can be put in a cell with no history).

Every event goes through :class:`~meetingtui.services.meeting.MeetingService` and the rules
(``domain.decider.decide``, then ``evolve``). By default a meeting's events are collected in
memory and written at once with :meth:`MeetingLog.write_all` (``batch=True``): the file is the
same TinyDB document, event for event, as the one the per-event path writes (``batch=False``:
one locked read, decision and fsynced write per event, far slower); only its write counter,
which counts writes, is smaller.

Generated data belongs in temporary folders, never in the repository.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from meetingtui.demo.history import meeting_day, months_back
from meetingtui.domain.agenda import TYPE_SLUGS, MeetingType
from meetingtui.domain.attendance import voters_now
from meetingtui.domain.clock import Clock, FakeClock
from meetingtui.domain.decider import decide, evolve
from meetingtui.domain.events import Event
from meetingtui.domain.people import Category, Cell, Member, Role, local_today
from meetingtui.domain.resolution import is_adopted, number_label
from meetingtui.domain.state import MeetingState
from meetingtui.domain.tasks import TrackedTask
from meetingtui.domain.text import sanitize
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import MeetingLog, Repository

from .meetings import create_meeting

MEETING_START = time(14, 0)
PARTY_GROUPS = 8

_FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Nông", "Lò", "Hà", "Triệu", "Giàng", "Vương", "Đinh", "Lương", "Tạ", "Mai", "Cao",
)  # fmt: skip
_MIDDLE_M = ("Văn", "Đức", "Minh", "Hữu", "Quang", "Công", "Thanh", "Xuân", "Ngọc", "Tiến")
_MIDDLE_F = ("Thị", "Thu", "Thị Thu", "Ngọc", "Thanh", "Thị Minh", "Hồng", "Phương")
_GIVEN_M = (
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Quyết", "Sơn",
    "Thắng", "Tuấn", "Việt", "Vinh", "Huy", "Phong", "Toàn", "Trung", "Lâm", "Kiên", "Đạt",
)  # fmt: skip
_GIVEN_F = (
    "Hà", "Hạnh", "Lan", "Mai", "Phương", "Thảo", "Trang", "Yến", "Hương", "Hoa", "Linh",
    "Ngân", "Nhung", "Oanh", "Quyên", "Thủy", "Vân", "Xuân", "Huyền", "Loan", "Dung", "Hằng",
)  # fmt: skip

_OPENERS = (
    "Tôi nhất trí với dự thảo báo cáo do đồng chí Bí thư trình bày.",
    "Qua theo dõi tình hình tháng qua, tôi xin phát biểu một số ý kiến.",
    "Tôi cơ bản đồng ý với đánh giá kết quả thực hiện nghị quyết tháng trước.",
    "Về phương hướng nhiệm vụ tháng tới, tôi có mấy ý kiến như sau.",
    "Tổ đảng chúng tôi đã thảo luận và thống nhất một số nội dung.",
    "Tôi xin bổ sung thêm tình hình ở bộ phận mình phụ trách.",
)  # fmt: skip
_BODIES = (
    "Việc triển khai chương trình mục tiêu quốc gia ở các xã vùng cao còn chậm, cần đôn đốc giải ngân.",
    "Công tác tham mưu chính sách dân tộc đã bám sát chỉ đạo của Tỉnh ủy và Ủy ban nhân dân tỉnh.",
    "Một số đảng viên chưa nộp bài thu hoạch đúng hạn, đề nghị chi ủy nhắc nhở.",
    "Đề nghị tăng cường kiểm tra, giám sát việc thực hiện nhiệm vụ được giao của từng đảng viên.",
    "Việc cải cách thủ tục hành chính có chuyển biến, hồ sơ trễ hạn giảm rõ rệt.",
    "Công tác phối hợp với các huyện trong điều tra kinh tế - xã hội vùng dân tộc thiểu số cần chặt chẽ hơn.",
    "Cần chuẩn bị kỹ nội dung sinh hoạt chuyên đề quý tới về học tập và làm theo tấm gương Bác Hồ.",
    "Tình hình tư tưởng đảng viên ổn định, mọi người yên tâm công tác.",
    "Việc thu nộp đảng phí được thực hiện đầy đủ, đúng quy định.",
    "Đề nghị văn phòng bố trí kinh phí cho đoàn công tác khảo sát các thôn đặc biệt khó khăn.",
    "Công tác chuyển đổi số trong cơ quan còn chậm, nhiều văn bản vẫn xử lý trên giấy.",
    "Cần quan tâm hơn đến việc bồi dưỡng, phát triển đảng viên trong đoàn viên thanh niên.",
    "Một số chỉ tiêu về giảm nghèo bền vững có nguy cơ không đạt, cần giải pháp cụ thể.",
    "Đề nghị chi ủy phân công rõ người, rõ việc, rõ thời hạn cho từng nhiệm vụ trong nghị quyết.",
)  # fmt: skip
_CLOSERS = (
    "Tôi xin hứa sẽ khắc phục và hoàn thành tốt nhiệm vụ được giao.",
    "Đề nghị đưa nội dung này vào nghị quyết tháng tới.",
    "Xin trân trọng cảm ơn các đồng chí.",
    "Tôi đề nghị chi bộ thống nhất thông qua.",
)  # fmt: skip
_CONCLUSIONS = (
    "Chi bộ thống nhất đánh giá: các nhiệm vụ trọng tâm cơ bản hoàn thành; còn chậm ở khâu giải ngân.",
    "Chủ trì kết luận: giao các tổ đảng đôn đốc đảng viên hoàn thành nhiệm vụ trước ngày 30.",
    "Chi bộ ghi nhận các ý kiến; chi ủy tiếp thu, hoàn thiện dự thảo nghị quyết.",
)  # fmt: skip
_TASKS = (
    ("Đôn đốc giải ngân vốn chương trình mục tiêu quốc gia ở các xã vùng cao", "Giải ngân đạt kế hoạch tháng"),
    ("Rà soát hồ sơ thủ tục hành chính trễ hạn, báo cáo nguyên nhân", "Không còn hồ sơ trễ hạn"),
    ("Hoàn thành bài thu hoạch học tập nghị quyết của cấp trên", "100% đảng viên nộp đúng hạn"),
    ("Chuẩn bị nội dung sinh hoạt chuyên đề quý tới", "Có đề cương trình chi ủy"),
    ("Thu nộp đảng phí đầy đủ, đúng quy định", "Thu đủ 100%"),
    ("Khảo sát tình hình đời sống đồng bào ở các thôn đặc biệt khó khăn", "Có báo cáo khảo sát"),
    ("Đẩy mạnh xử lý văn bản trên môi trường mạng", "Trên 90% văn bản xử lý điện tử"),
    ("Giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp", "Ít nhất một quần chúng được giới thiệu"),
)  # fmt: skip
_SELF_CRITICISM = (
    "Còn chậm nộp báo cáo tháng, chưa chủ động nắm tình hình cơ sở.",
    "Chưa dành thời gian nghiên cứu văn bản mới, tham mưu còn chung chung.",
    "Có lúc chưa đúng giờ trong sinh hoạt, chưa gương mẫu.",
)  # fmt: skip
_REVIEW_NOTES = {
    "done": "Đã hoàn thành đúng thời hạn.",
    "partly": "Mới hoàn thành một phần, còn vướng kinh phí.",
    "not_done": "Chưa triển khai được do khối lượng công việc lớn.",
    "carried": "Chuyển sang tháng sau tiếp tục thực hiện.",
}

_EXCUSES = (
    "Đi công tác huyện",
    "Ốm, có đơn xin phép",
    "Nghỉ phép năm",
    "Việc gia đình",
    "Đi học lớp bồi dưỡng",
)


def _name(rng: random.Random) -> str:
    if rng.random() < 0.45:
        return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE_F)} {rng.choice(_GIVEN_F)}"
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE_M)} {rng.choice(_GIVEN_M)}"


def make_members(count: int, rng: random.Random, *, joined_before: date) -> list[Member]:
    """``count`` members in eight party groups, all admitted before ``joined_before``."""
    members = []
    for i in range(count):
        role = (Role.SECRETARY, Role.DEPUTY)[i] if i < 2 else Role.COMMITTEE if i < 7 else Role.NONE
        roll = rng.random()
        category = (
            Category.PROBATIONARY if roll < 0.04 else Category.EXEMPTED if roll < 0.07 else Category.OFFICIAL
        )
        joined = joined_before - timedelta(days=rng.randrange(60, 30 * 365))
        members.append(
            Member(
                id=f"m{i + 1:03d}",
                name=_name(rng),
                category=Category.OFFICIAL if role else category,
                role=role,
                group=f"Tổ đảng {i % PARTY_GROUPS + 1}",
                joined=joined.isoformat(),
            )
        )
    return members


def speech_text(rng: random.Random) -> str:
    """Two or three lines, as a clerk summarises a member's speech."""
    lines = [rng.choice(_OPENERS), rng.choice(_BODIES)]
    if rng.random() < 0.6:
        lines.append(rng.choice(_BODIES) + " " + rng.choice(_CLOSERS))
    return "\n".join(lines)


class _BatchLog:
    """A meeting log that keeps its events in memory and writes them all at once.

    Each event is sanitised, decided and evolved exactly as :meth:`MeetingLog.record` does
    it (onto the state kept here instead of the file's), so the file :meth:`flush` writes
    with :meth:`MeetingLog.write_all` is the one the per-event path writes.
    """

    def __init__(self, log: MeetingLog) -> None:
        self.log = log
        self.path = log.path
        self._state = MeetingState()
        self._events: list[Event] = []

    @property
    def counter(self) -> int:
        return self.log.counter

    def state(self) -> MeetingState:
        return self._state

    def events(self) -> list[Event]:
        return list(self._events)

    def record(
        self, kind: str, data: Mapping[str, Any], *, at: datetime, by: str = ""
    ) -> tuple[Event, MeetingState]:
        clean = sanitize(dict(data))
        assert isinstance(clean, dict)
        event = decide(self._state, kind, clean, at=at, by=by)  # a refused event is a bug here: let it raise
        self._state = evolve(self._state, event)
        self._events.append(event)
        return event, self._state

    def flush(self) -> MeetingState:
        state = self.log.write_all(self._events)
        assert state == self._state  # what is read back is what was decided
        self._events = []
        return state


class _Meeting:
    """Drives one meeting through a chair's and a clerk's MeetingService, on a clock of its own.

    The meeting is created as :meth:`CellService.create_meeting` creates it: on disk at once
    (``batch=False``), or as the first event of the batch.
    """

    def __init__(
        self,
        repo: Repository,
        kind: MeetingType,
        day: str,
        meeting_id: str,
        clock: FakeClock,
        *,
        batch: bool,
        **details: Any,
    ) -> None:
        self.repo = repo
        self.id = meeting_id
        self.clock = clock
        self.batch: _BatchLog | None = None
        if batch:
            self.batch = _BatchLog(repo.new_log(meeting_id))  # not on disk until flush
            data = {
                "id": meeting_id,
                "type": str(kind),
                "date": day,
                "roster": repo.roster_snapshot(day),
                "meeting_day": repo.cell().meeting_day,  # as CellService.create_meeting passes it
                **details,
            }
            self.batch.record("created", data, at=clock.now(), by="chair")
        else:
            create_meeting(repo, kind, day, clock=clock, by="chair", meeting_id=meeting_id, **details)
        self.chair = MeetingService(repo, meeting_id, clock, actor="chair")
        self.clerk = MeetingService(repo, meeting_id, clock, actor="clerk")
        if self.batch is not None:
            self.chair.log = self.clerk.log = self.batch  # type: ignore[assignment]
        self.state = self.chair.log.state()

    def record(self, service: MeetingService, kind: str, /, **data: Any) -> None:
        self.state = service.record(kind, **data)

    def flush(self) -> None:
        if self.batch is not None:
            self.state = self.batch.flush()
            self.repo.update_index(self.state)  # the index remembers the file's new counter

    def present(self) -> list[str]:
        return [m for m, rec in self.state.attendance.items() if rec.present_now]

    # -- the parts of a meeting ------------------------------------------------------------
    def roll_call(self, rng: random.Random) -> list[str]:
        """Mark every member; return the late ones (they arrive during the first stages)."""
        late = []
        for member_id, member in self.state.roster.items():
            roll = rng.random()
            exempted = member.category is Category.EXEMPTED
            if roll < 0.01 and not exempted:
                late.append(member_id)
                continue
            if roll < (0.5 if exempted else 0.06):
                self.record(self.chair, "attendance_marked", member=member_id, status="excused",
                            reason=rng.choice(_EXCUSES))  # fmt: skip
            elif roll < 0.065:
                self.record(self.chair, "attendance_marked", member=member_id, status="unexcused")
            else:
                self.record(self.chair, "attendance_marked", member=member_id, status="present")
            self.clock.advance(seconds=3)
        return late

    def speech(self, rng: random.Random, speakers: list[str]) -> None:
        if not speakers:  # a small test cell runs out of members who have not spoken
            return
        member = speakers.pop(rng.randrange(len(speakers)))
        self.record(self.clerk, "queue_added", member=member)
        self.clock.advance(seconds=rng.randrange(5, 40))
        self.record(self.clerk, "speech_started")
        text = speech_text(rng)
        self.clock.advance(seconds=rng.randrange(60, 150))
        self.clock.advance(seconds=rng.randrange(30, 150))
        self.record(self.clerk, "speech_ended", text=text)
        self.clock.advance(seconds=rng.randrange(10, 30))

    def vote(self, question: str, kind: str = "resolution") -> None:
        voters = voters_now(self.state)
        against = 1 if voters > 20 and self.clock.now().minute % 7 == 0 else 0
        self.record(self.chair, "vote_recorded", question=question, kind=kind, form="hands",
                    against=against, other=0, **{"for": voters - against})  # fmt: skip
        self.clock.advance(minutes=1)

    def review(self, rng: random.Random, tasks: Sequence[TrackedTask]) -> None:
        """Last month's tasks reported back, most of them done."""
        for tracked in tasks:
            roll = rng.random()
            status = (
                "done"
                if roll < 0.7
                else "partly"
                if roll < 0.85
                else "not_done"
                if roll < 0.95
                else "carried"
            )
            self.state = self.chair.review_task(tracked, status, _REVIEW_NOTES[status])
            self.clock.advance(seconds=40)

    def criticism(self, rng: random.Random) -> None:
        """A self-criticism with a follow-up, and a commendation or a reminder."""
        present = [p for p in self.present() if p != "m001"]
        if len(present) < 2:
            return
        speaker, other = rng.sample(present, 2)
        deadline = (date.fromisoformat(self.state.date) + timedelta(days=25)).isoformat()
        self.record(self.clerk, "entry_added", kind="self_criticism", speaker=speaker,
                    text=rng.choice(_SELF_CRITICISM), response="Tôi xin tiếp thu và khắc phục.",
                    follow_up={"content": "Khắc phục khuyết điểm đã tự phê bình", "deadline": deadline})  # fmt: skip
        kind = "commendation" if rng.random() < 0.7 else "reminder"
        text = "Hoàn thành xuất sắc nhiệm vụ được giao." if kind == "commendation" else "Cần đúng giờ hơn."
        self.record(self.clerk, "entry_added", kind=kind, speaker="m001", concerns=other, text=text)
        self.clock.advance(minutes=2)

    def resolve(self, rng: random.Random) -> None:
        """The draft resolution: four tasks with owners and deadlines, the follow-up among them."""
        day = date.fromisoformat(self.state.date)
        self.record(self.chair, "resolution_set", kind="NQ",
                    summary=f"về lãnh đạo thực hiện nhiệm vụ tháng {day.month} năm {day.year}",
                    heard="báo cáo của chi ủy", organisation="Chi ủy tổ chức thực hiện nghị quyết này.",
                    signer="m001")  # fmt: skip
        present = [p for p in self.present() if p != "m001"] or ["m001"]
        deadline = (day + timedelta(days=25)).isoformat()
        for content, requirement in rng.sample(_TASKS, 4):
            self.record(self.chair, "resolution_task_added", content=content, requirement=requirement,
                        measures="Phân công cụ thể, kiểm tra hằng tuần", owner=rng.choice(present),
                        deadline=deadline)  # fmt: skip
        entry = next((e for e in self.state.criticism if e.follow_up is not None), None)
        if entry is not None and entry.follow_up is not None:
            self.record(self.chair, "resolution_task_added", content=entry.follow_up.content,
                        requirement="Khắc phục trong tháng", measures="Chi ủy theo dõi", owner=entry.speaker,
                        deadline=entry.follow_up.deadline, source=f"entry:{entry.id}")  # fmt: skip

    def adopt(self) -> None:
        self.state = self.chair.adopt(self.state.votes[-1].id)

    def open_tasks(self) -> list[TrackedTask]:
        """The adopted resolution's tasks, for next month's review."""
        state = self.state
        if not is_adopted(state):
            return []
        label = number_label(state.resolution.kind, state.resolution.number)
        return [TrackedTask(state.id, state.date, label, task, None) for task in state.resolution.tasks]


# Speeches per stage key: about fifteen in all, most of them in the discussion.
_SPEECHES = {"review": (2, 3), "direction": (1, 2), "discussion": (8, 10), "criticism": (1, 2)}


def hold_meeting(
    repo: Repository,
    day: date,
    zone: tzinfo,
    rng: random.Random,
    *,
    batch: bool = True,
    stop_at: str = "",
    speeches_before_stop: int = 0,
    start: datetime | None = None,
) -> str:
    """Create the regular meeting of ``day`` and hold it; return its id.

    The meeting starts at 14:00 local time, or at ``start``. With ``stop_at`` (a stage key)
    it is left running at that stage after ``speeches_before_stop`` speeches, as it is in
    the middle of the sitting.
    """
    return _hold(
        repo,
        day,
        zone,
        rng,
        batch=batch,
        stop_at=stop_at,
        speeches_before_stop=speeches_before_stop,
        start=start,
    ).id


def _hold(
    repo: Repository,
    day: date,
    zone: tzinfo,
    rng: random.Random,
    *,
    batch: bool = True,
    stop_at: str = "",
    speeches_before_stop: int = 0,
    start: datetime | None = None,
    review: Sequence[TrackedTask] = (),
    resolve: bool = False,
) -> _Meeting:
    """:func:`hold_meeting`; with ``review`` last month's tasks are reported back, and with
    ``resolve`` there is criticism and the resolution is drafted and adopted."""
    meeting_id = f"{day.isoformat()}-{TYPE_SLUGS[MeetingType.REGULAR]}"
    start = start or datetime.combine(day, MEETING_START, zone)
    clock = FakeClock(start - timedelta(days=3))  # the committee prepares it
    m = _Meeting(
        repo,
        MeetingType.REGULAR,
        day.isoformat(),
        meeting_id,
        clock,
        batch=batch,
        time=start.astimezone(zone).strftime("%H:%M"),
        place="Phòng họp tầng 3, trụ sở cơ quan",
        chair="m001",
    )
    clock.set(start - timedelta(minutes=15))
    m.record(m.chair, "details_set", clerk="m003")
    late = m.roll_call(rng)
    clock.set(start)
    m.record(m.chair, "started")
    stages = m.state.stages
    for n, stage in enumerate(stages):
        began = clock.now()
        if n:
            m.record(m.chair, "next_stage")
        if n in (1, 2):  # the late ones come in during the first stages
            for member_id in late[n - 1 :: 2]:
                m.record(m.chair, "arrived", member=member_id)
                clock.advance(seconds=20)
        speakers = [p for p in m.present() if p != "m001"]
        if stage.key == stop_at:
            for _ in range(speeches_before_stop):
                if not speakers:  # a long sitting: everyone has spoken, and speaks again
                    speakers = [p for p in m.present() if p != "m001"]
                m.speech(rng, speakers)
            m.flush()
            return m
        lo, hi = _SPEECHES.get(stage.key, (0, 0))
        for _ in range(rng.randint(lo, hi)):
            m.speech(rng, speakers)
        if stage.key == "review":
            m.review(rng, review)
        if stage.key == "criticism" and resolve:
            m.criticism(rng)
        if stage.key in ("review", "discussion"):
            m.record(m.clerk, "stage_concluded", text=rng.choice(_CONCLUSIONS))
        if stage.key == "conclusion":
            if resolve:
                m.resolve(rng)
            m.vote(f"Thông qua nghị quyết tháng {day.month}/{day.year}")
            if resolve:
                m.adopt()
        elif stage.key == "other":
            m.vote("Thông qua mức thu đảng phí năm", kind="other")
        elif stage.key == "minutes":
            m.vote("Thông qua biên bản buổi sinh hoạt", kind="other")
        budget = stage.budget if stage.budget else 180
        clock.set(max(clock.now(), began + timedelta(seconds=budget * rng.uniform(0.95, 1.2))))
    m.record(m.chair, "ended")
    m.flush()
    return m


def make_cell(
    root: Path | str,
    clock: Clock,
    members: int = 200,
    years: int = 10,
    seed: int = 0,
    *,
    meetings: int | None = None,
    batch: bool = True,
) -> Repository:
    """A cell of ``members`` members with ``years`` years of monthly meetings (``meetings``
    overrides the count), the last one in the month before ``clock``'s month."""
    rng = random.Random(seed)
    repo = Repository(Path(root))
    cell = Cell(
        name="Chi bộ Văn phòng Tổng hợp",
        upper_body="Đảng bộ Khối Cơ quan – Doanh nghiệp tỉnh",
        place="Lào Cai",
        term_start="2025-07-01",
    )
    zone = timezone(timedelta(hours=cell.utc_offset_hours))
    today = clock.now().astimezone(zone).date()
    count = years * 12 if meetings is None else meetings
    days = [meeting_day(*months_back(today, back)) for back in range(count, 0, -1)]
    first = days[0] if days else today
    with repo.storage.transaction():  # cell.json is written once, with the whole index
        repo.save_cell(cell)
        repo.save_members(make_members(members, rng, joined_before=first))
        tasks: list[TrackedTask] = []
        for day in days:
            tasks = _hold(repo, day, zone, rng, batch=batch, review=tasks, resolve=True).open_tasks()
    return repo


def open_meeting(
    repo: Repository, clock: Clock, *, speeches: int = 8, seed: int = 1, batch: bool = True
) -> str:
    """Today's regular meeting, running at the discussion stage after ``speeches`` speeches;
    return its id. It started two hours before ``clock``'s now, so its events are all past."""
    cell = repo.cell()
    zone = timezone(timedelta(hours=cell.utc_offset_hours))
    day = date.fromisoformat(local_today(cell, clock))
    return hold_meeting(
        repo,
        day,
        zone,
        random.Random(seed),
        batch=batch,
        stop_at="discussion",
        speeches_before_stop=speeches,
        start=clock.now() - timedelta(hours=2),
    )


_RESOLUTION_TASKS = [
    ("Đôn đốc giải ngân vốn chương trình mục tiêu quốc gia ở các xã vùng cao", "m004"),
    ("Hoàn thành bài thu hoạch học tập nghị quyết của Tỉnh ủy", "m002"),
    ("Rà soát hồ sơ thủ tục hành chính trễ hạn, báo cáo nguyên nhân", "m005"),
    ("Chuẩn bị nội dung sinh hoạt chuyên đề quý tới", "m003"),
    ("Thu nộp đảng phí quý IV đầy đủ, đúng quy định", "m006"),
]


def adopt_resolution(root: Path, meeting_id: str, start: str, *, adopt: bool = True) -> None:
    """The chair concludes this month's meeting: the resolution drafted with five tasks, then
    (``adopt``) voted, numbered and adopted; without it the draft is left for the vote."""
    clock = FakeClock(start)
    chair = MeetingService(Repository(root), meeting_id, clock, actor="chair")
    while (stage := chair.state().current_stage) is not None and stage.key != "conclusion":
        clock.advance(minutes=10)
        chair.record("next_stage")
    chair.record(
        "resolution_set",
        kind="NQ",
        summary="Nghị quyết sinh hoạt chi bộ định kỳ tháng 11 năm 2026",
        heard="Chi bộ nghe đồng chí Bí thư báo cáo kết quả lãnh đạo thực hiện nhiệm vụ tháng 10.",
        assessment="Các nhiệm vụ trọng tâm cơ bản hoàn thành; còn chậm ở khâu giải ngân và thủ tục hành chính.",
        organisation="Giao các tổ đảng tổ chức quán triệt, triển khai thực hiện nghị quyết.",
        signer="m001",
    )
    for n, (content, owner) in enumerate(_RESOLUTION_TASKS, start=1):
        chair.record(
            "resolution_task_added",
            content=content,
            requirement="Đúng tiến độ, đạt chất lượng",
            measures="Phân công cụ thể, kiểm tra hằng tuần",
            owner=owner,
            deadline=f"2026-12-{10 + n:02d}",
        )
    if not adopt:
        return
    clock.advance(minutes=5)
    voters = voters_now(chair.state())
    state = chair.record(
        "vote_recorded", question="Thông qua nghị quyết tháng 11/2026", kind="resolution", form="hands",
        against=0, other=0, **{"for": voters},
    )  # fmt: skip
    chair.adopt(state.votes[-1].id)


def meeting_of_size(root: Path | str, clock: Clock, members: int, events: int, seed: int = 1) -> str:
    """A cell with no history and today's meeting running at the discussion stage, holding
    about ``events`` events (its roll call of ``members``, then speeches); return its id."""
    cell = Cell(name="Chi bộ Thử", upper_body="Đảng bộ", place="Lào Cai", term_start="2025-07-01")
    zone = timezone(timedelta(hours=cell.utc_offset_hours))
    day = date.fromisoformat(local_today(cell, clock))
    start = clock.now() - timedelta(hours=2)

    def held(root: Path, speeches: int) -> tuple[str, int]:
        repo = Repository(root)
        with repo.storage.transaction():
            repo.save_cell(cell)
            repo.save_members(make_members(members, random.Random(seed), joined_before=day))
        meeting_id = hold_meeting(repo, day, zone, random.Random(seed), stop_at="discussion",
                                  speeches_before_stop=speeches, start=start)  # fmt: skip
        return meeting_id, Repository(root).log(meeting_id).state().seq

    root = Path(root)
    _, base = held(root.with_name(root.name + "-base"), 0)  # the events before the speeches
    shutil.rmtree(root.with_name(root.name + "-base"))
    return held(root, max(0, events - base) // 3)[0]  # three events a speech
