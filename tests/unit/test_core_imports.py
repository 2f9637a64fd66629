"""The core (domain, storage, export, queries, interchange, services, cli) never imports Textual.

Each check runs in a fresh interpreter whose working directory is a temporary folder, so the
installed package is imported (not the source tree) and nothing else has loaded Textual yet.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CORE_MODULES = [
    "meetingtui.domain.meeting",
    "meetingtui.domain.decider",
    "meetingtui.domain.rules",
    "meetingtui.domain.search",
    "meetingtui.store.repo",
    "meetingtui.queries.suggest",
    "meetingtui.interchange.archive",
    "meetingtui.services.meeting",
    "meetingtui.services.cell",
    "meetingtui.demo",
    "meetingtui.cli",
]

PROBE = r"""
import importlib, json, pkgutil, sys
names = json.loads(sys.argv[1])
if sys.argv[2] == "export":
    import meetingtui.export as export
    names = [export.__name__] + [
        m.name for m in pkgutil.walk_packages(export.__path__, export.__name__ + ".")
    ]
for name in names:
    importlib.import_module(name)
import meetingtui
print(json.dumps({
    "imported": names,
    "package": meetingtui.__file__,
    "textual": sorted(m for m in sys.modules if m == "textual" or m.startswith("textual.")),
}))
"""


def probe(tmp_path: Path, names: list[str], mode: str = "modules") -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(names), mode],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(tmp_path: Path, module: str) -> None:
    data = probe(tmp_path, [module])
    assert data["imported"] == [module]
    assert data["textual"] == [], f"{module} pulls in Textual"


def test_all_core_modules_together_do_not_import_textual(tmp_path: Path) -> None:
    data = probe(tmp_path, CORE_MODULES)
    assert data["textual"] == []


def test_export_modules_do_not_import_textual(tmp_path: Path) -> None:
    data = probe(tmp_path, [], mode="export")
    imported = data["imported"]
    assert isinstance(imported, list) and "meetingtui.export" in imported
    assert data["textual"] == [], f"one of {imported} pulls in Textual"


def test_the_probe_can_see_textual(tmp_path: Path) -> None:
    """The UI imports Textual: without this the checks above could pass vacuously."""
    data = probe(tmp_path, ["meetingtui.ui.app"])
    loaded = data["textual"]
    assert isinstance(loaded, list) and "textual" in loaded
