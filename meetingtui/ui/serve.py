"""The app in a browser on the room's network (``meetingtui serve``), through textual-serve.

textual-serve does the serving: its aiohttp server, its page (xterm.js and textual.js from its
static folder), and one ``meetingtui`` process per browser connection (its ``AppService``, with
Textual's web driver). Nothing here draws a terminal or speaks HTTP by hand. What this adds:

- **A secret in the link.** Each role served has its own random token, the first segment of
  every path: ``/TOKEN/`` (the page), ``/TOKEN/ws`` (the app), ``/TOKEN/static/…``. Any
  other request is refused with 403. The room is served unless asked otherwise; the chair's
  and the clerk's screens only when asked for, each with a token of its own.
- **The role is the token's, never the browser's.** The process for a connection is started
  with ``--role`` of the token it came by. For the room, what the browser types or clicks is
  not passed on at all, and the process is read-only besides (``CellService`` for the room
  refuses every write).
- **Offline.** The page is this module's template: textual-serve's own links Roboto Mono from
  the web; this one loads the same font from textual-serve's static folder, and its
  Content-Security-Policy lets the browser load nothing from anywhere else.
- **A log** of every connection (time, address, role) and of every refused request.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import secrets
import shlex
import socket
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from ..domain.dates import local
from ..domain.errors import AppError
from ..i18n import language, t
from ..services.cell import READ_ONLY_ACTORS, CellService

log = logging.getLogger("meetingtui.serve")

ROLES = ("room", "chair", "clerk")
LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8000
ROOM_COLUMNS = 120  # the room's page opens at the font size that gives about this many columns
FONT_SIZE = 16  # the chair's and the clerk's pages


class _MeetingLine(Protocol):
    """A line of the meeting index (``CellService.meetings()``)."""

    @property
    def id(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def status(self) -> str: ...


def current_meeting(meetings: Sequence[_MeetingLine], today: str) -> str | None:
    """The meeting the room's screen opens: the one in progress, else the soonest one planned
    from today on, else the latest one (as the home screen's cursor does); None when none."""
    running = [m for m in meetings if m.status == "running"]
    if running:
        return max(running, key=lambda m: (m.date, m.id)).id
    upcoming = [m for m in meetings if m.status == "planned" and m.date >= today]
    if upcoming:
        return min(upcoming, key=lambda m: (m.date, m.id)).id
    return max(meetings, key=lambda m: (m.date, m.id)).id if meetings else None


def new_tokens(roles: Iterable[str]) -> dict[str, str]:
    """A fresh random token for each role (24 characters, 144 bits): a new link at every start."""
    chosen = list(dict.fromkeys(roles)) or ["room"]
    for role in chosen:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
    return {role: secrets.token_urlsafe(18) for role in chosen}


def app_command(root: Path, role: str, lang: str, meeting_id: str | None = None) -> str:
    """The command line of the process one browser connection runs. textual-serve starts it
    through the shell, so every part is quoted, and on POSIX the shell ``exec``s it: the process
    textual-serve waits for and stops is meetingtui itself, not a shell left in between."""
    argv = [sys.executable, "-m", "meetingtui", "--data", str(root), "--lang", lang, "--role", role]
    if meeting_id:
        argv += ["--meeting", meeting_id]
    return subprocess.list2cmdline(argv) if os.name == "nt" else "exec " + shlex.join(argv)


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback and link-local, private ones first."""
    import psutil  # only when serving on every address

    found: set[str] = set()
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family != socket.AF_INET:
                continue
            ip = ipaddress.ip_address(address.address)
            if not ip.is_loopback and not ip.is_link_local:
                found.add(address.address)
    return sorted(found, key=lambda a: (not ipaddress.ip_address(a).is_private, ipaddress.ip_address(a)))


def reachable_hosts(host: str) -> list[str]:
    """The hosts a browser can type for a server bound to ``host``: every address of this
    machine when it is bound to all of them, else ``host`` itself."""
    if host in ("", "0.0.0.0", "::"):
        return lan_addresses() or [socket.gethostname()]
    return [host]


def role_name(role: str) -> str:
    names = {"room": t("serve.role.room"), "chair": t("serve.role.chair"), "clerk": t("serve.role.clerk")}
    return names[role]


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


@dataclass(frozen=True)
class Link:
    role: str
    url: str


def qr_text(url: str) -> str:
    """The link as a QR code drawn in text (half blocks), for a phone's camera."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


class MeetingServer(Server):
    """textual-serve's server with a token per role, the role fixed by the token, an offline
    page and a connection log."""

    def __init__(
        self,
        cells: CellService,
        tokens: dict[str, str],
        *,
        host: str = LOOPBACK,
        port: int = DEFAULT_PORT,
        meeting_id: str | None = None,
        lang: str | None = None,
        write: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(command="meetingtui", host=host, port=port, title=t("serve.title"))
        self.cells = cells
        self.root = cells.root
        self.tokens = dict(tokens)
        self.meeting_id = meeting_id
        self.lang = lang or language()
        self.write = write or self._print
        self._sockets: set[web.WebSocketResponse] = set()
        self._template = _page_template()

    # -- what it prints --------------------------------------------------------------------
    def _print(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def links(self, port: int | None = None) -> list[Link]:
        port = self.port if port is None else port
        return [
            Link(role, f"http://{url_host(host)}:{port}/{token}/")
            for role, token in self.tokens.items()
            for host in reachable_hosts(self.host)
        ]

    def banner(self, port: int | None = None, *, qr: bool = True) -> str:
        lines = [t("serve.banner", path=str(self.root)), ""]
        shown: set[str] = set()
        for link in self.links(port):
            lines.append(f"{role_name(link.role)}: {link.url}")
            if qr and link.role not in shown:  # one code per role: the first (private) address
                shown.add(link.role)
                lines.append(qr_text(link.url))
        if self.host in (LOOPBACK, "localhost", "::1"):
            lines.append(t("serve.loopback_only"))
        lines.append(t("serve.stop"))
        return "\n".join(lines)

    def log_line(self, request: web.BaseRequest, role: str, what: str) -> None:
        """One line of the connection log: the time where the cell is, the address, the role."""
        now = self.cells.clock.now()
        try:
            now = local(now, self.cells.cell().utc_offset_hours)
        except AppError:
            now = now.astimezone()
        line = f"{now:%d/%m/%Y %H:%M:%S}  {request.remote or '?'}  {role}  {what}"
        log.info(line)
        self.write(line)

    # -- the web application -------------------------------------------------------------
    def role_of(self, raw_path: str) -> str | None:
        """The role whose token is the first segment of the path; None for any other path.
        Every token is compared, in constant time, so a guess learns nothing from the timing."""
        segment = raw_path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
        given = segment.encode("utf-8", "surrogateescape")
        found = None
        for role, token in self.tokens.items():
            if secrets.compare_digest(given, token.encode("ascii")):
                found = role
        return found

    async def _make_app(self) -> web.Application:
        @web.middleware
        async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
            role = self.role_of(request.raw_path)
            if role is None:
                self.log_line(request, "-", t("serve.log.refused"))
                raise web.HTTPForbidden(text=t("serve.forbidden"))
            response: web.StreamResponse = await handler(request)
            return response

        app = web.Application(middlewares=[guard])
        for token in self.tokens.values():
            app.add_routes(
                [
                    web.get(f"/{token}", self.handle_redirect),
                    web.get(f"/{token}/", self.handle_index),
                    web.get(f"/{token}/ws", self.handle_websocket),
                    web.static(f"/{token}/static", self.statics_path),
                ]
            )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        self.write(self.banner())

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: close every browser's connection, so that each app process is told to quit
        and the server stops now, not when the last projector is switched off."""
        for websocket in list(self._sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    def initialize_logging(self) -> None:
        """textual-serve's warnings (an app that failed to start) on the terminal; no access log,
        which would repeat every request."""
        logging.basicConfig(level=logging.WARNING, format="%(message)s")

    def _role(self, request: web.Request) -> str:
        """The role of a request the guard let through (its token's)."""
        role = self.role_of(request.raw_path)
        if role is None:  # pragma: no cover - the guard refused it already
            raise web.HTTPForbidden()
        return role

    async def handle_redirect(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"/{self.tokens[self._role(request)]}/")

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        role = self._role(request)
        base = f"/{self.tokens[role]}/"
        websocket_url = f"ws://{request.host}{base}ws"
        page = self._template.render(
            lang=self.lang,
            title=f"{t('serve.title')} · {role_name(role)}",
            static=f"{base}static/",
            websocket_url=websocket_url,
            font_size=FONT_SIZE,
            fit_columns=ROOM_COLUMNS if role == "room" else 0,
            connecting=t("serve.page.connecting"),
            start=t("serve.page.start"),
            ended=t("serve.page.ended"),
            restart=t("serve.page.restart"),
        )
        policy = "; ".join(
            [
                "default-src 'none'",
                "script-src 'self' 'unsafe-inline'",  # textual.js, and the page's font-size script
                "style-src 'self' 'unsafe-inline'",  # xterm.js styles its own elements
                "font-src 'self'",
                "img-src 'self' data:",
                f"connect-src 'self' {websocket_url}",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'",
            ]
        )
        return web.Response(
            text=page,
            content_type="text/html",
            headers={
                "Content-Security-Policy": policy,
                "Referrer-Policy": "no-referrer",
                "Cache-Control": "no-store",
            },
        )

    def command_for(self, role: str) -> tuple[str, str | None]:
        """The command a new connection runs, and its meeting (for the room, the current one)."""
        meeting_id = self.meeting_id
        if meeting_id is None and role == "room":
            try:
                meeting_id = current_meeting(self.cells.meetings(), self.cells.today())
            except AppError as exc:
                log.warning("%s", exc)
        return app_command(self.root, role, self.lang, meeting_id), meeting_id

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        role = self._role(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _to_int(request.query.get("width"), 80)
        height = _to_int(request.query.get("height"), 24)
        command, meeting_id = self.command_for(role)
        await websocket.prepare(request)
        self._sockets.add(websocket)
        self.log_line(request, role, t("serve.log.opened", meeting=meeting_id or "—"))

        async def close() -> None:
            await websocket.close()

        service = AppProcess(
            command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
        )
        try:
            await service.start(width, height)
            await relay(websocket, service, forward_input=role not in READ_ONLY_ACTORS)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:  # a broken connection ends that connection, never the server
            log.exception("connection failed")
        finally:
            self._sockets.discard(websocket)
            await service.stop()
            self.log_line(request, role, t("serve.log.closed"))
        return websocket


class AppProcess(AppService):
    """textual-serve's AppService, whose ``stop`` also waits for the process to end (killing it
    after 10 s) and closes its pipes, which upstream leaves to the garbage collector."""

    async def stop(self) -> None:
        await super().stop()
        process = self._process
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        transport = getattr(process, "_transport", None)  # asyncio.subprocess.Process has no close()
        if transport is not None:
            transport.close()


class _Service(Protocol):
    async def send_bytes(self, data: bytes) -> bool: ...
    async def set_terminal_size(self, width: int, height: int) -> None: ...
    async def blur(self) -> None: ...
    async def focus(self) -> None: ...


async def relay(websocket: web.WebSocketResponse, service: _Service, *, forward_input: bool) -> None:
    """Pass the browser's messages to the app process, as textual-serve does, except that
    without ``forward_input`` (the room) keys, mouse and pasted text are dropped: the page
    can show the room's screen and do nothing else."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        if kind == "stdin" and forward_input and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await service.set_terminal_size(_to_int(data.get("width"), 80), _to_int(data.get("height"), 24))
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


def _to_int(value: object, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if 1 <= number <= 1000 else default


def _page_template() -> Any:
    import jinja2

    text = resources.files("meetingtui.ui").joinpath("serve.html").read_text(encoding="utf-8")
    return jinja2.Environment(autoescape=True).from_string(text)
