"""The word segmenter's CRF features, the strings underthesea's featurizer writes, made faster.

underthesea's word segmentation CRF reads, for each syllable, one feature string per
template of its model (`T[0]=Văn`, `T[-1,0].lower=nguyễn văn`, `T[1].istitle=True`, ...:
43 of them). underthesea_core's `CRFFeaturizer` builds every string anew for every
syllable, and that is two thirds of the segmenter's time. Yet each string depends on
one syllable, or on two or three neighbouring ones, and the same syllables come back
all the time (`Văn`, `Chủ tịch`, `Phó Bí thư`). `Featurizer` makes the strings of a
syllable (of a pair, of a triple) once, keeps them in a bounded cache, and assembles
each syllable's list from them in the templates' order: the tagger is given the very
lists `CRFFeaturizer` gives it, so its tags are the same.

The tagger looks each string up among the attributes of its model and skips the ones
it does not know (a third of them: `T[-1,0]=Thu Nam` for a name seen in no training
text), so when the model's attribute list can be read (`model_attributes`, the CRFsuite
file the tagger loads), those strings are left out here, where it costs one look-up per
cached string instead of one per syllable in the tagger: what remains, in the same
order, is what the tagger would have kept, and its sums are the same to the last bit.

What the featurizer does, template by template (underthesea_core 3.x): `T[i]` is the
token at offset i, `T[i,j]` the tokens i..j joined by a space; `BOS` when the first
offset is before the sequence, else `EOS` when an offset is past its end; `.lower`
lower-cases the value, `.isdigit` is `True` when it parses as a 32-bit integer (an
optional sign, ASCII digits), `.istitle` when every space-separated part starts with a
character its upper-casing leaves unchanged, `.is_in_dict` when its lower case is in
the model's dictionary. Python's and Rust's case tables could differ on some
character, so only tokens made of characters of `SAFE_CHARS` take this path (the
tests check each of them against `CRFFeaturizer`); any other token sends its whole
sequence to `CRFFeaturizer`.

Entry points: `Featurizer.from_templates(templates, dictionary, fallback, known)` (None
when a template is of a form this module does not know), then `featurizer.process(tokens)`;
`model_attributes(path)`, the attribute strings of a CRFsuite model file (`cqdb_strings`
reads its string tables).
"""

from __future__ import annotations

import re
import struct
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

# The characters whose lower and upper case Python maps as underthesea_core does (every
# one is checked by tests/test_word_features.py): Latin with Vietnamese, combining marks,
# general punctuation, currency signs. Not ƛ (U+019B): Rust's newer tables give it an upper case
# that Python 3.11's lack. No Greek: Σ's lower case depends on its neighbours.
SAFE_CHARS = re.compile(r"[\u0000-\u019a\u019c-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20bf]*\Z")
# SAFE_CHARS less the combining marks: a text made of these alone is still made of SAFE_CHARS
# once normalised (`stages.normalize` maps characters to safe ones or deletes them; only NFC could
# compose a safe letter and a mark into a character beyond them: `<` and U+0338 into `≮`).
_SAFE_ONCE_NORMALISED = re.compile(r"[\u0000-\u019a\u019c-\u024f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20bf]*\Z")
_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?\Z")
_INT32 = re.compile(r"[+-]?[0-9]+\Z")


def is_int32(text: str) -> bool:
    """Whether the text is a 32-bit integer, as the model's `isdigit` feature reads it."""
    return bool(_INT32.match(text)) and -2**31 <= int(text) < 2**31


def may_be_unsafe(text: str) -> bool:
    """Whether some token of `text`, once normalised, may be unsafe (`check_safe`): sent to
    underthesea_core. False for nearly every article (Vietnamese precomposed, common marks)."""
    return not _SAFE_ONCE_NORMALISED.match(text)


def check_safe(tokens: Sequence[str]) -> None:
    """Raise `UnsafeToken` for a token not featurized here (empty, spaced, or a character outside
    `SAFE_CHARS`, which the model's own normaliser might change)."""
    for token in tokens:
        if not token or " " in token or not SAFE_CHARS.match(token):
            raise UnsafeToken(token)
# Bounded caches: a feature record per distinct n-gram; past this many, a cache starts anew,
# so hostile text of a million distinct syllables costs time, never memory. A record is a
# tuple of pointers to the model's own attribute strings (or ""), under 0.5 kB.
CACHE_LIMIT = 20_000


class UnsafeToken(Exception):
    """A token this module does not featurize exactly as underthesea_core would."""


