"""Citations: numbered Party and state documents, with date, issuer, subject and identity.

What counts as a citation (see the project's annotation guideline): a document the
text names with a number. Three symbol shapes are read, all with open sets of type
and issuer codes (stored raw; the known ones are mapped in data tables):

* Party:  NUMBER-TYPE/ISSUER              98-QĐ/TW, 02-QĐi/HU, 12-HD/BTCTW
* State:  NUMBER/YEAR/[TYPE-]ISSUER       138/2020/NĐ-CP, 22/2008/QH12
* Admin:  NUMBER/TYPE-ISSUER[-UNIT]       1234/QĐ-UBND, 53/QĐ-UBND-TC

and number-only mentions after a type word ("Chỉ thị số 05 của Bộ Chính trị",
"Quy định 98"). The type word, when present, decides the `kind` (Party symbols
write QĐ for both Quy định and Quyết định); without it the type code does, and so it
does after a word for any document ("văn bản số 12-CV/TU") or a joint document's code
after its short type word ("Thông tư số 23/2015/TTLT-...").

After a mention come, in any order, its date ("ngày 07/10/2017", "ngày 7 tháng 10
năm 2017", "7-10-2017", "(ban hành ngày ...)"), its issuer ("của Ban Thường vụ Tỉnh
ủy") and its subject (a quoted title or "về ..."); a date may follow the rest of the
issuer's name, a signer's ("do đồng chí Bí thư Tỉnh ủy ký ngày ..."), or a wrapped line
("... số 145-TB/VPTW\nngày 12/8/2020"), a document's own heading (its number, the national
motto, then "Hà Nội, ngày ..."), or a date leading the clause ("Ngày 19/6/2025, tại Quyết định
số ..."). A date may
also lead the clause that issues the document ("Ngày 7/10/2017, Bộ Chính trị ban hành
Quy định số 98-QĐ/TW"). A date without its day or year ("năm 2017", "ngày 3.4") gives
no `issued`: it is never made up; but a state symbol holds its year of issue, so a day and month
right after one ("Quyết định 1816/2008/QĐ-BYT ngày 25-5") date it in that year. A document "of the same day" ("... và Quyết định số 2/QĐ-UBND
cùng ngày") takes the date of the one cited before it, and the items of a plural list ("các
Quyết định số 1/QĐ-UBND, 2/QĐ-UBND ngày ...") share the date after the last one.
A line break that wraps a phrase (before a lower-case word, or after "ngày") joins its lines, and a
date without its year ("ngày 28-6") takes the year of the article's full dates of that day and
month when they agree. A letter's heading ("Số: 6139/BNV-TCBC", then "V/v ...") cites a công văn.
A programme's short name in brackets ("(Đề án 500)", "(gọi tắt là Đề án 500)") cites nothing.
Finally every mention of one document in the article gets the
same `ref`. Party numbering restarts each term, so identity is the symbol plus the
date; a number alone joins a symbol only when kind, number, date and issuer agree.

The language lives in data tables (`extractors/data/`): type words and their kinds
(`document_kinds.tsv`), type codes (`citation_type_codes.tsv`), issuing bodies and
their codes (`citation_issuers.tsv`), the words of body names, the words that end a
subject, and the count words that show a number is not a document's.

The text is the normaliser's (NFC, Đ, ASCII dashes and slashes, single spaces), so
the patterns need no variants for those. Every quantifier is bounded and each
pattern is tried at each position a bounded number of times, so the extractor runs
in linear time on any input (tests/test_citations.py checks 1 MB runs).

Entry point: `find_citations(segmented) -> list[Found]` (spaCy component `rotation_citations`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

import regex

from extractors.base import Extractor, Found, data_lines, data_table, fold
from textmodel import SegmentedText
from schemas.records import parse_date

Span = tuple[int, int]

# --- data ------------------------------------------------------------------------

KINDS: dict[str, str] = {row[0].lower(): row[1] for row in data_table("document_kinds.tsv")}

def _flagged(flag: str) -> frozenset[str]:
    return frozenset(row[0].lower() for row in data_table("document_kinds.tsv") if len(row) > 2 and flag in row[2])


NICKNAME_WORDS = _flagged("nickname")  # "Chương trình số 1" may be a nickname
VERB_WORDS = _flagged("verb")          # "quyết định 5 vấn đề" is a verb
GENERIC_WORDS = _flagged("generic")    # "Văn bản số 12-CV/TU": the symbol's type code says which
# (type code, issuer code or "*") -> kind
# (type code, shape "party"/"state"/"*", issuer code or "*") -> kind
TYPE_CODES: dict[tuple[str, str, str], str] = {(r[0], r[1], r[2]): r[3] for r in data_table("citation_type_codes.tsv")}
ISSUER_NAMES: dict[str, frozenset[str]] = {
    r[0].lower(): frozenset(c.strip() for c in r[1].split(",")) for r in data_table("citation_issuers.tsv")}
_ISSUER_ROWS = [(r[0].lower().split(), r[1]) for r in data_table("citation_issuer_words.tsv")]
ISSUER_LEVELS: frozenset[str] = frozenset(w[0] for w, role in _ISSUER_ROWS if role == "level" and len(w) == 1)
ISSUER_LEVEL_PAIRS: frozenset[tuple[str, str]] = frozenset(
    (w[0], w[1]) for w, role in _ISSUER_ROWS if role == "level" and len(w) == 2)
ISSUER_PARTS: frozenset[tuple[str, str]] = frozenset((w[0], w[1]) for w, role in _ISSUER_ROWS if role == "part")
SUBJECT_VERBS: tuple[str, ...] = tuple(w.lower() for w in data_lines("citation_subject_verbs.tsv"))
ISSUER_STOPS: frozenset[str] = frozenset(data_lines("citation_issuer_stops.tsv"))
# word -> the syllables after which it starts another word ("điều" before "động")
NOT_AFTER: dict[str, frozenset[str]] = {
    r[0].lower(): frozenset(r[1].lower().split()) if len(r) > 1 else frozenset()
    for r in data_table("citation_not_after.tsv")}
KNOWN_TYPE_CODES: frozenset[str] = frozenset(code for code, _, _ in TYPE_CODES)
KNOWN_ISSUER_CODES: frozenset[str] = frozenset(c for codes in ISSUER_NAMES.values() for c in codes)

# --- patterns --------------------------------------------------------------------


def _words_pattern(words: Iterable[str]) -> str:
    """Literal phrases, longest first; one space between words (the text is normalised)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w).replace(r"\ ", " ") for w in ordered)


# A type word, not inside a longer word. Case-insensitive: "kế hoạch số 79-KH/HU".
KIND_RE = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?i:(?P<kind>{_words_pattern(KINDS)}))(?![\p{{L}}\p{{M}}])")


