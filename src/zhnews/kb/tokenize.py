"""Index tokens for Chinese full-text search: Han unigrams and bigrams, plus non-Han words.

SQLite's FTS5 default tokenizer treats a run of Han characters as one token and its trigram
tokenizer ignores terms shorter than three characters, so we index character n-grams made
here and give the database whitespace-separated tokens. Documents and queries go through the
same functions, so a 1-character query looks up a unigram, and a longer one is the phrase of
its bigrams (``人工智能`` -> ``人工 工智 智能``), which both SQLite FTS5 and PostgreSQL tsquery
match by position.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from zhnews.document import fast_pickle

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A run of Han characters, or a word of other letters/digits (no Han, no underscore).
PIECE = re.compile(rf"(?P<han>[{_HAN}]+)|(?P<word>[^\W_{_HAN}]+)")
# Stands between runs in the bigram stream so that a phrase never spans punctuation. It is a
# private-use character: FTS5's unicode61 treats it as a token character, and our tokenizer
# never emits private-use characters from text.
RUN_BREAK = "\ue000"
MAX_QUERY_CHARS = 200
# Filter tokens (private-use prefixes, so no text token equals one): the publisher, and the
# year and month of publication. Filters become part of the full-text query, which the index
# intersects in one pass, instead of a join that would visit every match.
PUBLISHER_TOKEN = "\ue001"
YEAR_TOKEN = "\ue002y"
MONTH_TOKEN = "\ue002m"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?")


@dataclass(frozen=True, slots=True)
class Piece:
    """One searchable piece of text: a Han run or a lower-cased word."""

    text: str
    han: bool


@fast_pickle  # travels back from every worker
@dataclass(frozen=True, slots=True)
class IndexTokens:
    """Index tokens of one document: the bigram streams of its title and body (positions
    matter: phrases), and the set of its distinct Han characters (presence only)."""

    title_bi: str
    body_bi: str
    chars: str
    meta: str = ""


def pieces(text: str) -> list[Piece]:
    """Split text into Han runs and words (lower-cased); punctuation and space separate."""
    out: list[Piece] = []
    for m in PIECE.finditer(text):
        han = m.group("han")
        out.append(Piece(han, True) if han else Piece(m.group("word").lower(), False))
    return out


def bigram_stream(text: str) -> list[str]:
    """Han bigrams (a lone Han character as itself) and words, in text order, with
    ``RUN_BREAK`` between runs."""
    out: list[str] = []
    for han, word in PIECE.findall(text):
        if out:
            out.append(RUN_BREAK)
        if len(han) > 1:
            out.extend(map(str.__add__, han[:-1], han[1:]))
        else:
            out.append(han or word.lower())
    return out


_HAN_CHAR = re.compile(f"[{_HAN}]")


def han_chars(*texts: str) -> str:
    """The distinct Han characters of ``texts``, space-separated (one-character search)."""
    return " ".join(_HAN_CHAR.findall("".join(set("".join(texts)))))


def index_tokens(
    title: str | None, text: str, *, published: str | None = None, publisher: str | None = None
) -> IndexTokens:
    """The tokens a document is indexed under: its clean text and title, and filter tokens."""
    return IndexTokens(
        " ".join(bigram_stream(title or "")), " ".join(bigram_stream(text)), han_chars(title or "", text),
        " ".join(meta_tokens(published, publisher)),
    )


def publisher_token(publisher: str) -> str:
    return PUBLISHER_TOKEN + hashlib.sha1(publisher.encode("utf-8")).hexdigest()[:16]


def meta_tokens(published: str | None, publisher: str | None) -> list[str]:
    """Filter tokens of a document: publisher, year and month published."""
    out = [publisher_token(publisher)] if publisher else []
    m = _DATE.match(published or "")
    if m:
        out.append(YEAR_TOKEN + m[1])
        if m[2]:
            out.append(MONTH_TOKEN + m[1] + m[2])
    return out


def date_range_tokens(date_from: str | None, date_to: str | None, years: tuple[int, int]) -> list[str] | None:
    """Year/month tokens covering ``[date_from, date_to]`` (ISO prefixes; open ends bounded by
    ``years``, the stored publication years). Coarse: a day-level bound is applied afterwards.
    None means no restriction; an empty list means nothing can match."""
    if not date_from and not date_to:
        return None
    lo_m = _DATE.match(date_from or "")
    hi_m = _DATE.match(date_to or "")
    lo = (int(lo_m[1]), int(lo_m[2] or 1)) if lo_m else (years[0], 1)
    hi = (int(hi_m[1]), int(hi_m[2] or 12)) if hi_m else (years[1], 12)
    lo = max(lo, (years[0], 1))
    hi = min(hi, (years[1], 12))
    tokens: list[str] = []
    for year in range(lo[0], hi[0] + 1):
        first = lo[1] if year == lo[0] else 1
        last = hi[1] if year == hi[0] else 12
        if first == 1 and last == 12:
            tokens.append(YEAR_TOKEN + str(year))
        else:
            tokens.extend(f"{MONTH_TOKEN}{year}{month:02d}" for month in range(first, last + 1))
    return tokens


@lru_cache(maxsize=1)
def _opencc_t2s():  # noqa: ANN202 - opencc has no type stubs
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified, through the cleaning stage's converter when it exists."""
    try:
        from zhnews.clean.script import to_simplified as clean_to_simplified  # type: ignore[attr-defined]
    except ImportError:
        return _opencc_t2s().convert(text)
    return clean_to_simplified(text)


