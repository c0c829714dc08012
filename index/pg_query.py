"""tsquery text for the PostgreSQL search backend: pure functions over index.textquery's analysis.

Lexemes are quoted for tsquery input, which takes them as they are (no parser, no
dictionary): the documents' lexemes were made by the database from the same words
(index/pg_backend.py: folded words, pairs "_a0b", words with diacritics as written).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from index.textquery import PAIR_SEPARATOR, PHRASE_WEIGHT, TextQuery, pairs

PAIR_PREFIX = "_"  # pair lexemes "_nguyen0van": a word is letters and digits, never "_"


def lexeme(term: str) -> str:
    """One lexeme, quoted for tsquery input (taken as it is: no parser, no dictionary)."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def pair_lexeme(pair: str) -> str:
    return lexeme(PAIR_PREFIX + pair)


def _joined(terms: Iterable[str], operator: str) -> str:
    unique = list(dict.fromkeys(terms))
    return unique[0] if len(unique) == 1 else "(" + f" {operator} ".join(unique) + ")"


def all_of(terms: Iterable[str]) -> str:
    return _joined(terms, "&")


def any_of(terms: Iterable[str]) -> str:
    return _joined(terms, "|")


@dataclass(frozen=True)
class Plan:
    match: str  # tsquery every hit satisfies
    clauses: tuple[tuple[str, int], ...]  # (tsquery, weight): the score is the sum of those satisfied


def exact_plan(text: TextQuery) -> Plan:
    match = all_of(lexeme(t) for t in text.tokens)
    clauses = [(lexeme(m), 1) for m in text.marked]
    if text.has_phrase:
        clauses.append((all_of(pair_lexeme(p) for p in text.pairs), PHRASE_WEIGHT))
    return Plan(match, tuple(clauses))


def fuzzy_plan(text: TextQuery, known: set[str], variants_of: Callable[[str], list[str]]) -> Plan | None:
    """Every word exactly but one, that one within an edit (see index.textquery)."""
    tokens = text.tokens
    ways, phrases = [], []
    for i, token in enumerate(tokens):
        if not text.fuzzy(token) or not all(t in known for j, t in enumerate(tokens) if j != i):
            continue  # another word is missing too: two errors are not looked for
        variants = variants_of(token)
        if not variants:
            continue
        others = [lexeme(t) for j, t in enumerate(tokens) if j != i]
        ways.append(all_of([*others, any_of(lexeme(v) for v in variants)]))
        if text.has_phrase:
            phrases.append(_misread_pairs(tokens, i, variants))
    if not ways:
        return None
    clauses = [(lexeme(t), 1) for t in text.distinct]
    if phrases:
        clauses.append((any_of(phrases), PHRASE_WEIGHT))
    return Plan(any_of(ways), tuple(clauses))


def _misread_pairs(tokens: tuple[str, ...], i: int, variants: list[str]) -> str:
    """The query's pairs, those around word i with some reading of it (each on its own)."""
    parts = [pair_lexeme(p) for j, p in enumerate(pairs(tokens)) if j not in (i - 1, i)]
    if i > 0:
        parts.append(any_of(pair_lexeme(f"{tokens[i - 1]}{PAIR_SEPARATOR}{v}") for v in variants))
    if i + 1 < len(tokens):
        parts.append(any_of(pair_lexeme(f"{v}{PAIR_SEPARATOR}{tokens[i + 1]}") for v in variants))
    return all_of(parts)


def one_edit_patterns(token: str) -> list[str]:
    """LIKE patterns matching exactly the strings one OSA edit from `token` (itself included):
    a substitution or an insertion is a `_`, a deletion or a swap a plain string. Words hold
    letters and digits only, so no `%`, `_` or backslash needs escaping."""
    out = {token}
    for i in range(len(token) + 1):
        out.add(token[:i] + "_" + token[i:])
    for i in range(len(token)):
        out.add(token[:i] + "_" + token[i + 1 :])
        out.add(token[:i] + token[i + 1 :])
        if i + 1 < len(token):
            out.add(token[:i] + token[i + 1] + token[i] + token[i + 2 :])
    out.discard("")
    return sorted(out)
