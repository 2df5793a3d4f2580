#!/usr/bin/env python3
"""The real-page development set: check its texts, score the extractor on it.

The pages are third-party news (Vietnamese sites, found through a search of stored public
pages); their texts are not in git. `pages.jsonl` holds each page's URL, the SHA-256 and
length of the text we annotated, its kind (`rotation` news or `ordinary` news with no
rotation), its split (`SPLITS`: `dev`, measured after every change; then the slices held out,
`heldout`, `heldout2`, ..., each held out once and read since, but the last, the next slice held
out, scored only when named) and the group of pages that report the same decision. `gold.jsonl` holds the adjudicated
gold of both readers, by the annotation guideline, with the extra keys of README.md.

    python corpus/devset/devset.py check                   # which texts are here, and intact
    python corpus/devset/devset.py score                   # dev split: eval + ordinary-news false positives
    python corpus/devset/devset.py score --split all       # dev and the read held-out slices
    python corpus/devset/devset.py score --split heldout6  # one slice (--new-stories: without known stories)
    python corpus/devset/devset.py sweep                   # false moves and counts on 450 more ordinary pages
    python corpus/devset/devset.py copied                  # table rows sharing a long run of words with a page

Texts are looked for in `corpus/devset/texts/<doc_id>.txt` (or `--texts DIR`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
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


# The splits in the order they were made: dev, then each slice held out; the next slice is one more
# name at the end. The slices held out and already scored and read are working material, like dev
# (`all`); the slice held out last is read only when named, so that it stays unseen.
SPLITS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9",
          "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16",
          "heldout17", "heldout18", "heldout19", "heldout20", "heldout21", "heldout22", "heldout23", "heldout24",
          "heldout25", "heldout26", "heldout27", "heldout28", "heldout29", "heldout30", "heldout31", "heldout32",
          "heldout33", "heldout34", "heldout35", "heldout36",
          "heldout37")
READ_SPLITS, UNSEEN_SPLIT = SPLITS[:-1], SPLITS[-1]
# Each split's gold file: `gold.jsonl` for dev, `gold.<split>.jsonl` for a slice held out.
GOLD_FILES = {split: "gold.jsonl" if split == "dev" else f"gold.{split}.jsonl" for split in SPLITS}


def select(pages: list[dict], split: str, kind: str, new_stories: bool = False) -> list[dict]:
    """The pages of a split and kind; `all` is dev and the read held-out slices, never the unseen one.
    With `new_stories`, not the pages whose decision a page of another split reports too (same `group`)."""
    splits = READ_SPLITS if split == "all" else (split,)
    chosen = [p for p in pages if p["split"] in splits and kind in ("all", p["kind"])]
    if new_stories:
        told_elsewhere = {p["group"] for p in pages if p["group"] and p["split"] not in splits}
        chosen = [p for p in chosen if p["group"] not in told_elsewhere]
    return chosen


RF = [sys.executable, "-m", "pipeline.cli"]


def present_or_said(texts: Path, pages: list[dict]) -> list[dict]:
    """The pages whose text is here and intact; each one that is not is said on stderr."""
    chosen, problems = check(texts, pages)
    for line in problems + ([] if chosen else ["no texts to run"]):
        print(line, file=sys.stderr)
    return chosen


def extract(args: argparse.Namespace, chosen: list[dict], tmp_path: Path) -> tuple[Path, Path]:
    """Run the extractor over the chosen pages: the JSONL of their texts and the predictions' path."""
    # one JSONL of the texts with their publication dates: an age gives a birth year only with one
    articles = tmp_path / "articles.jsonl"
    articles.write_text("".join(json.dumps(
        {"id": page["doc_id"], "text": (args.texts / f"{page['doc_id']}.txt").read_bytes().decode("utf-8"),
         "published": page.get("published"), "url": page.get("url")}, ensure_ascii=False) + "\n"
        for page in chosen), encoding="utf-8")
    pred = Path(args.pred) if args.pred else tmp_path / "pred.jsonl"
    subprocess.run([*RF, "extract", str(articles), "-o", str(pred), "--no-progress"], check=True,
                   stderr=subprocess.DEVNULL)
    return articles, pred


def sweep(args: argparse.Namespace) -> int:
    """False moves and counts on the sweep: ordinary news with no gold beyond 'no rotation here'."""
    chosen = present_or_said(args.texts, load_jsonl(HERE / "sweep.jsonl"))
    if not chosen:
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        _, pred = extract(args, chosen, Path(tmp))
        ordinary_false_positives(pred, chosen)
    return 0


