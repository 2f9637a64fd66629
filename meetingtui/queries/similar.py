"""Whether a task repeats another, as a reader would see it (docs/DOMAIN.md, "The resolution").

Two task texts are compared after folding what a reader does not count: case and diacritics,
filler words, the verb that frames a task ("Hoàn thành …", "Đôn đốc …", "Tiếp tục …") and the
period it is for ("năm 2026", "tháng 9", "những tháng cuối năm"). What is left is scored with
rapidfuzz's ``token_set_ratio`` (word order ignored; a text that only adds words to another
scores 100), or with ``token_sort_ratio`` when both texts put words of their own in place of
the other's (a change of topic, not of wording). Two texts whose numbers differ on both sides
("Dự án 1" and "Dự án 3", 2025 and 2026; a period's numbers, "năm 2026", are compared apart
from the others, so "Dự án 1" and "Dự án 1 năm 2026" stay alike), whose names differ ("xã Bát
Xát" and "xã Mường Khương") or that are a "tổng kết" and a "sơ kết" are never repeats, however close their words.

:data:`THRESHOLD` was chosen from the pairs in ``tests/unit/test_similar.py``: every paraphrase
there scores at least 86, every distinct pair at most 85.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from ..domain.text import fold

THRESHOLD = 85.5  # a score (0-100) from which a task repeats another

_WORD = re.compile(r"\w+")
_FILLER = frozenset(
    [
        "các",
        "những",
        "của",
        "và",
        "đã",
        "sẽ",
        "đang",
        "việc",
        "trong",
        "với",
        "cho",
        "để",
        "là",
        "một",
        "này",
        "đó",
        "thì",
        "tại",
        "về",
        "theo",
        "ở",
    ]
)
_FRAMING = (  # verbs a task starts with, which a paraphrase swaps freely
    "hoan thanh", "don doc", "tiep tuc", "to chuc", "thuc hien", "trien khai", "day manh",
    "tang cuong", "chi dao", "lanh dao", "tap trung", "khan truong", "chu dong", "quyet liet",
)  # fmt: skip
_PERIOD = re.compile(
    r"\b(?:(?:nhung )?(?:thang|tuan) (?:cuoi|dau) nam|(?:cuoi|dau|giua) nam"
    r"|(?:nam|thang|quy|tuan) (?:\d+|[ivx]+)|\d+ thang)\b"
)
_CONTRASTS = (("tong ket", "so ket"),)  # words that make two tasks different in kind


# A draft is checked against every earlier task (ten years: ~500 texts), so each text's words
# and core are worked out once, not once per pair.
@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[tuple[str, str, bool], ...]:
    """(lower case, folded, written with a capital inside the text) for each word."""
    text = unicodedata.normalize("NFC", text)
    return tuple(
        (m[0].lower(), fold(m[0]), m.start() > 0 and m[0][:1].isupper()) for m in _WORD.finditer(text)
    )


@lru_cache(maxsize=8192)
def core(text: str) -> str:
    """What is compared: folded words, without fillers, the framing verb and the period."""
    kept = " ".join(folded for lower, folded, _ in _words(text) if lower not in _FILLER)
    changed = True
    while changed:
        changed = False
        for verb in _FRAMING:
            if kept.startswith(verb + " "):
                kept, changed = kept[len(verb) + 1 :], True
    return " ".join(_PERIOD.sub(" ", kept).split())


_PERIOD_WORDS = frozenset({"nam", "thang", "quy", "tuan", "ngay"})


def _numbers(words: tuple[tuple[str, str, bool], ...], *, period: bool) -> set[str]:
    """The numbers of a text that follow a period's word (``period``) or do not."""
    found = set()
    for i, (_, folded, _) in enumerate(words):
        if folded.isdigit() and (i > 0 and words[i - 1][1] in _PERIOD_WORDS) is period:
            found.add(folded)
    return found


def _distinct(a: str, b: str) -> bool:
    """Numbers, names or kinds that tell the two apart."""
    wa, wb = _words(a), _words(b)
    all_a, all_b = {f for _, f, _ in wa}, {f for _, f, _ in wb}
    for kind in (True, False):  # a period's numbers ("năm 2026") apart from the others ("Dự án 1")
        nums_a, nums_b = _numbers(wa, period=kind), _numbers(wb, period=kind)
        if nums_a - nums_b and nums_b - nums_a:
            return True
    names_a = {f for _, f, cap in wa if cap and not f.isdigit() and f not in all_b}
    names_b = {f for _, f, cap in wb if cap and not f.isdigit() and f not in all_a}
    if names_a and names_b:
        return True
    fa, fb = " ".join(fold(a).split()), " ".join(fold(b).split())
    return any(
        (x in fa and y in fb and y not in fa) or (y in fa and x in fb and x not in fa) for x, y in _CONTRASTS
    )


def similarity(a: str, b: str) -> float:
    """How far ``b`` repeats ``a``, 0-100 (see the module's notes)."""
    if _distinct(a, b):
        return 0.0
    ca, cb = core(a), core(b)
    if not ca or not cb:
        return 0.0
    wa, wb = ca.split(), cb.split()
    own_a = [w for w in wa if w not in wb]
    own_b = [w for w in wb if w not in wa]
    if len(own_a) >= 2 and len(own_b) >= 2:  # each puts words of its own: compare them whole
        return float(fuzz.token_sort_ratio(ca, cb))
    return float(fuzz.token_set_ratio(ca, cb))


def repeats(a: str, b: str) -> bool:
    """Whether one task text repeats the other."""
    return similarity(a, b) >= THRESHOLD
