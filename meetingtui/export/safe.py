"""File names that are safe on Windows, macOS and Linux.

A name keeps Vietnamese letters (NFC) but loses what any of the three systems refuses:
``<>:"/\\|?*``, control characters, trailing dots and spaces, and the reserved device
names of Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with or without an extension). It is
at most :data:`MAX_NAME` characters (and :data:`MAX_BYTES` bytes). :func:`ascii_name` gives the same name folded to plain
ASCII, the default for files that travel by e-mail or USB stick.
"""

from __future__ import annotations

import re
import unicodedata

from ..domain.text import fold

MAX_NAME = 120
MAX_BYTES = 250  # Linux and macOS count bytes (255); a Vietnamese letter takes 2-3 in UTF-8
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$", re.IGNORECASE)


def safe_name(stem: str, ext: str = "", *, fallback: str = "tai-lieu") -> str:
    """``stem`` + ``ext`` as a file name every common system accepts."""
    ext = ext if not ext or ext.startswith(".") else "." + ext
    stem = unicodedata.normalize("NFC", stem)
    stem = _FORBIDDEN.sub(" ", stem)
    stem = " ".join(stem.split()).strip(" .")
    limit = MAX_NAME - len(ext)
    if len(stem) > limit:
        stem = stem[:limit].rstrip(" .")
    while len((stem + ext).encode("utf-8")) > MAX_BYTES:
        stem = stem[:-1].rstrip(" .")
    if not stem:
        stem = fallback
    if _RESERVED.match(stem.split(".")[0].strip()):
        stem = "_" + stem[: limit - 1]
    return stem + ext


def ascii_name(stem: str, ext: str = "", *, fallback: str = "tai-lieu") -> str:
    """The same name folded to ASCII: lower case, words joined by ``-``."""
    words = re.findall(r"[0-9a-z]+", fold(stem))
    return safe_name("-".join(words), ext, fallback=fallback)


def document_stem(kind_title: str, meeting_title: str, date: str) -> str:
    """``Nghị quyết - Sinh hoạt chi bộ định kỳ - 2026-11-20``."""
    return " - ".join(part for part in (kind_title[:1].upper() + kind_title[1:], meeting_title, date) if part)
