#!/usr/bin/env python3
"""The real-page development set: check its texts, score the extractor on it.

The pages are third-party news (Vietnamese sites, found through a search of stored public
pages); their texts are not in git. `pages.jsonl` holds each page's URL, the SHA-256 and
length of the text we annotated, its kind (`rotation` news or `ordinary` news with no
rotation), its split (`dev`, measured after every change; `heldout`, scored only at the end)
and the group of pages that report the same decision. `gold.jsonl` holds the adjudicated
gold of both readers, by the annotation guideline, with the extra keys of README.md.

    python corpus/devset/devset.py check                   # which texts are here, and intact
    python corpus/devset/devset.py score                   # dev split: eval + ordinary-news false positives
    python corpus/devset/devset.py score --split heldout   # only at the end

Texts are looked for in `corpus/devset/texts/<doc_id>.txt` (or `--texts DIR`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check(texts: Path, pages: list[dict]) -> tuple[list[dict], list[str]]:
    """The pages whose text is present and intact, and a line for each page that is not."""
    present, problems = [], []
    for page in pages:
        path = texts / f"{page['doc_id']}.txt"
        if not path.exists():
            problems.append(f"{page['doc_id']}: missing ({page['url']})")
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != page["sha256"]:
            problems.append(f"{page['doc_id']}: text differs from the one annotated (sha256)")
            continue
        present.append(page)
    return present, problems


def select(pages: list[dict], split: str, kind: str) -> list[dict]:
    return [p for p in pages if split in ("all", p["split"]) and kind in ("all", p["kind"])]


def score(args: argparse.Namespace, pages: list[dict], gold: dict[str, dict]) -> int:
    chosen, problems = check(args.texts, select(pages, args.split, args.kind))
    for line in problems:
        print(line, file=sys.stderr)
    if not chosen:
        print("no texts to score", file=sys.stderr)
        return 2
    rf = [sys.executable, "-m", "pipeline.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        articles = tmp_path / "articles"
        articles.mkdir()
        for page in chosen:
            (articles / f"{page['doc_id']}.txt").write_bytes((args.texts / f"{page['doc_id']}.txt").read_bytes())
        pred = Path(args.pred) if args.pred else tmp_path / "pred.jsonl"
        subprocess.run([*rf, "extract", str(articles), "-o", str(pred), "--no-progress"], check=True,
                       stderr=subprocess.DEVNULL)
        gold_path = tmp_path / "gold.jsonl"
        gold_path.write_text("".join(json.dumps(gold[p["doc_id"]], ensure_ascii=False) + "\n" for p in chosen),
                             encoding="utf-8")
        print(f"{len(chosen)} pages ({args.split} split, {args.kind}); {len(problems)} not scored")
        sys.stdout.flush()
        subprocess.run([*rf, "eval", str(gold_path), str(pred), *(["--per-doc"] if args.per_doc else [])])
        ordinary_false_positives(pred, [p for p in chosen if p["kind"] == "ordinary"])
    return 0


def ordinary_false_positives(pred: Path, ordinary: list[dict]) -> None:
    """On news with no rotation every move and count is false: how many per 200 pages."""
    if not ordinary:
        return
    ids = {p["doc_id"] for p in ordinary}
    moves, counts = [], []
    for record in load_jsonl(pred):
        if record.get("doc_id") not in ids:
            continue
        if record["type"] == "official" and record.get("rotated"):
            moves.append(f"  move  {record['doc_id']}: {record['name']} -> {record.get('to_post')}")
        elif record["type"] == "count":
            counts.append(f"  count {record['doc_id']}: {record['text']!r}")
    n = len(ordinary)
    print(f"ordinary news, {n} pages: {len(moves)} false moves ({200 * len(moves) / n:.1f} per 200 pages), "
          f"{len(counts)} false counts")
    print("\n".join(moves + counts) or "  none")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("check", "score"))
    parser.add_argument("--texts", type=Path, default=HERE / "texts", help="folder of <doc_id>.txt")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--kind", choices=("rotation", "ordinary", "all"), default="all")
    parser.add_argument("--per-doc", action="store_true", help="list every false positive and negative")
    parser.add_argument("--pred", help="also keep the predictions in this file")
    args = parser.parse_args(argv)
    pages = load_jsonl(HERE / "pages.jsonl")
    if args.command == "check":
        present, problems = check(args.texts, pages)
        print("\n".join(problems) or "every text present and intact")
        print(f"{len(present)} of {len(pages)} texts present and intact")
        return 1 if any("differs" in p for p in problems) else 0
    gold = {g["doc_id"]: g for name in ("gold.jsonl", "gold.heldout.jsonl") for g in load_jsonl(HERE / name)}
    return score(args, pages, gold)


if __name__ == "__main__":
    sys.exit(main())
