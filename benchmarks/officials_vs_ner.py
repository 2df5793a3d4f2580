#!/usr/bin/env python3
"""Officials found by `extractors.officials` against underthesea's `ner` PER entities alone (issue 5).

    .venv/bin/python benchmarks/officials_vs_ner.py [--corpus corpus] [--details]

Both systems read the same normalised article text. underthesea's NER is run
sentence by sentence; its PER entities (B-PER followed by I-PER tokens) are taken
as officials, with no post check, which is what "NER used alone" means.
Names are compared as `rotation-facts eval` compares them (folded: NFC, case,
tone placement); the gold's optional officials neither reward nor penalise.
Prints precision, recall and F1 of each, and with --details each article's
false positives and negatives.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.results.evaluate import fold, load_jsonl, prf  # noqa: E402


def ner_people(text: str) -> set[str]:
    """PER entities of underthesea's NER over the sentences of a normalised text."""
    from underthesea import ner

    from pipeline.stages.segment import split_sentences

    people: set[str] = set()
    for start, end in split_sentences(text):
        current: list[str] = []
        for word, _pos, _chunk, tag in ner(text[start:end]):
            if tag == "B-PER" or (tag == "I-PER" and not current):
                if current:
                    people.add(" ".join(current))
                current = [word]
            elif tag == "I-PER":
                current.append(word)
            else:
                if current:
                    people.add(" ".join(current))
                current = []
        if current:
            people.add(" ".join(current))
    return {fold(p) for p in people}


def extractor_people(path: Path) -> set[str]:
    from pipeline import extract_text

    records = extract_text(path.read_text("utf-8"), doc_id=path.stem)
    return {fold(r.name) for r in records[1:] if r.type == "official"}


def score(system: dict[str, set[str]], gold: dict[str, dict]) -> tuple[int, int, int, dict]:
    tp = fp = fn = 0
    errors = {}
    for doc_id, g in gold.items():
        wanted = {fold(o["name"]) for o in g["officials"]}
        optional = {fold(o["name"]) for o in g.get("optional", {}).get("officials", [])}
        found = system.get(doc_id, set())
        tp += len(found & wanted)
        doc_fp, doc_fn = sorted(found - wanted - optional), sorted(wanted - found)
        fp, fn = fp + len(doc_fp), fn + len(doc_fn)
        errors[doc_id] = {"fp": doc_fp, "fn": doc_fn}
    return tp, fp, fn, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--details", action="store_true", help="per-article false positives and negatives")
    args = parser.parse_args()

    from pipeline.stages.normalize import normalize

    gold = {g["doc_id"]: g for g in load_jsonl(str(args.corpus / "gold.jsonl"))}
    articles = sorted((args.corpus / "articles").glob("*.txt"))
    systems: dict[str, dict[str, set[str]]] = {"rotation-facts officials": {}, "underthesea ner PER": {}}
    seconds = {name: 0.0 for name in systems}
    for path in articles:
        if path.stem not in gold:
            continue
        started = time.perf_counter()
        systems["rotation-facts officials"][path.stem] = extractor_people(path)
        seconds["rotation-facts officials"] += time.perf_counter() - started
        started = time.perf_counter()
        systems["underthesea ner PER"][path.stem] = ner_people(normalize(path.read_text("utf-8")).text)
        seconds["underthesea ner PER"] += time.perf_counter() - started

    print(f"articles: {len(systems['underthesea ner PER'])}  gold officials: "
          f"{sum(len(g['officials']) for g in gold.values())}")
    for name, found in systems.items():
        tp, fp, fn, errors = score(found, gold)
        p, r, f = prf(tp, fp, fn)
        print(f"{name:26s} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={tp} fp={fp} fn={fn})  {seconds[name]:.1f} s")
        if args.details:
            for doc_id, e in errors.items():
                if e["fp"] or e["fn"]:
                    print(f"    {doc_id} fp={e['fp']} fn={e['fn']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
