"""The user's settings file: interface language and remapped keys. No Textual.

Location: ``meetingtui --help`` prints it (platformdirs' user config folder, e.g.
``~/.config/meetingtui/settings.json`` on Linux). Example::

    {"lang": "en", "keys": {"chair.next": "right", "chair.previous": "left"}}

``keys`` maps a binding id (listed in the help screen, F1) to a key or comma-separated keys.
A broken file is reported and ignored: the app starts with the defaults.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .paths import settings_path


@dataclass(frozen=True)
class Settings:
    lang: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    problem: str = ""  # why the file was ignored, shown once at start


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Settings(problem=f"{path}: {exc}")
    if not isinstance(raw, dict):
        return Settings(problem=f"{path}: not a JSON object")
    lang = raw.get("lang")
    keys = raw.get("keys", {})
    if lang is not None and not isinstance(lang, str):
        return Settings(problem=f"{path}: 'lang' must be a string")
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
    ):
        return Settings(problem=f"{path}: 'keys' must map binding ids to key names")
    unknown = set(raw) - {"lang", "keys"}
    problem = f"{path}: unknown settings {', '.join(sorted(unknown))} ignored" if unknown else ""
    return Settings(lang=lang, keys=dict(keys), problem=problem)