T = TypeVar("T")


def padded_grams(tokens: list[str], n: int, cache: dict, make: Callable[[Any, int], T],
                 bos: T, eos: T, pad: int, tail: int) -> list[T]:
    """`make(gram, n)` for every n-gram start from -pad to past the end: `bos` before the
    sequence, `eos` for the n-grams whose last token is beyond it; each gram's value is kept
    in `cache` (a token is its own key; a pair or triple, the tuple of its tokens, made by zip
    in C). The featurizer's strings and the numeric tagger's rows are both read this way."""
    grams = tokens if n == 1 else list(zip(*(tokens[k:] for k in range(n))))
    get = cache.get
    found = list(map(get, grams))  # in C: most grams are known
    k = -1
    for _ in range(found.count(None)):  # the misses in order, each found in C from the last one
        k = found.index(None, k + 1)
        gram = grams[k]
        value = get(gram)  # made just before, if the gram came earlier in this sequence
        if value is None:
            value = cache[gram] = make(gram, n)
        found[k] = value
    return [bos] * pad + found + [eos] * (tail + n)


class Featurizer:
    """`CRFFeaturizer.process` for one sequence of tokens, with the strings cached per n-gram."""

    def __init__(self, templates: list[tuple[str, int, int, str | None]], dictionary: set[str],
                 fallback: Callable[[list[list[list[str]]]], list[list[list[str]]]],
                 known: frozenset[str] | None = None):
        self.dictionary = dictionary
        self.fallback = fallback  # CRFFeaturizer.process
        self.known = known  # the tagger's attributes: other strings are left out ("" in a record)
        # Per template, its values the model knows, each to the model's own attribute string
        # ("T[0]" -> "Văn" -> "T[0]=Văn"): a value is looked up as it is, no string is built
        # for it, and a record holds the model's strings, not copies of them.
        self.known_values: dict[str, dict[str, str]] | None = None
        if known is not None:
            self.known_values = {}
            for attribute in known:
                syntax, _, value = attribute.partition("=")
                self.known_values.setdefault(syntax, {})[value] = attribute
        # Per n-gram length: the templates of that length, in template order; the "record" of
        # an n-gram is the tuple of their strings for it.
        self.by_length: dict[int, list[tuple[str, str | None]]] = {}
        placed: list[tuple[int, int, int]] = []  # per template: (length, first offset, index in its record)
        for syntax, first, last, function in templates:
            length = last - first + 1
            group = self.by_length.setdefault(length, [])
            placed.append((length, first, len(group)))
            group.append((syntax, function))
        self.pad = max(0, -min(first for _, first, _ in placed))  # records kept before the sequence
        self.tail = max(0, max(first for _, first, _ in placed)) + 1  # and past its end
        # Per template, in template order: which records it reads (their length), from where
        # (the first offset, counted from the first record kept), and which string of each.
        self.plan = [(length, first + self.pad, itemgetter(index)) for length, first, index in placed]
        # per length, what a record is made of: each template's "T[..]=" and the value it takes
        self.parts = {n: [(f"{syntax}=", function) for syntax, function in group] for n, group in self.by_length.items()}
        if self.known_values is not None:
            self.lookups = {n: [(self.known_values.get(syntax, {}), function) for syntax, function in group]
                            for n, group in self.by_length.items()}
        self.functions = {n: {function for _, function in group} for n, group in self.by_length.items()}
        self.lengths = sorted(self.by_length)  # single tokens first: their records check the characters
        self.bos = {n: self._strings(n, {function: "BOS" for _, function in group}) for n, group in self.by_length.items()}
        self.eos = {n: self._strings(n, {function: "EOS" for _, function in group}) for n, group in self.by_length.items()}
        self.caches: dict[int, dict] = {n: {} for n in self.by_length}

    @classmethod
    def from_templates(cls, templates: Sequence[str], dictionary: set[str],
                       fallback: Callable[[list[list[list[str]]]], list[list[list[str]]]],
                       known: frozenset[str] | None = None) -> "Featurizer | None":
        """A featurizer for underthesea's template strings, or None if one is of another form.
        `known`: the tagger's attribute strings, if known (the others are left out)."""
        parsed = []
        for template in templates:
            m = _TEMPLATE.match(template)
            if not m:
                return None
            first = int(m.group(1))
            last = first if m.group(2) is None else int(m.group(2))
            if last < first:
                return None
            parsed.append((template, first, last, m.group(3)))
        return cls(parsed, dictionary, fallback, known) if parsed else None

    def process(self, tokens: list[str]) -> list[list[str]]:
        """Each token's feature strings, as `CRFFeaturizer.process([[[t] for t in tokens]])[0]`."""
        try:
            records = {n: self._records(tokens, n) for n in self.lengths}
        except UnsafeToken:
            rows = self.fallback([[[token] for token in tokens]])[0]
            known = self.known
            return rows if known is None else [[s for s in row if s in known] for row in rows]
        size = len(tokens)
        # template by template, the strings of all tokens (C loops), then token by token
        columns = [map(string_of, records[length][shift:shift + size]) for length, shift, string_of in self.plan]
        if self.known is None:
            return list(map(list, zip(*columns)))
        return [list(filter(None, row)) for row in zip(*columns)]  # without the strings left out ("")

    def _records(self, tokens: list[str], n: int) -> list[tuple[str, ...]]:
        """The records of every n-gram start from -pad to past the end (BOS before, EOS after)."""
        cache = self.caches[n]
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        return padded_grams(tokens, n, cache, self._record, self.bos[n], self.eos[n], self.pad, self.tail)

    def _record(self, gram: str | tuple[str, ...], n: int) -> tuple[str, ...]:
        """The strings of the templates of length n for one n-gram (a token when n is 1)."""
        return self._strings(n, self.values(gram, n))

    def values(self, gram: str | tuple[str, ...], n: int) -> dict[str | None, str]:
        """The values the templates of length n take for one n-gram, by function (None: the
        text as written); raises `UnsafeToken` for a token not featurized here."""
        parts = (gram,) if n == 1 else gram
        if n == 1 or self.lengths[0] != 1:  # a longer n-gram's tokens were each checked alone just before
            check_safe(parts)
        text = gram if n == 1 else " ".join(gram)
        lower = text.lower()
        values = {None: text, "lower": lower}
        functions = self.functions[n]
        if "isdigit" in functions:
            values["isdigit"] = str(is_int32(text))
        if "istitle" in functions:  # the parts of `text` split at its spaces are the tokens (none holds one)
            # every first letter stays as it is in upper case: their string does (str.upper maps
            # each character on its own, and a character it changes changes the string)
            initials = "".join([part[0] for part in parts])
            values["istitle"] = "True" if initials.upper() == initials else "False"
        if "is_in_dict" in functions:
            values["is_in_dict"] = str(lower in self.dictionary)
        return values

    def _strings(self, n: int, values: dict[str | None, str]) -> tuple[str, ...]:
        """Each template's string for its value (`values`, by function); with the model's
        attributes known, "" for the strings it does not know (left out of a syllable's list)."""
        if self.known_values is None:
            return tuple([prefix + values[function] for prefix, function in self.parts[n]])
        return tuple([known.get(values[function], "") for known, function in self.lookups[n]])


