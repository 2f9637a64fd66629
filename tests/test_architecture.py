"""The layers are kept by import-linter's contracts (``[tool.importlinter]`` in pyproject.toml).

docs/ARCHITECTURE.md draws the map; this runs it. A contract broken here means a module reached
across a layer: the fix is to move the code, not the contract.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> str:
    found = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports"
    )
    if found is None:
        pytest.fail("import-linter is not installed: pip install '.[test]'")
    return found


def test_every_import_contract_is_kept() -> None:
    done = subprocess.run(
        [_lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_the_contracts_name_every_layer() -> None:
    """A new top-level package must be placed in the layers, not left outside every contract."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "layers")["layers"]
    named = {name.strip() for layer in layers for name in layer.split("|")}
    packages = {
        f"meetingtui.{p.name}"
        for p in (ROOT / "meetingtui").iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name != "locales"
    }
    assert packages == named
