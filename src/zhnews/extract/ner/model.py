"""The trained entity model: a linear-chain CRF decoded with numpy.

The model is trained with CRFsuite (``scripts/train_ner.py``) and exported to a compact
``.npz``: sorted feature keys, one weight row per key and label, and the label transition
matrix. Decoding needs no CRFsuite: emissions are a gather-and-sum over the feature keys of
:mod:`zhnews.extract.ner.features`, and Viterbi runs over all sentences of a batch at once.
A key finds its weight row in a dense table of its template (characters, classes, word ids,
distance buckets: built from the keys at load) or, for n-grams and word pairs, in a hash table.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zhnews.extract.ner.features import TEMPLATE_BITS, Batch, Featurizer, Windows

MODEL_FILE = Path(__file__).with_name("ner_model.npz")


@dataclass(frozen=True, slots=True)
class Chunk:
    """An entity span found in one sentence: label type, start, end (exclusive), mean margin."""

    sentence: int
    label: str
    start: int
    end: int


class CrfModel:
    """Weights of a linear-chain CRF over BIO labels, with a batched Viterbi decoder."""

    def __init__(
        self,
        labels: Sequence[str],
        keys: np.ndarray,
        weights: np.ndarray,
        transitions: np.ndarray,
        vocab: dict[str, int],
        table: KeyTable | Callable[[], KeyTable] | None = None,
        templates: Sequence[str] | None = None,
    ) -> None:
        self.labels = list(labels)
        self.keys = keys
        self.weights = weights
        self.transitions = transitions
        self._table = table
        self.featurizer = Featurizer(vocab, templates)
        self.vocab = vocab
        self._types = sorted({lab[2:] for lab in self.labels if lab != "O"})
        self._kind = np.array([self._types.index(lab[2:]) if lab != "O" else -1 for lab in self.labels])
        self._is_inside = np.array([lab.startswith("I-") for lab in self.labels])
        self._dense = _dense_lookups(keys, self.featurizer.active)
        self._windowed = _window_lookups(keys, self.featurizer.active, self._dense)

    @property
    def table(self) -> KeyTable:
        """Feature key -> weight row for every key, made (or read) on first use: decoding needs
        it only for templates with neither a dense table nor a shared source (none shipped)."""
        if not isinstance(self._table, KeyTable):
            self._table = self._table() if self._table is not None else KeyTable(self.keys)
        return self._table

    # -- persistence ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> CrfModel:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            n_keys, n_labels = len(data["keys"]), len(meta["labels"])
            weights = np.zeros((n_keys + 1, n_labels), dtype=np.float32)  # last row: unknown key
            weights[data["w_row"], data["w_col"]] = data["w_val"].astype(np.float32)
            return cls(
                labels=meta["labels"],
                keys=data["keys"].astype(np.int64),
                weights=weights,
                transitions=data["transitions"].astype(np.float32),
                vocab={word: i for i, word in enumerate(meta["vocab"], start=2)},
                table=functools.partial(_saved_table, path),
                templates=meta["templates"],
            )

    def save(self, path: Path) -> None:
        rows, cols = np.nonzero(self.weights[: len(self.keys)])
        vocab = sorted(self.vocab, key=self.vocab.__getitem__)
        meta = {
            "labels": self.labels,
            "vocab": vocab,
            "templates": [Featurizer.TEMPLATES[i] for i in self.featurizer.active],
            "max_probe": self.table.max_probe,
        }
        np.savez_compressed(
            path,
            meta=np.array(json.dumps(meta, ensure_ascii=False)),
            keys=self.keys,
            w_row=rows.astype(np.int32),
            w_col=cols.astype(np.uint8),
            w_val=self.weights[rows, cols].astype(np.float16),
            transitions=self.transitions.astype(np.float32),
            slot_keys=self.table.slot_keys,
            slot_rows=self.table.slot_rows,
        )

    # -- inference -----------------------------------------------------------------------------
    def emissions(self, keys: np.ndarray) -> np.ndarray:
        """Per character and label, the sum of the weights of its features."""
        rows = self.table.rows(keys.ravel()).reshape(keys.shape)  # keys: (template, char)
        # (template, char, label) summed over templates: one gather, one contiguous reduction
        return np.take(self.weights, rows, axis=0).sum(axis=0)

    def _emissions_of(self, values: list[np.ndarray], windows: Windows) -> np.ndarray:
        """``emissions(keys)`` computed from the featurizer's values, at every position of the
        flat arrays (sentinels too: dropping them from 31 value arrays costs more than their
        rows): the same weight rows summed in the same order, found in dense tables, per
        template (value -> row) or per n-gram or word pair (its id -> row, after one hash
        lookup per source value), and only for what is left in the large hash table."""
        active = self.featurizer.active.tolist()
        n = len(values[0])
        rows = np.empty((len(active), n), dtype=np.int32)
        source_ids = {name: table.rows(windows.sources[name]) for name, table in self._windowed.tables.items()}
        for j, dense in self._windowed.dense.items():
            name, at = windows.at[active[j]]
            np.take(dense, source_ids[name][at], out=rows[j])
        hashed = [j for j, dense in enumerate(self._dense) if dense is None and j not in self._windowed.dense]
        if hashed:  # one probe of the hash table for all of them: its cost is per call
            keys = np.stack([values[active[j]] for j in hashed])
            keys <<= TEMPLATE_BITS
            keys |= self.featurizer.active[hashed, None]
            rows[hashed] = self.table.rows(keys.ravel()).reshape(keys.shape)
        index = np.empty(n, dtype=np.uint64)
        for j, dense in enumerate(self._dense):
            if dense is not None:
                # beyond the table (never seen in training; a negative value wraps to a huge
                # unsigned one): the last entry, the unknown key's row
                np.minimum(values[active[j]].view(np.uint64), len(dense) - 1, out=index)
                np.take(dense, index, out=rows[j])
        return np.take(self.weights, rows, axis=0).sum(axis=0)

    def viterbi(self, emissions: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best label id for every character; see :func:`viterbi`."""
        return viterbi(emissions, self.transitions, lengths)

    def tag(self, sentences: Sequence[str]) -> list[list[str]]:
        """BIO labels for each character of each sentence."""
        ids, _ = self._predict(sentences)
        result, pos = [], 0
        for sentence in sentences:
            result.append([self.labels[i] for i in ids[pos : pos + len(sentence)]])
            pos += len(sentence)
        return result

    def chunks(self, sentences: Sequence[str]) -> list[Chunk]:
        """Entity spans of every sentence, from the BIO labels (a stray I- starts a span)."""
        return self.decode(sentences)[0]

    def decode(self, sentences: Sequence[str]) -> tuple[list[Chunk], Batch]:
        """``chunks`` and the batch the sentences were laid out in (its codes serve lexicon lookups)."""
        ids, batch = self._predict(sentences)
        if not len(ids):
            return [], batch
        kind = self._kind[ids]  # entity type index per character, -1 for O
        inside = self._is_inside[ids]
        offsets = np.concatenate(([0], np.cumsum(batch.lengths)[:-1]))
        sentence_start = np.zeros(len(ids), dtype=bool)
        sentence_start[offsets] = True
        previous = np.concatenate(([-1], kind[:-1]))
        continues = inside & (previous == kind) & ~sentence_start
        starts = np.flatnonzero((kind >= 0) & ~continues)
        if not len(starts):
            return [], batch
        # a chunk runs until the next character that does not continue it
        breaks = np.flatnonzero(~continues)
        ends = np.append(breaks, len(ids))[np.searchsorted(breaks, starts, side="right")]
        sent_of = np.searchsorted(offsets, starts, side="right") - 1
        types = self._types
        chunks = [
            Chunk(sent, types[k], start - off, end - off)
            for sent, k, start, end, off in zip(
                sent_of.tolist(),
                kind[starts].tolist(),
                starts.tolist(),
                ends.tolist(),
                offsets[sent_of].tolist(),
                strict=True,
            )
        ]
        return chunks, batch

    def _predict(self, sentences: Sequence[str]) -> tuple[np.ndarray, Batch]:
        values, batch, windows = self.featurizer.values(sentences)
        emissions = self._emissions_of(values, windows)
        return _decode(emissions, self.transitions, batch.starts, batch.lengths), batch


