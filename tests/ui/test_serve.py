"""``meetingtui serve``: the room's screen in a browser, through textual-serve.

The server runs on a free loopback port inside the test; the page is fetched with and without
its token, and the websocket is followed until the room screen's first frame has arrived from
the app process textual-serve starts for the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import ClientSession, ClientWebSocketResponse, WSMessage, WSMsgType, web

from meetingtui.domain.clock import FakeClock
from meetingtui.i18n import t
from meetingtui.services.cell import CellService
from meetingtui.store.repo import Repository
from meetingtui.ui import serve
from meetingtui.ui.serve import MeetingServer, app_command, current_meeting, new_tokens, relay

ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")


@dataclass
class Served:
    server: MeetingServer
    base: str
    lines: list[str]

    def url(self, role: str, rest: str = "") -> str:
        return f"{self.base}/{self.server.tokens[role]}/{rest}"


@contextlib.asynccontextmanager
async def running(cells: CellService, roles: list[str]) -> AsyncIterator[Served]:
    lines: list[str] = []
    server = MeetingServer(cells, new_tokens(roles), host="127.0.0.1", port=0, write=lines.append)
    runner = web.AppRunner(await server._make_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)  # port 0: a free one, read back below
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield Served(server, f"http://127.0.0.1:{port}", lines)
    finally:
        await runner.cleanup()


def folder_bytes(root: Path) -> dict[str, bytes]:
    """Every file in the data folder (lock files included) with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- which meeting, which command ------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    id: str
    date: str
    status: str


@pytest.mark.parametrize(
    ("meetings", "expected"),
    [
        ([], None),
        ([Line("a", "2026-10-20", "ended"), Line("b", "2026-11-20", "running")], "b"),
        # the running one wins over one planned for today
        ([Line("a", "2026-11-20", "planned"), Line("b", "2026-11-19", "running")], "b"),
        # else the soonest one planned from today on, not a later one nor a past one
        (
            [
                Line("old", "2026-11-01", "planned"),
                Line("next", "2026-11-20", "planned"),
                Line("later", "2026-12-20", "planned"),
            ],
            "next",
        ),
        # else the latest one
        ([Line("a", "2026-09-20", "ended"), Line("b", "2026-10-20", "ended")], "b"),
    ],
)
def test_the_room_opens_the_current_meeting(meetings: list[Line], expected: str | None) -> None:
    assert current_meeting(meetings, "2026-11-20") == expected


def test_each_connection_runs_meetingtui_with_the_tokens_role_quoted_for_the_shell(tmp_path: Path) -> None:
    root = tmp_path / "dữ liệu; rm -rf ~"  # a folder name the shell must not read as commands
    command = app_command(root, "room", "en", "2026-11-20-dinh-ky")
    if sys.platform != "win32":
        import shlex

        assert shlex.split(command) == [
            "exec",  # the shell becomes meetingtui: the process textual-serve stops is the app
            sys.executable,
            *("-m", "meetingtui", "--data", str(root), "--lang", "en", "--role", "room"),
            *("--meeting", "2026-11-20-dinh-ky"),
        ]
    assert "--meeting" not in app_command(root, "chair", "vi")


def test_every_role_has_its_own_fresh_token_and_only_the_room_by_default() -> None:
    assert list(new_tokens([])) == ["room"]
    first, second = new_tokens(["room", "chair", "clerk"]), new_tokens(["room", "chair", "clerk"])
    assert len({*first.values(), *second.values()}) == 6  # a new link at every start
    assert all(len(token) >= 24 for token in first.values())
    with pytest.raises(ValueError):
        new_tokens(["secretary"])


