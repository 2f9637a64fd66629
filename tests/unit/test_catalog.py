"""The interface catalog: vi and en agree, and every key the code uses exists in both."""

from __future__ import annotations

import ast
import json
import re
import string
from functools import cache
from pathlib import Path

import pytest

import meetingtui
from meetingtui.domain.agenda import MeetingType
from meetingtui.domain.people import Category, Role
from meetingtui.domain.rules import Presence, VoteForm, VoteKind
from meetingtui.i18n import LANGUAGES, catalog

PACKAGE = Path(meetingtui.__file__).parent
LOCALES = PACKAGE / "locales"
SOURCES = sorted(PACKAGE.rglob("*.py"))

ERROR_CLASSES = (
    "DomainError",
    "ConflictError",
    "StoreError",
    "WriteError",
    "CorruptFileError",
    "SchemaError",
    "LockTimeoutError",
)
STORE_ERRORS = {"StoreError", "WriteError", "CorruptFileError", "SchemaError", "LockTimeoutError"}

# Literal keys: t("..."), SomeError("..."), Binding(key, action, "key.xxx"), and any "ledger.*",
# "error.*", "warn.*", "key.*" string (keys passed around before being translated).
LITERAL_PATTERNS = [
    re.compile(r"""(?<![\w.])t\(\s*["']([^"'{}]+)["']\s*[,)]"""),
    re.compile(r"""\b(?:""" + "|".join(ERROR_CLASSES) + r""")\(\s*["']([^"'{}]+)["']\s*[,)]"""),
    re.compile(r"""\bBinding\(\s*["'][^"']*["']\s*,\s*["'][^"']*["']\s*,\s*["'](key\.[^"']+)["']"""),
    re.compile(r"""["']((?:ledger|error|warn|key)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)["']"""),
]
# Dynamic keys: t(f"prefix.{...}") and t("prefix." + ...)
DYNAMIC_PATTERNS = [
    re.compile(r"""(?<![\w.])t\(\s*f["']([a-z0-9_.]+\.)\{"""),
    re.compile(r"""(?<![\w.])t\(\s*["']([a-z0-9_.]+\.)["']\s*\+"""),
]
# How each dynamic prefix built from an enum (or a fixed set) is enumerated. Keys built from a
# loop over a literal tuple (``for key in ("name", ...): t(f"members.col.{key}")``) are
# enumerated from the source itself; any other dynamic key must be added here.
DYNAMIC_VALUES: dict[str, list[str]] = {
    "meeting.type.": [m.value for m in MeetingType],
    # MeetingInfo.status in store/repo.py: planned, running, ended
    "meeting.status.": ["planned", "running", "ended"],
    "category.": [c.value for c in Category],
    "role.": [r.value or "none" for r in Role],
    # Presence.UNMARKED is shown with "roll.unmarked", never as "presence."
    "presence.": [p.value for p in Presence if p.value],
    "vote.kind.": [k.value for k in VoteKind],
    "vote.form.": [f.value for f in VoteForm],
}
# Calls known to leave a placeholder unfilled (open bugs; empty once they are fixed).
KNOWN_UNFILLED: set[tuple[str, str, str]] = set()


def files(lang: str) -> list[Path]:
    """``<lang>.json`` and the per-area ``<lang>.<area>.json`` files."""
    return sorted(LOCALES.glob(f"{lang}.json")) + sorted(LOCALES.glob(f"{lang}.*.json"))


def load(lang: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for path in files(lang):
        data.update(json.loads(path.read_text(encoding="utf-8")))
    return data


def test_each_area_file_has_its_twin_in_the_other_language() -> None:
    names = {lang: {p.name.split(".", 1)[1] for p in files(lang)} for lang in LANGUAGES}
    assert names["vi"] == names["en"]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@cache
def source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def literal_keys() -> dict[str, set[str]]:
    """key -> the files that use it."""
    found: dict[str, set[str]] = {}
    for path in SOURCES:
        text = source(path)
        for pattern in LITERAL_PATTERNS:
            for match in pattern.finditer(text):
                found.setdefault(match.group(1), set()).add(str(path.relative_to(PACKAGE)))
    return found


def dynamic_prefixes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in SOURCES:
        for pattern in DYNAMIC_PATTERNS:
            for match in pattern.finditer(source(path)):
                found.setdefault(match.group(1), set()).add(str(path.relative_to(PACKAGE)))
    return found


# -- the two catalogs agree ---------------------------------------------------------------------
def test_catalogs_are_valid_flat_json_objects() -> None:
    for lang in LANGUAGES:
        data = load(lang)
        assert data, lang
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())
        assert catalog.__wrapped__(lang) == data  # what the app reads is what is on disk