# A template whose values stay below this finds its weight rows in a dense table (value -> row)
# instead of the hash table: character, class, word-id and bucket templates (~6 MB in all).
DENSE_LIMIT = 1 << 20


def _saved_table(path: Path) -> KeyTable:
    with np.load(path, allow_pickle=False) as data:
        max_probe = int(json.loads(str(data["meta"]))["max_probe"])
        return KeyTable.from_arrays(data["slot_keys"], data["slot_rows"], max_probe)


def _dense_lookups(keys: np.ndarray, active: np.ndarray) -> list[np.ndarray | None]:
    """Per active template, value -> weight row (``len(keys)``, the zero row, for an unknown
    value; also at the end, where out-of-range values are clipped to), or None for a template
    with values too large for a table."""
    template = keys & ((1 << TEMPLATE_BITS) - 1)
    value = keys >> TEMPLATE_BITS
    lookups: list[np.ndarray | None] = []
    for t in active.tolist():
        index = np.flatnonzero(template == t)
        top = int(value[index].max()) if len(index) else 0
        if top >= DENSE_LIMIT or (len(index) and value[index].min() < 0):
            lookups.append(None)
            continue
        dense = np.full(top + 2, len(keys), dtype=np.int32)
        dense[value[index]] = index
        lookups.append(dense)
    return lookups


