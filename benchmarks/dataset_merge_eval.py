#!/usr/bin/env python3
"""Merge precision and recall of `rotation-facts dataset` on a set of real pages with linking gold.

    .venv/bin/python benchmarks/dataset_merge_eval.py TEXTS_DIR GOLD.jsonl [--pages PAGES.jsonl [--split dev]] [--json]

TEXTS_DIR holds `<doc_id>.txt` files; PAGES.jsonl (optional) gives each page's
`url` and `published` (`{"doc_id", "url", "published", ...}` per line); GOLD.jsonl
gives, per page, its officials with `person_key` and, for rotated ones, `move_key`
(the dev-set format: see pipeline/dataset/merge_eval.py). `--split` keeps only the pages
PAGES.jsonl puts in that split (the dev set's held-out pages are not to be read while
linking is worked on: `--split dev`). The script writes the
pages as one articles JSONL in a temporary folder, runs `extract` on it, builds the
dataset with the texts (`--articles`), and prints pairwise precision and recall of
people and of moves over the gold officials that were extracted, with every wrong
merge. Nothing is kept: the pages stay where they are.

Targets (issue 16): precision >= 0.98, recall >= 0.9 of the pairs whose moves were extracted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def articles_jsonl(texts: Path, pages: Path | None, out: Path, split: str | None = None) -> int:
    meta = {}
    if pages:
        for line in pages.read_text("utf-8").splitlines():
            if line.strip():
                page = json.loads(line)
                meta[page["doc_id"]] = page
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for path in sorted(texts.glob("*.txt")):
            page = meta.get(path.stem, {})
            if split and page.get("split") != split:
                continue
            fh.write(json.dumps({"id": path.stem, "text": path.read_text("utf-8"), "url": page.get("url"),
                                 "published": page.get("published")}, ensure_ascii=False) + "\n")
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("texts", type=Path)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--pages", type=Path)
    parser.add_argument("--split", help="only the pages of this split of PAGES.jsonl (the dev set: dev)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.split and not args.pages:
        parser.error("--split needs --pages")
    from pipeline.dataset import write_dataset
    from pipeline.dataset.merge_eval import score_links

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        n = articles_jsonl(args.texts, args.pages, tmp / "articles.jsonl", args.split)
        subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(tmp / "articles.jsonl"),
                        "-o", str(tmp / "facts.jsonl")], cwd=ROOT, check=False, capture_output=True)
        dataset = write_dataset([tmp / "facts.jsonl"], tmp / "dataset", articles=[str(tmp / "articles.jsonl")],
                                report=False)
        scores = score_links(dataset, args.gold)
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=1))
        return
    print(f"{n} pages; {dataset.summary()}")
    for what in ("people", "moves"):
        s = scores[what]
        fmt = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
        print(f"{what}: gold mentions {s['gold_mentions']}, extracted {s['found']}; pairs gold {s['gold_pairs']}, "
              f"predicted {s['predicted_pairs']}, true {s['true_pairs']}; precision {fmt(s['precision'])}, "
              f"recall {fmt(s['recall'])}")
        for ident, keys in s["wrong_merges"]:
            print(f"  wrong merge {ident}: {', '.join(keys)}")


if __name__ == "__main__":
    main()