def test_vi_and_en_have_exactly_the_same_keys() -> None:
    vi, en = load("vi"), load("en")
    assert sorted(set(vi) - set(en)) == []
    assert sorted(set(en) - set(vi)) == []


def test_no_duplicate_keys_in_the_files() -> None:
    for lang in LANGUAGES:
        keys = []
        for path in files(lang):
            pairs = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=lambda p: p)
            keys += [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_empty_values(lang: str) -> None:
    assert [k for k, v in load(lang).items() if not v.strip()] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_values_are_valid_format_strings(lang: str) -> None:
    bad = []
    for key, value in load(lang).items():
        try:
            placeholders(value)
        except ValueError:
            bad.append(key)
    assert bad == []


def test_same_placeholders_per_key() -> None:
    vi, en = load("vi"), load("en")
    diff = {
        key: (sorted(placeholders(vi[key])), sorted(placeholders(en[key])))
        for key in vi.keys() & en.keys()
        if placeholders(vi[key]) != placeholders(en[key])
    }
    assert diff == {}


def test_vietnamese_catalog_is_vietnamese() -> None:
    vi = load("vi")
    with_diacritics = [k for k, v in vi.items() if any(ord(ch) > 127 for ch in v)]
    assert len(with_diacritics) >= 0.8 * len(vi)


# -- every key the code uses exists -------------------------------------------------------------
def test_the_scan_finds_keys() -> None:
    keys = literal_keys()
    # one key of each shape, so a broken regex cannot make the checks below vacuous
    for expected in ("error.no_next_stage", "key.next", "ledger.unexcused_2", "chair.started_toast"):
        assert expected in keys, expected
    assert any(path.startswith("store") for paths in keys.values() for path in paths)
    assert set(dynamic_prefixes()) >= {"meeting.type.", "meeting.status."}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_literal_key_exists(lang: str) -> None:
    data = load(lang)
    missing = {key: sorted(paths) for key, paths in literal_keys().items() if not _known(key, data)}
    assert missing == {}


def _known(key: str, data: dict[str, str]) -> bool:
    """A key of the catalog; a literal ending in "_" is the prefix of keys built from it
    (``exc.key.replace("error.", "error.store_", 1)``), and some key must start with it."""
    if key.endswith("_"):
        return any(k.startswith(key) and k != key for k in data)
    return key in data


def test_a_key_prefix_must_start_some_key() -> None:
    data = {"error.store_event_unknown": "…", "error.no_next_stage": "…"}
    assert _known("error.store_", data) and _known("error.no_next_stage", data)
    assert not _known("error.nowhere_", data) and not _known("error.no_next", data)


def _literal_strings(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Tuple | ast.List | ast.Set) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
    ):
        return [e.value for e in node.elts]  # type: ignore[attr-defined]
    return None


def _loop_values(target: ast.expr, it: ast.expr, var: str) -> list[str] | None:
    """The values ``var`` takes in ``for <target> in <it>`` when ``it`` is a literal.

    Handles ``for key in ("a", "b")`` and ``for key, width in (("a", 1), ("b", 2))``.
    """
    if isinstance(target, ast.Name):
        return _literal_strings(it) if target.id == var else None
    if not isinstance(target, ast.Tuple) or not isinstance(it, ast.Tuple | ast.List):
        return None
    names = [e.id if isinstance(e, ast.Name) else None for e in target.elts]
    if var not in names:
        return None
    pos = names.index(var)
    values = []
    for row in it.elts:
        if not (isinstance(row, ast.Tuple | ast.List) and len(row.elts) == len(names)):
            return None
        cell = row.elts[pos]
        if not (isinstance(cell, ast.Constant) and isinstance(cell.value, str)):
            return None
        values.append(cell.value)
    return values


