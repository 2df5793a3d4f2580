"""Bytes to text: encodings, binary junk and mojibake, decided before extraction.

Scraped Vietnamese text arrives as UTF-8 (with or without BOM), UTF-16, the
legacy Windows-1258 code page (which spells tones as combining marks), or as
UTF-8 that was once misread as cp1252 ("Ä‘á»“ng chÃ­" for "đồng chí"). The
first three decode to the same text; mojibake is repaired with ftfy when it can
be, and reported when it cannot, so no fact is ever taken from garbled text.

A file cut inside its last UTF-8 character loses that character; a UTF-8 file
with a few bad bytes keeps U+FFFD in their place (both noted); text with more
than 1% control characters is `not_text`.

A charset the page or its server declares (`<meta charset>`, the HTTP
`Content-Type` of a WARC record) is tried after UTF-8, which is checked first
because servers often declare Latin-1 for UTF-8 pages; a declared 8-bit charset
is kept only if it yields Vietnamese letters, else the legacy guess runs as before.

Entry points: `decode_bytes(data, declared=None) -> (text | None, error | None, notes)`,
`check_text(text)` for text that arrives already decoded (a JSON string), and
`meta_charset(data)`, the charset an HTML page's bytes declare.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re

from schemas import ErrorCode

ErrorPair = tuple[ErrorCode, str]

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
# C0 controls other than tab, newline, carriage return, form feed; C1 controls.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_C0_RE = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
# Byte-pair shapes UTF-8 takes when read as cp1252/latin-1: a cheap hint before asking ftfy.
_MOJIBAKE_HINT = re.compile(r"[ÃÂÄÅÆá»º][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")
_VIETNAMESE_RE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
_HTML_RE = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<article|<p[ >])", re.I)

MAX_CONTROL_RATIO = 0.01


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str | None, ErrorPair | None, list[str]]:
    """Decode `data` to text, or say why it is not text we can trust.

    `declared`: the charset the source declares (HTTP header, meta tag), if any.
    """
    notes: list[str] = []
    if not data:
        return "", None, notes
    text = _decode_with_bom(data)
    if text is None:
        if b"\x00" in data:
            text = _decode_utf16_without_bom(data)
            if text is None:
                return None, (ErrorCode.not_text, "binary content (NUL bytes), not text"), notes
            notes.append("decoded as UTF-16 without BOM")
        else:
            text, note = _decode_utf8_or_legacy(data, _codec(declared))
            if text is None:
                return None, (ErrorCode.decode_failed, "not valid UTF-8, UTF-16 or Windows-1258"), notes
            if note:
                notes.append(note)
    repaired, error, more = check_text(text)
    return repaired, error, notes + more


def check_text(text: str) -> tuple[str | None, ErrorPair | None, list[str]]:
    """Decoded text (from bytes or a JSON string) we can extract from, or why not.

    Binary junk shows C0 controls; mojibake shows C1 controls (UTF-8 read as
    Latin-1), which ftfy can undo, so those are judged after the repair.
    """
    if _control_ratio(text, _C0_RE) > MAX_CONTROL_RATIO:
        return None, (ErrorCode.not_text, "binary content (control characters), not text"), []
    repaired, error, notes = repair_text(text)
    if error:
        return None, error, notes
    if _control_ratio(repaired, _CONTROL_RE) > MAX_CONTROL_RATIO:
        return None, (ErrorCode.not_text, "binary content (control characters), not text"), notes
    return repaired, None, notes


def _decode_utf8_or_legacy(data: bytes, declared: str | None = None) -> tuple[str | None, str | None]:
    """UTF-8; UTF-8 with a few damaged bytes (a truncated file); the declared charset; else Windows-1258."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            # cut inside the last character: keep everything before it
            return data[: exc.start].decode("utf-8", errors="replace"), "truncated inside a UTF-8 character at the end"
    if declared and declared != "utf-8":
        text = _decode_vietnamese(data, declared)
        if text is not None:
            return text, f"decoded as {declared} (the charset the page declares)"
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    good = sum(1 for ch in lenient if ch > "\x7f" and ch != "\ufffd")
    if bad * 50 <= good:
        # genuine UTF-8 (many well-formed multi-byte characters) with a few bad bytes
        return lenient, f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD"
    legacy = _decode_legacy(data)
    return (legacy, "decoded as Windows-1258") if legacy is not None else (None, None)


def repair_text(text: str) -> tuple[str | None, ErrorPair | None, list[str]]:
    """Repair mojibake if there is any; report it if it cannot be repaired."""
    if not _MOJIBAKE_HINT.search(text):
        return text, None, []
    import ftfy  # only for the few texts that show the signs

    if not ftfy.is_bad(text):
        return text, None, []
    fixed = ftfy.fix_encoding(text)
    if ftfy.is_bad(fixed) or _MOJIBAKE_HINT.search(fixed):
        return None, (ErrorCode.mojibake, "garbled text (UTF-8 read as another code page) that could not be repaired"), []
    return fixed, None, ["repaired mojibake (UTF-8 read as cp1252)"]


def looks_like_html(text: str) -> bool:
    return bool(_HTML_RE.match(text[:2000]))


def iso_date(value: object) -> str | None:
    """A publication date in ISO form, from the forms scrapers store; else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        y, mo, d = m.groups()
    else:
        m = re.search(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
        if not m:
            return None
        d, mo, y = m.groups()
    try:
        return dt.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no BOM shows as NUL in every other byte of ASCII text."""
    if len(data) % 2:
        return None
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    encoding = "utf-16-le" if odd_nuls > len(data) // 4 and even_nuls == 0 else (
        "utf-16-be" if even_nuls > len(data) // 4 and odd_nuls == 0 else None)
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_legacy(data: bytes) -> str | None:
    """Windows-1258, accepted only if it yields Vietnamese letters."""
    return _decode_vietnamese(data, "cp1258")


def _decode_vietnamese(data: bytes, encoding: str) -> str | None:
    """`data` in `encoding`, accepted only if it decodes and yields Vietnamese letters."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    letters = sum(ch.isalpha() for ch in text[:20000])
    import unicodedata
    marked = len(_VIETNAMESE_RE.findall(unicodedata.normalize("NFC", text[:20000])))
    return text if letters and marked / letters > 0.05 else None


def _control_ratio(text: str, pattern: re.Pattern = _CONTROL_RE) -> float:
    sample = text[:200_000]
    return len(pattern.findall(sample)) / max(1, len(sample))


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a `<meta>` tag near its top, if any."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def _codec(charset: str | None) -> str | None:
    """Python's name for a declared charset ('windows-1258' -> 'cp1258'); None if unknown."""
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip("'\"")).name
    except LookupError:
        return None
