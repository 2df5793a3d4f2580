#!/usr/bin/env python3
"""A naive counts-and-citations extractor, scored next to ours on the real-page dev set (issue 15).

    .venv/bin/python benchmarks/quick_script.py [--devset corpus/devset] [--split dev] [--details]

What a researcher would write in an afternoon instead of using this project: a number
followed by a word for people (`12 cán bộ`, `hai đồng chí`) with a rotation verb
(`luân chuyển`, `điều động`, `biệt phái`, ...) within 80 characters of it in the same
sentence, not a percentage; one count per value in an article (so a count restated in
the headline and the body is one); direction from `từ <level> về/xuống/lên <level>`, or
`về/xuống <level>` alone (down, to that level). Citations: a capitalised type word,
optional `số`, a number with an optional symbol, and a `ngày d/m/yyyy` (or `d.m.yyyy`,
`d-m-yyyy`, `d tháng m năm yyyy`) within 40 characters after it.

Both systems read the same files; both are scored by `pipeline.results.evaluate.score`,
the scorer `rotation-facts eval` uses, against the split's gold. Ordinary-news pages
(no rotation at all) also report their false counts. Only the dev split is scored
while the extraction is worked on; the split held out last (devset.py UNSEEN_SPLIT) is for the end.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "corpus" / "devset"))

from devset import GOLD_FILES, READ_SPLITS, load_jsonl, select  # noqa: E402  (the splits, their gold and pages: devset.py's)
from pipeline.results.evaluate import score  # noqa: E402

VERBS = r"luân chuyển|điều động|biệt phái|điều chuyển|tăng cường|tiếp nhận|chuyển đổi vị trí"
UNITS = r"lượt cán bộ|cán bộ|đồng chí|người|công chức|viên chức|sĩ quan|chiến sĩ|lãnh đạo"
WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
COUNT_RE = re.compile(rf"(?<![\w%/.,])(\d{{1,3}}(?:\.\d{{3}})*|{'|'.join(WORDS)})\s+(?:{UNITS})(?!\w)", re.I)
VERB_RE = re.compile(VERBS, re.I)
LEVELS = {"trung ương": "central", "tỉnh": "province", "thành phố": "province", "huyện": "district",
          "quận": "district", "thị xã": "district", "xã": "commune", "phường": "commune",
          "thị trấn": "commune", "cơ sở": "commune"}
LEVEL = "|".join(sorted(LEVELS, key=len, reverse=True))
FROM_TO_RE = re.compile(rf"từ (?:các |cấp )?({LEVEL}) (?:về|xuống|lên|sang) (?:các |cấp )?({LEVEL})", re.I)
TO_RE = re.compile(rf"(?:về|xuống) (?:các |cấp )?({LEVEL})", re.I)
RANK = {"commune": 0, "district": 1, "province": 2, "central": 3}

KINDS = {"Quy định": "quy_dinh", "Quyết định": "quyet_dinh", "Nghị quyết": "nghi_quyet", "Nghị định": "nghi_dinh",
         "Chỉ thị": "chi_thi", "Kết luận": "ket_luan", "Kế hoạch": "ke_hoach", "Chương trình": "chuong_trinh",
         "Đề án": "de_an", "Hướng dẫn": "huong_dan", "Thông báo": "thong_bao", "Thông tư": "thong_tu",
         "Công văn": "cong_van"}
CITATION_RE = re.compile(rf"({'|'.join(KINDS)})(?: số)?:? (\d{{1,5}})((?:[-/][\wĐđ]+)*)")
DATE_RE = re.compile(r"ngày (\d{1,2})(?:[/.-](\d{1,2})[/.-]| tháng (\d{1,2}) năm )((?:19|20)\d\d)")


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]


def number(word: str) -> int:
    return WORDS.get(word.lower()) or int(word.replace(".", ""))


def direction(sentence: str) -> dict:
    m = FROM_TO_RE.search(sentence)
    if m:
        a, b = LEVELS[m.group(1).lower()], LEVELS[m.group(2).lower()]
        d = "lateral" if a == b else ("down" if RANK[a] > RANK[b] else "up")
        return {"from_level": a, "to_level": b, "direction": d}
    m = TO_RE.search(sentence)
    if m:
        return {"from_level": None, "to_level": LEVELS[m.group(1).lower()], "direction": "down"}
    return {"from_level": None, "to_level": None, "direction": None}


def quick_counts(doc_id: str, text: str) -> list[dict]:
    seen: set[int] = set()
    out = []
    for sentence in sentences(text):
        verbs = [v.start() for v in VERB_RE.finditer(sentence)]
        for m in COUNT_RE.finditer(sentence):
            if sentence[m.end():m.end() + 2].strip().startswith("%"):
                continue
            if not any(abs(v - m.start()) <= 80 for v in verbs):
                continue
            value = number(m.group(1))
            if value in seen:
                continue
            seen.add(value)
            out.append({"type": "count", "doc_id": doc_id, "value": value, **direction(sentence)})
    return out


def quick_citations(doc_id: str, text: str) -> list[dict]:
    seen: set[tuple[str, str]] = set()
    out = []
    for m in CITATION_RE.finditer(text):
        key = (KINDS[m.group(1)], m.group(2))
        if key in seen:
            continue
        seen.add(key)
        d = DATE_RE.search(text, m.end(), m.end() + 40)
        issued = None
        if d:
            month = d.group(2) or d.group(3)
            issued = f"{int(d.group(4)):04d}-{int(month):02d}-{int(d.group(1)):02d}"
        out.append({"type": "citation", "doc_id": doc_id, "kind": key[0], "number": key[1],
                    "code": (m.group(2) + m.group(3)) if m.group(3) else None, "issued": issued})
    return out


def ours(doc_id: str, text: str) -> list[dict]:
    from pipeline import extract_text

    return [r.model_dump(mode="json") for r in extract_text(text, doc_id=doc_id)[1:]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=ROOT / "corpus" / "devset")
    parser.add_argument("--split", choices=(*GOLD_FILES, "all"), default="dev",
                        help=f"all: {', '.join(READ_SPLITS)} (never the unseen slice)")
    parser.add_argument("--details", action="store_true", help="each page's count errors, both systems")
    args = parser.parse_args()
    gold_files = [args.devset / GOLD_FILES[s] for s in (READ_SPLITS if args.split == "all" else (args.split,))]
    if missing := [f.name for f in gold_files if not f.exists()]:  # the next unseen slice has a name before gold
        parser.error(f"split {args.split} has no gold yet ({', '.join(missing)})")
    pages = select(load_jsonl(args.devset / "pages.jsonl"), args.split, "all")
    # pages whose text is not present (texts are kept out of git) are left out, as `devset.py score` does
    pages = [p for p in pages if (args.devset / "texts" / f"{p['doc_id']}.txt").exists()]
    gold = {g["doc_id"]: g for f in gold_files for g in load_jsonl(f)}
    texts = {p["doc_id"]: unicodedata.normalize("NFC", (args.devset / "texts" / f"{p['doc_id']}.txt").read_text("utf-8"))
             for p in pages}
    ordinary = {p["doc_id"] for p in pages if p["kind"] == "ordinary"}
    systems = {
        "quick script": lambda d, t: quick_counts(d, t) + quick_citations(d, t),
        "rotation-facts": ours,
    }
    with tempfile.TemporaryDirectory() as tmp:
        gold_path = Path(tmp) / "gold.jsonl"
        gold_path.write_text("".join(json.dumps(gold[p["doc_id"]], ensure_ascii=False) + "\n" for p in pages), "utf-8")
        print(f"{len(pages)} pages ({args.split} split), {len(ordinary)} of them ordinary news")
        print(f"{'system':16s} {'count P':>8s} {'R':>6s} {'F1':>6s} {'dir acc/n':>10s} {'cit F1':>7s} "
              f"{'issued':>7s} {'ordinary false counts':>22s}")
        for name, run in systems.items():
            records = [r for p in pages for r in run(p["doc_id"], texts[p["doc_id"]])]
            pred_path = Path(tmp) / "pred.jsonl"
            pred_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
            result = score(str(gold_path), str(pred_path))
            c, cit = result["count"], result["citation"]
            direction = result.get("count.direction", {})
            direction_acc = f"{direction['acc']:.3f}/{direction['n']}" if direction.get("n") else None
            issued_acc = result.get("citation.issued", {}).get("acc")
            false_counts = sum(1 for r in records if r["type"] == "count" and r["doc_id"] in ordinary)
            print(f"{name:16s} {c['p']:8.3f} {c['r']:6.3f} {c['f1']:6.3f} {direction_acc!s:>10s} {cit['f1']:7.3f} "
                  f"{issued_acc!s:>7s} {false_counts:22d}")
            if args.details:
                for doc_id, errors in result["per_doc"].items():
                    count = {k: v for k, v in errors["count"].items() if k != "tp" and v}
                    if count:
                        print(f"    {doc_id} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