def normalize_query(query: str) -> str:
    """NFKC (full-width letters to ASCII), Simplified script, bounded length."""
    query = unicodedata.normalize("NFKC", query)[: MAX_QUERY_CHARS * 4]
    return to_simplified(query)[:MAX_QUERY_CHARS]


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One term a hit must contain: its text, and its index tokens (``uni`` or ``bi`` stream)."""

    text: str
    stream: str  # "uni" for a single Han character (looked up in the character set), "bi" otherwise
    tokens: tuple[str, ...]


def query_groups(query: str) -> list[list[QueryTerm]]:
    """Parse a user query: whitespace-separated chunks are ANDed, a bare ``OR`` separates
    alternatives. Nothing else is syntax: quotes, operators and brackets are just separators,
    so no user string can break the database query."""
    groups: list[list[QueryTerm]] = [[]]
    for chunk in normalize_query(query).split():
        if chunk == "OR":
            groups.append([])
            continue
        for piece in pieces(chunk):
            if piece.han and len(piece.text) == 1:
                term = QueryTerm(piece.text, "uni", (piece.text,))
            elif piece.han:
                run = piece.text
                term = QueryTerm(run, "bi", tuple(run[i : i + 2] for i in range(len(run) - 1)))
            else:
                term = QueryTerm(piece.text, "bi", (piece.text,))
            if term not in groups[-1]:
                groups[-1].append(term)
    return [g for g in groups if g]


def fts5_phrases(terms: list[QueryTerm], stream: str) -> str | None:
    """An FTS5 MATCH expression requiring every term of ``stream`` ("uni" or "bi"), or None.

    Tokens are quoted and hold no quotes: no user string can become FTS5 syntax."""
    parts = [f'"{" ".join(t.tokens)}"' for t in terms if t.stream == stream]
    return " AND ".join(parts) or None


def tsquery_expression(groups: list[list[QueryTerm]]) -> str:
    """A PostgreSQL tsquery literal (cast, not parsed: lexemes stay exactly our tokens)."""

    def lexeme(token: str) -> str:
        return "'" + token[:200].replace("\\", "\\\\").replace("'", "''") + "'"

    def term_expr(term: QueryTerm) -> str:
        return "(" + " <-> ".join(lexeme(t) for t in term.tokens) + ")"

    return " | ".join("(" + " & ".join(term_expr(t) for t in group) + ")" for group in groups)


def tsvector_literal(title: str | None, text: str) -> str:
    """A PostgreSQL tsvector literal of a document's tokens, with positions: title weighted A.

    Unigram ``i`` of a Han run and the bigram starting at it share a position, so phrase
    distances between bigrams stay 1; runs are two positions apart so phrases never span
    punctuation. PostgreSQL caps positions at 16383 and keeps at most 256 per lexeme.
    """
    positions: dict[str, list[str]] = {}
    pos = 1
    for part, weight in ((title or "", "A"), (text, "")):
        for piece in pieces(part):
            run = piece.text
            if piece.han:
                for i, ch in enumerate(run):
                    p = f"{min(pos + i, 16383)}{weight}"
                    positions.setdefault(ch, []).append(p)
                    if i + 1 < len(run):
                        positions.setdefault(run[i : i + 2], []).append(p)
                pos += len(run) + 1
            else:  # PostgreSQL refuses lexemes over 2047 bytes
                positions.setdefault(run[:200], []).append(f"{min(pos, 16383)}{weight}")
                pos += 2
    parts = []
    for tok, pos_list in positions.items():
        quoted = "'" + tok.replace("\\", "\\\\").replace("'", "''") + "'"
        parts.append(quoted + ":" + ",".join(pos_list[:256]))
    return " ".join(parts)