def dynamic_uses() -> list[tuple[str, int, str, list[str] | None]]:
    """(file, line, prefix, values or None) for each t(f"prefix.{x}") / t("prefix." + x) call.

    ``values`` come from DYNAMIC_VALUES, or from an enclosing loop over a literal tuple.
    """
    uses = []
    for path in SOURCES:
        tree = ast.parse(source(path))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"):
                continue
            if not node.args:
                continue
            arg = node.args[0]
            prefix, var = None, None
            if (
                isinstance(arg, ast.JoinedStr)
                and len(arg.values) >= 2
                and isinstance(arg.values[0], ast.Constant)
                and isinstance(arg.values[1], ast.FormattedValue)
            ):
                prefix = str(arg.values[0].value)
                inner = arg.values[1].value
                var = inner.id if isinstance(inner, ast.Name) else None
            elif (
                isinstance(arg, ast.BinOp)
                and isinstance(arg.op, ast.Add)
                and isinstance(arg.left, ast.Constant)
                and isinstance(arg.left.value, str)
            ):
                prefix = arg.left.value
            if prefix is None:
                continue
            values: list[str] | None = DYNAMIC_VALUES.get(prefix)
            up: ast.AST | None = node
            while values is None and var is not None and up is not None:
                loops: list[tuple[ast.expr, ast.expr]] = []
                if isinstance(up, ast.For):
                    loops.append((up.target, up.iter))
                if isinstance(up, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
                    loops.extend((g.target, g.iter) for g in up.generators)
                for target, it in loops:
                    values = values or _loop_values(target, it, var)
                up = parents.get(up)
            uses.append((str(path.relative_to(PACKAGE)), node.lineno, prefix, values))
    return uses


def test_dynamic_scans_agree() -> None:
    """The regex and the AST scan see the same dynamic prefixes."""
    assert set(dynamic_prefixes()) == {prefix for _, _, prefix, _ in dynamic_uses()}
    assert set(dynamic_prefixes()) >= {"meeting.type.", "meeting.status."}


def test_dynamic_keys_are_enumerable() -> None:
    unknown = [f"{path}:{line} {prefix}…" for path, line, prefix, values in dynamic_uses() if values is None]
    assert unknown == [], "enumerate these dynamic keys in DYNAMIC_VALUES"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dynamic_keys_exist(lang: str) -> None:
    data = load(lang)
    missing = sorted(
        {
            f"{prefix}{value} ({path}:{line})"
            for path, line, prefix, values in dynamic_uses()
            for value in values or ()
            if prefix + value not in data
        }
    )
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_enumerated_dynamic_keys_exist(lang: str) -> None:
    data = load(lang)
    missing = [p + v for p, values in DYNAMIC_VALUES.items() for v in values if p + v not in data]
    assert missing == []


def test_every_binding_description_is_a_key() -> None:
    """Screen bindings are translated by BaseScreen; their descriptions must be catalog keys."""
    pattern = re.compile(r"""\bBinding\(\s*["'][^"']*["']\s*,\s*["'][^"']*["']\s*,\s*["']([^"']*)["']""")
    vi = load("vi")
    found = {
        (str(path.relative_to(PACKAGE)), m.group(1))
        for path in SOURCES
        if "screens" in path.parts
        for m in pattern.finditer(source(path))
    }
    assert found
    assert sorted((p, d) for p, d in found if d and d not in vi) == []


# -- the parameters a call passes fill the message's placeholders ------------------------------
def _calls() -> list[tuple[str, int, str, str, set[str] | None]]:
    """(file, line, callee, key, keyword names or None when **kwargs is passed)."""
    out = []
    for path in SOURCES:
        tree = ast.parse(source(path), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name not in ("t", *ERROR_CLASSES):
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            kwargs: set[str] | None = {k.arg for k in node.keywords if k.arg is not None}
            if any(k.arg is None for k in node.keywords):
                kwargs = None
            out.append((str(path.relative_to(PACKAGE)), node.lineno, name, first.value, kwargs))
    return out


def test_the_call_scan_finds_calls() -> None:
    callees = {callee for _, _, callee, _, _ in _calls()}
    assert {"t", "DomainError"} <= callees


def _unfilled() -> list[tuple[str, int, str, str, list[str]]]:
    vi = load("vi")
    unfilled = []
    for path, line, callee, key, kwargs in _calls():
        if key not in vi or kwargs is None:
            continue
        given = set(kwargs)
        if callee in STORE_ERRORS:
            given |= {"path", "detail"}  # error_text() adds them from the exception
        missing = placeholders(vi[key]) - given
        if missing:
            unfilled.append((path, line, callee, key, sorted(missing)))
    return unfilled


def test_calls_fill_every_placeholder() -> None:
    """A missing parameter shows the user a raw "{name}" (i18n._Safe leaves it in place)."""
    unfilled = [
        f"{path}:{line} {callee}({key!r}) lacks {missing}"
        for path, line, callee, key, missing in _unfilled()
        if (path, callee, key) not in KNOWN_UNFILLED
    ]
    assert unfilled == [], "\n".join(unfilled)


def test_known_unfilled_placeholders_are_fixed() -> None:
    left = [u for u in _unfilled() if (u[0], u[2], u[3]) in KNOWN_UNFILLED]
    assert left == []
