"""The user's settings file: interface language and remapped keys. No Textual.

Location: ``meetingtui --help`` prints it (platformdirs' user config folder, e.g.
``~/.config/meetingtui/settings.json`` on Linux). Example::

    {"lang": "en", "keys": {"chair.next": "right", "chair.previous": "left"}}

``keys`` maps a binding id (listed in the help screen, F1) to a key or comma-separated keys.
A broken file is reported and ignored: the app starts with the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import msgspec

from ..store.schema import SchemaProblem, check, parse_json
from .paths import settings_path

BindingId = Annotated[str, msgspec.Meta(pattern=r"^[a-z_][a-z0-9_.-]{0,80}$")]
KeyNames = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]


class SettingsFile(msgspec.Struct):
    """The declared shape of the settings file; an unknown setting is reported and ignored."""

    lang: Annotated[str, msgspec.Meta(max_length=10)] | None = None
    keys: Annotated[dict[BindingId, KeyNames], msgspec.Meta(max_length=500)] = {}


@dataclass(frozen=True)
class Settings:
    lang: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    problem: str = ""  # why the file was ignored, shown once at start


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        raw = parse_json(path.read_bytes())
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        return Settings(problem=f"{path}: {str(exc)[:200]}")
    if not isinstance(raw, dict):
        return Settings(problem=f"{path}: not a JSON object")
    try:
        check(raw, SettingsFile)
    except SchemaProblem as exc:
        return Settings(problem=f"{path}: {exc}")
    unknown = set(raw) - {"lang", "keys"}
    problem = f"{path}: unknown settings {', '.join(sorted(unknown))[:200]} ignored" if unknown else ""
    return Settings(lang=raw.get("lang"), keys=dict(raw.get("keys", {})), problem=problem)
