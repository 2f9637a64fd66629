"""A member's criticism record across meetings, and its export as Markdown or CSV.

What the year-end member review draws on (DOMAIN §5): every self-criticism, criticism,
commendation and reminder that concerned the member, and every follow-up task the member
was given, with whether it was reported done. ``meetingtui member history NAME`` prints or
writes it. No Textual here; the documents are always Vietnamese (they do not use the
interface catalog); only the command's own messages do.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .clock import Clock
from .domain.criticism import ENTRY_TITLES_VI, Entry, EntryKind, FollowUp, concerns_name, entries_of
from .domain.followup import reviews_of
from .domain.meeting import MeetingState
from .domain.people import ROLE_TITLES_VI, Category, Member, local_today
from .domain.resolution import resolution_of
from .domain.search import match_rank, search
from .i18n import t
from .reports import cell_meetings
from .store.repo import Repository

CONCERNED = "concerned"  # the entry is about the member
OWNER = "owner"  # the member was given the entry's follow-up task

CATEGORY_TITLES_VI = {
    Category.OFFICIAL: "Đảng viên chính thức",
    Category.PROBATIONARY: "Đảng viên dự bị",
    Category.EXEMPTED: "Được miễn công tác và sinh hoạt đảng",
    Category.ATTACHED: "Sinh hoạt tạm thời nơi khác",
    Category.SUSPENDED: "Đình chỉ sinh hoạt",
}

CSV_COLUMNS = (
    "Ngày",
    "Buổi sinh hoạt",
    "Loại",
    "Người phát biểu",
    "Về",
    "Nội dung",
    "Tiếp thu, cam kết",
    "Việc cần làm",
    "Người thực hiện",
    "Thời hạn",
    "Kết quả",
    "Ghi chú kết quả",
    "Ghi chú",
)


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


def vi_date(iso: str) -> str:
    """``2026-11-05`` -> ``05/11/2026``; anything else unchanged."""
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def done_text(follow_up: FollowUp | None, done: bool | None) -> str:
    if follow_up is None:
        return ""
    if done is None:
        return "Chưa báo cáo"
    return "Đã thực hiện" if done else "Chưa thực hiện"


def owner_name(state: MeetingState, follow_up: FollowUp | None) -> str:
    if follow_up is None:
        return ""
    if not follow_up.owner:
        return "Chi bộ"
    return concerns_name(state, follow_up.owner)


# -- the query ------------------------------------------------------------------------------
REVIEW_DONE = {"done": True, "partly": False, "not_done": False}  # "carried": still open


def reviewed_follow_ups(states: Sequence[MeetingState]) -> dict[tuple[str, str], tuple[bool | None, str]]:
    """(meeting id, entry id) -> (done, note) for follow-ups taken into a resolution's task list
    and reviewed at a later meeting (``task_reviewed``); the latest review counts."""
    task_entry = {
        (state.id, task.id): (state.id, task.source.removeprefix("entry:"))
        for state in states
        for task in resolution_of(state).tasks
        if task.source.startswith("entry:")
    }
    outcomes: dict[tuple[str, str], tuple[bool | None, str]] = {}
    for state in states:  # oldest first: a later review replaces an earlier one
        for key, review in reviews_of(state).items():
            if key in task_entry:
                outcomes[task_entry[key]] = (REVIEW_DONE.get(review.status), review.note)
    return outcomes


def _outcome(
    state: MeetingState, entry: Entry, reviewed: dict[tuple[str, str], tuple[bool | None, str]]
) -> tuple[bool | None, str]:
    """A report back on the follow-up itself comes first, then the review of its resolution task."""
    follow = entry.follow_up
    if follow is None:
        return None, ""
    if follow.done is not None:
        return follow.done, follow.note
    return reviewed.get((state.id, entry.id), (None, follow.note))


def member_history(states: Iterable[MeetingState], member_id: str) -> list[HistoryRow]:
    """Entries that concern the member, or whose follow-up the member owns; oldest first.

    Pass every meeting held since the first one asked about, so that a follow-up reviewed at a
    later meeting (as a resolution task) shows its outcome.
    """
    ordered = sorted(states, key=lambda s: (s.date, s.id))
    reviewed = reviewed_follow_ups(ordered)
    rows = []
    for state in ordered:
        for entry in entries_of(state):
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


def history_for(repo: Repository, member_id: str, year: int | None = None) -> list[HistoryRow]:
    """The member's history, of one year or of every meeting.

    For one year the later years' meetings are read too: a follow-up given in December may be
    reviewed in January.
    """
    if year is None:
        return member_history(cell_meetings(repo), member_id)
    last = max((int(info.date[:4]) for info in repo.meetings() if info.date[:4].isdigit()), default=year)
    states = [state for y in range(year, last + 1) for state in cell_meetings(repo, y)]
    return [row for row in member_history(states, member_id) if row.date.startswith(f"{year:04d}-")]


def follow_ups_across(states: Iterable[MeetingState]) -> list[tuple[MeetingState, Entry]]:
    """Every entry with a follow-up task across the given meetings, oldest meeting first."""
    return [
        (state, entry)
        for state in sorted(states, key=lambda s: (s.date, s.id))
        for entry in entries_of(state)
        if entry.follow_up is not None
    ]


def pending_follow_ups(states: Iterable[MeetingState]) -> list[tuple[MeetingState, Entry]]:
    """Follow-ups not yet reported back (nor reviewed as a resolution task): still open."""
    ordered = sorted(states, key=lambda s: (s.date, s.id))
    reviewed = reviewed_follow_ups(ordered)
    return [(s, e) for s, e in follow_ups_across(ordered) if _outcome(s, e, reviewed)[0] is None]


def find_members(members: Sequence[Member], query: str) -> list[Member]:
    """The member the query names, or the equally good candidates when it is ambiguous.

    A member id ("m006") names that member. Otherwise names are matched as the clerk types
    them (:func:`meetingtui.domain.search.search`); only the best-ranked matches are kept.
    """
    query = query.strip()
    by_id = {m.id: m for m in members}
    if query in by_id:
        return [by_id[query]]
    keys = search(query, [(m.id, m.name) for m in members]) if query else []
    if not keys:
        return []
    best = match_rank(query, by_id[keys[0]].name)
    return [by_id[k] for k in keys if match_rank(query, by_id[k].name) == best]


# -- Markdown -------------------------------------------------------------------------------
_MD_SPECIAL = set("\\`*_[]<>|#~")


def md_text(text: str) -> str:
    """User text shown literally in Markdown: markup characters are escaped, lines kept."""
    lines = []
    for line in text.split("\n"):
        escaped = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in line)
        stripped = escaped.lstrip()
        pad = len(escaped) - len(stripped)
        digits = len(stripped) - len(stripped.lstrip("0123456789"))
        if stripped[:1] in ("-", "+", "="):  # a list item or a heading underline
            escaped = escaped[:pad] + "\\" + stripped
        elif 0 < digits < 10 and stripped[digits : digits + 1] in (".", ")"):  # "1." "2)"
            escaped = escaped[: pad + digits] + "\\" + stripped[digits:]
        lines.append(escaped)
    return "  \n".join(lines)  # a hard line break keeps the typed lines apart


def _indent(text: str) -> str:
    """Continuation lines of a list item."""
    return text.replace("\n", "\n  ")


def member_line(member: Member) -> str:
    parts = [CATEGORY_TITLES_VI[member.category]]
    if member.role:
        parts.append(ROLE_TITLES_VI[member.role])
    if member.group:
        parts.append(member.group)
    if member.joined:
        parts.append(f"vào Đảng ngày {vi_date(member.joined)}")
    if member.retired_on:
        parts.append(f"thôi sinh hoạt tại chi bộ từ {vi_date(member.retired_on)}")
    return " · ".join(parts)


def summary_line(rows: Sequence[HistoryRow]) -> str:
    about = [r for r in rows if r.relation == CONCERNED]
    counts = ", ".join(
        f"{sum(1 for r in about if r.kind is kind)} {ENTRY_TITLES_VI[kind].lower()}" for kind in EntryKind
    )
    tasks = [r for r in rows if r.follow_up is not None]
    done = sum(1 for r in tasks if r.done is True)
    not_done = sum(1 for r in tasks if r.done is False)
    open_ = sum(1 for r in tasks if r.done is None)
    return (
        f"Tổng hợp: {counts}. Việc cần làm: {len(tasks)} "
        f"({done} đã thực hiện, {not_done} chưa thực hiện, {open_} chưa báo cáo)."
    )


def render_markdown(
    member: Member, rows: Sequence[HistoryRow], *, cell_name: str, year: int | None, made_on: str
) -> str:
    period = f"năm {year}" if year is not None else "tất cả các kỳ sinh hoạt đã ghi"
    out = [
        "# Quá trình tự phê bình, phê bình, biểu dương, nhắc nhở",
        "",
        f"**Đồng chí {md_text(member.name)}**  ",
        f"{md_text(member_line(member))}  ",
        f"{md_text(cell_name)} · {period} · lập ngày {vi_date(made_on)}",
        "",
        summary_line(rows),
        "",
    ]
    if not rows:
        out += ["Chưa có ý kiến nào được ghi.", ""]
    for n, row in enumerate(rows, start=1):
        entry = row.entry
        title = ENTRY_TITLES_VI[entry.kind]
        if row.relation == OWNER:
            title = f"Việc được giao (theo ý kiến {title.lower()} về {row.concerns_name})"
        out.append(f"## {n}. Ngày {vi_date(row.date)} — {md_text(title)}")
        out.append("")
        out.append(f"- Buổi sinh hoạt: {md_text(row.meeting_title)}")
        speaker = f"đồng chí {row.speaker_name}" if row.speaker_name else "Chi ủy (chủ trì)"
        out.append(f"- Người phát biểu: {md_text(speaker)}")
        if entry.absent and row.relation == CONCERNED:
            out.append("- Ghi chú: đồng chí vắng mặt khi ý kiến được nêu")
        out.append(f"- Nội dung: {_indent(md_text(entry.text))}")
        if entry.response:
            out.append(f"- Tiếp thu, cam kết: {_indent(md_text(entry.response))}")
        follow = entry.follow_up
        if follow is not None:
            detail = [f"người thực hiện: {md_text(row.owner_name)}"]
            if follow.deadline:
                detail.append(f"thời hạn: {vi_date(follow.deadline)}")
            out.append(f"- Việc cần làm: {_indent(md_text(follow.content))} ({'; '.join(detail)})")
            result = f"- Kết quả: **{done_text(follow, row.done)}**"
            if row.result_note:
                result += f" — {_indent(md_text(row.result_note))}"
            out.append(result)
        out.append("")
    return "\n".join(out)


# -- CSV -------------------------------------------------------------------------------------
def _cell(value: str) -> str:
    """A spreadsheet would run a cell that starts like a formula: show it as text instead."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_rows(rows: Sequence[HistoryRow]) -> list[list[str]]:
    out = []
    for row in rows:
        entry, follow = row.entry, row.follow_up
        kind = ENTRY_TITLES_VI[entry.kind]
        notes = []
        if entry.absent and row.relation == CONCERNED:
            notes.append("vắng mặt khi ý kiến được nêu")
        if row.relation == OWNER:
            notes.append("việc được giao")
        out.append(
            [
                row.date,
                row.meeting_title,
                kind,
                row.speaker_name or "Chi ủy (chủ trì)",
                row.concerns_name,
                entry.text,
                entry.response,
                follow.content if follow else "",
                row.owner_name,
                follow.deadline if follow else "",
                done_text(follow, row.done),
                row.result_note,
                "; ".join(notes),
            ]
        )
    return out


