"""The word segmenter's CRF tagging done on numbers: the same tags and scores as underthesea's tagger.

underthesea_core's `CRFTagger.tag` takes each syllable's feature strings, looks each up among
its model's attributes, sums the weights of the known ones per label (B-W: a word begins, I-W:
it goes on), and runs Viterbi over those sums and the label transitions. Handing it the strings
costs more than the arithmetic: each syllable's list is assembled in Python (43 strings) and
each string hashed again in Rust. `NumericTagger` keeps, per n-gram of syllables, the row of
its templates' attribute numbers (`word_features.Featurizer` works out the strings, once per
n-gram, as before), gathers a sequence's rows and weights with numpy, and runs Viterbi in
Python.

Same to the last bit: the tagger adds a syllable's weights one by one in the order of its
feature strings (the templates' order), starting from 0.0; here `numpy.cumsum` adds them in
that same order (an unknown string, which the tagger skips, adds 0.0, which changes no sum),
and Viterbi makes the tagger's comparisons in its order, ties going to the lower label. The
weights are read from the CRFsuite file the tagger loads, as its loader keeps them (a state
weight of magnitude at most 1e-10 dropped; a file giving a state feature twice is not read). The tests
hold tags and best-path scores to the tagger's, exactly, on many sequences.

Entry points: `model_weights(path)` (None when the file is not of the layout read here),
`NumericTagger(featurizer, weights).tags(syllables)`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.stages.word_features import CACHE_LIMIT, Featurizer, check_safe, cqdb_strings, is_int32, padded_grams

# State weights of at most this magnitude are dropped by underthesea_core's loader (`set_state_weight`).
DROPPED_WEIGHT = 1e-10
# Sequences of at most this many tokens keep their `_positions` (43 numbers a token: 0.7 MB for all sizes).
MAX_KEPT_POSITIONS = 64
_SIGNS_AND_DIGITS = frozenset("+-0123456789")  # what a 32-bit integer (`T[0].isdigit`) starts with
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


@dataclass(frozen=True)
class ModelWeights:
    """A CRFsuite model's labels, attribute numbers, state weights and label transitions."""

    labels: list[str]
    attribute_ids: dict[str, int]  # attribute string -> its row in `state`
    state: np.ndarray  # (attributes + 1, labels) float64; the last row is all 0.0 (an unknown string)
    transitions: list[list[float]]  # transitions[from][to]


def model_weights(path: Path) -> ModelWeights | None:
    """The weights of the CRFsuite model file at `path`, as underthesea_core's loader keeps them,
    or None if the file is not of the layout read here (its header, a FEAT chunk of 20-byte
    features, and CQDB string tables whose records are numbered in order, as `model_attributes`
    checks)."""
    try:
        data = path.read_bytes()
        (magic, _, kind, _, _, n_labels, n_attrs, features_at, labels_at, attrs_at,
         _, _) = struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            return None
        labels, attributes = cqdb_strings(data, labels_at), cqdb_strings(data, attrs_at)
        chunk, _, n_features = struct.unpack_from("<4sII", data, features_at)
        if chunk != b"FEAT" or labels is None or attributes is None \
                or len(labels) != n_labels or len(attributes) != n_attrs:
            return None
        features = np.frombuffer(data, dtype=_FEATURE, count=n_features, offset=features_at + 12)
    except (OSError, struct.error, UnicodeDecodeError, ValueError):
        return None
    state = np.zeros((n_attrs + 1, n_labels), dtype=np.float64)
    transitions = [[0.0] * n_labels for _ in range(n_labels)]
    states = features[(features["type"] == 0) & (features["src"] < n_attrs) & (features["dst"] < n_labels)]
    cells = states["src"].astype(np.int64) * n_labels + states["dst"]
    ordered = np.sort(cells)  # sorted, a repeat is next to itself (np.unique takes ten times as long)
    if bool((ordered[1:] == ordered[:-1]).any()):
        return None  # a feature given twice: which weight the loader keeps is not read here
    state.ravel()[cells] = np.where(np.abs(states["weight"]) > DROPPED_WEIGHT, states["weight"], 0.0)
    for kind_of, source, target, weight in features[features["type"] == 1].tolist():
        if source < n_labels and target < n_labels:
            transitions[source][target] = weight  # in file order: a repeated one's last weight stays
    return ModelWeights(labels, {attribute: number for number, attribute in enumerate(attributes)},
                        state, transitions)


