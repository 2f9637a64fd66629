"""Find members by name as the clerk types: diacritics optional, best match first.

Standard library only (no Textual). Matching works on words of the name; a query
is compared twice, folded (:func:`meetingtui.text.fold`: lower case, no diacritics,
đ -> d) and "accented" (NFC, lower case, diacritics kept).

Rank tiers, best (0) first, decided on the folded forms except tier 0:

0. the query equals the whole name, case-insensitive, diacritics included (both
   NFC-normalised, so a query typed in NFD still matches exactly);
1. the folded query equals the whole folded name;
2. the folded query equals the folded given name (the last word), since Vietnamese
   people are called by it: "huong" finds "Trần Thị Hường" here;
3. each query word is a prefix of successive name words, in order, starting at any
   word: "nguyen thi h", "thi huong", "huo";
4. the query has no spaces, at least two letters, and is the initials of the first
   words of the name (or of all of them): "nth", "nt";
5. the folded query is a substring of the folded name anywhere: "uong".

Within a tier, a match whose diacritics agree with the name's comes first: the same
tier test passes on the accented forms too ("Hương" puts "Lê Thị Hương" before
"Lê Thị Hường"; "d" puts "Dũng" before "Đặng"). Remaining ties keep input order.
An empty query matches every name at tier 5.

A caller may name ``preferred`` keys (the members present, when the clerk gives the floor):
they come before the others, but a match at the start of a word (tiers 0-4) always comes
before a match inside a word (tier 5), so "huong" never puts "Đỗ Thị Lan Phương" above an
absent "Đặng Thị Hường".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Sequence
from typing import TypeVar

from .people import Member
from .text import fold

K = TypeVar("K")

EXACT, FOLDED, GIVEN_NAME, WORD_PREFIX, INITIALS, SUBSTRING = range(6)


def _accented(text: str) -> str:
    """NFC, lower case, single spaces: the query/name with its diacritics kept."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _tier(query: str, name: str) -> int | None:
    """Tiers 1-5 for two strings already in the same normal form (folded or accented)."""
    if not query:
        return SUBSTRING
    if query == name:
        return FOLDED
    name_words = name.split()
    if name_words and query == name_words[-1]:
        return GIVEN_NAME
    query_words = query.split()
    span = len(query_words)
    for start in range(len(name_words) - span + 1):
        if all(name_words[start + i].startswith(q) for i, q in enumerate(query_words)):
            return WORD_PREFIX
    if (
        span == 1
        and len(query) >= 2
        and query.isalpha()
        and "".join(word[0] for word in name_words).startswith(query)
    ):
        return INITIALS
    if query in name:
        return SUBSTRING
    return None


def _key(folded_query: str, accented_query: str, name: str) -> tuple[int, int] | None:
    """(tier, 0 if the diacritics agree else 1), or None when there is no match."""
    accented_name = _accented(name)
    if accented_query and accented_query == accented_name:
        return (EXACT, 0)
    tier = _tier(folded_query, fold(name))
    if tier is None:
        return None
    return (tier, 0 if _tier(accented_query, accented_name) == tier else 1)


def match_rank(query: str, name: str) -> int | None:
    """None when `query` does not match `name`; otherwise a rank, lower is better."""
    key = _key(fold(query), _accented(query), name)
    return None if key is None else key[0]


def search(
    query: str,
    candidates: Iterable[tuple[K, str]],
    limit: int | None = None,
    *,
    preferred: Collection[K] = (),
) -> list[K]:
    """Keys of candidates whose name matches, best first; ties keep the input order (stable).
    An empty or whitespace-only query returns all keys in input order (``preferred`` first).

    Order: word-start matches before mid-word ones, then ``preferred`` keys before the
    others, then the tier, then agreeing diacritics, then input order.
    `limit`, when given, caps the number of keys returned (also for an empty query).
    """
    ranked: list[tuple[tuple[bool, bool, int, int], int, K]] = []
    if not query.strip():
        for index, (key, _name) in enumerate(candidates):
            ranked.append(((False, key not in preferred, 0, 0), index, key))
    else:
        folded_query, accented_query = fold(query), _accented(query)
        for index, (key, name) in enumerate(candidates):
            rank = _key(folded_query, accented_query, name)
            if rank is not None:
                tier, accents = rank
                ranked.append(((tier == SUBSTRING, key not in preferred, tier, accents), index, key))
    ranked.sort(key=lambda item: (item[0], item[1]))
    keys = [key for _, _, key in ranked]
    return keys if limit is None else keys[: max(limit, 0)]


def find_members(members: Sequence[Member], query: str) -> list[Member]:
    """The member the query names, or every candidate when it is ambiguous.

    A member id ("m006") names that member; so does a whole name (tiers 0 and 1: "Lò Thị
    Mai", "lo thi mai"). Otherwise every member matched at the start of a word is a candidate
    (tiers 2-4: "lo" offers Tẩn Láo Lở, Lò Thị Mai and Phan Văn Lộc; "ha" offers Hoàng Thị
    Thu Hà and Hà Văn Sơn), best first; only when there is none, the mid-word matches.
    Empty when nobody matches.
    """
    query = query.strip()
    by_id = {m.id: m for m in members}
    if query in by_id:
        return [by_id[query]]
    keys = search(query, [(m.id, m.name) for m in members]) if query else []
    if not keys:
        return []
    ranks = {k: match_rank(query, by_id[k].name) for k in keys}
    best = ranks[keys[0]]
    assert best is not None
    if best <= FOLDED:
        return [by_id[k] for k in keys if ranks[k] == best]
    if best < SUBSTRING:
        return [by_id[k] for k in keys if (ranks[k] or 0) < SUBSTRING]
    return [by_id[k] for k in keys]