def model_attributes(path: Path) -> frozenset[str] | None:
    """The attribute strings of the CRFsuite model file at `path` (the file underthesea_core's
    tagger loads), or None if it is not a file of the layout read here.

    The layout (CRFsuite's crf1d model): a header of twelve 32-bit little-endian fields, the
    seventh the number of attributes and the tenth the offset of their "CQDB" chunk; in the
    chunk, after its magic and size, a flag, the byte order, the number of records and the
    offset of the array giving, per attribute id, the offset of its record (its id, the key's
    length with its final NUL, the key).
    """
    try:
        data = path.read_bytes()
        magic, _, kind, _, _, _, n_attrs, _, _, attrs_at, _, _ = struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            return None
        attributes = cqdb_strings(data, attrs_at)
        return frozenset(attributes) if attributes is not None and len(attributes) == n_attrs else None
    except (OSError, struct.error, UnicodeDecodeError):
        return None


def cqdb_strings(data: bytes, at: int) -> list[str] | None:
    """The strings of the CQDB chunk (a CRFsuite string table) at offset `at` of a model
    file's bytes, by number; None if there is none or a record is out of order. Shared with
    `word_tagger.model_weights`, which reads the labels' table too."""
    chunk, _, _, _, n_records, index_at = struct.unpack_from("<4sIIIII", data, at)
    if chunk != b"CQDB":
        return None
    strings = []
    for number, offset in enumerate(struct.unpack_from(f"<{n_records}I", data, at + index_at)):
        record_id, size = struct.unpack_from("<iI", data, at + offset)
        start = at + offset + 8
        if record_id != number or size < 1 or data[start + size - 1] != 0:
            return None
        strings.append(data[start:start + size - 1].decode("utf-8"))
    return strings