def score(args: argparse.Namespace, pages: list[dict], gold: dict[str, dict]) -> int:
    wanted = select(pages, args.split, args.kind, args.new_stories)
    chosen = present_or_said(args.texts, wanted)
    if not chosen:
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        articles, pred = extract(args, chosen, tmp_path)
        gold_path = tmp_path / "gold.jsonl"
        gold_path.write_text("".join(json.dumps(gold[p["doc_id"]], ensure_ascii=False) + "\n" for p in chosen),
                             encoding="utf-8")
        print(f"{len(chosen)} pages ({args.split} split, {args.kind}{', new stories' if args.new_stories else ''});"
              f" {len(wanted) - len(chosen)} not scored")
        sys.stdout.flush()
        subprocess.run([*RF, "eval", str(gold_path), str(pred), *(["--per-doc"] if args.per_doc else [])])
        ordinary_false_positives(pred, [p for p in chosen if p["kind"] == "ordinary"], gold)
        biography_accuracy(pred, [gold[p["doc_id"]] for p in chosen], args.per_doc)
        subprocess.run([*RF, "dataset", str(pred), "-o", str(tmp_path / "dataset"), "--articles", str(articles)],
                       check=True, stdout=subprocess.DEVNULL)
        nonlocal_accuracy(tmp_path / "dataset", [gold[p["doc_id"]] for p in chosen], chosen, args.per_doc)
    return 0


BIO_FIELDS = ("birth_year", "hometown_province", "ethnicity", "party_rank")


def _bio_key(name: str, value) -> object:
    """How a gold and a predicted value compare: a province by its code before July 2025
    (`Thừa Thiên Huế` and `Huế`, `TT-Huế` are one), the rest folded."""
    from extractors.gazetteer import fold_province, province
    from pipeline.results.evaluate import fold

    if value is None:
        return None
    if name == "hometown_province":
        found = province(value)
        return found.code if found else fold_province(value)
    return fold(str(value))


def biography_accuracy(pred: Path, golds: list[dict], per_doc: bool = False) -> None:
    """Of the officials whose gold states a field: how many the extractor gives right.

    A stated value counts against the extractor when its official is not found at all,
    when it is found without the value, or with another; these are told apart. Values given
    where the gold states none are listed too (possible false facts).
    """
    from pipeline.results.evaluate import fold

    found: dict[tuple[str, str], dict] = {}
    for record in load_jsonl(pred):
        if record.get("type") == "official":
            found[(record["doc_id"], fold(record["name"]))] = record
    tally = {name: {"right": 0, "wrong": 0, "not read": 0, "official not found": 0} for name in BIO_FIELDS}
    misses: list[str] = []
    gold_people: set[tuple[str, str]] = set()
    for g in golds:
        optional = g.get("optional", {}).get("officials", [])
        for person in g["officials"] + optional:
            key = (g["doc_id"], fold(person["name"]))
            gold_people.add(key)
            record = found.get(key)
            for name in BIO_FIELDS:
                want = _bio_key(name, person.get(name))
                if want is None:
                    if record and record.get(name) is not None:
                        misses.append(f"  extra      {name:17} {g['doc_id']}: {person['name']}: {record.get(name)!r}")
                    continue
                got = _bio_key(name, record.get(name)) if record else None
                outcome = ("official not found" if record is None else "not read" if got is None
                           else "right" if got == want else "wrong")
                tally[name][outcome] += 1
                if outcome != "right":
                    misses.append(f"  {outcome:10} {name:17} {g['doc_id']}: {person['name']}: gold {person.get(name)!r}"
                                  f", got {record.get(name) if record else None!r}")
    print("biographies: of the officials whose gold states a field, how many are right")
    for name, t in tally.items():
        stated = sum(t.values())
        of_found = stated - t["official not found"]
        rate = f"{t['right']}/{stated} ({100 * t['right'] / stated:.1f}%)" if stated else "0/0"
        found_rate = f"{t['right']}/{of_found} ({100 * t['right'] / of_found:.1f}%)" if of_found else "0/0"
        print(f"  {name:17} right {rate}; of officials found {found_rate}; "
              f"wrong {t['wrong']}, not read {t['not read']}, official not found {t['official not found']}")
    extras = [line for line in misses if line.startswith("  extra")]
    print(f"  given where the gold states none: {len(extras)}")
    if per_doc:
        print("\n".join(misses) or "  none")


def _gold_nonlocal(homes: set[str], to_province: str, published: str | None) -> bool | None:
    """Whether a gold move posts its official outside their home province, compared in the
    structure of the page's published date (the gold gives no move dates); None when the
    gold's home provinces (a page may name the province as it is since 2025) disagree."""
    from pipeline.dataset.locality import compare, destination_place, era_at

    destination = destination_place(to_province, None)
    answers = {compare(destination_place(home, None), destination, era_at(published)) for home in homes}
    return answers.pop() if len(answers) == 1 else None


