"""Valid JSON of the wrong shape, in every file the app reads: no command and no screen shows a
traceback, a refusal names the file, and a damaged file never reaches its ``.bak``.

Hypothesis draws a file (``cell.json``, a meeting file, a score sheet of the cell's own, the
settings file, an archive to import), a place in it and a wrong value for that place: 44 places
× 16 values, 704 shapes (a table as a list, a row as a string, ``utc_offset_hours`` of 99 or
"7", a member without a name, an event without ``kind``, ``data`` as a list, a document id
"abc", 10^300, 3,000-deep nesting, an escape sequence, a time in the year 9999…).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetingtui.cli import main
from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import AppError
from meetingtui.interchange.archive import archive_of
from meetingtui.services.cell import CellService
from meetingtui.store.storage import checked, meta_of, read_json_file

MEETING = "2026-10-20-dinh-ky"
DELETE = object()
Place = tuple[Any, ...]
PLACES: dict[str, list[Place]] = {
    "cell": [
        ("cell",), ("cell", "1"), ("cell", "1", "name"), ("cell", "1", "utc_offset_hours"),
        ("cell", "1", "attendance_threshold"), ("cell", "1", "term_start"), ("members",), ("members", "1"),
        ("members", "1", "name"), ("members", "1", "id"), ("members", "1", "category"),
        ("members", "1", "history"), ("members", "1", "joined"), ("meetings",), ("meetings", "1", "id"),
        ("meetings", "1", "type"), ("numbers", "1", "last"), ("_meta", "1", "schema"),
        ("_meta", "1", "counter"), ("_meta",),
    ],
    "meeting": [
        ("events",), ("events", "1"), ("events", "1", "kind"), ("events", "1", "seq"), ("events", "2", "at"),
        ("events", "1", "data"), ("events", "1", "data", "roster"), ("events", "3", "v"),
        ("events", "5", "data", "member"), ("events", "1", "data", "stages"), ("_meta", "1", "schema"),
    ],
    "sheet": [("lines",), ("lines", 0, "points"), ("total",), ("grades",), ("id",)],
    "settings": [("keys",), ("lang",), ("keys", "chair.start")],
    "archive": [
        ("cell", "utc_offset_hours"), ("events", 0, "at"), ("events", 1, "data"), ("events",), ("roster",),
    ],
}  # fmt: skip
VALUES: list[Any] = [
    [], "abc", 99, -7, 0, 10**300, 1.5, None, True, {}, {"x": 1}, DELETE,
    "\x1b]0;pwned\x07\x1b[2J", "9999-12-31T23:59:59.000+00:00", [[1, "a"], {"b": None}], "NESTED",
]  # fmt: skip
SHAPES = [(f, p, i) for f, places in PLACES.items() for p in places for i in range(len(VALUES))]
assert len(SHAPES) >= 60


NESTED = '"__nested__"'  # written as 3,000 levels of brackets (deeper than json.dumps will go)


def _put(data: Any, place: Place, value: Any) -> None:
    for key in place[:-1]:
        data = data[key]
    if value is DELETE:
        if isinstance(data, dict):
            data.pop(place[-1], None)
        else:
            del data[place[-1]]
    else:
        data[place[-1]] = "__nested__" if value == "NESTED" else value


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("shapes")
    root = base / "data"
    repo = create_demo(root, FakeClock()).repo
    (root / "score_sheets").mkdir()
    sheet = json.loads((Path(__file__).parents[2] / "data" / "score_sheets" / "hd42-100.json").read_text())
    sheet["id"] = "mine"
    (root / "score_sheets" / "mine.json").write_text(json.dumps(sheet, ensure_ascii=False), encoding="utf-8")
    archive = archive_of(repo, MEETING, FakeClock())
    archive["meeting"]["id"] = archive["events"][0]["data"]["id"] = "2026-10-20-ban-sao"
    (base / "archive.json").write_text(json.dumps(archive, ensure_ascii=False), encoding="utf-8")
    (base / "config" / "meetingtui").mkdir(parents=True)
    (base / "config" / "meetingtui" / "settings.json").write_text(
        json.dumps({"lang": "vi", "keys": {"chair.start": "b"}}), encoding="utf-8"
    )
    (base / "roster.csv").write_text("name,category\nNguyễn Văn Mới,official\n", encoding="utf-8")
    return base


def _files(base: Path) -> dict[str, Path]:
    root = base / "data"
    return {
        "cell": root / "cell.json",
        "meeting": root / "meetings" / f"{MEETING}.json",
        "sheet": root / "score_sheets" / "mine.json",
        "settings": base / "config" / "meetingtui" / "settings.json",
        "archive": base / "archive.json",
    }


@contextlib.contextmanager
def damaged(template: Path, shape: tuple[str, Place, int]) -> Iterator[tuple[Path, Path]]:
    """A copy of the template with one file given the wrong shape; (its base, that file)."""
    which, place, value = shape
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "b"
        shutil.copytree(template, base)
        path = _files(base)[which]
        data = json.loads(path.read_text(encoding="utf-8"))
        # a place gone already (a table as a list...) leaves the file as it was
        with contextlib.suppress(KeyError, IndexError, TypeError):
            _put(data, place, VALUES[value])
        text = json.dumps(data, ensure_ascii=False).replace(NESTED, "[" * 3000 + "]" * 3000)
        path.write_text(text, encoding="utf-8")
        old = os.environ.get("XDG_CONFIG_HOME")
        os.environ["XDG_CONFIG_HOME"] = str(base / "config")
        try:
            yield base, path
        finally:
            if old is None:
                os.environ.pop("XDG_CONFIG_HOME", None)
            else:
                os.environ["XDG_CONFIG_HOME"] = old


def _run(argv: list[str]) -> tuple[int, str]:
    """``meetingtui ARGV`` in this process: its exit code and everything it printed."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)  # anything but an AppError (a traceback) fails the test here
        out.flush()
    assert code in (0, 1, 2), argv
    return code, out.buffer.getvalue().decode("utf-8", "replace") + err.getvalue()  # type: ignore[attr-defined]