@dataclass(frozen=True, slots=True)
class _WindowLookups:
    tables: dict[str, KeyTable]  # source -> (distinct value -> id), over the model's keys
    dense: dict[int, np.ndarray]  # active template index -> (id -> weight row)


def _window_lookups(keys: np.ndarray, active: np.ndarray, dense: list[np.ndarray | None]) -> _WindowLookups:
    """For templates read from a shared source (``Featurizer.WINDOWED``) and too large for a
    dense table of values: the distinct source values of their keys (a small hash table, one
    lookup per source value), and per template, id -> weight row (``len(keys)`` for none)."""
    template = keys & ((1 << TEMPLATE_BITS) - 1)
    value = keys >> TEMPLATE_BITS
    members: dict[str, list[int]] = {}
    for j, t in enumerate(active.tolist()):
        if dense[j] is None and t in Featurizer.WINDOWED:
            members.setdefault(Featurizer.WINDOWED[t], []).append(j)
    tables, per_template = {}, {}
    for name, js in members.items():
        mine = np.isin(template, active[js])
        distinct = np.unique(value[mine])
        tables[name] = KeyTable(distinct)  # its rows are ids into ``distinct``; len(distinct) for none
        for j in js:
            index = np.flatnonzero(template == active[j])
            rows = np.full(len(distinct) + 1, len(keys), dtype=np.int32)
            rows[np.searchsorted(distinct, value[index])] = index
            per_template[j] = rows
    return _WindowLookups(tables, per_template)


