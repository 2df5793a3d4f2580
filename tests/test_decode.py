"""Encodings: every way a scraper stores an article gives the facts of the clean article.

Each corpus article is written as UTF-8 with a BOM, UTF-16 with a BOM, NFD
UTF-8, Windows-1258 (which spells tones as combining marks), and as mojibake
(its UTF-8 bytes read as cp1252 or Latin-1, saved again as UTF-8), then read
back through `read_articles`.

What "the same facts" means (decided here): the same number of facts, in the
same order, with every field equal except the evidence `span`, `text` and
`sentence`, which point into the text *as read* (after decoding). Those differ
only as the re-encoding explains: for forms whose decoded text is the clean
text (BOMs, UTF-16, repaired mojibake) the records are identical; for NFD and
cp1258, whose decoded text spells letters with combining marks, the span maps to
the same characters: NFC of the text before the span has the clean span's start
as its length, and NFC of `text` and `sentence` is the clean record's.
"""

from __future__ import annotations

import codecs
import json
import unicodedata
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest

from pipeline.inputs import decode
from pipeline.inputs.read import read_articles
from pipeline.runner import process_article
from schemas import ErrorCode
from schemas.records import MAX_EVIDENCE

ARTICLES = sorted((Path(__file__).resolve().parent.parent / "corpus" / "articles").glob("*.txt"))
_CP1258_MARKS = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes for `text`: precomposed where the code page has the letter, else
    the base letter (with at most one of its marks composed) and the tone as a combining mark."""
    out = bytearray()
    for ch in text.replace("\u00d0", "\u0110"):  # Ð: cp1258 has only Đ
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for i, mark in enumerate(marks):  # compose one mark with the base, keep the other combining
            head = unicodedata.normalize("NFC", base + mark)
            rest = marks[:i] + marks[i + 1:]
            try:
                out += (head + "".join(rest)).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += unicodedata.normalize("NFD", ch).encode("cp1258")  # raises: the test must know
    return bytes(out)


FORMS = {
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-bom": lambda t: t.encode("utf-16"),  # native order, with BOM
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    "cp1258": to_cp1258,
    "mojibake-cp1252": lambda t: t.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8"),
    "mojibake-latin1": lambda t: t.encode("utf-8").decode("latin-1").encode("utf-8"),
}
SAME_TEXT = {"utf-8-bom", "utf-16-bom", "utf-16-be-bom", "mojibake-cp1252", "mojibake-latin1"}


def _records(path: Path) -> list[dict]:
    [raw] = list(read_articles([str(path)]))
    records = [r.model_dump(mode="json") for r in process_article(raw)]
    records[0].pop("source")  # the file it was read from: the test writes each form elsewhere
    if records[0]["n_chars"] != len(raw.text):
        raise AssertionError("n_chars must be the length of the text as read")
    records[0].pop("n_chars")
    return records, raw.text


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """Records of each clean article (and of its cp1258-spellable twin: Ð written Đ)."""
    out = {}
    d = tmp_path_factory.mktemp("clean")
    for article in ARTICLES:
        text = article.read_text("utf-8")
        out[article.name] = _records(article)
        twin = d / article.name
        twin.write_text(text.replace("\u00d0", "\u0110"), "utf-8")
        out[article.name + ":cp1258"] = _records(twin)
    return out


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_every_encoding_gives_the_clean_facts(article, form, clean, tmp_path):
    text = article.read_text("utf-8")
    path = tmp_path / article.name
    path.write_bytes(FORMS[form](text))
    got, read_text = _records(path)
    want, clean_text = clean[article.name + (":cp1258" if form == "cp1258" else "")]
    assert got[0]["error"] is None
    assert len(got) == len(want) and got[0]["n_facts"] == want[0]["n_facts"] > 0
    if form in SAME_TEXT:
        assert read_text == clean_text
        # the facts are identical; the article record may say how its text was read
        assert got[1:] == want[1:]
        decoding = [n for n in got[0]["notes"] if n not in want[0]["notes"]]
        assert {**got[0], "notes": [n for n in got[0]["notes"] if n not in decoding]} == want[0]
        if form.startswith("mojibake"):
            assert decoding == ["repaired mojibake (UTF-8 read as cp1252)"]
        return
    assert unicodedata.normalize("NFC", read_text) == clean_text
    for g, w in zip(got[1:], want[1:]):
        evidence = ("span", "text", "sentence", "sentence_span", "evidence")  # offsets into each form's own text
        assert {k: v for k, v in g.items() if k not in evidence} == {k: v for k, v in w.items() if k not in evidence}
        start, end = g["span"]
        assert read_text[start:end] == g["text"]
        assert len(unicodedata.normalize("NFC", read_text[:start])) == w["span"][0]
        assert unicodedata.normalize("NFC", g["text"]) == w["text"]
        # the same whole sentence; its evidence window is counted in characters as read, so a long
        # sentence in NFD (more characters) may be cut shorter around the fact than in NFC
        s_start, s_end = g["sentence_span"]
        assert len(unicodedata.normalize("NFC", read_text[:s_start])) == w["sentence_span"][0]
        assert unicodedata.normalize("NFC", read_text[s_start:s_end]) == clean_text[slice(*w["sentence_span"])]
        if s_end - s_start <= MAX_EVIDENCE:
            assert unicodedata.normalize("NFC", g["sentence"]) == w["sentence"]
        else:
            assert g["text"] in g["sentence"] and g["sentence"] in read_text[s_start:s_end]
            assert unicodedata.normalize("NFC", g["sentence"]) in w["sentence"]


def test_cp1258_really_uses_combining_marks():
    data = to_cp1258("Đồng chí Nguyễn Văn Bệ")
    decoded = data.decode("cp1258")
    assert any(unicodedata.combining(c) for c in decoded)
    text, error, notes = decode.decode_bytes(data)
    assert error is None and "decoded as Windows-1258" in notes
    assert unicodedata.normalize("NFC", text) == "Đồng chí Nguyễn Văn Bệ"


def test_mojibake_in_a_json_string_is_repaired(tmp_path):
    text = ARTICLES[0].read_text("utf-8")
    garbled = text.encode("utf-8").decode("sloppy-windows-1252")
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": garbled}, ensure_ascii=True) + "\n", "utf-8")
    [raw] = list(read_articles([str(path)]))
    assert raw.error is None and raw.text == text


def test_mojibake_that_cannot_be_repaired_is_reported_not_extracted():
    # the double-encoded text lost its C1 bytes (a lossy copy): ftfy cannot undo it
    garbled = "Đồng chí Nguyễn Văn Bệ, Bí thư Huyện ủy, được điều động.".encode("utf-8").decode("sloppy-windows-1252")
    lossy = "".join(c for c in garbled if not "\x80" <= c <= "\x9f")
    text, error, _ = decode.decode_bytes(lossy.encode("utf-8"))
    assert text is None and error[0] == ErrorCode.mojibake


def test_clean_vietnamese_is_not_taken_for_mojibake():
    for article in ARTICLES:
        text = article.read_text("utf-8")
        assert decode.decode_bytes(text.encode("utf-8")) == (text, None, [])


def test_utf16_without_bom_is_recognised():
    text, error, notes = decode.decode_bytes("Đồng chí Lò Văn Thân về xã.".encode("utf-16-le"))
    assert error is None and text == "Đồng chí Lò Văn Thân về xã."


def test_a_file_cut_inside_its_last_character_keeps_the_rest():
    data = "Huyện đã luân chuyển 3 cán bộ về xã Đ".encode("utf-8")[:-1]
    text, error, notes = decode.decode_bytes(data)
    assert error is None and text == "Huyện đã luân chuyển 3 cán bộ về xã " and notes


def test_a_few_bad_bytes_in_utf8_are_marked_not_misread_as_cp1258():
    good = "Huyện đã luân chuyển 3 cán bộ về xã. " * 20
    data = good.encode("utf-8")
    data = data[:50] + b"\xff" + data[50:]
    text, error, notes = decode.decode_bytes(data)
    assert error is None and text.count("\ufffd") == 1 and text.replace("\ufffd", "") == good


@pytest.mark.parametrize("data,code", [
    (bytes(range(256)) * 40, ErrorCode.not_text),             # binary with NUL bytes
    (bytes(range(1, 32)) * 200, ErrorCode.not_text),           # control characters, no NUL
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, ErrorCode.not_text),
    (bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d]) * 100, ErrorCode.decode_failed),  # no code page we trust
])
def test_binary_and_undecodable_bytes(data, code):
    text, error, _ = decode.decode_bytes(data)
    assert text is None and error[0] == code
