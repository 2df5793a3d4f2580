"""The gates: which sentences can tell of people at all, and where the name reading needs words.

Reading a sentence is the costly part, and most sentences name no one. A sentence can name
someone only through a surname before a capital (`PREFILTER`), or a name in capitals after an
honorific (`đồng chí PHAN VĂN A`: `names.may_hold_caps_name`); it can refer back to someone
already named only through an honorific or a pronoun, and far from the last name only through
an honorific before a capital that ends like a known name (`_may_mention_people`). The patterns
have `re` twins (`_spelled_gate`), several times faster, used on sentences whose characters they
spell out. `word_windows` tells the segmenter where underthesea's words are needed: around
capitalised runs that hold a candidate name.

Entry points: `_may_mention_people(art, start, end)`, `word_windows(text, start, end)`, `PREFILTER`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.base import alternation, data_lines
from extractors.names import CAPITAL_PAIR_RE, may_hold_caps_name, name_windows
from extractors.officials.language import PRONOUN_REACH
from extractors.officials.mentions import LINE_REACH, continued_line
from extractors.officials.people import Article
from extractors.tokens import SPELLED_BELOW, beyond_spelled, spelled


SURNAMES = data_lines("surnames.txt")
# Surnames written with an apostrophe (H'), which also open a name glued to the next syllable (H'Hen)
GLUED_PREFIXES = tuple(name for name in SURNAMES if name.endswith(("'", "’")))
# A sentence can hold a person's name only if a surname is followed by another
# capitalised syllable; only those sentences get the expensive word segmentation.
PREFILTER = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(SURNAMES)}|(?:{alternation(GLUED_PREFIXES)})\p{{Lu}}[\p{{Ll}}\p{{M}}]*)"
    rf"\s+\p{{Lu}}[\p{{Ll}}\p{{M}}]*(?![\p{{L}}\p{{M}}])")


# A sentence can name, re-name or refer to a person only through a surname followed by a
# capital (PREFILTER), or through an honorific or pronoun ("đồng chí Thân", "anh được ...").
_HONORIFIC_WORD_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(data_lines('official_honorifics.txt'))})(?![\p{{L}}\p{{M}}])",
    regex.IGNORECASE)
# An honorific right before a capital: the only way a sentence without a name can
# refer to someone far back ("đồng chí Thân", "Ông Hải"); a bare pronoun reaches back
# only PRONOUN_REACH sentences.
_ALIAS_CUE_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?i:{alternation(data_lines('official_honorifics.txt'))})\s+\p{{Lu}}")


@dataclass(frozen=True)
class _Gate:
    """The patterns of `_may_mention_people`."""

    capital_pair: re.Pattern | regex.Pattern
    candidate: re.Pattern | regex.Pattern
    honorific: re.Pattern | regex.Pattern
    alias_cue: re.Pattern | regex.Pattern


_REGEX_GATE = _Gate(CAPITAL_PAIR_RE, PREFILTER, _HONORIFIC_WORD_RE, _ALIAS_CUE_RE)


@lru_cache(maxsize=1)
def _spelled_gate() -> _Gate:
    """`re` twins of the `regex` gate patterns, which `re` runs several times faster (as
    `tokens.tokenize` does): each `\\p{..}` class, `\\s` and case-insensitive letter is
    spelled out as the characters below SPELLED_BELOW that `regex` itself matches, so on
    a sentence without a character beyond they match where the originals do.

    The phrases are alternatives that each open with one literal character, the
    lookbehind after it: `re` then skips in C to the characters that can open a
    match, instead of trying the lookbehind at every position."""
    space, upper, lower = spelled(r"\s"), spelled(r"\p{Lu}"), spelled(r"[\p{Ll}\p{M}]")
    letter, any_case_letter = spelled(r"[\p{L}\p{M}]"), spelled(r"(?i:[\p{L}\p{M}])")
    capital_pair = re.compile(rf"{upper}(?:{lower}*+|['’]){space}+{upper}")
    surnames = _surname_trie(SURNAMES, letter, space, f"{upper}{lower}*")
    candidate = re.compile(rf"{surnames}{space}+{upper}{lower}*(?!{letter})")
    below = "".join(map(chr, range(SPELLED_BELOW)))
    phrases = [(first, "".join(_any_case(char, space) for char in phrase[1:]))
               for phrase in data_lines("official_honorifics.txt")
               for first in regex.findall(f"(?i:{regex.escape(phrase[0])})", below)]  # each case of the first
    honorific = re.compile(rf"{_literal_led(phrases, any_case_letter)}(?!{any_case_letter})")
    alias_cue = re.compile(rf"{_literal_led(phrases, letter)}{space}+{upper}")  # as _ALIAS_CUE_RE: (?i:) on words
    return _Gate(capital_pair, candidate, honorific, alias_cue)


def _literal_led(phrases: list[tuple[str, str]], letter: str) -> str:
    """Alternatives (first character, rest as a pattern) not preceded by a `letter`: one per
    first character, opening with it literally, its rests after it, longest first."""
    rests: dict[str, set[str]] = {}
    for char, rest in phrases:
        rests.setdefault(char, set()).add(rest)
    branches = []
    for char, ends in sorted(rests.items()):
        longest_first = "|".join(sorted(ends, key=lambda rest: (-len(rest), rest)))
        branches.append(f"{re.escape(char)}(?<!{letter}{re.escape(char)})(?:{longest_first})")
    return "(?:" + "|".join(branches) + ")"


def _surname_trie(names: tuple[str, ...], letter: str, space: str, glued: str) -> str:
    """The surnames as one pattern shaped like a trie (`Tr(?:ần|ương|ịnh)`), each first character
    literal and followed by the lookbehind, as `_literal_led` does: `re` tries each character of a
    surname once instead of every surname that shares its start. A surname written with an
    apostrophe (H') may have the next syllable glued to it (`glued`: `H'Hen`)."""
    trie: dict = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
        if name.endswith(("'", "’")):
            node["glued"] = {}

    def branches(node: dict) -> str:
        parts = [glued if char == "glued" else "" if char == "" else
                 (space + "+" if char == " " else re.escape(char)) + branches(child)
                 for char, child in sorted(node.items(), key=lambda item: item[0] == "")]  # the end last
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return "(?:" + "|".join(f"{re.escape(char)}(?<!{letter}{re.escape(char)}){branches(child)}"
                            for char, child in sorted(trie.items())) + ")"


def _any_case(char: str, space: str) -> str:
    """One character of a phrase matched case-insensitively by `regex` (a space: `\\s+`, as in `alternation`)."""
    return space + "+" if char == " " else spelled(f"(?i:{regex.escape(char)})")


def _gate(text: str, start: int, end: int) -> _Gate:
    return _REGEX_GATE if beyond_spelled(text, start, end) else _spelled_gate()


def _may_mention_people(art: Article, start: int, end: int) -> bool:
    """A cheap test that skips most sentences: the full reading is the costly part.

    Without two capitalised words in a row and a surname before a capital (PREFILTER),
    or a name in capitals after an honorific (`đồng chí PHAN VĂN A`: no surname the
    gate knows is written so), a sentence names no one, so its honorifics and pronouns
    can only refer back to someone named before: before the article's first person such
    a sentence changes nothing, and far from the last one named only an honorific before
    a capital (`ông Hải`) can.
    """
    gate = _gate(art.text, start, end)
    if gate.capital_pair.search(art.text, start, end) and gate.candidate.search(art.text, start, end):
        return True
    if may_hold_caps_name(art.text, start, end):
        return True
    if art.last is None:
        return False
    if art.sentence_no + 1 - art.last_seen <= LINE_REACH and continued_line(art.text, start):
        return True  # "Đồng chí A⏎<post>⏎được điều động ...": the line goes on with A
    if art.sentence_no + 1 - art.last_seen > PRONOUN_REACH:  # +1: this sentence's number
        return _may_hold_alias(art, gate, start, end)
    return bool(gate.honorific.search(art.text, start, end))


MAX_SYLLABLE_TESTS = 32  # past this many distinct names the regex alone is cheaper, and time stays linear


def _may_hold_alias(art: Article, gate: _Gate, start: int, end: int) -> bool:
    """An honorific before a capital, and the last syllable of someone named before.

    The cue is looked for first: with the `re` twin, one search is cheaper than
    folding the sentence, and most sentences have none. Then the syllables, in the
    folded sentence (a few substring searches): an alias folds to the tail of a known
    name, and folding (NFC, case) keeps a word that stands between spaces a substring.
    """
    if not gate.alias_cue.search(art.text, start, end):
        return False
    if len(art.last_syllables) > MAX_SYLLABLE_TESTS:
        return True
    folded = unicodedata.normalize("NFC", art.text[start:end]).casefold()
    return any(syllable in folded for syllable in art.last_syllables)


def word_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the name reading needs underthesea's words: around capitalised runs holding a candidate
    (found with the `re` twin of PREFILTER where it can read the sentence: several times faster)."""
    return name_windows(text, start, end, _gate(text, start, end).candidate)
