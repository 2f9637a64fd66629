"""User text is data: normalise to NFC, strip control characters, fold for search.

Nothing here imports Textual. Every string a user types goes through :func:`clean`
before it is stored, so what is on disk is exactly what comes back in the exports.
"""

from __future__ import annotations

import re
import unicodedata

GAP = "…"  # a visible gap in a document or on screen: something the record does not hold yet

# ANSI CSI / OSC / other escape sequences, removed whole so their payload does not leak.
_ESCAPES = re.compile(
    r"""
    \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC ... BEL or ST
    | \x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)?  # 8-bit OSC
    | \x1b\[[0-?]*[ -/]*[@-~]            # CSI
    | \x9b[0-?]*[ -/]*[@-~]              # 8-bit CSI
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?      # DCS, SOS, PM, APC
    | \x1b[0-~]                          # other two-byte escapes (Fp, Fe, Fs: ESC 7, ESC c...)
    """,
    re.VERBOSE,
)
# C0 and C1 controls and DEL (except tab and newline, which multi-line text keeps), lone
# surrogates (cannot be stored as UTF-8), bidirectional overrides (make shown text differ
# from stored text) and Unicode's noncharacters (not for interchange: U+FFFE and U+FFFF cannot
# be in an XML document, and a summary holding one could not be exported to DOCX).
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069" + NONCHARACTERS + "]"
)
_SPACE_RUN = re.compile(r"[ \t]+")


def clean(text: str, *, multiline: bool = False) -> str:
    """Return ``text`` as it should be stored: NFC, no escapes or controls, trimmed.

    Single-line fields (names, reasons, titles) also fold runs of whitespace into one
    space; multi-line fields (summaries, notes) keep their line breaks.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if multiline:
        lines = [line.rstrip() for line in text.split("\n")]
        return "\n".join(lines).strip("\n").strip() if any(lines) else ""
    return _SPACE_RUN.sub(" ", text.replace("\n", " ")).strip()


def fold(text: str) -> str:
    """Lower-case ASCII-ish form for matching: "Nguyễn Thị Hường" -> "nguyen thi huong".

    Diacritics are dropped and đ/Đ become d, as a clerk typing without accents expects.
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


def identity(text: str) -> str:
    """The form in which two names are the same person's: NFC, case and spacing ignored,
    diacritics kept ("Nguyễn Thị Hường" and "Nguyễn Thị Hương" are two people). Folding
    (:func:`fold`) is for finding a member by what a clerk types, never for identity."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def sanitize(value: object) -> object:
    """Every string inside ``value`` (dicts, lists) made storable: NFC, no escapes or controls.

    Field-specific cleaning (single-line folding, trimming) is done by the rules that read
    the field; this pass guarantees nothing unsafe reaches the disk whatever the field.
    """
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return unicodedata.normalize("NFC", _CONTROLS.sub("", _ESCAPES.sub("", value)))
    if isinstance(value, dict):
        return {str(sanitize(k)): sanitize(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [sanitize(v) for v in value]
    return value


def printable(text: str) -> str:
    """``text`` safe to put on a terminal: escape sequences and control characters removed
    (line breaks and tabs kept). Every line the command line prints goes through it."""
    text = text.replace("\r\n", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text)).replace("\r", "")