def viterbi(emissions: np.ndarray, transitions: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Best label sequence of each sentence, all sentences decoded side by side.

    ``emissions`` holds the sentences end to end (``lengths`` gives their sizes),
    ``transitions[a, b]`` scores label a followed by label b. Returns label ids, flat.
    """
    return _decode(emissions, transitions, np.cumsum(lengths) - lengths, lengths)


def _decode(emissions: np.ndarray, transitions: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """:func:`viterbi` for sentences at ``starts`` of ``emissions`` (with gaps between them);
    the labels come back end to end, without the gaps.

    The forward pass keeps only the best scores: its maximum runs over the outer axis of a
    (from, sentence, to) array, which numpy vectorizes (an argmax over a short last axis pays
    per row). Backpointers are found while stepping back, for the one label chosen at each
    step; they equal the forward argmax because they add the same two float32 numbers.
    """
    n_sent = len(lengths)
    out = np.zeros(int(lengths.sum()), dtype=np.int64)
    if n_sent == 0 or len(out) == 0:
        return out
    if lengths.min() == 0:
        raise ValueError("empty sentences cannot be decoded")
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    longest = int(lengths.max())
    n_labels = transitions.shape[0]
    order = np.argsort(-lengths, kind="stable")  # longest first: active sentences are a prefix
    lens_sorted = lengths[order]
    # time-major layout: character t of the i-th longest sentence at score[t, i]
    column = np.repeat(np.arange(n_sent), lens_sorted)
    step = np.arange(len(out)) - np.repeat(np.cumsum(lens_sorted) - lens_sorted, lens_sorted)
    score = np.zeros((longest, n_sent, n_labels), dtype=emissions.dtype)
    score[step, column] = emissions[np.repeat(starts[order], lens_sorted) + step]
    # active[t]: how many sentences are longer than t (they are the first ones, longest first)
    active = np.searchsorted(-lens_sorted, -np.arange(longest + 1), side="left").tolist()
    trans = transitions.astype(emissions.dtype, copy=False)
    trans_from = trans[:, None, :]
    cand = np.empty((n_labels, n_sent, n_labels), dtype=score.dtype)  # (from, sentence, to)
    best = np.empty((n_sent, n_labels), dtype=score.dtype)
    for t in range(1, longest):
        a = active[t]
        np.add(score[t - 1, :a].T[:, :, None], trans_from, out=cand[:, :a])
        np.maximum.reduce(cand[:, :a], axis=0, out=best[:a])
        np.add(best[:a], score[t, :a], out=score[t, :a])
    labels = score[lens_sorted - 1, np.arange(n_sent)].argmax(axis=1)
    path = np.empty((longest, n_sent), dtype=np.int64)
    path[longest - 1] = labels
    trans_to = np.ascontiguousarray(trans.T)
    for t in range(longest - 2, -1, -1):
        # sentences longer than t + 1 step back; those ending at t keep their final label
        cont = active[t + 1]
        labels[:cont] = (score[t, :cont] + trans_to[labels[:cont]]).argmax(axis=1)
        path[t] = labels
    out[np.repeat(offsets[order], lens_sorted) + step] = path[step, column]
    return out


_EMPTY = np.int64(-1)
_MIX = np.uint64(0x9E3779B97F4A7C15)


class KeyTable:
    """Feature key -> weight row, an open-addressing hash table probed with numpy.

    A binary search over a million keys costs ~20 cache misses per lookup; the table costs
    one or two. Unknown keys map to ``len(keys)``, the all-zero row of the weights.
    """

    def __init__(self, keys: np.ndarray) -> None:
        self.missing = len(keys)
        self.bits = max(4, int(np.ceil(np.log2(max(len(keys), 1) * 2))))
        self.mask = np.int64((1 << self.bits) - 1)
        self.slot_keys = np.full(1 << self.bits, _EMPTY, dtype=np.int64)
        self.slot_rows = np.full(1 << self.bits, self.missing, dtype=np.int32)
        home = self._home(keys)
        pending = np.arange(len(keys))
        probe = 0
        while len(pending):
            slot = (home[pending] + probe) & self.mask
            free = self.slot_keys[slot] == _EMPTY
            taken_slots, first = np.unique(slot[free], return_index=True)
            winners = pending[free][first]
            self.slot_keys[taken_slots] = keys[winners]
            self.slot_rows[taken_slots] = winners
            placed = np.zeros(len(keys), dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            probe += 1
        self.max_probe = probe

    @classmethod
    def from_arrays(cls, slot_keys: np.ndarray, slot_rows: np.ndarray, max_probe: int) -> KeyTable:
        """A table saved with the model (building one for a million keys takes seconds)."""
        table = cls.__new__(cls)
        table.bits = int(np.log2(len(slot_keys)))
        table.mask = np.int64(len(slot_keys) - 1)
        table.slot_keys = slot_keys.astype(np.int64)
        table.slot_rows = slot_rows.astype(np.int32)
        table.missing = int(slot_rows.max()) if len(slot_rows) else 0
        table.max_probe = max_probe
        return table

    def _home(self, keys: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            mixed = keys.astype(np.uint64) * _MIX
        return (mixed >> np.uint64(64 - self.bits)).astype(np.int64)

    def rows(self, keys: np.ndarray) -> np.ndarray:
        """The weight row of each key."""
        slot = self._home(keys)
        found = self.slot_keys[slot]
        hit = found == keys
        out = np.where(hit, self.slot_rows[slot], self.missing).astype(np.int32)
        pending = np.flatnonzero(~hit & (found != _EMPTY))  # collided on the first probe
        if not len(pending) or self.max_probe < 2:
            return out
        # all further probes of the few collided keys at once (a loop pays numpy's call costs
        # per probe): the first slot holding the key or empty decides, as probing one by one
        probes = (slot[pending, None] + np.arange(1, self.max_probe)) & self.mask
        found = self.slot_keys[probes]
        hit = found == keys[pending, None]
        first = (hit | (found == _EMPTY)).argmax(axis=1)
        took = hit[np.arange(len(pending)), first]
        out[pending[took]] = self.slot_rows[probes[np.arange(len(pending)), first][took]]
        return out
