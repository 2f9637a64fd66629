"""The packet of a prepared meeting (the chair's ``w``): the notice, the agenda, the draft
resolution and a thematic meeting's topic report as DOCX, then when it went out."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from ...domain.dates import hhmm, local, short_date
from ...domain.errors import AppError
from ...export.model import notice_text
from ...export.vn import number_text, upper_committee
from ...i18n import error_text, t
from ...services.packet import write_packet
from ..dialogs import ConfirmDialog, FormDialog, FormField

if TYPE_CHECKING:
    from ..app import MeetingApp


async def send_packet(screen: Screen[object], meeting_id: str) -> None:
    """Ask where, write the packet (in a thread: four documents), then ask whether it was sent now."""
    app = cast("MeetingApp", screen.app)
    cells = app.cells
    values = await app.push_screen_wait(
        FormDialog(
            t("packet.title"),
            [
                FormField("folder", t("packet.folder"), str(Path.cwd()), required=True),
                FormField(
                    "zip",
                    t("packet.as"),
                    "folder",
                    choices=((t("packet.as_folder"), "folder"), (t("packet.as_zip"), "zip")),
                ),
            ],
            note=t("packet.note"),
        )
    )
    if values is None:
        return
    try:
        result = await asyncio.to_thread(
            write_packet, cells, meeting_id, values["folder"], as_zip=values["zip"] == "zip"
        )
    except AppError as exc:
        app.report(exc)
        return
    for notice in result.warnings:
        app.notify(notice_text(notice), severity="warning", markup=False)
    where = result.paths[0].parent if len(result.paths) > 1 else result.paths[0]
    app.notify(t("packet.written", count=len(result.files), path=str(where)), markup=False)
    now = cells.clock.now()
    offset = cells.cell().utc_offset_hours
    when = f"{hhmm(now, offset)} {short_date(local(now, offset).date().isoformat())}"
    if not await app.push_screen_wait(ConfirmDialog(t("packet.confirm_sent", when=when))):
        return
    try:
        sent = cells.planning().record_packet_sent(
            meeting_id, to=f"Sổ tay đảng viên điện tử; {upper_committee(cells.cell())}", files=result.files
        )
    except AppError as exc:
        app.notify(error_text(exc), severity="error", markup=False)
        return
    hours = number_text(round(sent.hours_ahead, 1))
    if sent.late:
        app.notify(t("packet.sent_late", hours=hours), severity="warning", timeout=10, markup=False)
    else:
        app.notify(t("packet.sent_ok", hours=hours), markup=False)
