#!/usr/bin/env python3
"""Speed and memory of `rotation-facts dataset` over the facts of 100,000 articles (issue 16).

    .venv/bin/python benchmarks/dataset_benchmark.py                 # 100,000 articles (a few minutes)
    .venv/bin/python benchmarks/dataset_benchmark.py --articles 5000 # a quick look

1. Runs `extract` on corpus/articles and takes its output as templates.
2. Synthesises the facts of `--articles` articles by varying that real output
   (extracting 100,000 articles would take a quarter of an hour and vary less):
   each synthetic article is a corpus article's facts with a new doc_id and
   published date, its places moved to a random province and district of the
   gazetteer, its officials given names from a small pool (so that many people
   share a name, as in real archives) and posts of that province; a third of the
   officials are people already seen, restating a move or making the next move of
   a career, so the linker has real merging to do. Each person has a birth year and a
   home province of their own, which three facts in ten state (one in ten of those as
   an age), so the biography's linking, merging and the non-local flag are measured
   too. Seeded: the same file each run.
3. Runs `rotation-facts dataset FACTS -o DIR` in a child process pinned to one
   core (DuckDB and Arrow would otherwise use more) and reports its wall time,
   its peak resident memory (ru_maxrss of the child) and the rows of each table;
   then `--add` of 1,000 more articles to that dataset.

Targets: under 2 minutes on one core and under 1 GB peak memory for 100,000 articles.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Ngọc", "Thanh", "Quang", "Xuân", "Công", "Đình", "Quốc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hạnh", "Hùng", "Khánh", "Lan", "Long", "Mai", "Nam",
         "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trung", "Tuấn", "Vinh", "Yến", "Khoa",
         "Lâm", "Hòa", "Hiếu", "Đạt", "Toàn", "Thành", "Huy", "Kiên", "Linh", "Nhung", "Oanh", "Quyết", "Tài", "Việt"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Lò", "Hà", "Đinh", "Lương"]
POSTS = [  # (post pattern, level): {p} province, {d} district, {c} commune
    ("Bí thư Tỉnh ủy {p}", "province"), ("Phó Chủ tịch UBND tỉnh {p}", "province"),
    ("Giám đốc Sở Nội vụ tỉnh {p}", "province"), ("Giám đốc Sở Y tế", "province"),
    ("Trưởng Ban Tổ chức Tỉnh ủy {p}", "province"), ("Phó Giám đốc Sở NN&PTNT", "province"),
    ("Bí thư Huyện ủy {d}", "district"), ("Chủ tịch UBND huyện {d}", "district"),
    ("Phó Bí thư Thường trực Huyện ủy {d}", "district"), ("Trưởng Ban Dân vận Huyện ủy {d}", "district"),
    ("Bí thư Đảng ủy xã {c}", "commune"), ("Chủ tịch UBND xã {c}", "commune"), ("Phó Bí thư Đảng ủy xã", "commune"),
]
DATE_FORMS = ["ngày {d}/{m}/{y}", "Tháng {m}/{y}", "ngày {d}.{m}", "Năm {y}", None]
BIO_FIELDS = ("birth_year", "birth_year_approx", "age", "hometown", "hometown_province", "hometown_province_code",
              "hometown_province_now", "hometown_province_now_code", "birthplace", "ethnicity", "party_rank", "evidence")


def places():
    """(province, [(district, [communes])]) from the gazetteer's legacy structure."""
    from extractors.gazetteer import all_units

    tree: dict[str, dict[str, list[str]]] = {}
    for u in all_units():
        if u.era != "legacy":
            continue
        if u.level == "district" and u.type_word == "huyện":
            tree.setdefault(u.province, {}).setdefault(u.name, [])
        elif u.level == "commune" and u.district and u.type_word == "xã":
            tree.setdefault(u.province, {}).setdefault(u.district, []).append(u.name)
    return sorted((p, sorted((d, sorted(c)) for d, c in ds.items() if c)) for p, ds in tree.items() if ds)


def templates(facts_path: Path) -> list[tuple[dict, list[dict]]]:
    out: list[tuple[dict, list[dict]]] = []
    for line in facts_path.read_text("utf-8").splitlines():
        record = json.loads(line)
        if record["type"] == "article":
            out.append((record, []))
        else:
            out[-1][1].append(record)
    return out