def nonlocal_accuracy(dataset: Path, golds: list[dict], pages: list[dict], per_doc: bool = False) -> None:
    """The dataset's `nonlocal` flag on the gold moves whose home province (any page of the
    person: `hometown_province` by `person_key`) and destination (`to_province`) are both
    stated: right, wrong, left null, or the move not in the dataset. Central posts are
    counted apart: their flag should be null."""
    from pipeline.dataset.facts import name_key

    published = {p["doc_id"]: p.get("published") for p in pages}
    homes: dict[str, set[str]] = {}
    mentions = []
    for g in golds:
        for person in g["officials"] + g.get("optional", {}).get("officials", []):
            if person.get("hometown_province") and person.get("person_key"):
                homes.setdefault(person["person_key"], set()).add(person["hometown_province"])
            if person.get("move_key") and person.get("to_province"):
                mentions.append((g["doc_id"], person))
    flags = {}
    for row in load_jsonl(dataset / "moves.jsonl"):
        for source in row["sources"]:
            flags[(source["doc_id"], name_key(row["name"]))] = row
    tally = {"right": 0, "wrong": 0, "left null": 0, "move not found": 0}
    central = {"null": 0, "not null": 0, "move not found": 0}
    undecided_gold, lines = 0, []
    for doc_id, person in mentions:
        row = flags.get((doc_id, name_key(person["name"])))
        if person["to_province"] == "central":
            central["move not found" if row is None else "null" if row["nonlocal"] is None else "not null"] += 1
            continue
        if person.get("person_key") not in homes:
            continue
        want = _gold_nonlocal(homes[person["person_key"]], person["to_province"], published.get(doc_id))
        if want is None:
            undecided_gold += 1
            continue
        got = row["nonlocal"] if row else None
        outcome = "move not found" if row is None else "left null" if got is None else "right" if got == want else "wrong"
        tally[outcome] += 1
        if outcome != "right":
            lines.append(f"  {outcome:14} {doc_id}: {person['name']} -> {person['to_province']} (home "
                         f"{'/'.join(sorted(homes[person['person_key']]))}): gold {want}, got {got}"
                         + (f" ({row['to_province']} vs {row['home_province']}, {row['province_structure']})" if row else ""))
    n = sum(tally.values())
    found = n - tally["move not found"]
    rate = lambda k, d: f"{k}/{d} ({100 * k / d:.1f}%)" if d else "0/0"  # noqa: E731
    print(f"non-local flag (dataset built from this output), of the gold moves whose home and destination provinces "
          f"are stated: right {rate(tally['right'], n)}; of moves found {rate(tally['right'], found)}; "
          f"wrong {tally['wrong']}, left null {tally['left null']}, move not found {tally['move not found']}"
          + (f"; gold undecided {undecided_gold}" if undecided_gold else ""))
    print(f"  central posts (flag should be null): null {central['null']}, not null {central['not null']}, "
          f"move not found {central['move not found']}")
    if per_doc:
        print("\n".join(lines) or "  none")


def _gold_moved(gold: dict | None) -> set[str]:
    """Names (lower case) the gold gives as moved, required or optional."""
    if not gold:
        return set()
    officials = gold.get("officials", []) + gold.get("optional", {}).get("officials", [])
    return {official["name"].lower() for official in officials if official.get("rotated")}


def _gold_counted(gold: dict | None) -> set[int]:
    """Values the gold gives as counts, required or optional."""
    if not gold:
        return set()
    return {count["value"] for count in gold.get("counts", []) + gold.get("optional", {}).get("counts", [])}


def ordinary_false_positives(pred: Path, ordinary: list[dict], gold: dict[str, dict] | None = None) -> None:
    """On news with no rotation every move and count is false: how many per 200 pages. With the gold,
    also how many of those moves it holds anyway (a move told in a biography on a page whose news is
    no rotation, required or optional): these are the reader's call, not false."""
    if not ordinary:
        return
    ids = {p["doc_id"] for p in ordinary}
    moves, counts, in_gold, counted = [], [], 0, 0
    for record in load_jsonl(pred):
        if record.get("doc_id") not in ids:
            continue
        if record["type"] == "official" and record.get("rotated"):
            held = record["name"].lower() in _gold_moved((gold or {}).get(record["doc_id"]))
            in_gold += held
            moves.append(f"  move  {record['doc_id']}: {record['name']} -> {record.get('to_post')}"
                         + ("  (a move in the gold)" if held else ""))
        elif record["type"] == "count":
            held = record["value"] in _gold_counted((gold or {}).get(record["doc_id"]))
            counted += held
            counts.append(f"  count {record['doc_id']}: {record['text']!r}" + ("  (a count in the gold)" if held else ""))
    n = len(ordinary)
    print(f"ordinary news, {n} pages: {len(moves)} false moves ({200 * len(moves) / n:.1f} per 200 pages), "
          f"{len(counts)} false counts")
    if gold is not None:
        print(f"  of the moves, {in_gold} the gold holds (required or optional), {len(moves) - in_gold} it does not "
              f"({200 * (len(moves) - in_gold) / n:.1f} per 200 pages); of the counts, {counted} the gold holds, "
              f"{len(counts) - counted} it does not")
    print("\n".join(moves + counts) or "  none")


