"""Character features for the entity model, computed as integer keys with numpy.

A batch of sentences is laid end to end with a sentinel between them, so every window feature
(characters two to the left, the word before ...) is one shifted array operation over the
whole batch instead of Python work per character. Each feature is a 64-bit key
``(value << TEMPLATE_BITS) | template``; the model maps keys to weights per label.

Feature families: character n-grams in a five-character window, character classes, the
word the character sits in (rjieba segmentation: position, length, word identity, the words
around), and lexicon matches (places, job titles, organization suffixes, family names) with
the distance to the nearest title or organization suffix in the same clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import rjieba

from zhnews.extract.ner import gazetteer

TEMPLATE_BITS = 6
SENTINEL = 1  # between sentences; also stands before the first and after the last
MAX_CODE = 0xFFFF

# Character classes.
CLS_OTHER, CLS_HAN, CLS_LATIN, CLS_DIGIT, CLS_PUNCT, CLS_SPACE, CLS_SENTINEL, CLS_CNDIGIT = range(8)
_CN_DIGITS = "零〇一二三四五六七八九十百千万亿两"
_PUNCT = set("，。！？；：、“”‘’（）《》【】〔〕—…·,.!?;:'\"()[]<>-~/|_@#%&*+=")
_CLAUSE_BREAK = set("，。！？；：、,.!?;:\n")


@dataclass(frozen=True, slots=True)
class Batch:
    """Sentences laid end to end: ``starts[i]`` is where sentence i begins in the flat arrays."""

    codes: np.ndarray  # folded code points with sentinels, shape (n,)
    starts: np.ndarray  # start of each sentence in ``codes``
    lengths: np.ndarray  # length of each sentence


@dataclass(frozen=True, slots=True)
class Windows:
    """Template values that are one array read at several places: the character n-grams
    around a character, the word pairs around its word. ``sources[name]`` holds the values
    once; a template's values are ``sources[name][index]`` for ``(name, index) = at[template]``
    (a model looks each source value up once instead of once per template)."""

    sources: dict[str, np.ndarray]
    at: dict[int, tuple[str, slice | np.ndarray]]


def _fold_table() -> np.ndarray:
    """Code point -> folded code point: full-width ASCII to half-width, lower case, digits to 0."""
    table = np.arange(MAX_CODE + 1, dtype=np.int64)
    for code in range(0xFF01, 0xFF5F):
        table[code] = code - 0xFEE0
    table[0x3000] = ord(" ")
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
    for code in range(0xFF21, 0xFF3B):
        table[code] = code - 0xFEE0 + 32
    for code in list(range(ord("0"), ord("9") + 1)) + list(range(0xFF10, 0xFF1A)):
        table[code] = ord("0")
    table[SENTINEL] = SENTINEL
    return table


def _class_table(fold: np.ndarray) -> np.ndarray:
    table = np.full(MAX_CODE + 1, CLS_OTHER, dtype=np.int64)
    table[0x4E00:0xA000] = CLS_HAN
    table[0x3400:0x4DC0] = CLS_HAN
    for code in range(ord("a"), ord("z") + 1):
        table[code] = CLS_LATIN
    table[ord("0")] = CLS_DIGIT
    for ch in _CN_DIGITS:
        table[ord(ch)] = CLS_CNDIGIT
    for ch in _PUNCT:
        table[ord(ch)] = CLS_PUNCT
    for ch in " \t\n\r":
        table[ord(ch)] = CLS_SPACE
    table[SENTINEL] = CLS_SENTINEL
    return table[fold]


class Featurizer:
    """Turns sentences into a ``(n_templates, n_chars)`` matrix of feature keys.

    ``vocab`` maps frequent words to ids (0 = unknown); it is part of the trained model.
    """

    TEMPLATES = (
        "bias",
        "c-2", "c-1", "c0", "c+1", "c+2",
        "c-2c-1", "c-1c0", "c0c+1", "c+1c+2",
        "c-1c0c+1", "c-2c-1c0", "c0c+1c+2",
        "cls-2..+2",
        "wpos.wlen", "word.wpos", "word-1", "word+1", "word-1.word", "word.word+1",
        "place.bie", "place.bie.c0",
        "title.after", "title.before", "title.bie",
        "org.dist", "org.dist.c0", "orgend.bie",
        "surname.wstart.len", "name.shape",
        "c0.wpos",
        "c-3", "c+3", "c-1c+1", "word-2", "word+2",
    )  # fmt: skip

    # templates whose values are read from a shared source (see Windows)
    WINDOWED = {6: "bigram", 7: "bigram", 8: "bigram", 9: "bigram", 10: "trigram", 11: "trigram", 12: "trigram",
                18: "word pair", 19: "word pair"}  # fmt: skip

    def __init__(self, vocab: dict[str, int], templates: Sequence[str] | None = None) -> None:
        self.vocab = vocab
        names = self.TEMPLATES if templates is None else tuple(templates)
        self.active = np.array([self.TEMPLATES.index(name) for name in names], dtype=np.int64)
        self.fold = _fold_table()
        self.classes = _class_table(np.arange(MAX_CODE + 1))
        self.surname_table = np.zeros(MAX_CODE + 1, dtype=np.int64)
        for name in gazetteer.surnames():
            if len(name) == 1:
                self.surname_table[ord(name)] = 1
        suffixes = gazetteer.org_suffixes()
        self.org_single_table = np.zeros(MAX_CODE + 1, dtype=bool)
        for suffix in suffixes:
            if len(suffix) == 1:
                self.org_single_table[ord(suffix)] = True
        self.places = LexiconMatcher(gazetteer.place_names("town"), self.fold)
        self.titles = LexiconMatcher(gazetteer.titles(), self.fold)
        self.org_multi = LexiconMatcher([s for s in suffixes if len(s) >= 2], self.fold)

    # -- layout -------------------------------------------------------------------------
    def batch(self, sentences: Sequence[str]) -> tuple[Batch, str]:
        """Lay sentences end to end; returns the batch and the flat text (sentinel = \\x01)."""
        joined = "\x01".join(sentences)
        if joined.count("\x01") != len(sentences) - 1:  # the sentinel inside a sentence: blank it
            joined = "\x01".join(sentence.replace("\x01", " ") for sentence in sentences)
        flat = "\x01" + joined + "\x01"
        raw = np.frombuffer(flat.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        raw = np.minimum(raw, MAX_CODE)
        codes = self.fold[raw]
        lengths = np.fromiter((len(s) for s in sentences), dtype=np.int64, count=len(sentences))
        starts = np.cumsum(lengths + 1) - lengths
        return Batch(codes=codes, starts=starts, lengths=lengths), flat

    # -- features -------------------------------------------------------------------------
    def keys(self, sentences: Sequence[str]) -> tuple[np.ndarray, Batch]:
        """Feature keys, shape ``(n_templates, n_chars)``, for every character of every sentence."""
        cols, batch, _ = self.values(sentences)
        keys = np.stack([cols[i] for i in self.active], axis=0)
        keys <<= TEMPLATE_BITS
        keys |= self.active[:, None]
        return keys[:, self.characters(batch)], batch

    @staticmethod
    def characters(batch: Batch) -> np.ndarray:
        """Positions of the sentences' characters in the flat arrays (the sentinels left out)."""
        return np.flatnonzero(batch.codes != SENTINEL)

    def values(self, sentences: Sequence[str]) -> tuple[list[np.ndarray], Batch, Windows]:
        """Each template's feature value (the key without its template bits), in ``TEMPLATES``
        order, at every position of the flat arrays, sentinels included; and the sources the
        n-gram and word-pair values are read from."""
        batch, flat = self.batch(sentences)
        codes = batch.codes
        n = len(codes)
        pad = np.concatenate(([SENTINEL] * 3, codes, [SENTINEL] * 3))
        wide = [pad[k : k + n] for k in range(7)]
        c = wide[1:6]  # c[2] is the character itself
        cls = self.classes[pad]
        cl = [cls[k + 1 : k + 1 + n] for k in range(5)]

        word_pos, word_len, word_id, prev_id, next_id, prev2_id, next2_id, word_of, pair = self._words(flat, n)
        bigram = (pad[:-1] << 16) | pad[1:]  # bigram[k]: pad[k], pad[k + 1]
        trigram = (pad[:-2] << 32) | (pad[1:-1] << 16) | pad[2:]
        after_word = word_of + 1
        place_bie = self.places.greedy_bie(codes)
        title_bie = self.titles.greedy_bie(codes)
        clause = np.cumsum(_CLAUSE_TABLE[codes])
        word_end = (word_pos == 3) | (word_pos == 4)
        org_end = word_end & ((self.org_single_table[codes] & (word_len >= 2)) | self.org_multi.ends(codes))
        idx = np.arange(n)
        title_end = (title_bie == 3) | (title_bie == 4)
        title_start = (title_bie == 1) | (title_bie == 4)
        after_title = _bucket(idx - _last_true(title_end, clause, shift=1), (1, 2, 3, 4, 5))
        before_title = _bucket(_next_true(title_start, clause, shift=1) - idx, (1, 2, 3, 4))
        org_dist = _bucket(_next_true(org_end, clause, shift=0) - idx, (0, 1, 2, 3, 4, 6, 9, 14, 20))
        org_bie = np.where(org_end, 1, 0)

        is_surname = self.surname_table[codes]
        word_start = (word_pos == 1) | (word_pos == 4)
        surname_feat = np.where(is_surname.astype(bool) & word_start, 1 + np.minimum(word_len, 4), 0)
        name_shape = np.where(word_start, is_surname * 16 + cl[1] * 4 + np.minimum(word_len, 3), 0)

        cols = [
            np.zeros(n, dtype=np.int64),
            c[0], c[1], c[2], c[3], c[4],
            bigram[1 : n + 1], bigram[2 : n + 2], bigram[3 : n + 3], bigram[4 : n + 4],  # c-2c-1 ... c+1c+2
            trigram[2 : n + 2], trigram[1 : n + 1], trigram[3 : n + 3],  # c-1c0c+1, c-2c-1c0, c0c+1c+2
            (cl[0] << 12) | (cl[1] << 9) | (cl[2] << 6) | (cl[3] << 3) | cl[4],
            word_pos * 8 + np.minimum(word_len, 7),
            word_id * 8 + word_pos,
            prev_id, next_id,
            pair[word_of], pair[after_word],  # (prev_id << 24) | word_id, (word_id << 24) | next_id
            place_bie, (place_bie << 16) | c[2],
            after_title, before_title, title_bie,
            org_dist, (org_dist << 16) | c[2], org_bie * 8 + word_pos,
            surname_feat, name_shape,
            (c[2] << 3) | word_pos,
            wide[0], wide[6], (c[1] << 16) | c[3], prev2_id, next2_id,
        ]  # fmt: skip
        windows = Windows(
            sources={"bigram": bigram, "trigram": trigram, "word pair": pair},
            at={6: ("bigram", slice(1, n + 1)), 7: ("bigram", slice(2, n + 2)), 8: ("bigram", slice(3, n + 3)),
                9: ("bigram", slice(4, n + 4)), 10: ("trigram", slice(2, n + 2)), 11: ("trigram", slice(1, n + 1)),
                12: ("trigram", slice(3, n + 3)), 18: ("word pair", word_of), 19: ("word pair", after_word)},
        )  # fmt: skip
        return cols, batch, windows

    def _words(self, flat: str, n: int) -> tuple[np.ndarray, ...]:
        """Per character: position in word (1 B, 2 M, 3 E, 4 S), word length, word id, neighbours'
        ids; then the word of each character and, per word w, ``(id of w - 1) << 24 | id of w``
        (one more at the end: the last word and the sentinel id after it)."""
        words = rjieba.cut(flat)
        lens = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        ids = np.fromiter(map(self.vocab.get, words, repeat(0)), dtype=np.int64, count=len(words))
        prev_ids = np.concatenate(([1], ids[:-1]))
        next_ids = np.concatenate((ids[1:], [1]))
        prev2_ids = np.concatenate(([1, 1], ids[:-2]))[: len(ids)]
        next2_ids = np.concatenate((ids[2:], [1, 1]))[-len(ids) :] if len(ids) else ids
        starts = np.cumsum(lens) - lens
        word_of = np.repeat(np.arange(len(words)), lens)
        offset = np.arange(n) - starts[word_of]
        wl = lens[word_of]
        pos = np.where(wl == 1, 4, np.where(offset == 0, 1, np.where(offset == wl - 1, 3, 2)))
        wo = word_of
        pair = (np.concatenate(([1], ids)) << 24) | np.concatenate((ids, [1]))
        return pos, wl, ids[wo], prev_ids[wo], next_ids[wo], prev2_ids[wo], next2_ids[wo], wo, pair