def _backups_are_good(root: Path) -> None:
    for backup in root.rglob("*.json.bak"):
        data = read_json_file(backup)
        assert data is not None
        checked(data, backup, str(meta_of(data).get("kind")))


def check_commands(base: Path, path: Path) -> None:
    data = str(base / "data")
    out = tempfile.mkdtemp(dir=base)
    commands = [
        ["meetings"],
        ["export", "minutes", MEETING, "--format", "txt", "-o", "-"],
        ["export", "resolution", MEETING, "--format", "docx", "-o", out],
        ["year", "2026", "--format", "csv"],
        ["member", "history", "m001"],
        ["tasks", "--member", "m006"],
        ["roster", "import", str(base / "roster.csv")],
        ["import", "archive", str(base / "archive.json")],
    ]
    for argv in commands:
        code, printed = _run(["--data", data, *argv])
        assert "Traceback" not in printed and "\x1b" not in printed, (argv, printed[-500:])
    try:
        CellService.open(base / "data", FakeClock()).sheets()
    except AppError as exc:
        assert str(path) in str(exc.params.get("file", "")) or str(exc.params.get("path", ""))
    _backups_are_good(base / "data")
    if path.suffix == ".json" and path.with_name(path.name + ".bak").exists():
        code, printed = _run(["--data", data, "restore", str(path)])
        assert "Traceback" not in printed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.sampled_from(SHAPES))
def test_no_command_shows_a_traceback_for_a_wrong_shape_file(
    template: Path, shape: tuple[str, Place, int]
) -> None:
    with damaged(template, shape) as (base, path):
        check_commands(base, path)


# The shapes the issue found, by name: each is refused with the file's name, nothing written.
NAMED = {
    "a table as a list": ("cell", ("members",), 0),
    "a row as a string": ("cell", ("members", "1"), 1),
    "utc_offset_hours 99": ("cell", ("cell", "1", "utc_offset_hours"), 2),
    'utc_offset_hours "7"': ("cell", ("cell", "1", "utc_offset_hours"), 1),
    "a member without a name": ("cell", ("members", "1", "name"), VALUES.index(DELETE)),
    "an event without kind": ("meeting", ("events", "1", "kind"), VALUES.index(DELETE)),
    "data as a list": ("meeting", ("events", "1", "data"), 0),
    "schema 0": ("meeting", ("_meta", "1", "schema"), 4),
    "schema -7": ("cell", ("_meta", "1", "schema"), 3),
    "a seq of 10^300": ("meeting", ("events", "1", "seq"), 5),
    "deep nesting": ("meeting", ("events", "1", "data", "roster"), VALUES.index("NESTED")),
}


@pytest.mark.parametrize("name", sorted(NAMED))
def test_the_shapes_the_attack_found_are_refused_naming_the_file(template: Path, name: str) -> None:
    with damaged(template, NAMED[name]) as (base, path):
        before = path.read_bytes()
        code, printed = _run(["--data", str(base / "data"), "export", "minutes", MEETING, "-o", "-"])
        assert code == 2 and str(path) in printed and "Traceback" not in printed
        if path.name == "cell.json":
            code, printed = _run(["--data", str(base / "data"), "roster", "import", str(base / "roster.csv")])
            assert code == 2
        else:
            with pytest.raises(AppError):
                CellService.open(base / "data", FakeClock()).meeting(MEETING).record(
                    "guest_added", name="Khách"
                )
        assert path.read_bytes() == before  # refused, nothing written over it
        _backups_are_good(base / "data")


async def _screens(base: Path) -> None:
    from meetingtui.ui.app import make_app

    for role in ("chair", "clerk"):
        app = make_app(base / "data", clock=FakeClock(), role=role, meeting_id=MEETING)
        async with app.run_test(size=(120, 40)) as pilot:  # a crash of the app is raised here
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.sampled_from([s for s in SHAPES if s[0] in ("cell", "meeting", "settings")]))
async def test_no_screen_shows_a_traceback_for_a_wrong_shape_file(
    template: Path, shape: tuple[str, Place, int]
) -> None:
    with damaged(template, shape) as (base, _path):
        await _screens(base)


@pytest.mark.heavy
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s[0]}-{'.'.join(map(str, s[1]))}-{s[2]}")
def test_every_shape_on_every_command(template: Path, shape: tuple[str, Place, int]) -> None:
    with damaged(template, shape) as (base, path):
        check_commands(base, path)


@pytest.mark.heavy
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.sampled_from([s for s in SHAPES if s[0] in ("cell", "meeting", "settings")]))
async def test_a_hundred_shapes_on_the_screens(template: Path, shape: tuple[str, Place, int]) -> None:
    with damaged(template, shape) as (base, _path):
        await _screens(base)