class NumericTagger:
    """`CRFTagger.tag(featurizer.process(syllables))` for a two-label model, on numbers.

    Each n-gram's record (`Featurizer._record`: its templates' strings) becomes a row of a
    table of attribute numbers, kept while the n-gram's cache holds it; a sequence is then a
    few numpy gathers and one running sum per syllable and label.
    """

    def __init__(self, featurizer: Featurizer, weights: ModelWeights):
        if len(weights.labels) != 2 or featurizer.known_values is None:
            raise ValueError("a two-label model with its attributes read is needed")
        self.featurizer, self.weights = featurizer, weights
        self.labels = weights.labels
        self.unknown = len(weights.attribute_ids)  # the row of zeros
        self.width = max(len(group) for group in featurizer.by_length.values())
        # per template, in template order: its n-gram length, where its rows start (counted from
        # the first row kept before the sequence) and its column in a record
        # (a template's index in its length's group, as `plan` gives it: its getter applied to 0, 1, ...)
        plan = [(length, shift, string_of(tuple(range(self.width)))) for length, shift, string_of in featurizer.plan]
        self.lengths = featurizer.lengths
        # A row holds a record's attribute numbers grouped by function (the templates of the text
        # as written, then of `.lower`, ...): one look-up of a value gives the numbers of all the
        # templates of its function (`T[-2]=Văn`, `T[-1]=Văn`, ... for `Văn`), worked out at the
        # first look-up of a value some template knows (`_numbers`; at most one per attribute).
        self.lookups: dict[int, list[tuple[str | None, dict[str, list[int]], list[dict[str, str]],
                                           set[str], list[int]]]] = {}
        column_of: dict[int, dict[int, int]] = {}  # per length: a template's index in its group -> its column
        for n, group in featurizer.by_length.items():
            by_function: dict[str | None, list[int]] = {}
            for index, (_, function) in enumerate(group):
                by_function.setdefault(function, []).append(index)
            column_of[n], self.lookups[n] = {}, []
            for function, indexes in by_function.items():
                for index in indexes:
                    column_of[n][index] = len(column_of[n])
                # each template's known values, to their attribute strings (the featurizer's own tables)
                templates = [featurizer.lookups[n][index][0] for index in indexes]
                self.lookups[n].append((function, {}, templates, set().union(*templates),
                                        [self.unknown] * len(indexes)))
        # per length: the values some template of the text and of its lower case knows (None: no
        # such template), and whether templates read isdigit, istitle, is_in_dict: what tells two
        # n-grams' rows apart (`_new_row` reads no more of an n-gram than this; `word_features`
        # admits templates of these functions only)
        self.key_plan: dict[int, tuple] = {}
        for n, lookups in self.lookups.items():
            known = {function: values_known for function, _, _, values_known, _ in lookups}
            self.key_plan[n] = (known.get(None), known.get("lower"), "isdigit" in known, "istitle" in known,
                                "is_in_dict" in known)
        self.shifts = np.array([shift for _, shift, _ in plan], dtype=np.intp)
        self.columns = np.array([column_of[length][index] for length, _, index in plan], dtype=np.intp)
        self.length_index = np.array([self.lengths.index(length) for length, _, _ in plan], dtype=np.intp)
        self._reset()

    def _reset(self) -> None:
        """Empty caches and table, but for each length's BOS and EOS records."""
        self.table = np.full((1024, self.width), self.unknown, dtype=np.int32)
        self.size = 0
        self.row_of: dict[tuple[int, ...], int] = {}  # a row's numbers -> the row holding them
        self.row_of_key: dict[int, dict[tuple, int]] = {n: {} for n in self.lengths}  # `_new_row`'s keys
        self.positions: dict[int, np.ndarray] = {}  # per sequence size: `_positions`
        self.caches: dict[int, dict] = {n: {} for n in self.lengths}
        self.bos = {n: self._row(self._numbers(n, {lookup[0]: "BOS" for lookup in self.lookups[n]}))
                    for n in self.lengths}
        self.eos = {n: self._row(self._numbers(n, {lookup[0]: "EOS" for lookup in self.lookups[n]}))
                    for n in self.lengths}

    def _row(self, attributes: list[int] | tuple[int, ...]) -> int:
        """A new row of the table holding a record's attribute numbers."""
        if self.size == len(self.table):
            grown = np.full((2 * len(self.table), self.width), self.unknown, dtype=np.int32)
            grown[:self.size] = self.table
            self.table = grown
        self.table[self.size, :len(attributes)] = attributes
        self.size += 1
        return self.size - 1

    def _new_row(self, gram: str | tuple[str, ...], n: int) -> int:
        """The row of an n-gram met for the first time: the row already holding the same numbers
        if there is one (most n-grams of names are known to no template, and their rows differ only
        in a few flags), else a new one. Saves a numpy write per n-gram, and the table stays small.

        The n-gram's row depends only on its text and lower case where some template knows them,
        and on its flags (`_numbers`), so those are its key: worked out here without the dict of
        `Featurizer.values`, the numbers only for a key met for the first time (rare)."""
        text = gram if n == 1 else " ".join(gram)
        if n == 1 or self.lengths[0] != 1:  # `Featurizer.values`'s check, to the same UnsafeToken
            check_safe((gram,) if n == 1 else gram)
        known_text, known_lower, digit, title, in_dict = self.key_plan[n]
        lower = text.lower()
        if digit:  # as `Featurizer.values`; no 32-bit integer starts otherwise (nearly every n-gram)
            digit = text[0] in _SIGNS_AND_DIGITS and is_int32(text)
        if title:  # as `Featurizer.values`: the initials stay the same in upper case
            initials = text[0] if n == 1 else "".join([token[0] for token in gram])
            title = initials.upper() == initials
        key = (text if known_text is not None and text in known_text else None,
               lower if known_lower is not None and lower in known_lower else None,
               digit, title, in_dict and lower in self.featurizer.dictionary)
        rows = self.row_of_key[n]
        row = rows.get(key)
        if row is None:
            attributes = tuple(self._record(gram, n))
            row = self.row_of.get(attributes)
            if row is None:
                row = self.row_of[attributes] = self._row(attributes)
            rows[key] = row
        return row

    def _record(self, gram: str | tuple[str, ...], n: int) -> list[int]:
        """The attribute numbers of the templates of length n for one n-gram (as
        `Featurizer._record` gives their strings; an unknown one: the zero row)."""
        return self._numbers(n, self.featurizer.values(gram, n))

    def _numbers(self, n: int, values: dict[str | None, str]) -> list[int]:
        """A row's attribute numbers for the values of an n-gram, by function."""
        row: list[int] = []
        for function, numbers, templates, values_known, none_known in self.lookups[n]:
            value = values[function]
            known = numbers.get(value)
            if known is None:
                if value not in values_known:
                    known = none_known  # most n-grams of names: no template knows the value
                else:
                    ids, unknown = self.weights.attribute_ids, self.unknown
                    strings = [strings_of.get(value) for strings_of in templates]
                    known = numbers[value] = [unknown if string is None else ids[string] for string in strings]
            row += known
        return row

    def tags(self, tokens: list[str]) -> list[str]:
        """The label of each token (raises `word_features.UnsafeToken` for a token the featurizer
        leaves to underthesea_core)."""
        return self.tag_with_score(tokens)[0]

    def tag_with_score(self, tokens: list[str]) -> tuple[list[str], float]:
        """The labels and the score of the best path, as `CRFTagger.tag_with_score` gives them."""
        if not tokens:
            return [], 0.0
        if any(len(cache) > CACHE_LIMIT for cache in self.caches.values()):
            self._reset()  # hostile text of ever new syllables: bounded memory
        rows: list[int] = []
        starts: list[int] = []  # where each length's rows begin in `rows`
        for n in self.lengths:
            starts.append(len(rows))
            rows += self._rows(tokens, n)
        # per template (axis 0) and token (axis 1): the row of `rows`, then the attribute number
        positions = self._positions(starts, len(tokens))
        attributes = self.table.ravel().take(np.array(rows).take(positions) * self.width + self.columns[:, None])
        # each token's weights added one by one in template order, from the first, as the tagger does
        # (`accumulate` adds in order; a sum over an axis may add in pairs)
        emissions = np.add.accumulate(self.weights.state.take(attributes, axis=0), axis=0)[-1].tolist()
        path, score = self._viterbi(emissions)
        return [self.labels[label] for label in path], score

    def _positions(self, starts: list[int], size: int) -> np.ndarray:
        """Per template and token of a sequence of `size` tokens, where its row is in the sequence's
        rows (each length's from `starts`). The same for every sequence of that size (each length
        has as many padded n-grams for a given size, so `starts` follows from it): kept for the
        sizes most sequences have (a window is a few dozen syllables)."""
        positions = self.positions.get(size)
        if positions is None:
            positions = (self.shifts + np.array(starts).take(self.length_index))[:, None] + np.arange(size)
            if size <= MAX_KEPT_POSITIONS:
                self.positions[size] = positions
        return positions

    def _rows(self, tokens: list[str], n: int) -> list[int]:
        """The rows of every n-gram start from -pad to past the end (BOS before, EOS after)."""
        featurizer = self.featurizer
        return padded_grams(tokens, n, self.caches[n], self._new_row,
                            self.bos[n], self.eos[n], featurizer.pad, featurizer.tail)

    def _viterbi(self, emissions: list[list[float]]) -> tuple[list[int], float]:
        """The best labels and their score, as underthesea_core's Viterbi finds them: for each label, the best
        previous one by strict comparison in label order (a tie keeps the lower label)."""
        (t00, t01), (t10, t11) = self.weights.transitions
        s0, s1 = emissions[0]
        back: list[tuple[int, int]] = []
        for e0, e1 in emissions[1:]:
            a, b = s0 + t00, s1 + t10  # into label 0 from label 0, from label 1
            c, d = s0 + t01, s1 + t11  # into label 1
            p0, p1 = int(b > a), int(d > c)
            s0, s1 = (b if p0 else a) + e0, (d if p1 else c) + e1
            back.append((p0, p1))
        label = int(s1 > s0)
        path = [label]
        for pointers in reversed(back):
            label = pointers[label]
            path.append(label)
        path.reverse()
        return path, (s1 if s1 > s0 else s0)
