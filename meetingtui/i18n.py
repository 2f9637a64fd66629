"""One catalog for every interface string: Vietnamese by default, English on request.

Documents (minutes, resolution) are always Vietnamese and do not use this catalog.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("vi", "en")
ENV_LANG = "MEETINGTUI_LANG"
_current = "vi"


@cache
def catalog(lang: str) -> dict[str, str]:
    """``locales/<lang>.json`` plus every ``locales/<lang>.<area>.json`` (one per feature area)."""
    folder = Path(__file__).with_name(
        "locales"
    )  # a folder of the package (importlib.resources: 3 ms more at every start)
    data: dict[str, str] = {}
    names = sorted(
        p.name for p in folder.iterdir() if p.name.startswith(f"{lang}.") and p.name.endswith(".json")
    )
    for name in names:
        part = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        overlap = data.keys() & part.keys()
        if overlap:
            raise RuntimeError(f"catalog keys defined twice in {name}: {sorted(overlap)[:5]}")
        data.update(part)
    return data


def resolve_language(flag: str | None = None, saved: str | None = None) -> str:
    for choice in (flag, os.environ.get(ENV_LANG), saved):
        if choice and choice.strip().lower() in LANGUAGES:
            return choice.strip().lower()
    return "vi"


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _current = lang


def language() -> str:
    return _current


class _Safe(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def t(key: str, /, **params: Any) -> str:
    """The string for ``key`` in the current language, with ``{params}`` filled in."""
    text = catalog(_current).get(key) or catalog("vi").get(key) or key
    return text.format_map(_Safe(params)) if params else text


def t_in(lang: str, key: str, /, **params: Any) -> str:
    """The string for ``key`` in ``lang`` whatever the interface language (documents are
    Vietnamese: a draft lists its warnings in Vietnamese)."""
    text = catalog(lang).get(key) or catalog("vi").get(key) or key
    return text.format_map(_Safe(params)) if params else text


def error_text(exc: Exception) -> str:
    """A user-facing message for a DomainError or StoreError."""
    key = getattr(exc, "key", None)
    if not key:
        return str(exc)
    params = dict(getattr(exc, "params", {}) or {})
    path = getattr(exc, "path", None)
    if path is not None:
        params.setdefault("path", str(path))
        params.setdefault("detail", getattr(exc, "detail", ""))
    return t(key, **params)