def render_csv(rows: Sequence[HistoryRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for values in csv_rows(rows):
        writer.writerow([_cell(v) for v in values])
    return buffer.getvalue()


# -- the command -----------------------------------------------------------------------------
def candidate_line(member: Member) -> str:
    parts = [member.name, member.group or "—", t("history.joined", date=vi_date(member.joined) or "—")]
    if member.retired_on:
        parts.append(t("history.retired", date=vi_date(member.retired_on)))
    return f"  {member.id}  " + " · ".join(parts)


def _write(path: Path, text: str, encoding: str) -> None:
    """Owner-only, like the rest of the cell's records."""
    data = text.encode(encoding)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def run_member_history(root: Path, args: argparse.Namespace, clock: Clock) -> int:
    """``meetingtui member history NAME [--year YYYY] [--format md|csv] [-o PATH]``."""
    repo = Repository(root)
    cell = repo.cell()  # a clear message when the folder has no cell yet
    found = find_members(repo.members(), args.name)
    if not found:
        print(t("history.no_match", name=args.name), file=sys.stderr)
        return 1
    if len(found) > 1:
        print(t("history.ambiguous", name=args.name, count=len(found)), file=sys.stderr)
        for member in found:
            print(candidate_line(member), file=sys.stderr)
        return 1
    member = found[0]
    year = args.year
    rows = history_for(repo, member.id, year)
    if args.format == "csv":
        text, encoding = render_csv(rows), "utf-8-sig"  # the BOM lets spreadsheets read Vietnamese
    else:
        made_on = local_today(cell, clock)
        text = render_markdown(member, rows, cell_name=cell.name, year=year, made_on=made_on)
        encoding = "utf-8"
    if not args.output:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return 0
    path = Path(args.output).expanduser()
    try:
        _write(path, text, encoding)
    except OSError as exc:
        print(t("history.write_failed", path=str(path), detail=exc.strerror or str(exc)), file=sys.stderr)
        return 2
    print(t("history.written", path=str(path), name=member.name, count=len(rows)))
    return 0