def test_the_banner_gives_every_link_with_a_qr_code_and_the_rooms_addresses(
    demo_repo: Repository, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cells = CellService.open(demo_repo.root, clock, "room")
    tokens = {"room": "R" * 24, "clerk": "C" * 24}
    loopback = MeetingServer(cells, tokens, port=8000).banner()
    assert f"http://127.0.0.1:8000/{'R' * 24}/" in loopback
    assert f"http://127.0.0.1:8000/{'C' * 24}/" in loopback
    assert loopback.count("▄▄▄▄▄▄▄") >= 2  # a QR code (its finder patterns) for each role
    assert t("serve.loopback_only") in loopback

    monkeypatch.setattr(serve, "lan_addresses", lambda: ["192.168.1.20", "10.0.0.5"])
    everywhere = MeetingServer(cells, {"room": "R" * 24}, host="0.0.0.0", port=8000)
    links = [link.url for link in everywhere.links()]
    assert links == [f"http://192.168.1.20:8000/{'R' * 24}/", f"http://10.0.0.5:8000/{'R' * 24}/"]
    assert t("serve.loopback_only") not in everywhere.banner(qr=False)


def test_this_machines_addresses_leave_out_loopback_and_link_local() -> None:
    import ipaddress

    for address in serve.lan_addresses():
        ip = ipaddress.ip_address(address)
        assert ip.version == 4 and not ip.is_loopback and not ip.is_link_local


# -- the secret in the link ----------------------------------------------------------------
async def test_every_request_without_the_token_is_refused_and_logged(
    demo_repo: Repository, clock: FakeClock
) -> None:
    cells = CellService.open(demo_repo.root, clock, "room")
    async with running(cells, ["room"]) as served, ClientSession() as http:
        token = served.server.tokens["room"]
        refused = [
            "/",
            "/static/js/textual.js",  # textual-serve's own paths, without a token
            "/ws",
            f"/{token[:-1]}{'y' if token.endswith('x') else 'x'}/",  # one character off (never the token)
            f"/{token[:-1]}/",
            f"/x/{token}/",
            f"/{token.upper() if token.upper() != token else token.lower()}/",
        ]
        for path in refused:
            async with http.get(served.base + path) as response:
                assert response.status == 403, path
                assert token not in await response.text()
        assert sum(t("serve.log.refused") in line for line in served.lines) == len(refused)

        async with http.get(served.url("room")) as response:
            assert response.status == 200
            page = await response.text()
        async with http.get(f"{served.base}/{token}", allow_redirects=False) as response:
            assert response.status == 302 and response.headers["Location"] == f"/{token}/"
        for path in ("static/js/textual.js", "static/css/xterm.css"):
            async with http.get(served.url("room", path)) as response:
                assert response.status == 200, path
    assert served.server.tokens["room"] in page


async def test_chair_and_clerk_are_off_unless_asked_and_each_has_its_own_token(
    demo_repo: Repository, clock: FakeClock
) -> None:
    cells = CellService.open(demo_repo.root, clock, "room")
    async with running(cells, ["room"]) as served:
        assert list(served.server.tokens) == ["room"]
    async with running(cells, ["room", "clerk"]) as served, ClientSession() as http:
        tokens = served.server.tokens
        assert set(tokens) == {"room", "clerk"} and tokens["room"] != tokens["clerk"]
        assert served.server.role_of(f"/{tokens['clerk']}/ws") == "clerk"
        assert served.server.role_of(f"/{tokens['room']}/ws?role=clerk") == "room"  # the token decides
        assert "--role clerk" in served.server.command_for("clerk")[0]
        command, meeting = served.server.command_for("room")
        assert "--role room" in command and meeting == demo_repo.meetings()[-1].id
        for role in ("room", "clerk"):
            async with http.get(served.url(role)) as response:
                assert response.status == 200
                assert t(f"serve.role.{role}") in await response.text()


# -- offline -----------------------------------------------------------------------------
async def test_the_page_loads_nothing_from_outside(demo_repo: Repository, clock: FakeClock) -> None:
    cells = CellService.open(demo_repo.root, clock, "room")
    async with running(cells, ["room"]) as served, ClientSession() as http:
        token = served.server.tokens["room"]
        async with http.get(served.url("room")) as response:
            page = await response.text()
            policy = response.headers["Content-Security-Policy"]
            assert response.headers["Referrer-Policy"] == "no-referrer"
        links = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", page) + re.findall(
            r"""url\(\s*["']?([^"')]+)""", page
        )
        assert links and all(link.startswith(f"/{token}/static/") or link == "data:," for link in links), (
            links
        )
        assert "googleapis" not in page and "https:" not in page
        # the browser itself is told to load nothing from anywhere else
        assert "default-src 'none'" in policy and "https:" not in policy and "*" not in policy
        # the font the page names is there, with Vietnamese in it (Roboto Mono covers it)
        font = re.search(r'url\("([^"]+RobotoMono-VariableFont_wght\.ttf)"\)', page)
        assert font is not None
        async with http.get(served.base + font.group(1)) as response:
            assert response.status == 200
            assert (await response.read())[:4] == b"\x00\x01\x00\x00"  # a TrueType font


# -- the room's screen, over the websocket ---------------------------------------------------
async def first_frame(ws: ClientWebSocketResponse, cell_name: str) -> str:
    """What the app process draws, as text, until the room screen's first frame is all there."""
    seen = b""
    text = ""
    async with asyncio.timeout(45):
        while not (cell_name in text and t("room.stage_time") in text and t("floor.nobody") in text):
            message = await ws.receive()
            assert message.type == WSMsgType.BINARY, message
            seen += message.data
            text = ESCAPES.sub("", seen.decode("utf-8", "replace"))
    return text