_MIX = np.uint64(0x9E3779B97F4A7C15)


class LexiconMatcher:
    """Finds lexicon entries in a code array: a numpy filter on the first two characters, then
    a walk along each candidate in a dictionary of the entries' (folded) prefixes.

    The filter (a hashed bit table) lets through the few positions whose first two characters
    may begin an entry; the walk compares strings, so it alone decides, exactly. Most walks
    stop after a lookup or two: a few dictionary lookups per candidate cost less than a numpy
    pass per entry length (16 for places), whose call overheads dominate on a document.
    """

    _ENTRY, _LONGER = 1, 2  # an entry ends here; a longer entry continues

    def __init__(self, entries, fold: np.ndarray, within: LexiconMatcher | None = None) -> None:
        """``within``: a matcher of a larger lexicon holding all these entries; this one's
        dictionary then keys on its strings instead of copies (places: ~5 MB less)."""
        entries = [entry for entry in entries if len(entry) >= 2]
        if max(map(max, entries), default="\x00") > chr(MAX_CODE):  # rare: drop entries beyond the BMP
            entries = [entry for entry in entries if max(entry) <= chr(MAX_CODE)]
        self.longest_entry = max(map(len, entries), default=0)
        # entries and their prefixes, folded as the text is: prefix -> _ENTRY | _LONGER bits
        changed = np.flatnonzero(fold != np.arange(len(fold)))
        folding = dict(zip(changed.tolist(), fold[changed].tolist(), strict=True))
        folded_entries = {entry.translate(folding) for entry in entries}
        walk = dict.fromkeys(folded_entries, self._ENTRY)
        get = walk.get
        for folded in folded_entries:
            for k in range(2, len(folded)):
                prefix = folded[:k]
                walk[prefix] = get(prefix, 0) | self._LONGER
        if within is not None:
            shared = {key: state for key in within.walk if (state := walk.get(key))}
            if len(shared) == len(walk):
                walk = shared
        self.walk = walk
        bigrams = {(ord(folded[0]) << 16) | ord(folded[1]) for folded in folded_entries}
        # a flag per hashed first two characters, ~16 slots per entry: ~6% false candidates
        bits = max(10, (len(bigrams) * 16).bit_length())
        self.shift = np.uint64(64 - bits)
        self.bigram_bits = np.zeros(1 << bits, dtype=bool)
        with np.errstate(over="ignore"):
            self.bigram_bits[(np.array(sorted(bigrams), dtype=np.uint64) * _MIX) >> self.shift] = True

    def _candidates(self, codes: np.ndarray) -> list[int]:
        """Positions whose first two characters may begin some entry, in order: a superset
        (a hashed bit table of the entries' first two characters); the walk decides."""
        if len(codes) < 2 or not self.longest_entry:
            return []
        with np.errstate(over="ignore"):
            mixed = ((codes[:-1] << 16) | codes[1:]).astype(np.uint64) * _MIX
        return np.flatnonzero(self.bigram_bits[mixed >> self.shift]).tolist()

    def _lengths(self, text: str, i: int) -> list[int]:
        """Lengths of the entries that start at ``i`` of the folded ``text``, shortest first."""
        found = []
        get = self.walk.get
        end, stop = i + 2, min(i + self.longest_entry, len(text))
        while end <= stop:
            state = get(text[i:end], 0)
            if state & 1:  # _ENTRY
                found.append(end - i)
            if state < 2:  # no _LONGER
                break
            end += 1
        return found

    @staticmethod
    def _text(codes: np.ndarray) -> str:
        return codes.astype(np.uint32).tobytes().decode("utf-32-le")

    def longest(self, codes: np.ndarray) -> np.ndarray:
        """Length of the longest entry starting at each position (0 when none)."""
        out = np.zeros(len(codes), dtype=np.int64)
        text = self._text(codes)
        for i in self._candidates(codes):
            found = self._lengths(text, i)
            if found:
                out[i] = found[-1]
        return out

    def ends(self, codes: np.ndarray) -> np.ndarray:
        """Whether some entry ends at each position."""
        out = np.zeros(len(codes), dtype=bool)
        text = self._text(codes)
        get, longest, n = self.walk.get, self.longest_entry, len(text)
        ends = []
        for i in self._candidates(codes):  # _lengths written out: this loop is hot
            end, stop = i + 2, min(i + longest, n)
            while end <= stop:
                state = get(text[i:end], 0)
                if state & 1:
                    ends.append(end - 1)
                if state < 2:
                    break
                end += 1
        out[ends] = True
        return out

    def greedy(self, codes: np.ndarray) -> tuple[list[int], list[int]]:
        """Greedy longest matches from the left: their starts and lengths."""
        text = self._text(codes)
        get, longest, n = self.walk.get, self.longest_entry, len(text)
        begins, sizes = [], []
        free = 0
        for i in self._candidates(codes):  # _lengths written out: this loop is hot
            if i < free:
                continue
            size = 0
            end, stop = i + 2, min(i + longest, n)
            while end <= stop:
                state = get(text[i:end], 0)
                if state & 1:
                    size = end - i
                if state < 2:
                    break
                end += 1
            if size:
                begins.append(i)
                sizes.append(size)
                free = i + size
        return begins, sizes

    def greedy_bie(self, codes: np.ndarray) -> np.ndarray:
        """Greedy longest matches from the left: 1 begin, 2 inside, 3 end, 0 none."""
        begins, sizes = self.greedy(codes)
        out = np.zeros(len(codes), dtype=np.int64)
        if begins:
            starts = np.array(begins)
            lengths = np.array(sizes)
            out[np.repeat(starts, lengths) + _ranges(lengths)] = 2
            out[starts] = 1
            out[starts + lengths - 1] = 3
        return out


