"""Where data lives: ``--data DIR``, else ``$MEETINGTUI_DATA``, else the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_DATA = "MEETINGTUI_DATA"
APP_NAME = "meetingtui"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def resolve_data_dir(flag: str | os.PathLike[str] | None) -> tuple[Path, str]:
    """The data folder and where the choice came from ("--data", the variable, or default)."""
    if flag:
        return Path(flag).expanduser(), "--data"
    env = os.environ.get(ENV_DATA, "").strip()
    if env:
        return Path(env).expanduser(), ENV_DATA
    return default_data_dir(), "default"


def demo_data_dir() -> Path:
    """A fresh folder for the demo cell, never the user's real data."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="meetingtui-demo-"))