# A run this long (in syllables, as Vietnamese is written) shared with a real page means a table row
# was copied, not invented: stock phrases (a body's full name, a decision's title) stay under it.
COPIED_RUN = 15
CASE_TABLES = HERE.parent.parent / "tests" / "cases"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def copied_rows(texts: list[Path], tables: list[Path], run: int = COPIED_RUN) -> list[str]:
    """Table rows whose text shares a run of `run` words or more with one of `texts`.

    The project's tests must be sentences of our own (the pages are third-party); this finds
    the rows that are a page's sentence with a name or a number swapped."""
    seen: dict[str, str] = {}
    for path in texts:
        words = _words(path.read_text(encoding="utf-8", errors="replace"))
        for i in range(len(words) - run + 1):
            seen.setdefault(" ".join(words[i:i + run]), path.stem)
    found = []
    for table in tables:
        for line in table.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("//"):
                continue
            row = json.loads(line)
            words = _words(row.get("text", ""))
            for i in range(len(words) - run + 1):
                if (page := seen.get(" ".join(words[i:i + run]))) is not None:
                    found.append(f"{table.name} {row.get('id')}: shares '{' '.join(words[i:i + run])}' with {page}")
                    break
    return found


def copied(args: argparse.Namespace, pages: list[dict]) -> int:
    """Check the case tables against every page text here but the unseen slice's (and --also DIRs)."""
    listed = [p for p in pages + load_jsonl(HERE / "sweep.jsonl") if p.get("split") != UNSEEN_SPLIT]
    texts = [args.texts / f"{p['doc_id']}.txt" for p in listed if (args.texts / f"{p['doc_id']}.txt").exists()]
    texts += [path for folder in args.also for path in sorted(folder.glob("*.txt"))]
    found = copied_rows(texts, sorted(CASE_TABLES.glob("*.jsonl")))
    print("\n".join(found) or "no table row shares a run of words with a page")
    print(f"{len(texts)} page texts read, runs of {COPIED_RUN} syllables")
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("check", "score", "sweep", "copied"))
    parser.add_argument("--texts", type=Path, default=HERE / "texts", help="folder of <doc_id>.txt")
    parser.add_argument("--split", choices=(*GOLD_FILES, "all"), default="dev",
                        help=f"all: {', '.join(READ_SPLITS)}; {UNSEEN_SPLIT} (the unseen one) only when named")
    parser.add_argument("--kind", choices=("rotation", "ordinary", "all"), default="all")
    parser.add_argument("--new-stories", action="store_true",
                        help="leave out pages whose decision a page of another split reports too")
    parser.add_argument("--per-doc", action="store_true", help="list every false positive and negative")
    parser.add_argument("--pred", help="also keep the predictions in this file")
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="copied: another folder of page texts to check the tables against")
    args = parser.parse_args(argv)
    pages = load_jsonl(HERE / "pages.jsonl")
    if args.command == "copied":
        return copied(args, pages)
    if args.command == "sweep":
        return sweep(args)
    if args.command == "check":
        present, problems = check(args.texts, pages + load_jsonl(HERE / "sweep.jsonl"))
        print("\n".join(problems) or "every text present and intact")
        print(f"{len(present)} of {len(present) + len(problems)} texts present and intact")
        return 1 if any("differs" in p for p in problems) else 0
    # the held-out gold is read only when asked for: not while the extraction is worked on
    names = [GOLD_FILES[s] for s in (READ_SPLITS if args.split == "all" else (args.split,))]
    if missing := [name for name in names if not (HERE / name).exists()]:
        # the next unseen slice has a split name (and pages) before it has gold
        parser.error(f"split {args.split} has no gold yet ({', '.join(missing)})")
    gold = {g["doc_id"]: g for name in names for g in load_jsonl(HERE / name)}
    return score(args, pages, gold)


if __name__ == "__main__":
    sys.exit(main())