def _ranges(lengths: np.ndarray) -> np.ndarray:
    """0, 1, ..., n-1 for each n of ``lengths``, laid end to end."""
    return np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)


_CLAUSE_TABLE = np.zeros(MAX_CODE + 1, dtype=bool)  # code -> whether it breaks a clause
_CLAUSE_TABLE[[ord(ch) for ch in _CLAUSE_BREAK] + [SENTINEL]] = True


def _last_true(flags: np.ndarray, clause: np.ndarray, shift: int) -> np.ndarray:
    """Index of the last True at or before ``i - shift`` in the same clause, or -10**6."""
    idx = np.where(flags, np.arange(len(flags)), -(10**6))
    last = np.maximum.accumulate(idx)
    if shift:
        last = np.concatenate((np.full(shift, -(10**6)), last[:-shift]))
    same = (last >= 0) & (clause[np.maximum(last, 0)] == clause)
    return np.where(same, last, -(10**6))


def _next_true(flags: np.ndarray, clause: np.ndarray, shift: int) -> np.ndarray:
    """Index of the next True at or after ``i + shift`` in the same clause, or 10**6."""
    n = len(flags)
    idx = np.where(flags, np.arange(n), 10**6)
    nxt = np.minimum.accumulate(idx[::-1])[::-1]
    if shift:
        nxt = np.concatenate((nxt[shift:], np.full(shift, 10**6)))
    same = (nxt < n) & (clause[np.minimum(nxt, n - 1)] == clause)
    return np.where(same, nxt, 10**6)


def _bucket(distance: np.ndarray, edges: tuple[int, ...]) -> np.ndarray:
    """Distance -> 1 + index of the first edge >= distance; 0 when beyond the last edge or absent."""
    edges_arr = np.asarray(edges)
    b = np.searchsorted(edges_arr, distance, side="left") + 1
    return np.where((distance >= 0) & (distance <= edges_arr[-1]), b, 0)
