"""Helper scripts run in a fresh interpreter: they import ``support`` like the tests do."""

from __future__ import annotations

import os
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]  # the folder that holds ``support``


def env_with_tests(env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (default: this process's) with ``tests/`` first on PYTHONPATH."""
    env = dict(os.environ if env is None else env)
    paths = [str(TESTS), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env
