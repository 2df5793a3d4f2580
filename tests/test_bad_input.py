"""Bad input through the command: one article record per input article, errors counted, exit codes.

`make_mixed_folder` builds the folder of good and bad inputs that the issue's
closing note reports on (`python tests/test_bad_input.py DIR` builds it in DIR).
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "corpus" / "articles").glob("*.txt"))
GOOD = "Huyện đã luân chuyển 3 cán bộ về xã."


def make_mixed_folder(root: Path, max_chars: int = 100_000) -> dict[str, int]:
    """Good and bad inputs in `root`; returns the error codes expected (code -> count)."""
    root.mkdir(parents=True, exist_ok=True)
    text = ARTICLES[0].read_text("utf-8")
    good = {
        "good_utf8.txt": text.encode("utf-8"),
        "good_bom.txt": codecs.BOM_UTF8 + text.encode("utf-8"),
        "good_utf16.txt": text.encode("utf-16"),
        "good_nfd.txt": unicodedata.normalize("NFD", text).encode("utf-8"),
        "good_mojibake.txt": text.encode("utf-8").decode("latin-1").encode("utf-8"),
        "good_truncated.txt": text.encode("utf-8")[:1001],  # cut inside a character
        "good_page.html": f"<html><head><title>T</title></head><body><article><p>{text}</p></article></body></html>".encode(),
    }
    bad = {
        "binary.txt": (bytes(range(256)) * 64, "not_text"),
        "png_renamed.html": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "not_text"),
        "undecodable.txt": (bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x41]) * 50, "decode_failed"),
        "lossy_mojibake.txt": ("".join(c for c in text.encode("utf-8").decode("sloppy-windows-1252")
                                       if not "\x80" <= c <= "\x9f").encode("utf-8"), "mojibake"),
        "empty.txt": (b"", "empty"),
        "blank.txt": (b"  \n\n \t ", "empty"),
        "script_only.html": (b"<html><body><script>var x = 1;</script></body></html>", "empty"),
        "huge.txt": ((GOOD + "\n").encode("utf-8") * (max_chars // len(GOOD) + 10), "too_large"),
    }
    for name, data in good.items():
        (root / name).write_bytes(data)
    for name, (data, _) in bad.items():
        (root / name).write_bytes(data)
    (root / "dangling.txt").symlink_to(root / "does-not-exist.txt")
    lines = [
        json.dumps({"id": "j1", "text": GOOD, "published": "07/10/2017"}, ensure_ascii=False),
        "{this is not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "j4", "title": "no text field"}),
        json.dumps({"id": "j5", "text": "   "}),
        json.dumps({"id": "j6", "html": f"<p>{GOOD}</p>"}, ensure_ascii=False),
        json.dumps({"id": "j7", "text": GOOD * (max_chars // len(GOOD) + 10)}, ensure_ascii=False),
        '{"id": "j8", "text": "cut off in the mid',
    ]
    (root / "batch.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    expected = Counter(code for _, code in bad.values())
    expected.update({"read_failed": 1, "bad_json_line": 3, "missing_text": 2, "too_large": 1})
    return dict(expected)


def _run(args, capsys):
    status = main(["extract", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_mixed_folder_every_article_accounted_for(tmp_path, capsys):
    folder = tmp_path / "in"
    expected = make_mixed_folder(folder, max_chars=100_000)
    out = tmp_path / "out.jsonl"
    status, _, err = _run([folder, "-o", out, "--max-chars", "100000"], capsys)
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    articles = [r for r in records if r["type"] == "article"]
    n_inputs = len(list(folder.iterdir())) - 1 + 8  # files, minus the JSONL file, plus its 8 lines
    assert len(articles) == n_inputs
    errors = Counter(a["error"]["code"] for a in articles if a["error"])
    assert dict(errors) == expected
    assert status == 1 and "failed" in err
    for a in articles:
        assert a["source"].startswith(str(folder))
        if a["error"]:
            assert a["error"]["message"] and a["n_facts"] == 0
        if a["source"].endswith(".jsonl"):
            assert a["line"] is not None
    good = {Path(a["source"]).name: a for a in articles if not a["error"] and a["source"].endswith(".txt")}
    assert len({a["n_facts"] for name, a in good.items() if name != "good_truncated.txt"}) == 1
    # facts follow their article and count what it says
    i = 0
    while i < len(records):
        assert records[i]["type"] == "article"
        n = records[i]["n_facts"]
        assert all(r["type"] != "article" and r["doc_id"] == records[i]["doc_id"] for r in records[i + 1: i + 1 + n])
        i += 1 + n


def test_exit_status_zero_when_all_succeed(tmp_path, capsys):
    status, out, _ = _run([ARTICLES[0]], capsys)
    assert status == 0 and out.startswith('{"type": "article"')


@pytest.mark.parametrize("args,message", [
    (["{missing}"], "no such file or directory"),
    (["{good}", "-o", "{tmp}"], "is a directory"),
    (["{good}", "-o", "{good}"], "one of the inputs"),
    (["{tmp}", "-o", "{good}"], "one of the inputs"),
    (["{good}", "-o", "{tmp}/no/such/dir/out.jsonl"], "no such directory"),
    (["{good}", "--resume"], "--resume needs -o"),
    (["{good}", "--timeout", "-1"], "--timeout"),
    (["{good}", "--max-chars", "0"], "--max-chars"),
])
def test_usage_errors_exit_2_with_a_message(tmp_path, capsys, args, message):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    before = good.read_bytes()
    args = [a.format(missing=tmp_path / "missing.txt", good=good, tmp=tmp_path) for a in args]
    status, out, err = _run(args, capsys)
    assert status == 2 and message in err and err.startswith("rotation-facts extract: ")
    assert good.read_bytes() == before  # never overwritten
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("arguments,message", [
    ({}, "one of the inputs"),
    ({"jobs": -1}, "--jobs"),
    ({"in_process": True, "jobs": 2}, "--in-process"),
    ({"scheduler": "tcp://127.0.0.1:1"}, "--scheduler needs --engine dask"),
])
def test_the_library_refuses_what_the_command_line_refuses(tmp_path, arguments, message):
    """`pipeline.run` itself, not only the command line, refuses to write over its input
    (it used to replace the article with its own JSON Lines) and refuses arguments that do
    not go together, before anything is read or written."""
    import pipeline

    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    with pytest.raises(ValueError, match=message.replace("-", r"\-")):
        pipeline.run([str(good)], str(good), progress=None, **arguments)
    assert good.read_text("utf-8") == GOOD and not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("name,message", [("missing.txt", "no such file or directory"),
                                          ("*.html", "nothing matches")])
def test_the_library_refuses_an_input_that_names_nothing(tmp_path, name, message):
    """`pipeline.run` makes the command line's check of its inputs itself (the command only
    reports the error): a typo in a path is refused before an output is opened."""
    import pipeline

    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    with pytest.raises(ValueError, match=message):
        pipeline.run([str(good), str(tmp_path / name)], str(tmp_path / "out.jsonl"), progress=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.txt"]


@pytest.mark.parametrize("name,message", [("missing.txt", "no such file or directory"),
                                          ("*.html", "nothing matches")])
def test_extract_files_refuses_an_input_that_names_nothing_as_run_does(tmp_path, name, message):
    """The two library entry points agree: `extract_files` raises the same `InputNotFound`
    as `pipeline.run`, at the call, before any article is read."""
    import pipeline

    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    with pytest.raises(pipeline.InputNotFound, match=message):
        pipeline.extract_files([str(good), str(tmp_path / name)])
    assert issubclass(pipeline.InputNotFound, ValueError) and issubclass(pipeline.RunArgumentError, ValueError)
    [(article, *_)] = list(pipeline.extract_files([str(good)]))
    assert article.error is None


def test_extract_files_records_a_file_it_cannot_read(tmp_path):
    """Inside a folder that exists, a file that cannot be read (a dangling link) is an article
    with `read_failed`, not a refusal, and the other files are read."""
    import pipeline

    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ok.txt").write_text(GOOD, "utf-8")
    articles = [records[0] for records in pipeline.extract_files([str(tmp_path)])]
    assert [(a.doc_id, a.error.code if a.error else None) for a in articles] == [("gone", "read_failed"), ("ok", None)]


def test_input_through_a_symlink_is_not_overwritten(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    (tmp_path / "link.jsonl").symlink_to(good)
    status, _, err = _run([good, "-o", tmp_path / "link.jsonl"], capsys)
    assert status == 2 and "one of the inputs" in err and good.read_text("utf-8") == GOOD


def test_stdin_binary_and_stdin_jsonl():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", "-"]
    binary = subprocess.run(cmd, input=bytes(range(256)) * 8, capture_output=True, env=env, timeout=120)
    assert binary.returncode == 1
    [record] = [json.loads(x) for x in binary.stdout.decode().splitlines()]
    assert record["error"]["code"] == "not_text" and record["source"] == "-"
    jsonl = "\n".join([json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False), "oops"]).encode()
    both = subprocess.run(cmd, input=jsonl, capture_output=True, env=env, timeout=120)
    records = [json.loads(x) for x in both.stdout.decode().splitlines()]
    assert [(r["doc_id"], r["line"], (r["error"] or {}).get("code")) for r in records if r["type"] == "article"] == [
        ("a", 1, None), ("stdin:2", 2, "bad_json_line")]
    assert both.returncode == 1
    big = subprocess.run([*cmd, "--max-chars", "100"], input=GOOD.encode() * 50, capture_output=True, env=env,
                         timeout=120)
    [record] = [json.loads(x) for x in big.stdout.decode().splitlines()]
    assert record["error"]["code"] == "too_large" and big.returncode == 1


if __name__ == "__main__":

    print(make_mixed_folder(Path(sys.argv[1]), max_chars=int(sys.argv[2]) if len(sys.argv) > 2 else 100_000))