async def test_the_websocket_brings_the_room_screens_first_frame_and_logs_the_connection(
    demo_repo: Repository,
    demo_meeting_id: str,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the app reads no user settings
    cells = CellService.open(demo_repo.root, clock, "room")
    before = folder_bytes(demo_repo.root)
    cell_name = cells.cell().name.upper()
    async with running(cells, ["room"]) as served, ClientSession() as http:
        ws = await http.ws_connect(served.url("room", "ws?width=120&height=40"))
        await first_frame(ws, cell_name)
        # What the browser types or clicks does not reach the room's process (and the process
        # is read-only besides): Escape, then the keys that start or change things elsewhere.
        for key in ("\x1b", "n", "s", "\r", "a", "\x05", "\x11"):
            await ws.send_str(json.dumps(["stdin", key]))
        await ws.send_str(json.dumps(["ping", "x"]))
        async with asyncio.timeout(10):
            while (reply := await ws.receive()).type != WSMsgType.TEXT:
                pass
        assert json.loads(reply.data) == ["pong", "x"]
        await ws.close()
        async with asyncio.timeout(20):
            while not any(t("serve.log.closed") in line for line in served.lines):
                await asyncio.sleep(0.05)
    opened = [line for line in served.lines if t("serve.log.opened", meeting=demo_meeting_id) in line]
    assert len(opened) == 1
    assert "  127.0.0.1  room  " in opened[0]
    assert re.match(r"20/11/2026 08:00:00  ", opened[0])  # the time where the cell is, from the clock
    assert folder_bytes(demo_repo.root) == before


async def test_stopping_the_server_ends_every_browsers_session(
    demo_repo: Repository, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    cells = CellService.open(demo_repo.root, clock, "room")
    async with ClientSession() as http:
        async with asyncio.timeout(30):
            async with running(cells, ["room"]) as served:
                ws = await http.ws_connect(served.url("room", "ws?width=100&height=30"))
                await first_frame(ws, cells.cell().name.upper())
            # Ctrl+C: the server has stopped, the browser was told, its app process has quit
            # (textual-serve's AppService waits for the process's output to end before this line)
            assert any(t("serve.log.closed") in line for line in served.lines)
        message = await ws.receive()
        assert message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)


@dataclass
class FakeService:
    sent: list[bytes] = field(default_factory=list)
    sizes: list[tuple[int, int]] = field(default_factory=list)

    async def send_bytes(self, data: bytes) -> bool:
        self.sent.append(data)
        return True

    async def set_terminal_size(self, width: int, height: int) -> None:
        self.sizes.append((width, height))

    async def blur(self) -> None:
        pass

    async def focus(self) -> None:
        pass


class FakeSocket:
    def __init__(self, *messages: object) -> None:
        self.messages = [
            WSMessage(WSMsgType.TEXT, m if isinstance(m, str) else json.dumps(m), None) for m in messages
        ]
        self.replies: list[object] = []

    def __aiter__(self) -> AsyncIterator[WSMessage]:
        async def each() -> AsyncIterator[WSMessage]:
            for message in self.messages:
                yield message

        return each()

    async def send_json(self, data: object) -> None:
        self.replies.append(data)


@pytest.mark.parametrize("forward", [False, True])
async def test_the_rooms_page_passes_on_no_key_or_click(forward: bool) -> None:
    socket_ = FakeSocket(
        ["stdin", "s"],
        ["stdin", "\x1b[<0;10;5M"],  # a mouse click
        "not json",
        ["resize", {"width": 132, "height": 43}],
        ["ping", 7],
        ["stdin"],
        [],
    )
    service = FakeService()
    await relay(socket_, service, forward_input=forward)  # type: ignore[arg-type]
    assert service.sent == ([b"s", b"\x1b[<0;10;5M"] if forward else [])
    assert service.sizes == [(132, 43)]
    assert socket_.replies == [["pong", 7]]


# -- the command line ------------------------------------------------------------------
def test_serve_on_a_folder_without_a_cell_says_so_before_listening(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "meetingtui", "--data", str(tmp_path / "none"), "serve", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "meetingtui:" in done.stderr
    assert not (tmp_path / "none").exists()  # the read-only server made no folder


def test_serve_on_a_taken_port_says_so(demo_repo: Repository, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "meetingtui", "--lang", "en", "--data", str(demo_repo.root), "serve"]
            + ["--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env={"XDG_CONFIG_HOME": str(tmp_path), **dict(__import__("os").environ)},
        )
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"Cannot listen on port {port} of 127.0.0.1" in done.stderr