class Synthesiser:
    def __init__(self, seed: int, place_tree):
        self.rng = random.Random(seed)
        self.places = place_tree
        self.people: list[dict] = []  # {"name", "province", "district", "post", "date"}

    def post(self, province, district, communes):
        pattern, _ = self.rng.choice(POSTS)
        return pattern.format(p=province, d=district, c=self.rng.choice(communes))

    def date_text(self, published: str) -> str | None:
        y, m, d = published.split("-")
        form = self.rng.choice(DATE_FORMS)
        return form.format(d=int(d), m=int(m), y=y) if form else None

    def official(self, fact: dict, doc_id: str, published: str, where) -> dict:
        province, district, communes = where
        rng = self.rng
        known = [p for p in self.people[-3000:] if p["province"] == province] if rng.random() < 0.35 else []
        if known:
            person = rng.choice(known)
            if rng.random() < 0.5:  # a restatement of the person's last move
                from_post, to_post = person.get("from"), person["post"]
            else:  # the next move of a career
                from_post, to_post = person["post"], self.post(province, district, communes)
                person["from"], person["post"] = from_post, to_post
            name = person["name"]
        else:
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            from_post, to_post = self.post(province, district, communes), self.post(province, district, communes)
            person = {"name": name, "province": province, "from": from_post, "post": to_post,
                      "born": rng.randint(1958, 1988), "home": rng.choice(self.places)[0]}
            self.people.append(person)
        rotated = bool(fact.get("rotated")) or rng.random() < 0.5
        out = dict(fact, doc_id=doc_id, name=name, text=name, aliases=[],
                   sentence=f"Ông {name}, {from_post}, được điều động giữ chức {to_post}, tỉnh {province}.",
                   posts=[from_post, to_post], rotated=rotated)
        out.update(from_post=from_post if rotated else None, to_post=to_post if rotated else None,
                   date=self.date_text(published) if rotated else None)
        out["span"] = [fact["span"][0], fact["span"][0] + len(name)]
        for field in BIO_FIELDS:
            out.pop(field, None)
        if rng.random() < 0.3:
            out.update(self.biography(person, published, out["span"]))
        return out

    def biography(self, person: dict, published: str, span: list[int]) -> dict:
        """The person's birth year (one time in ten as an age) and home province, as `extract`
        writes them; the evidence points at the name (the synthetic sentence has no such words)."""
        from extractors.gazetteer import province, province_now

        home = province(person["home"])
        now = province_now(home)
        bio = {"hometown": f"tỉnh {home.name}", "hometown_province": home.name, "hometown_province_code": home.code,
               "hometown_province_now": now.name, "hometown_province_now_code": now.code,
               "evidence": {"hometown": span, "birth_year": span}}
        if self.rng.random() < 0.1:
            age = int(published[:4]) - person["born"]
            bio.update(age=age, birth_year=int(published[:4]) - age, birth_year_approx=True)
            bio["evidence"]["age"] = span
        else:
            bio["birth_year"] = person["born"]
        return bio

    def article(self, n: int, template: tuple[dict, list[dict]]) -> list[dict]:
        head, facts = template
        rng = self.rng
        province, districts = rng.choice(self.places)
        district, communes = rng.choice(districts)
        published = f"{rng.randint(2012, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        doc_id = f"syn{n:07d}"
        swap = {"Hà Tĩnh": province, "Hà Nội": province, "Điện Biên": province, "Nậm Pồ": district,
                "Pa Tần": communes[0], "Bắc Hà": communes[-1]}
        out = [dict(head, doc_id=doc_id, source=f"synthetic/{doc_id}", published=published, line=None)]
        for fact in facts:
            if fact["type"] == "official":
                out.append(self.official(fact, doc_id, published, (province, district, communes)))
                continue
            sentence = fact["sentence"]
            for old, new in swap.items():
                sentence = sentence.replace(old, new)
            new = dict(fact, doc_id=doc_id, sentence=sentence)
            if fact["type"] == "count":
                new["value"] = max(1, fact["value"] + rng.randint(-2, 2))
            out.append(new)
        return out


def synthesise(n: int, facts_path: Path, out: Path, seed: int = 16, start: int = 0) -> int:
    synth = Synthesiser(seed, places())
    base = templates(facts_path)
    records = 0
    with open(out, "w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            for record in synth.article(i, base[i % len(base)]):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                records += 1
    return records


def run_child(args: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system), peak RSS (MB) of a child pinned to one core,
    and its standard error. CPU time is what the code costs: on a shared machine the wall time
    also counts the time other processes held the core."""
    def pin() -> None:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          preexec_fn=pin, env={**os.environ, "OMP_NUM_THREADS": "1"})
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{done.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, after.ru_maxrss / 1024, done.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        seed_facts = work / "corpus_facts.jsonl"
        subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(ROOT / "corpus" / "articles"),
                        "-o", str(seed_facts)], cwd=ROOT, check=True, capture_output=True)
        big, extra = work / "facts.jsonl", work / "more.jsonl"
        t = time.perf_counter()
        records = synthesise(args.articles, seed_facts, big)
        synthesise(1000, seed_facts, extra, seed=17, start=args.articles)
        print(f"synthesised {args.articles:,} articles, {records:,} records, "
              f"{big.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        out = work / "dataset"
        args_ = ["dataset", str(big), "-o", str(out)] + (["--overwrite"] if (out / "inputs").exists() else [])
        seconds, cpu, peak, summary = run_child(args_)
        add_seconds, add_cpu, add_peak, add_summary = run_child(["dataset", str(extra), "-o", str(out), "--add"])
        load = os.getloadavg()[0]
        print(f"""
| measure | result | target |
| --- | --- | --- |
| `dataset` over {args.articles:,} articles ({records:,} fact records, {big.stat().st_size / 1e6:.0f} MB), one core: CPU time | {cpu:.1f} s | < 120 s |
| the same, wall time (load average {load:.1f} on {os.cpu_count()} cores) | {seconds:.1f} s | |
| peak resident memory | {peak:.0f} MB | < 1,000 MB |
| `--add` of 1,000 more articles (rebuilds all): CPU, wall, peak | {add_cpu:.1f} s, {add_seconds:.1f} s, {add_peak:.0f} MB | |

`{summary}`

`{add_summary}`

Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}
""")


if __name__ == "__main__":
    main()
