"""The search semantics both backends implement, decided once here.

A text query matches a document when every folded query token is a token of the
document's folded title + text (diacritics dropped, đ -> d, lower case). Matches are
ordered by a small integer score, then newest first (received_at desc, id asc):

- +PHRASE_WEIGHT when every two adjacent query words are adjacent in the document too
  (word pairs: a name typed in full; the same as a phrase for two words and, for names,
  in practice for more);
- +1 for each distinct query token typed *with* diacritics that the document carries
  exactly so (a query typed "Nguyễn" prefers "NGUYỄN" over "NGUYEN" or "NGUYÊN").

The score is made of yes/no clauses on purpose: Elasticsearch computes it with
constant_score clauses and SQLite with FTS5 clause queries, so both give the same order
(BM25 values never agree between two engines).

When the exact query finds nothing, a fuzzy pass runs (an OCR error, a typo): the
document must carry every query word exactly but one, and that one within one edit
(optimal string alignment: a substitution, insertion, deletion or swap of two letters).
Only words of at least two letters and without digits are read with an error: an ID
number one digit off is another citizen. The fuzzy score is +PHRASE_WEIGHT when the
query's word pairs are in the document, those around the misread word each with some
reading of it within one edit, and +1 for each query word matched exactly.

Tokens are runs of letters and digits (no underscore): Python `[^\\W_]+`, FTS5
unicode61 and the Elasticsearch pattern tokenizer `[^\\p{L}\\p{N}]+` cut text alike. A
word pair is one token "<word>0<word>" in both backends (ES: a shingle filter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from index.models import SearchQuery, centre_timezone
from vntext import fold_char, nfc

PHRASE_WEIGHT = 100
MAX_TOKENS = 32  # a pasted paragraph is not a query; keep clause counts bounded
FUZZY_EDITS = 1
FUZZY_MAX_EXPANSIONS = 200  # terms one edit away: far fewer exist in practice
PAIR_SEPARATOR = "0"  # a pair token "nguyen0van": letters and digits only, one token everywhere

_TOKEN = re.compile(r"[^\W_]+")


class _FoldTable(dict):
    """str.translate table computed on demand from vntext.fold_char (one char -> one char)."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Same result as vntext.fold, at C speed: indexing a million documents folds a lot."""
    return nfc(text).translate(_FOLD_TABLE)


def words(text: str) -> list[str]:
    """Tokens of text that is already folded (or must be cut as it is)."""
    return _TOKEN.findall(text)


def folded_tokens(text: str) -> list[str]:
    """Tokens of `text` as the folded index sees them."""
    return _TOKEN.findall(fold(text))


def exact_tokens(text: str) -> list[str]:
    """Tokens of `text` as the unfolded (diacritics kept, lower case) index sees them."""
    return _TOKEN.findall(nfc(text).lower())


@dataclass(frozen=True)
class TextQuery:
    tokens: tuple[str, ...]  # folded, in query order
    marked: tuple[str, ...]  # distinct exact tokens that carry diacritics or đ

    @property
    def distinct(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.tokens))

    @property
    def has_phrase(self) -> bool:
        return len(self.tokens) >= 2

    def fuzzy(self, token: str) -> bool:
        return len(token) >= 2 and not any(ch.isdigit() for ch in token)

    @property
    def can_fuzz(self) -> bool:
        return any(self.fuzzy(t) for t in self.tokens)

    @property
    def pairs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(pairs(self.tokens)))


def pairs(tokens) -> list[str]:
    """Adjacent words as pair tokens: ["nguyen", "van", "an"] -> ["nguyen0van", "van0an"]."""
    return list(map(PAIR_SEPARATOR.join, zip(tokens, tokens[1:])))


def analyse(text: str | None) -> TextQuery:
    tokens = folded_tokens(text or "")[:MAX_TOKENS]
    exact = exact_tokens(text or "")[:MAX_TOKENS]
    marked = tuple(dict.fromkeys(t for t in exact if fold(t) != t))
    return TextQuery(tokens=tuple(tokens), marked=marked)


def utc_iso(moment: datetime) -> str:
    """The one timestamp format both backends store and compare (UTC, seconds)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def day_bounds(query: SearchQuery) -> tuple[datetime | None, datetime | None]:
    """The query's date range as UTC instants: days typed by people are centre days."""
    zone = centre_timezone()
    low = _at(query.received_from, time.min, zone)
    high = _at(query.received_to, time(23, 59, 59), zone)
    return low, high


def _at(day: date | None, clock: time, zone) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, clock, tzinfo=zone).astimezone(timezone.utc)


def osa_variants(token: str, alphabet: str) -> set[str]:
    """Every string one optimal-string-alignment edit from `token` (token included)."""
    out = {token}
    for i in range(len(token) + 1):
        out.update(token[:i] + ch + token[i:] for ch in alphabet)
    for i in range(len(token)):
        out.add(token[:i] + token[i + 1 :])
        out.update(token[:i] + ch + token[i + 1 :] for ch in alphabet)
        if i + 1 < len(token):
            out.add(token[:i] + token[i + 1] + token[i] + token[i + 2 :])
    out.discard("")
    return out