def _trie_pattern(words: Iterable[str]) -> str:
    """An alternation of the words with shared beginnings written once ("b(?:áo cáo|ộ luật)|..."):
    the same language, but `re` tests each letter once, not once per word."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        longer = [rest for rest in rests if rest]
        if not longer:
            branches.append(re.escape(first))
        else:
            optional = "?" if "" in rests else ""  # a word ends here, a longer one goes on
            branches.append(f"{re.escape(first)}(?:{_trie_pattern(longer)}){optional}")
    return "|".join(branches)


# Candidates for KIND_RE, found in the lower-cased text. `regex` tries KIND_RE's
# case-insensitive alternation at every position, the slowest scan of this extractor;
# stdlib `re` finds the plain words by their first letters several times faster. Every
# letter that KIND_RE matches lower-cases to the type word's letter (tests/test_citations.py
# checks), so every KIND_RE match is a candidate; KIND_RE still decides each one.
_KIND_CANDIDATE_RE = re.compile(_trie_pattern(KINDS))
# What may stand between the type word and the number: "số", "số:", nothing; the type's abbreviation
# in brackets first ("Nghị quyết (NQ) 32 của Bộ Chính trị", "Quyết định (QĐ) số 45").
NUMBER_LEAD_RE = regex.compile(r" ?(?:\(\p{Lu}[\p{Lu}\p{Ll}]{0,5}\) ?)?(?:(?P<so>(?i:số)) ?:? ?)?")

# An issuer code: TW, ThU, BTCTW, QH13, TTg. A capital followed by two small letters starts a word
# a page glued to the code, not a part of it ("1234/QĐ-UBNDTrong đó": the code ends at "UBND").
_CODE = r"\p{Lu}(?:(?!\p{Lu}\p{Ll}{2})[\p{L}\d&]){0,9}"
# The National Assembly's term number, sometimes typed apart: "QH 14", "UBTVQH 15".
_TERM = r"(?:(?<=QH) \d{1,2}(?!\d))?"
# a further all-capital part: -TC, -BTC, -CCHC&PC; a joint document's second body may be a long
# acronym of its full name (the Front's Presidium, ĐCTUBTWMTTQVN, has 13 letters)
_UNIT = r"-[\p{Lu}\d][\p{Lu}\d&]{0,15}"
# An issuer code typed with a space inside it, read only when another part follows:
# "TTLT-BGD ĐT-BNV" (BGDĐT, the education ministry, split in two). The space is dropped.
_SPLIT = r"(?: \p{Lu}{1,4}(?=-\p{Lu}))?"
_TYPE = r"\p{Lu}\p{L}{0,5}"                # QĐ, QĐi, CTr, NQ, TTLT
# A Party symbol typed with a space for its hyphen ("84 QĐ/TWĐTN") is read only when its type
# code is a known one: a number, a space and any capitalised word with a slash is too loose.
_KNOWN_PARTY_TYPE = "|".join(sorted({regex.escape(c) for c, _, _ in TYPE_CODES}, key=lambda c: (-len(c), c)))
_NUM = r"(?P<number>\d{1,5})"
# The Government's numbered series of special resolutions put a sub-number after a dot, with the
# year and symbol as any state document's ("Nghị quyết số 66.4/2025/NQ-CP"): read only there, so a
# thousands dot ("1.234/QĐ-UBND") or a date is never taken for one.
_STATE_NUM = r"(?P<number>\d{1,5}(?:\.\d{1,2})?)"
# Not inside a longer number, word or date ("1.234/", "15/3/2016-..."); but right after "số"
# typed without its space ("Quyết định số1650-QĐ/TU").
_BEFORE = r"(?:(?<=(?<![\p{L}\p{M}])(?i:số))|(?<![\p{L}\p{M}\p{N}/.,-]))"
# ... and not run on into a letter, unless a page glued the next capitalised word to it
# ("04/2019/TTLT-BNV-BTCTheo đó": the code ends before "Theo", not at "-BNV"; in the issuer code
# itself `_CODE` stops before such a word)
_AFTER = r"(?:(?![\p{L}\p{M}\p{N}&])|(?<=\p{Lu})(?=\p{Lu}\p{Ll}))"
SYMBOL_RE = regex.compile(
    _BEFORE + "(?:"
    # state: 138/2020/NĐ-CP, 22/2008/QH12, 01/2015/TTLT-BNV-BTC
    # (the type part also ends with a slash: 47/2011/TTLT/BGDĐT-BNV)
    rf"{_STATE_NUM} ?/ ?(?P<year>(?:19|20)\d\d) ?/ ?(?:(?P<type_code>{_TYPE}) ?[-/] ?)?(?P<issuer_code>{_CODE}{_SPLIT}{_TERM}(?:{_UNIT}){{0,3}})"
    # administrative, no year: 1234/QĐ-UBND, 53/QĐ-UBND-TC, 2231/SNV-CCHC&PC
    rf"|{_NUM} ?/ ?(?P<type_code>{_TYPE}{_SPLIT}) ?- ?(?P<issuer_code>{_CODE}{_SPLIT}{_TERM}(?:{_UNIT}){{0,3}})"
    # Party: 98-QĐ/TW, 02-QĐi/HU, 12-HD/BTCTW
    rf"|{_NUM}(?P<party>)(?: ?- ?(?P<type_code>{_TYPE})| (?P<type_code>{_KNOWN_PARTY_TYPE}))"
    rf" ?/ ?(?P<issuer_code>{_CODE}(?:{_UNIT}){{0,2}})"
    ")" + _AFTER
)
# A number with no full symbol after a type word. A part of a symbol is kept: "98-QĐ",
# "1234/QĐ", "138/2020" (a state number with its year). Not part of a date, fraction,
# decimal, range or percentage ("2021-2025", "4/30", "1,5", "5%").
BARE_RE = regex.compile(
    rf"{_NUM}(?:-(?P<type_code>{_TYPE})|/(?P<type_code>{_TYPE})|/(?P<year>(?:19|20)\d\d))?"
    rf"(?![\p{{L}}\p{{M}}\p{{N}}/]|[.,:-]\p{{N}}| ?%)"
)
_YEAR_RE = regex.compile(r"(?:19|20)\d\d")
_YEAR_TAIL_RE = regex.compile(r" (?i:năm) (?:19|20)\d\d(?!\d)")
_NEXT_WORD_RE = regex.compile(r" ([\p{L}\p{M}%]{1,12})(?: (\d{4})| ([\p{L}\p{M}]{1,12}))?")

# The date right after a mention: ", ngày 27/11/2018", "ngày 7.10.2017",
# "ban hành ngày 07 tháng 10 năm 2017", "ngày 3/4 năm 2023", "(ngày 6-11-2023)".
_DMY = (r"(?P<d>\d{1,2}) ?(?:[/.-] ?(?P<m>\d{1,2}) ?[/.-] ?|(?:(?i:tháng) |[/.-] ?)(?P<m>\d{1,2}),? (?i:năm) )"
        # a text copied from a PDF may split the year before its last digit ("ngày 5-4-201 2");
        # a slip may double its last digit ("ngày 5/4/20233": 2023 is the only year one keystroke
        # away; "20234" could be 2023 or 2024, so it gives no date)
        r"(?P<y>(?:19|20)\d(?: (?=\d(?!\d)))?(?P<y4>\d))(?:(?P=y4)(?!\d))?(?!\d)")
# The verbs that issue a document (citation_issuing_verbs.tsv): all of them before its type word
# ("Bộ Chính trị ban hành Quy định ...", "đã có Quyết định ..."), those marked `after` after it too
# ("... ký ban hành ngày ...", "do ... ký ngày ...", "được Bộ Chính trị ban hành ...").
# A resolution is "thông qua" (adopted) on its date; "ngày ký 5/3/2024" names the signing day.
_ISSUING_BEFORE = _words_pattern(row[0] for row in data_table("citation_issuing_verbs.tsv"))
_ISSUING_AFTER = _words_pattern(row[0] for row in data_table("citation_issuing_verbs.tsv") if row[1:2] == ("after",))
_ISSUING = rf"(?i:{_ISSUING_AFTER})"
DATE_RE = regex.compile(
    rf" ?,? ?(?:\( ?(?:{_ISSUING} )?(?:(?i:ngày) (?:{_ISSUING} )?)?{_DMY} ?\)"
    # "hôm" (on the day) only after an issuing verb: "được ký ban hành hôm 7/10/2017"
    rf"|(?:(?i:được|đã) )?(?:(?:{_ISSUING} )?(?:(?i:vào|cùng) )?(?i:ngày)|{_ISSUING} (?i:hôm)) (?:{_ISSUING} )?{_DMY})"
)
# After a symbol whose issuer code names a body, that body's level and name may follow:
# "Nghị quyết 10/2016/NQ-HĐND tỉnh ngày 7/12/2016", "1234/QĐ-UBND tỉnh Thanh Hóa ngày ...".
_CODE_LEVEL_RE = regex.compile(
    rf" (?i:{_words_pattern(w for w in ISSUER_LEVELS | {' '.join(p) for p in ISSUER_LEVEL_PAIRS})})"
    r"(?:(?! (?i:Ngày|Năm|Số|Về|Của)(?![\p{L}\p{M}])) \p{Lu}[\p{L}\p{M}]{0,12}){0,4}(?![\p{L}\p{M}\p{N}])")
# A full date right after a symbol, with no "ngày": "Quy định 98-QĐ/TW, 7/10/2017".
BARE_DATE_RE = regex.compile(
    r" ?,? ?(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d/.-]\d)")
# "Of the same day" right after a document: it shares the date of the document cited before it
# ("Quyết định số 1/QĐ-UBND ngày 2/3/2024 và Quyết định số 2/QĐ-UBND cùng ngày"), or, with a date,
# gives that date to the documents listed before it too ("... số 1/QĐ-UBND và số 2/QĐ-UBND cùng
# ngày 2/3/2024"). Nothing is shared across a clause: only what stands right after the mention.
SAME_DAY_RE = regex.compile(r" ?,? ?(?i:cùng ngày)(?![\p{L}\p{M}])")
# A date without its year: "Kết luận số 57 ngày 3.4", "ngày 20/5". It gives no `issued` (the
# year is not invented) but says the number before it is a document's; after a state symbol that
# holds its year of issue ("Quyết định 1816/2008/QĐ-BYT ngày 25-5") it is dated in that year.
PARTIAL_DATE_RE = regex.compile(r" ?,? ?(?i:ngày) (?P<d>\d{1,2}) ?[/.-] ?(?P<m>\d{1,2})(?![\d/.-]|,\d)")
# A date leading the clause, the issuer, and an issuing verb right before the type word:
# "Ngày 7/10/2017, Bộ Chính trị ban hành Quy định số 98-QĐ/TW", "Trước đó, ngày 12-3-2020,
# Chánh án TAND tỉnh đã có Quyết định 123/QĐ-TCCB", "Cùng ngày 3/9/2021, ... ban hành ...",
# "Cũng trong ngày ...", also at the head of a quotation ('cho biết: “Ngày 15/2/2024, Chính phủ
# ban hành Nghị định số ...'). Searched in the stretch that ends where the mention starts (`$`), so
# the verb stands right before it.
# What may stand between the issuing verb and the document it issues: a plural or a count
# (citation_list_openers.txt: "đã có các Quyết định ...", "ký hai quyết định số ..."), and the
# type word of a list opened by a colon ("đã ký các quyết định: Quyết định số 1/QĐ-UBND ...;
# Quyết định số 2/QĐ-UBND ..."; `_COLON_LIST_BEFORE_RE` then dates the list's other items too).
_LIST_OPENER = _words_pattern(data_lines("citation_list_openers.txt"))
_COLON_LIST = rf"(?i:{_words_pattern(KINDS)})(?: (?i:sau|sau đây|như sau))? ?: "
_BEFORE_DOCUMENT = rf"(?:(?:(?i:{_LIST_OPENER})|\d{{1,2}}) )?(?:{_COLON_LIST})?$"
DATE_BEFORE_RE = regex.compile(
    r"(?<=^|[\n.,;:(!?\"“] ?|(?i:đến|vào|tới|trước đó|sau đó) |(?:^|[\n.,;:(!?\"“] ?)(?i:cùng|cũng|cùng trong|cũng trong|trong) )"
    r"(?i:(?:sáng|chiều|tối|trưa|hôm) (?:ngày )?|ngày )" + _DMY
    # the issuer's name may hold an abbreviation's dot: "UBND TP.Hà Nội", "UBND TP. Cần Thơ"
    # and its term in brackets: "Bộ Chính trị (khóa XII)", "Ban Thường vụ Tỉnh ủy (khóa XVI)"
    + r" ?,? (?P<issuer>(?:[^\d;:()\"“”\n.]|(?<=\p{Lu})\.(?= ?\p{Lu})|\((?i:khóa|khoá) [IVXLC]{1,6}\)){0,100}?) (?:(?i:đã|vừa|mới|chính thức) )?"
    + rf"(?i:{_ISSUING_BEFORE}) {_BEFORE_DOCUMENT}")
# The issuing verb, then its date, then the document: "Chủ tịch UBND tỉnh ký ngày 14/3/2021 hai
# quyết định số ...", "Ban Thường vụ Tỉnh ủy ban hành ngày 5/3/2024 Quy định số ...". The verb
# stands right before "ngày", so "có hiệu lực từ ngày ..." (in force from) is not one of these.
VERB_THEN_DATE_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?i:{_ISSUING_BEFORE}) (?:(?i:vào) )?(?i:ngày) " + _DMY + rf" ?,? {_BEFORE_DOCUMENT}")
_COLON_LIST_BEFORE_RE = regex.compile(rf"(?<![\p{{L}}\p{{M}}]){_COLON_LIST}$")
# The issuer first, then the date, then the issuing verb: "Văn phòng Chính phủ ngày 21/7/2016 đã
# có Văn bản số ...", or with no clause break before the issuer (a headline run into the lead:
# "... về cấp xã Ban Tổ chức Tỉnh ủy ngày 4/11/2024 đã phát Công văn số ..."). The same issuing
# verbs stand right before the mention ("Sở ... ngày 26/9/2020 đã tổ chức hội nghị triển khai Văn
# bản ..." is another event's date), and the words before the date must read whole as a body's
# name (`_issuer_ends_at`), not any clause ("rà soát cán bộ về cấp xã ngày ... đã có Công văn").
DATE_THEN_VERB_RE = regex.compile(
    r" (?i:ngày) " + _DMY + r" ?,? (?:(?i:đã|vừa|mới|chính thức) )?"
    + rf"(?i:{_ISSUING_BEFORE}) {_BEFORE_DOCUMENT}")
_CAPITAL_WORD_RE = regex.compile(r"(?<![\p{L}\p{M}\d])\p{Lu}")
# A date leading the clause whose document follows "tại" ("in"): "Ngày 19/6/2025, tại Quyết định
# số 2047-QĐ/TU, Ban Thường vụ Tỉnh ủy điều động ..." is the decision's date. Only "ngày": "Sáng
# 20/6, tại hội nghị" is an event's time, and "tại hội nghị" is no document.
DATE_IN_DOCUMENT_RE = regex.compile(
    r"(?<=^|[\n.,;:(!?\"“] ?)(?i:ngày) " + _DMY + r" ?, ?(?i:tại) $")
_DATE_BEFORE_WINDOW = 200
# A document's own heading: its number on a line "Số: 87/2016/QĐ-UBND", then, on that line after a
# table's column bar or on one of the next few lines, the place and date of issue, the
# administrative format's "Lào Cai, ngày 06 tháng 9 năm 2016" (a place name, a comma, the date).
# Only that place-comma-date line dates it: a body's name or any other text between is not skipped.
_HEADING_NUMBER_RE = regex.compile(r"(?:^|\n)[ |]{0,4}(?i:số) ?:? ?$")  # "Số: 87/...", "Số 09-QC/TW"
_HEADING_DATE_RE = regex.compile(
    # the symbol's last part may be typed apart on its line ("Số: 1717 QĐ/BNN - KL")
    r"(?: ?- ?[\p{Lu}\d][\p{Lu}\d&]{0,15}(?![\p{L}\p{M}\p{N}]))?"
    r"[ |\t]{0,4}(?:\n[ |\t]{0,4}){0,4}(?:\|[ |]{0,4})?"
    # the national motto may stand between the number and the place and date, with its rule; a
    # Party document's heading has the Party's name there instead ("ĐẢNG CỘNG SẢN VIỆT NAM")
    r"(?:(?:(?i:cộng hòa|cộng hoà) (?i:xã hội chủ nghĩa việt nam)[ |]{0,4}(?:\n[ |]{0,4}){1,4}"
    r"(?i:độc lập) ?- ?(?i:tự do) ?- ?(?i:hạnh phúc)|(?i:đảng cộng sản việt nam))"
    r"[ |\t]{0,4}(?:\n[ |\t]{0,4}){1,4}(?:[-_]{3,40}[ |]{0,4}(?:\n[ |\t]{0,4}){1,4})?)?"
    # the place's later words may be typed in lower case ("Hà nội, ngày ...")
    r"\p{Lu}[\p{L}\p{M}.]{0,12}(?: [\p{L}\p{M}.]{1,12}){0,6} ?, ?(?i:ngày) " + _DMY)
_HEADING_LOOKBACK = 12
# An official letter's heading: its number line, then its subject line "V/v ..." (về việc), which
# only a letter (công văn) has; its symbol has no type code ("Số: 6139/BNV-TCBC").
_LETTER_SUBJECT_LINE_RE = regex.compile(r"[ |\t]{0,4}\n[ |\t]{0,4}(?:V/v|V/V)(?: ?:)? ?[^\n]{1,300}")
_DATE_BEFORE_CUE_RE = regex.compile(r"(?i:ngày|sáng|chiều|tối|trưa|hôm) \d")
# The rest of an issuer's name that the issuer reader stopped before ("của Ban Chỉ đạo | công tác
# cán bộ tỉnh ngày ...", "của Bộ | trưởng Bộ Nội vụ ngày ...", "của Bộ Chính trị | (khóa XII)
# ngày ..."), then the date: no digits but a term's, no clause break, within 80 characters.
_NAME_REST = (r"(?:[^\d,;:.()\"“”\n]|\((?i:khóa) [^()\d]{1,10}\)|(?i:khóa) [IVXLC]{1,6}"
              r"|, (?i:kỳ họp thứ|lần thứ) (?:\d{1,2}|[\p{L}\p{M}]{1,6})|(?i:kỳ họp thứ|lần thứ) \d{1,2}"
              r"|(?i:nhiệm kỳ) \d{4} ?- ?\d{4})")
DATE_AFTER_ISSUER_RE = regex.compile(rf"{_NAME_REST}{{1,80}}?(?={DATE_RE.pattern})")
# ... unless the words between say the date is another event's ("được công bố ngày ...").
_OTHER_EVENT_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?i:{_words_pattern(data_lines('citation_date_stops.txt'))})(?![\p{{L}}\p{{M}}])")
# The person who signed it, then the signing date: "Quyết định số 245-QĐ/TU do đồng chí Bí thư
# Tỉnh ủy ký ngày 5/3/2024" (the issuer reader takes bodies, not a person told by title).
SIGNED_BY_RE = regex.compile(
    rf" ?,? ?(?i:do) [^\d,;:.()\"“”\n]{{1,80}}? (?={_ISSUING} (?:(?i:vào) )?(?i:ngày) \d)")
# "của Bộ Chính trị", "do Bộ Chính trị ban hành"
# "được" leads an issuer only before its issuing verb: "(đã/vừa) được Bộ Chính trị ban hành ngày ...".
_ISSUED_BY = rf"(?=\p{{Lu}}[^,;:.()\d]{{0,80}}? {_ISSUING} )"  # a capitalised name, then its issuing verb
# "mà" leads one the same way: "Quyết định số 5-QĐ/TU mà Ban Thường vụ Tỉnh ủy ban hành ngày ...".
ISSUER_LEAD_RE = regex.compile(rf" ?,? ?(?:(?i:của|do) |(?:(?i:đã|vừa|mới) )?(?i:được|mà) {_ISSUED_BY})")
_ISSUER_FIRST_RE = regex.compile(r"(?P<word>[\p{L}\p{M}]{1,12})(?![\p{L}\p{M}\p{N}])")
_ISSUER_NEXT_RE = regex.compile(r" (?P<word>[\p{L}\p{M}]{1,12})(?![\p{L}\p{M}\p{N}])")
_ISSUER_MAX_WORDS = 12
_ISSUING_VERB_RE = regex.compile(rf"(?:{_ISSUING_AFTER})(?![\p{{L}}\p{{M}}])")
# A quoted title, or "về ..." up to the end of its clause.
QUOTED_RE = regex.compile(r" ?,? ?(?:(?i:về|về việc|v/v):? )?[\"“](?P<subject>[^\"“”\n]{2,300})[\"”]")
ABOUT_RE = regex.compile(r" ?,? ?(?i:về|v/v) (?:(?i:việc) )?(?=\S)")
_CLAUSE_STOPS = _words_pattern(data_lines("citation_subject_stops.tsv"))
# A subject also ends where its issuer is told with the issuing verb ("về luân chuyển cán bộ
# (đã) được Bộ Chính trị ban hành ngày ...", "... do Ban Thường vụ Tỉnh ủy ban hành ..."): the
# issuer and the date after it are the document's, not words of its title.
_ABOUT_END_RE = regex.compile(
    rf"[;:!?()\[\]\"“”\n]|\.(?!\d)| (?i:{_CLAUSE_STOPS})(?![\p{{L}}\p{{M}}])|,? (?i:ngày) \d"
    rf"| (?:(?i:vừa|mới) )?(?i:được|do) {_ISSUED_BY}")
# A subject that runs on through the next citation stops only at the end of its clause.
_RUN_ON_END_RE = regex.compile(rf"[;:!?()\[\]\"“”\n]|\.(?!\d)| (?i:{_CLAUSE_STOPS})(?![\p{{L}}\p{{M}}])")
_SUBJECT_MAX = 200
# A subject cut before the next citation ends on the word that joined them: "... cùng".
_SUBJECT_TRAIL_RE = regex.compile(r"(?:[ ,]{1,3}(?i:cùng|và|với|hoặc|tại|theo))+[ ,]{0,3}$")

# Between items of a list sharing one type word: "Quyết định số 1/QĐ-UBND và số 2/QĐ-UBND".
LIST_GAP_RE = regex.compile(r" ?(?:,|;)? ?(?:(?i:và|cùng|hoặc) )?(?:(?i:số) ?)?")
# Between a type word and a symbol it names across a title: "Luật Cán bộ, công chức số 22/2008/QH12".
_TITLE_GAP_MAX = 90
_TITLE_GAP_RE = regex.compile(r"[^\d;:\"“”()\n]{1,90} (?i:số) ?:? ?")

PREFILTER = regex.compile(r"\d")


# --- mentions --------------------------------------------------------------------


@dataclass
class _Mention:
    start: int
    end: int                     # end of the mention itself (type word .. number or symbol)
    sentence: Span
    kind: str
    number: str
    kind_from_word: bool = True
    nickname_prone: bool = False
    code: str | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    year: str | None = None      # the year inside a state symbol: 138/2020/NĐ-CP
    written: str | None = None   # a number with part of a symbol, as written: "98-QĐ", "138/2020"
    issued: str | None = None
    issuer: str | None = None
    subject: str | None = None
    symbol_start: int | None = None  # where its symbol starts, when it has one
    tail_end: int = 0            # end of date / issuer / subject read after it
    dated: bool = False          # a date was read after it (`issued` stays None if it is no real date)
    day_month: tuple[int, int] | None = None  # a date without its year read after it: "ngày 28-6"
    cluster: "_Cluster | None" = field(default=None, repr=False)


def find_citations(segmented: SegmentedText) -> list[Found]:
    """Every numbered document mention in the article, with fields and a shared `ref`."""
    text, sentences = _unwrapped(segmented.text, segmented.sentences)
    mentions: list[_Mention] = []
    for sentence, first_digit in _with_digit(text, sentences):
        mentions.extend(_sentence_mentions(text, sentence, first_digit))
    _date_partials(text, mentions)
    _link(mentions)
    _dates_by_subject(text, sentences, mentions)
    short_names = {(m.kind, m.number) for m in mentions if _is_short_name(text, m)}
    return [_found(m) for m in mentions
            if not _is_nickname(m) and not (short_names and _undocumented(m) and (m.kind, m.number) in short_names)]


# A line break that wraps a phrase, as in a text copied from a PDF or a fixed-width page: the line
# does not end a sentence and the next one goes on in lower case ("... ban hành quyết định\nsố
# 105/...", "... quy định chức năng, nhiệm vụ của tổ\nchức"), or a date goes on after its first
# word ("Nghị định số 86/2003/NĐ-CP ngày\n18/7/2003", "ngày 13 tháng\n6 năm 2006").
_LINE_ENDS_SENTENCE_RE = regex.compile(r"[.!?…]$")
_DATE_WORD_AT_END_RE = regex.compile(r"(?<![\p{L}\p{M}])(?i:ngày|tháng|năm)$")
_WRAP_LOOKBACK = 8
_UNWRAPPED_MAX = 2_000  # a merged sentence stays within the segmenter's longest piece


def _unwrapped(text: str, sentences: list[Span]) -> tuple[str, list[Span]]:
    """The text with each wrapping line break made a space (same length: every span stays the
    original's), and the sentences split at those breaks joined again."""
    joined: list[Span] = []
    breaks: list[int] = []
    for start, end in sentences:
        if joined and _wraps(text, joined[-1], start) and end - joined[-1][0] <= _UNWRAPPED_MAX:
            breaks.append(joined[-1][1])
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    if not breaks:
        return text, sentences
    chars = list(text)
    for at in breaks:
        chars[at] = " "
    return "".join(chars), joined


def _wraps(text: str, previous: Span, start: int) -> bool:
    """Whether the sentence `previous` runs on, across one line break, into the one at `start`."""
    end = previous[1]
    if start != end + 1 or text[end] != "\n":
        return False
    last = text[max(previous[0], end - _WRAP_LOOKBACK):end]
    if _LINE_ENDS_SENTENCE_RE.search(last):
        return False
    first = text[start]
    return first.islower() or (first.isdigit() and _DATE_WORD_AT_END_RE.search(last) is not None)


def _with_digit(text: str, sentences: Iterable[Span]) -> Iterator[tuple[Span, int]]:
    """The sentences in which PREFILTER finds a digit, each with its first digit.

    One search finds the next digit for all the sentences before it, so sentences in
    text order are searched once in all, not one search each. (PREFILTER matches one
    character, so a match found past a sentence's end says nothing is inside it.)
    """
    searched_from, next_digit = len(text) + 1, None  # the first digit at or after searched_from
    for start, end in sentences:
        if start < searched_from or (next_digit is not None and next_digit < start):
            found = PREFILTER.search(text, start)
            searched_from, next_digit = start, found.start() if found else None
        if next_digit is not None and next_digit < end:
            yield (start, end), next_digit


def _symbols(text: str, first_digit: int, end: int) -> dict[int, regex.Match]:
    """SYMBOL_RE's matches in a sentence, by start.

    A symbol starts with its number, so the scan starts at the sentence's first digit.
    It has a "/" or a "-" after that number: a sentence with neither after its first
    digit (a third of those with a digit) has none, and two substring searches cost
    less than SYMBOL_RE.
    """
    if text.find("/", first_digit, end) < 0 and text.find("-", first_digit, end) < 0:
        return {}
    return {m.start(): m for m in SYMBOL_RE.finditer(text, first_digit, end)}


def _kind_words(text: str, start: int, end: int) -> Iterator[regex.Match]:
    """What `KIND_RE.finditer(text, start, end)` finds, from candidates in the lower-cased text."""
    lowered = text[start:end].lower()
    if len(lowered) != end - start:  # a letter lower-cased to two ("İ"): positions would not line up
        yield from KIND_RE.finditer(text, start, end)
        return
    pos = 0  # in lowered
    while candidate := _KIND_CANDIDATE_RE.search(lowered, pos):
        km = KIND_RE.match(text, start + candidate.start(), end)
        if km:
            yield km
            pos = km.end() - start
        else:
            pos = candidate.start() + 1


def _sentence_mentions(text: str, sentence: Span, first_digit: int) -> list[_Mention]:
    """The documents cited in one sentence, with their numbers, issuers, subjects and dates.

    First the mentions a type word opens (`Quyết định số 12/QĐ-UBND`, and the numbers listed
    after it); then the document symbols no type word claimed, merged in text order so each
    sees the mention before it (a list item takes that mention's type word). Each mention's
    tail (issuer, date, subject) is read up to the next one; a date may be on the wrapped line
    after the sentence, before the mention (`Ngày 7/10/2017, ... ban hành Quy định số ...`), or
    in a heading; then dates shared within the sentence (`cùng ngày`, a list's last date)."""
    start, end = sentence
    symbols = _symbols(text, first_digit, end)
    worded: list[_Mention] = []
    for km in _kind_words(text, start, end):
        if worded and km.start() < worded[-1].end:
            continue
        mention = _after_kind_word(text, km, symbols, sentence)
        if mention:
            worded.append(mention)
            worded.extend(_listed_numbers(text, km, mention, sentence))
    claimed = {m.symbol_start for m in worded}
    # Merge in the symbols no type word claimed, in text order, so that each one sees
    # the mention just before it (a list item inherits that mention's type word).
    mentions: list[_Mention] = []
    next_worded = 0
    for pos, sm in sorted(symbols.items()):
        if pos in claimed:
            continue
        while next_worded < len(worded) and worded[next_worded].end <= pos:
            mentions.append(worded[next_worded])
            next_worded += 1
        mention = _symbol_alone(text, sm, sentence, mentions[-1] if mentions else None)
        if mention:
            mentions.append(mention)
    mentions.extend(worded[next_worded:])
    mentions.sort(key=lambda m: m.start)
    for i, mention in enumerate(mentions):
        limit = mentions[i + 1].start if i + 1 < len(mentions) else end
        _read_tail(text, mention, limit)
    last = mentions[-1] if mentions else None
    if last is not None and not last.dated and last.tail_end >= end and (line := _wrapped_line(text, end)):
        last.tail_end = _read_parts(text, last, line[0], line[1], line[1])  # its date on the wrapped line
    for i, mention in enumerate(mentions):
        if not mention.dated and not mention.issued:  # "Ngày 7/10/2017, Bộ Chính trị ban hành Quy định số 98-QĐ/TW"
            free_from = mentions[i - 1].tail_end if i else start  # not a date read after the mention before
            mention.issued = _date_before(text, max(free_from, mention.start - _DATE_BEFORE_WINDOW), mention.start)
            if mention.issued and _COLON_LIST_BEFORE_RE.search(text, max(start, mention.start - 40), mention.start):
                _date_colon_list(mentions[i + 1:], mention)
        if not mention.dated and not mention.issued and mention.code:
            mention.issued = _heading_date(text, mention)
    _share_dates(text, mentions)
    return mentions


# A full date anywhere in the article: "có hiệu lực từ ngày ký, ngày 28-6-2025".
_ANY_DATE_RE = regex.compile(r"(?<![\p{N}/.-])" + _DMY)


def _date_partials(text: str, mentions: list[_Mention]) -> None:
    """A date told without its year after a document ("Quyết định số 15/QĐ-TTg ngày 28-6") takes
    the year of the article's full dates of that day and month ("... có hiệu lực từ ngày ký, ngày
    28-6-2025"), when they all have one year; otherwise it stays undated (no year is made up)."""
    wanted = {m.day_month for m in mentions if m.day_month and not m.issued}
    if not wanted:
        return
    years: dict[tuple[int, int], set[str]] = {}
    for found in _ANY_DATE_RE.finditer(text):
        date = _date(found)
        if date and (day_month := (int(found.group("d")), int(found.group("m")))) in wanted:
            years.setdefault(day_month, set()).add(date)
    for m in mentions:
        if m.day_month and not m.issued and len(dates := years.get(m.day_month, ())) == 1:
            m.issued = next(iter(dates))


MIN_SUBJECT_WORDS = 5  # a subject this long names one document ("về phân cấp quản lý cán bộ và bổ nhiệm")
_SUBJECT_PUNCT_RE = regex.compile(r"[^\p{L}\p{M}\p{N}]+")


def _subject_key(subject: str) -> str:
    """A subject as compared: folded, its punctuation gone (`phân cấp, quản lý` is `phân cấp quản lý`)."""
    return " ".join(_SUBJECT_PUNCT_RE.sub(" ", fold(subject)).split())


def _dates_by_subject(text: str, sentences: list[Span], mentions: list[_Mention]) -> None:
    """A document cited with its number but no date takes the date of a sentence naming it by its type
    word and its subject alone, with no number (`Ngày 18/8/2022, Bộ Chính trị đã ban hành Quy định về
    phân cấp, quản lý cán bộ ...` and `Quy định số 80-QĐ/TW về phân cấp quản lý cán bộ ...`): one
    document told twice. The subject must be long enough to name one document, and the same, or one
    the other's beginning; a type word with a number after it is another mention, not this one."""
    wanted: dict[tuple[str, str], list[_Mention]] = {}
    for m in mentions:
        key = _subject_key(m.subject) if m.subject else ""
        if m.cluster is not None and not m.cluster.issued and len(key.split()) >= MIN_SUBJECT_WORDS:
            wanted.setdefault((m.kind, key), []).append(m)
    if not wanted:
        return
    starts = {m.start for m in mentions}
    for sentence, _ in _with_digit(text, sentences):
        for km in _kind_words(text, *sentence):
            kind = KINDS.get(" ".join(km.group("kind").lower().split()))
            if km.start() in starts or kind is None:
                continue
            told = _subject_at(text, km.end(), sentence[1], sentence[1])
            date = _date_before(text, max(sentence[0], km.start() - _DATE_BEFORE_WINDOW), km.start()) if told else None
            if not date:
                continue
            key = _subject_key(told[0])
            for (wanted_kind, subject), cited in wanted.items():
                if wanted_kind == kind and len(key.split()) >= MIN_SUBJECT_WORDS \
                        and (subject.startswith(key) or key.startswith(subject)):
                    for m in cited[0].cluster.mentions:
                        m.issued = m.issued or date
                    cited[0].cluster.issued = date


def _share_dates(text: str, mentions: list[_Mention]) -> None:
    """Dates one mention gives to others of its sentence: "cùng ngày" (`SAME_DAY_RE`), and the
    date after the last item of a plural list ("các Quyết định số 1/QĐ-UBND, 2/QĐ-UBND ngày
    2/3/2024": both are of that day). A list is items joined by list words alone."""
    for i, mention in enumerate(mentions):
        same_day = SAME_DAY_RE.match(text, mention.end, mention.sentence[1]) is not None
        if same_day and not mention.dated:
            earlier = next((m.issued for m in reversed(mentions[:i]) if m.issued), None)
            if earlier:
                mention.issued, mention.dated = earlier, True
            continue
        if mention.issued and not mention.dated:
            # "Ngày 2/1/2024, Thủ tướng ký Quyết định số 15/QĐ-TTg và Quyết định số 16/QĐ-TTg":
            # the leading date is the issuing verb's, and the verb's object is the whole list
            for m in _undated_run(text, mentions, i, 1):
                m.issued = mention.issued
            continue
        if not (mention.dated and mention.issued) or i == 0:
            continue
        run = _undated_run(text, mentions, i, -1)
        if run and (same_day or PLURAL_BEFORE_RE.search(text, max(0, run[0].start - 8), run[0].start)
                    or _one_series(run, mention)):
            for m in run:
                m.issued, m.dated = mention.issued, True


def _date_colon_list(later: list[_Mention], first: _Mention) -> None:
    """The items of a list opened by a colon after an issuing verb and its date ("Ngày 14/3/2021,
    Chủ tịch UBND tỉnh đã ký các quyết định: Quyết định số 1/QĐ-UBND điều động ông A; Quyết định
    số 2/QĐ-UBND bổ nhiệm bà B"): each item of the first one's type that gives no date of its
    own is of that date, whatever the words of the item between them."""
    for m in later:
        if m.kind == first.kind and not m.dated and not m.issued:
            m.issued = first.issued


# Documents of one body and type signed on one day carry neighbouring numbers: "Quyết định số
# 512/QĐ-UBND và Quyết định số 513/QĐ-UBND ngày 14/3/2021" are both of that day. Further apart,
# the date after the last is read as its own ("Quyết định số 12/QĐ-UBND và Quyết định số
# 1093/QĐ-UBND ngày ...": the first may be of another year).
_SERIES_GAP = 10


def _one_series(run: list[_Mention], dated: _Mention) -> bool:
    """Every undated mention listed before `dated` is of its type and symbol family (same kind,
    type code and issuer code, both written) with a number close to its number."""
    def number(m: _Mention) -> int | None:
        return int(m.number) if m.number.isdigit() else None

    last = number(dated)
    return bool(dated.type_code and dated.issuer_code and last is not None) and all(
        m.kind == dated.kind and m.type_code == dated.type_code and m.issuer_code == dated.issuer_code
        and (n := number(m)) is not None and abs(n - last) <= _SERIES_GAP for m in run)


def _undated_run(text: str, mentions: list[_Mention], i: int, step: int) -> list[_Mention]:
    """The undated mentions listed right after mentions[i] (`step` 1) or right before it (-1), each
    joined to its neighbour by list words; in text order."""
    run: list[_Mention] = []
    j = i + step
    while 0 <= j < len(mentions) and not mentions[j].dated and not mentions[j].issued:
        first, second = (mentions[j - 1], mentions[j]) if step > 0 else (mentions[j], mentions[j + 1])
        if not LIST_GAP_RE.fullmatch(text, max(first.end, first.tail_end), second.start):
            break
        run.append(mentions[j])
        j += step
    return run if step > 0 else run[::-1]


def _is_letter_heading(text: str, sm: regex.Match) -> bool:
    """ "Số: 6139/BNV-TCBC" alone on its line, then "V/v ..." on the next: a letter's heading."""
    return bool(_HEADING_NUMBER_RE.search(text, max(0, sm.start() - _HEADING_LOOKBACK), sm.start())
                and _LETTER_SUBJECT_LINE_RE.match(text, sm.end()))


def _heading_date(text: str, mention: _Mention) -> str | None:
    """The date of a document's own heading: "Số: 87/2016/QĐ-UBND" alone on its line, then
    "Lào Cai, ngày 06 tháng 9 năm 2016" (`_HEADING_NUMBER_RE`, `_HEADING_DATE_RE`)."""
    if not _HEADING_NUMBER_RE.search(text, max(0, mention.start - _HEADING_LOOKBACK), mention.start):
        return None
    pos = mention.end
    if subject_line := _LETTER_SUBJECT_LINE_RE.match(text, pos):  # a letter's "V/v ..." line
        pos = subject_line.end()
    found = _HEADING_DATE_RE.match(text, pos)
    return _date(found) if found else None


def _date_before(text: str, start: int, end: int) -> str | None:
    """The date leading the clause that issues the document starting at `end` (`DATE_BEFORE_RE`),
    or standing between its issuer's name and the issuing verb (`DATE_THEN_VERB_RE`)."""
    if not _DATE_BEFORE_CUE_RE.search(text, start, end):  # every match has one of these words
        return None
    found = (DATE_BEFORE_RE.search(text, start, end) or DATE_IN_DOCUMENT_RE.search(text, start, end)
             or VERB_THEN_DATE_RE.search(text, start, end))
    if not found and (tail := DATE_THEN_VERB_RE.search(text, start, end)) and _issuer_ends_at(text, start, tail.start()):
        found = tail
    return _date(found) if found else None


def _issuer_ends_at(text: str, start: int, end: int) -> bool:
    """Some capitalised word in text[start:end] opens a body's name that runs exactly to `end`
    ("Ban Tổ chức Tỉnh ủy Nghệ An"), as the issuer reader reads names."""
    for capital in _CAPITAL_WORD_RE.finditer(text, max(start, end - 100), end):
        words = _issuer_words(text, capital.start(), end)
        if words and words[-1].end() == end and all(_issuer_word_ok(text, words, i) for i in range(len(words))):
            return True
    return False


def _after_kind_word(text: str, km: regex.Match, symbols: dict[int, regex.Match], sentence: Span) -> _Mention | None:
    """A type word followed by a symbol or a bare number."""
    word = " ".join(km.group("kind").lower().split())
    kind = KINDS[word]
    lead = NUMBER_LEAD_RE.match(text, km.end(), sentence[1])
    pos = lead.end()
    if pos >= sentence[1] or not text[pos].isdigit():
        return None
    if pos in symbols:
        return _from_symbol(symbols[pos], sentence, kind, km.start(), word=word)
    bare = BARE_RE.match(text, pos, sentence[1])
    if not bare or not _bare_is_document(text, km, bare, has_so=bool(lead.group("so")), limit=sentence[1]):
        return None
    return _Mention(km.start(), bare.end(), sentence, kind, bare.group("number"),
                    type_code=bare.group("type_code"), year=bare.group("year"), written=bare.group(),
                    nickname_prone=word in NICKNAME_WORDS)


# Between two numbers of one list under a type word: "số 1760, 1761 và 1762", "số 12; số 13".
NUMBER_LIST_GAP_RE = regex.compile(r"(?:, ?|; ?|,? (?i:và|hoặc) )(?:(?i:số) ?)?")
# The plural right before a type word: "các Quyết định số ...", "những nghị quyết 57, 59".
PLURAL_BEFORE_RE = regex.compile(r"(?<![\p{L}\p{M}])(?i:các|những) $")


def _listed_numbers(text: str, km: regex.Match, first: _Mention, sentence: Span) -> list[_Mention]:
    """The other numbers of a list under one type word and `số`: "các Quyết định số 1760, 1761,
    1762 của ..." cites three decisions. Only plain numbers of about the first one's length,
    each passing the test a number after `số` passes ("số 15, 20 cán bộ": 20 counts people).
    Without `số`, the type word is in the plural or capitalised ("các nghị quyết 57, 59, 66 và
    68", "Nghị quyết 59, 70, 71, 72"), and each number passes the stricter test of a number
    written without `số` ("Quy định 98, 20 cán bộ": 20 counts people)."""
    if first.code or first.written != first.number:
        return []
    has_so = _has_so(text, km, first)
    if not has_so and not (km.group("kind")[0].isupper() or PLURAL_BEFORE_RE.search(text, max(0, km.start() - 8), km.start())):
        return []
    items: list[_Mention] = []
    pos, end = first.end, sentence[1]
    while (gap := NUMBER_LIST_GAP_RE.match(text, pos, end)) and gap.end() < end and text[gap.end()].isdigit():
        bare = BARE_RE.match(text, gap.end(), end)
        if (not bare or bare.group() != bare.group("number") or abs(len(bare.group()) - len(first.number)) > 1
                or not _bare_is_document(text, km, bare, has_so=has_so, limit=end)):
            break
        items.append(_Mention(bare.start(), bare.end(), sentence, first.kind, bare.group("number"),
                              written=bare.group(), nickname_prone=first.nickname_prone))
        pos = bare.end()
    return items


def _has_so(text: str, km: regex.Match, mention: _Mention) -> bool:
    lead = NUMBER_LEAD_RE.match(text, km.end(), mention.end)
    return bool(lead and lead.group("so"))


def _bare_is_document(text: str, km: regex.Match, bare: regex.Match, has_so: bool, limit: int) -> bool:
    """A number alone names a document, not a quantity, a year or a plenum."""
    number = bare.group("number")
    if not has_so:
        # "quyết định 5 vấn đề" is a verb; a document cited so is capitalised.
        word = " ".join(km.group("kind").lower().split())
        if _YEAR_RE.fullmatch(number):  # "Kế hoạch 2024"
            return False
        if word in VERB_WORDS and not km.group("kind")[0].isupper():
            # ... unless a capitalised issuer follows a number of two digits or more ("kết luận 292 của Ủy
            # ban Kiểm tra Trung ương"; "kết luận 3 của Ủy ban" may still be the verb)
            lead = ISSUER_LEAD_RE.match(text, bare.end(), limit)
            return len(number) > 1 and bool(lead) and lead.end() < limit and text[lead.end()].isupper()
    if DATE_RE.match(text, bare.end(), limit):  # "Quy định 98 ngày 07/10/2017"
        return True
    if partial := PARTIAL_DATE_RE.match(text, bare.end(), limit):
        # "Kết luận số 57 ngày 3.4 của Ban Bí thư": a date without its year; "Kế hoạch 5 ngày" is a duration
        return has_so or (km.group("kind")[0].isupper() and bool(ISSUER_LEAD_RE.match(text, partial.end(), limit)))
    nxt = _NEXT_WORD_RE.match(text, bare.end(), limit)
    if nxt and nxt.group(1).lower() in NOT_AFTER and (nxt.group(3) or "").lower() not in NOT_AFTER[nxt.group(1).lower()]:
        # "Nghị quyết số 15 năm 2023" gives a year; "Kế hoạch 5 năm" a duration
        # ("Quyết định số 2139 điều động": a verb, not "5 điều")
        return has_so and nxt.group(1).lower() == "năm" and nxt.group(2) is not None
    return True


def _from_symbol(sm: regex.Match, sentence: Span, kind: str | None, start: int | None = None,
                 word: str | None = None) -> _Mention:
    """The mention of a symbol, of the `kind` its type word, list or title gives, or else the kind
    its code implies. The type word (`word`, when the kind is its own) yields to the code where the
    code is more precise: after a generic word ("Văn bản số 12-CV/TU"), and a joint document's
    code (TTLT, NQLT) after its type word without "liên tịch" ("Thông tư số 1/2015/TTLT-..."); a
    list's or a title's kind does not (`_same_family` and `_titled_kind` have checked the code)."""
    type_code: str | None
    issuer_code: str | None
    type_code, issuer_code = _squash(sm.group("type_code")), _squash(sm.group("issuer_code"))
    if type_code and type_code not in KNOWN_TYPE_CODES and type_code in KNOWN_ISSUER_CODES and not sm.group("year"):
        # "1234/UBND-NC": a công văn's symbol has no type part; UBND is its issuer.
        type_code, issuer_code = None, _squash(f"{type_code}-{sm.group('issuer_code')}")
    coded = _kind_of_code(type_code, issuer_code, sm)
    if word is not None and kind is not None and coded and (word in GENERIC_WORDS or coded.startswith(kind + "_")):
        kind = None
    from_word = kind is not None
    return _Mention(
        start=sm.start() if start is None else start, end=sm.end(), sentence=sentence,
        kind=kind or coded or "other",
        number=sm.group("number"), kind_from_word=from_word,
        code=_squash(sm.group()), type_code=type_code, issuer_code=issuer_code, year=sm.group("year"),
        symbol_start=sm.start())


def _symbol_alone(text: str, sm: regex.Match, sentence: Span, previous: _Mention | None) -> _Mention | None:
    """A symbol with no type word right before it: a list item, a titled law, or the code alone."""
    if previous and previous.code:
        gap_start = max(previous.end, _tail_end(text, previous, sm.start()))
        gap = LIST_GAP_RE.fullmatch(text, gap_start, sm.start())
        if gap and _same_family(previous, sm):
            return _from_symbol(sm, sentence, previous.kind)
    titled = _titled_kind(text, sm, sentence)
    if titled:
        return _from_symbol(sm, sentence, titled[1], titled[0])
    if _is_letter_heading(text, sm):
        return _from_symbol(sm, sentence, "cong_van")
    mention = _from_symbol(sm, sentence, None)
    known = mention.type_code in KNOWN_TYPE_CODES or (mention.type_code is None and mention.kind != "other")
    return mention if known else None


def _tail_end(text: str, mention: _Mention, limit: int) -> int:
    probe = _Mention(mention.start, mention.end, mention.sentence, mention.kind, mention.number)
    _read_tail(text, probe, limit)
    return probe.tail_end


def _same_family(previous: _Mention, sm: regex.Match) -> bool:
    """List items share the type word only when their symbols share the type code."""
    return (previous.type_code or "").lower() == (_squash(sm.group("type_code")) or "").lower()


def _titled_kind(text: str, sm: regex.Match, sentence: Span) -> tuple[int, str] | None:
    """The type word before a title and "số": "Luật Cán bộ, công chức số 22/2008/QH12"."""
    window_start = max(sentence[0], sm.start() - _TITLE_GAP_MAX - 30)
    last = None
    for km in KIND_RE.finditer(text, window_start, sm.start()):
        last = km
    if not last or not _TITLE_GAP_RE.fullmatch(text, last.end(), sm.start()):
        return None
    word = " ".join(last.group("kind").lower().split())
    if word in VERB_WORDS and not last.group("kind")[0].isupper():
        return None  # "có quyết định kháng nghị bản án ... số 693/2015/HSPT": a verb, or another document's title
    kind = KINDS[word]
    implied = _kind_of_code(_squash(sm.group("type_code")), _squash(sm.group("issuer_code")), sm)
    if implied and implied != kind and {implied, kind} != {"quy_dinh", "quyet_dinh"}:
        return None
    return last.start(), kind


def _kind_of_code(type_code: str | None, issuer_code: str | None, sm: regex.Match) -> str | None:
    """The kind a symbol's type code implies; the most specific row of the table wins."""
    if type_code is None:
        # NUMBER/YEAR/QH13: an act of the National Assembly, most often a law.
        return "luat" if sm.group("year") and issuer_code and issuer_code.startswith("QH") else None
    shape = "party" if sm.group("party") is not None else "state"
    head = (issuer_code or "").split("-")[0]
    for key in ((type_code, shape, head), (type_code, shape, "*"), (type_code, "*", head), (type_code, "*", "*")):
        if key in TYPE_CODES:
            return TYPE_CODES[key]
    return None


def _squash(code: str | None) -> str | None:
    return "".join(code.split()) if code else None


# --- what follows a mention: date, issuer, subject ---------------------------------


def _read_tail(text: str, mention: _Mention, limit: int) -> None:
    """Date, issuer and subject after the mention, in any order, each at most once."""
    pos = mention.end
    if year := _YEAR_TAIL_RE.match(text, pos, limit):  # "Nghị quyết số 15 năm 2023 của HĐND tỉnh"
        pos = year.end()
    if mention.code and (level := _CODE_LEVEL_RE.match(text, pos, limit)):  # "10/2016/NQ-HĐND tỉnh ngày ..."
        pos = level.end()
    if mention.code and (bare := BARE_DATE_RE.match(text, pos, limit)):  # "98-QĐ/TW, 7/10/2017"
        mention.issued, mention.dated, pos = _date(bare), True, bare.end()
    mention.tail_end = _read_parts(text, mention, pos, limit, mention.sentence[1])


def _read_parts(text: str, mention: _Mention, pos: int, limit: int, sentence_end: int) -> int:
    """Date, issuer and subject from `pos` on, each at most once, in any order; where they end."""
    progressed = True
    while progressed:
        progressed = False
        if not mention.dated and (date := DATE_RE.match(text, pos, limit)) and not _other_event_before(text, pos):
            mention.issued, mention.dated = _date(date), True
            pos, progressed = date.end(), True
        elif not mention.dated and (partial := PARTIAL_DATE_RE.match(text, pos, limit)):
            if mention.year:  # the year in a state symbol is its year of issue: "1816/2008/QĐ-BYT ngày 25-5"
                mention.issued = parse_date(f"{mention.year}-{int(partial.group('m')):02d}-{int(partial.group('d')):02d}")
                mention.dated = mention.issued is not None
            else:
                mention.day_month = int(partial.group("d")), int(partial.group("m"))
            pos, progressed = partial.end(), True  # the issuer may follow: "... ngày 3.4 của Ban Bí thư"
        if mention.issuer is None and (issuer := _issuer_at(text, pos, limit)):
            mention.issuer, pos, progressed = issuer[0], issuer[1], True
        if mention.subject is None and (subject := _subject_at(text, pos, limit, sentence_end)):
            mention.subject, pos, progressed = subject[0], subject[1], True
    if not mention.dated and mention.issuer is None and (signer := SIGNED_BY_RE.match(text, pos, limit)) and (
            date := DATE_RE.match(text, signer.end(), limit)) and not KIND_RE.search(text, pos, signer.end()):
        mention.issued, mention.dated, pos = _date(date), True, date.end()  # "do đồng chí ... ký ngày ..."
    if not mention.dated and mention.issuer and (rest := DATE_AFTER_ISSUER_RE.match(text, pos, limit)):
        # "của Ban Chỉ đạo công tác cán bộ tỉnh ngày 5/3/2020": the date after the rest of the name
        between = (pos, rest.end())
        if (not KIND_RE.search(text, *between) and not _OTHER_EVENT_RE.search(text, *between)
                and not _other_event_before(text, rest.end()) and (date := DATE_RE.match(text, rest.end(), limit))):
            mention.issued, mention.dated = _date(date), True
            pos = date.end()
    return pos


_EVENT_WORD_BEFORE_RE = regex.compile(rf"(?:{_OTHER_EVENT_RE.pattern}) ?,? ?$")


def _other_event_before(text: str, pos: int) -> bool:
    """A subject read up to a date ends on a word that makes it another event's date
    ("... về việc điều động cán bộ đến nhận công tác tại UBND huyện kể từ | ngày 1/7/2024")."""
    return bool(_EVENT_WORD_BEFORE_RE.search(text, max(0, pos - 16), pos))


def _wrapped_line(text: str, end: int) -> Span | None:
    """The next line, when the sentence ending at `end` goes on there: a hard-wrapped text's line
    break with a lower-case letter right after it ("... Thông báo số 145-TB/VPTW\nngày 12/8/2020 của ...")."""
    if end + 1 >= len(text) or text[end] != "\n" or not text[end + 1].islower():
        return None
    line_end = text.find("\n", end + 1)
    return end + 1, len(text) if line_end < 0 else line_end


def _date(m: regex.Match) -> str | None:
    return parse_date(f"{int(m.group('y').replace(' ', '')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}")


def _issuer_at(text: str, pos: int, limit: int) -> tuple[str, int] | None:
    """ "của Ban Thường vụ Tỉnh ủy": capitalised words, and lower-case ones that belong to a body's name."""
    lead = ISSUER_LEAD_RE.match(text, pos, limit)
    if not lead:
        return None
    start = lead.end()
    words = _issuer_words(text, start, limit)
    taken = 0
    while taken < len(words) and _issuer_word_ok(text, words, taken):
        taken += 1
    if not taken:
        return None
    return text[start:words[taken - 1].end()], words[taken - 1].end()


def _issuer_words(text: str, start: int, limit: int) -> list[regex.Match]:
    """Up to the maximum number of words, each one space after the last."""
    words: list[regex.Match] = []
    pos = start
    while len(words) < _ISSUER_MAX_WORDS:
        wm = (_ISSUER_NEXT_RE if words else _ISSUER_FIRST_RE).match(text, pos, limit)
        if not wm:
            break
        words.append(wm)
        pos = wm.end()
    return words


def _issuer_word_ok(text: str, words: list[regex.Match], i: int) -> bool:
    word = words[i].group("word")
    if word in ISSUER_STOPS or KIND_RE.match(text, words[i].start("word")):
        return False
    if word[0].isupper():
        return True
    if _ISSUING_VERB_RE.match(text, words[i].start("word")):
        return False  # "Ban Thường vụ Tỉnh ủy | ban hành": the verb, not "Ủy ban"
    if i == 0:
        return False
    low, prev = word.lower(), words[i - 1].group("word").lower()
    nxt = words[i + 1].group("word").lower() if i + 1 < len(words) else ""
    return (low in ISSUER_LEVELS or (prev, low) in ISSUER_PARTS
            or (low, nxt) in ISSUER_LEVEL_PAIRS or (prev, low) in ISSUER_LEVEL_PAIRS)


def _subject_at(text: str, pos: int, limit: int, sentence_end: int) -> tuple[str, int] | None:
    """A quoted title, or "về ..." to the end of its clause or the next citation."""
    quoted = QUOTED_RE.match(text, pos, limit)
    if quoted:
        return quoted.group("subject").strip(), quoted.end()
    about = ABOUT_RE.match(text, pos, limit)
    if not about:
        return None
    end = _clause_end(text, about.end(), limit, _ABOUT_END_RE)
    subject = _SUBJECT_TRAIL_RE.sub("", text[about.end():end]).strip(" ,-")
    if end == limit < sentence_end and subject.lower().endswith(SUBJECT_VERBS):
        # "về thực hiện Nghị quyết số 18-NQ/TW ...": the next citation is the object.
        # The tail stops at that citation, so its date is not taken for this one.
        end_on = _clause_end(text, about.end(), sentence_end, _RUN_ON_END_RE)
        return text[about.end():end_on].strip(" ,-"), limit
    return (subject, end) if len(subject) >= 3 else None


def _clause_end(text: str, start: int, limit: int, stop_re: regex.Pattern) -> int:
    """Where a subject starting at `start` stops: a stop match, else a word boundary within the cap."""
    stop = stop_re.search(text, start, min(limit, start + _SUBJECT_MAX + 1))
    if stop:
        return stop.start()
    end = min(limit, start + _SUBJECT_MAX)
    if end < limit:
        end = max(start, text.rfind(" ", start, end))
    return end


# --- identity ----------------------------------------------------------------------

# A mention is compared with at most this many documents of its number (the nearest
# ones): keeps linking linear on pathological input without changing real articles.
_MAX_CANDIDATES = 64


@dataclass
class _Cluster:
    """One document: its mentions and what they say about it, kept up to date as they join."""

    mentions: list[_Mention] = field(default_factory=list)
    anchor: _Mention | None = None   # the fullest mention: a symbol, then a date, then the earliest
    issued: str | None = None
    issued_at: int = -1              # start of the earliest dated mention
    issuer: str | None = None
    issuer_codes: set[str] = field(default_factory=set)
    issuers_folded: set[str] = field(default_factory=set)
    worded_kind: tuple[bool, int, str] | None = None  # (no symbol, start, kind) of the best worded mention
    starts: list[int] = field(default_factory=list)     # sorted

    def add(self, m: _Mention) -> None:
        self.mentions.append(m)
        m.cluster = self
        if self.anchor is None or _fullness(m) < _fullness(self.anchor):
            self.anchor = m
        if m.issued and (self.issued is None or m.start < self.issued_at):
            self.issued, self.issued_at = m.issued, m.start
        if m.issuer and self.issuer is None:
            self.issuer = m.issuer
        if m.issuer:
            self.issuers_folded.add(fold(m.issuer))
        # The symbol's issuer code is exact; a body's name ("Thành ủy": TU or ThU) is a guess.
        if self.anchor.issuer_code:
            self.issuer_codes = {_code_family(self.anchor.issuer_code)}
        elif m.issuer:
            self.issuer_codes |= _issuer_codes(m.issuer)
        if m.kind_from_word:
            key = (m.code is None, m.start, m.kind)
            self.worded_kind = min(self.worded_kind or key, key)
        bisect.insort(self.starts, m.start)

    @property
    def kind(self) -> str:
        return self.worded_kind[2] if self.worded_kind else self.anchor.kind

    @property
    def code(self) -> str | None:
        return self.anchor.code

    def ref(self) -> str:
        """kind:code:date for a symbol; kind:number[:date][@issuer] for a number alone
        (with the part of a symbol it gives, "quy_dinh:98-QĐ:2017-10-07@Bộ Chính trị")."""
        parts = [self.kind, self.anchor.code or self.anchor.written or self.anchor.number]
        if self.issued:
            parts.append(self.issued)
        ref = ":".join(parts)
        if not self.anchor.code and self.issuer:
            ref += f"@{self.issuer}"
        return ref


def _fullness(m: _Mention) -> tuple[bool, bool, int]:
    return (m.code is None, m.issued is None, m.start)


def _link(mentions: list[_Mention]) -> list[_Cluster]:
    """Group mentions of one document. Symbols first (dated before undated), then the rest."""
    clusters: list[_Cluster] = []
    by_number: dict[str, list[_Cluster]] = {}
    full = sorted((m for m in mentions if m.code), key=lambda m: (m.issued is None, m.start))
    rest = [m for m in mentions if not m.code]
    for m in full + rest:
        bucket = by_number.setdefault(_number_key(m.number), [])
        candidates = [c for c in bucket[-_MAX_CANDIDATES:] if _compatible(c, m)]
        cluster = min(candidates, key=lambda c: _preference(c, m)) if candidates else None
        if cluster is None:
            cluster = _Cluster()
            clusters.append(cluster)
            bucket.append(cluster)
        cluster.add(m)
    return clusters


def _compatible(cluster: _Cluster, m: _Mention) -> bool:
    anchor = cluster.anchor
    if m.code:
        if not anchor.code or _code_key(anchor.code) != _code_key(m.code):
            return False
    else:
        if m.kind_from_word and cluster.worded_kind and m.kind != cluster.kind:
            return False
        if m.type_code and anchor.type_code and fold(m.type_code) != fold(anchor.type_code):
            return False
        if m.year and anchor.year and m.year != anchor.year:
            return False
        codes = _issuer_codes(m.issuer)
        if codes and cluster.issuer_codes and not codes & cluster.issuer_codes:
            return False
    return not (m.issued and cluster.issued and m.issued != cluster.issued)


def _preference(cluster: _Cluster, m: _Mention) -> tuple:
    """Same date first, then same issuer, then the closest earlier mention, then the closest later one."""
    same_date = bool(m.issued) and cluster.issued == m.issued
    same_issuer = bool(m.issuer) and fold(m.issuer) in cluster.issuers_folded
    i = bisect.bisect_left(cluster.starts, m.start)
    distance = (0, m.start - cluster.starts[i - 1]) if i else (1, cluster.starts[0] - m.start)
    return (not same_date, not same_issuer, distance)


def _is_nickname(m: _Mention) -> bool:
    """ "Chương trình số 1" alone is a nickname ("our number-one programme").

    It counts when the article ties it to a document: a symbol or a date given for that
    number. A zero-padded number ("Chương trình số 05") is written the way document
    numbers are, so it counts too.
    """
    if not m.nickname_prone or m.code or m.issued or m.number.startswith("0"):
        return False
    return not (m.cluster and (m.cluster.code or m.cluster.issued))


# A programme's short name in brackets after its title: "... trí thức trẻ về các xã (Đề án 500)",
# "(gọi tắt là Đề án 500)": the type word and a number, nothing else (not "số": "(Đề án số 106)"
# cites one).
_SHORT_NAME_BEFORE_RE = regex.compile(
    r"\( ?(?:(?i:sau đây |dưới đây )?(?i:gọi tắt là|gọi tắt|gọi là|viết tắt là|viết tắt|tên gọi tắt là):? ?)?$")
_SHORT_NAME_AFTER_RE = regex.compile(r" ?\)")
_SHORT_NAME_WORDS_RE = regex.compile(r"(?![\p{L}\p{M} ]*(?<![\p{L}\p{M}])(?i:số) )[\p{L}\p{M}]+(?: [\p{L}\p{M}]+){0,4} \d{1,5}")


def _undocumented(m: _Mention) -> bool:
    """Neither the mention nor another of its document gives a symbol or a date."""
    return not (m.code or m.issued or (m.cluster and (m.cluster.code or m.cluster.issued)))


def _is_short_name(text: str, m: _Mention) -> bool:
    """ "(Đề án 500)" right after a programme's title names it by a number (of its people, of the
    decision behind it), as "Chương trình số 1" does: neither it nor the article's later "Đề án 500"
    cites a document unless the article ties that number to a symbol or a date. "Đề án số 106"
    (with "số") stays a citation."""
    if not _undocumented(m):
        return False
    return bool(_SHORT_NAME_BEFORE_RE.search(text, max(0, m.start - 30), m.start)
                and _SHORT_NAME_AFTER_RE.match(text, m.end)
                and _SHORT_NAME_WORDS_RE.fullmatch(text, m.start, m.end) is not None)


@lru_cache(maxsize=4096)
def _issuer_codes(issuer: str | None) -> frozenset[str]:
    """The issuer codes a named body can stand for: the longest known name inside it."""
    if not issuer:
        return frozenset()
    folded = fold(issuer)
    names = [n for n in ISSUER_NAMES if regex.search(rf"(?<!\w){regex.escape(fold(n))}(?!\w)", folded)]
    return ISSUER_NAMES[max(names, key=len)] if names else frozenset()


@lru_cache(maxsize=4096)
def _code_family(code: str) -> str:
    """ "QH13" -> "QH", "UBND-TC" -> "UBND": the issuing body, not its term or unit."""
    return code.split("-")[0].rstrip("0123456789")


def _code_key(code: str) -> str:
    return fold(code).replace("đ", "d")


def _number_key(number: str) -> str:
    return number.lstrip("0") or number


def _found(m: _Mention) -> Found:
    cluster = m.cluster
    kind = m.kind if m.kind_from_word or cluster is None else cluster.kind
    fields = {
        "kind": kind, "number": m.number, "code": _written_code(m), "type_code": m.type_code,
        "issuer_code": m.issuer_code, "issued": m.issued, "issuer": m.issuer, "subject": m.subject,
        "ref": cluster.ref() if cluster else f"{kind}:{m.code or m.number}",
    }
    return Found("citation", m.start, m.end, m.sentence, fields)


def _written_code(m: _Mention) -> str | None:
    """The symbol; else the part of one that a state number written with its year is
    ("Nghị định 138/2020": "138/2020"): the guideline's code is the symbol as written, null
    only for a number alone ("Nghị định 138") or with its type only ("1234/QĐ", "98-QĐ")."""
    if m.code or not (m.year and m.written) or m.type_code:
        return m.code
    return _squash(m.written)


EXTRACTOR = Extractor("rotation_citations", "citation", find_citations)
