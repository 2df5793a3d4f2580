#!/usr/bin/env python3
"""Throughput and memory benchmark for `rotation-facts extract` (issue 6).

    .venv/bin/python benchmarks/run_benchmark.py            # the full run (minutes)
    .venv/bin/python benchmarks/run_benchmark.py --articles 200 --scale 0   # a quick look

1. Builds a corpus of `--articles` articles (default 2,000) from `corpus/articles`:
   every article is a corpus article with its people's names, its numbers and
   dates, and its place names replaced by random ones, and its paragraphs
   lightly shuffled, so no two articles are the same and no cache helps.
   And a second, dense corpus of `--dense-articles` (default 2,000) varied the
   same way from real rotation news: every dev-split `rotation` page of the
   real-page development set (`corpus/devset`), short pages where nearly every
   paragraph is a decision naming officials. Those texts are third-party pages
   kept out of git: the dense corpus is built when `corpus/devset/texts` holds
   them, and the run says so plainly when it does not. They are read as load
   only, never scored (held-out pages are not read at all).
2. Times, in one run: (a) `rotation-facts extract --jobs 1`, (b) the same with
   `--jobs 2`, (c) underthesea `word_tokenize` alone over the same texts, and on
   the dense corpus (d) `extract --jobs 1` and (e) `word_tokenize`; prints
   throughput (MB of UTF-8 text per second, articles per second), the ratios a/c,
   d/e (a/c on the dense corpus) and b/a, and whether (a) and (b) wrote
   byte-identical output. (a) and (d) include the fixed cost of a run (start-up,
   imports, loading the models), which (c) and (e) leave out; so it is also timed,
   as a run over one short article, and the ratios are also given for the
   steady state, the fixed cost taken off (it weighs on the smaller dense corpus);
   and all of these in CPU seconds too, which weigh little on the rest of a shared
   machine's load (wall-clock ratios swing with it).
   All are timed `--rounds` times in turn (default 2) and
   each keeps its fastest: on a shared VM a slow spell of the host can cost one
   run 30%, and taking turns makes such a spell weigh on all of them alike.
3. Peak resident memory (the sum over the process and its workers, sampled) of
   the extraction at 1x and at `--scale` x the corpus size (default 10x).
4. How long `rotation-facts --help` takes.

Targets (issues 6 and 17): a/c >= 5 (aim 10) on both corpora, b/a >= 1.7, peak memory < 600 MB with the
10x run within 10% of the 1x run, `--help` < 0.5 s.

The extraction runs as `python -m pipeline.cli` from this checkout, the code the
`rotation-facts` entry point runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "articles"
DEVSET = ROOT / "corpus" / "devset"

MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Ngọc", "Thanh", "Quang", "Xuân", "Thu", "Công", "Đình", "Bá"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hạnh", "Hùng", "Khánh", "Lan", "Long", "Mai", "Nam",
         "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trung", "Tuấn", "Vinh", "Yến", "Thân"]
PROVINCES = ["Hà Tĩnh", "Nghệ An", "Thanh Hóa", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Quảng Nam",
             "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Gia Lai", "Kon Tum",
             "Sơn La", "Lai Châu", "Điện Biên", "Lào Cai", "Yên Bái", "Hà Giang", "Cao Bằng", "Bắc Kạn",
             "Lạng Sơn", "Tuyên Quang", "Thái Nguyên", "Phú Thọ", "Vĩnh Phúc", "Bắc Giang", "Bắc Ninh",
             "Hải Dương", "Hưng Yên", "Thái Bình", "Nam Định", "Ninh Bình", "Hà Nam", "Hòa Bình", "Long An",
             "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang",
             "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Tây Ninh", "Bình Phước", "Bình Dương",
             "Đồng Nai", "Bà Rịa - Vũng Tàu", "Ninh Thuận", "Bình Thuận", "Đà Nẵng", "Hải Phòng", "Quảng Ninh"]


def _surnames() -> list[str]:
    path = ROOT / "extractors" / "data" / "surnames.txt"
    names = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return names or ["Nguyễn", "Trần", "Lê", "Phạm"]


class Varier:
    """Rewrites an article so it is new text of the same shape.

    `keep_lines`: a name is only looked for within a line. The first corpus was built
    without it (kept so, to stay comparable with the runs before); on real pages a
    "name" running over a line break (`... Ảnh: Công an Lai Châu.` then `Đại tá ...`)
    would glue paragraphs into one long sentence, text of another shape.
    """

    def __init__(self, seed: int, keep_lines: bool = False):
        self.rng = random.Random(seed)
        surnames = _surnames()
        self.surnames = surnames
        space = r"[^\S\n]+" if keep_lines else r"\s+"
        self.name_re = regex.compile(r"(?<!\p{L})(?:%s)(?:%s\p{Lu}[\p{Ll}\p{M}]*){1,3}\b"
                                     % ("|".join(regex.escape(s) for s in sorted(surnames, key=len, reverse=True)),
                                        space))
        self.place_re = regex.compile("|".join(regex.escape(p) for p in sorted(PROVINCES, key=len, reverse=True)))
        self.date_re = regex.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)\d\d)\b")
        self.number_re = regex.compile(r"\d+")

    def vary(self, text: str) -> str:
        rng = self.rng
        text = self.place_re.sub(lambda m: rng.choice(PROVINCES), text)
        text = self.name_re.sub(lambda m: self._name(m.group().count(" ") + 1), text)
        text = self.date_re.sub(lambda m: f"{rng.randint(1, 28)}{m.group(2)}{rng.randint(1, 12)}{m.group(2)}"
                                          f"{rng.randint(1995, 2025)}", text)
        text = self.number_re.sub(self._number, text)
        paragraphs = text.split("\n\n")
        if len(paragraphs) > 3:  # swap two body paragraphs
            i, j = rng.sample(range(1, len(paragraphs)), 2)
            paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
        return "\n\n".join(paragraphs)

    def _name(self, n_syllables: int) -> str:
        rng = self.rng
        parts = [rng.choice(self.surnames)] + [rng.choice(MIDDLE) for _ in range(max(0, n_syllables - 2))]
        return " ".join(parts + [rng.choice(GIVEN)] if n_syllables > 1 else parts)

    def _number(self, m: regex.Match) -> str:
        digits = m.group()
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(self.rng.randint(1995, 2025))
        if len(digits) == 1:
            return str(self.rng.randint(1, 9))
        return str(self.rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))


SHARD = 500  # articles per JSONL file: an archive as daily or weekly files


def build_corpus(path: Path, n: int, seed: int, bases: list[str] | None = None) -> tuple[int, int]:
    """Write `n` articles varied from `bases` (default: the articles of corpus/articles) as
    JSONL files of SHARD articles in directory `path`.

    Returns (articles, UTF-8 bytes of text).
    """
    varier = Varier(seed, keep_lines=bases is not None)
    if bases is None:
        bases = [p.read_text("utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    total = 0
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("part-*.jsonl"):  # a --workdir used before may hold more shards
        stale.unlink()
    for first in range(0, n, SHARD):
        with (path / f"part-{first // SHARD:05d}.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(first, min(n, first + SHARD)):
                text = varier.vary(bases[i % len(bases)])
                total += len(text.encode("utf-8"))
                fh.write(json.dumps({"id": f"bench-{seed}-{i:06d}", "text": text}, ensure_ascii=False) + "\n")
    return n, total


def dense_bases(texts: Path = DEVSET / "texts") -> tuple[list[str], str]:
    """The texts of every dev-split rotation page of the development set that is present and
    intact (its SHA-256 as annotated), and a line saying what was found.

    Held-out pages are left alone; the texts are read as load for the timing, never scored.
    """
    pages = [json.loads(line) for line in (DEVSET / "pages.jsonl").read_text("utf-8").splitlines() if line.strip()]
    wanted = [p for p in pages if p["split"] == "dev" and p["kind"] == "rotation"]
    bases: list[str] = []
    for page in wanted:
        path = texts / f"{page['doc_id']}.txt"
        if path.is_file():
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() == page["sha256"]:
                bases.append(data.decode("utf-8"))
    note = f"{len(bases)} of the {len(wanted)} dev-split rotation pages of corpus/devset"
    if len(bases) < len(wanted):
        note += (f" ({len(wanted) - len(bases)} missing or not as annotated in {texts}: third-party pages, "
                 "kept out of git, see corpus/devset/README.md)")
    return bases, note


class PeakRSS:
    """Samples the memory of a process and all its descendants; keeps the peak sums.

    `peak` is the proportional set size (PSS: a page shared by k processes counts 1/k
    in each), the memory the run really holds; `peak_rss` sums resident sizes, which
    counts pages shared between forked workers once per worker.
    """

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval, self.peak, self.peak_rss = pid, interval, 0, 0
        self.current = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.stop = threading.Event()
        self.thread.start()

    def _run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.stop.is_set():
            total = total_rss = 0
            try:
                procs = [root] + root.children(recursive=True)
            except psutil.Error:
                break
            for p in procs:
                try:
                    info = p.memory_full_info()
                except psutil.AccessDenied:
                    info = p.memory_info()
                except psutil.Error:
                    continue
                total += getattr(info, "pss", info.rss)
                total_rss += info.rss
            self.current = total
            self.peak = max(self.peak, total)
            self.peak_rss = max(self.peak_rss, total_rss)
            self.stop.wait(self.interval)

    def done(self) -> tuple[int, int]:
        self.stop.set()
        self.thread.join()
        return self.peak, self.peak_rss


class OtherLoad:
    """CPU time the rest of the machine used while a run was going (cores, on average)."""

    def __init__(self):
        import resource

        import psutil

        self.resource, self.psutil = resource, psutil
        self.started = time.perf_counter()
        self.busy0 = self._busy()
        self.ours0 = self._ours()

    def _busy(self) -> float:
        t = self.psutil.cpu_times()
        return sum(t) - t.idle - getattr(t, "iowait", 0.0)

    def _ours(self) -> float:
        r = self.resource.getrusage(self.resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    def cores(self) -> float:
        seconds = time.perf_counter() - self.started
        return max(0.0, (self._busy() - self.busy0) - (self._ours() - self.ours0)) / seconds


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


def byte_compile() -> tuple[int, bool]:
    """Compile the project's modules to bytecode once (`__pycache__`, ignored by git), as `pip install`
    does for an installed package, and return how many there are and whether every one compiled
    (a read-only tree cannot hold the bytecode: the runs then pay the compiling, as said). With PYTHONDONTWRITEBYTECODE set
    (some CI machines and sandboxes set it) Python would otherwise compile every module from source
    again in every run, about 0.2 CPU s of (a), (b), (d) and the fixed cost that (c) and (e), run from
    an installed underthesea, do not pay; it still reads bytecode written beforehand."""
    import compileall

    packages = ("extractors", "pipeline", "schemas", "textmodel")
    compiled = all([bool(compileall.compile_dir(ROOT / package, quiet=1)) for package in packages])
    return sum(1 for package in packages for _ in (ROOT / package).rglob("*.py")), compiled


def timed_extract(corpus: Path, out: Path, jobs: int) -> dict:
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(corpus), "-o", str(out), "--jobs", str(jobs),
           "--no-progress"]
    started = time.perf_counter()
    other = OtherLoad()
    cpu0 = other._ours()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stderr=subprocess.PIPE, text=True)
    rss = PeakRSS(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    cpu = other._ours() - cpu0
    peak, peak_rss = rss.done()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"extract --jobs {jobs} failed ({proc.returncode}):\n{err}")
    return {"seconds": seconds, "peak": peak, "peak_rss": peak_rss, "summary": err.strip().splitlines()[-1],
            "other": other.cores(), "cpu": cpu}


def memory_run(corpus: Path, jobs: int, mark: int, limit: float | None) -> dict:
    """Extract to a pipe, counting articles as they come out; peak memory up to `mark` articles and overall.

    Stops the run after `limit` seconds if given (then only part of the corpus is done).
    """
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(corpus), "--jobs", str(jobs), "--no-progress"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    rss = PeakRSS(proc.pid)
    done = 0
    at_mark = None
    stopped = False
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(b'{"type": "article"'):
            done += 1
            if done == mark:
                at_mark = rss.peak
        if limit and time.perf_counter() - started > limit:
            stopped = True
            proc.terminate()
            break
    proc.wait()
    seconds = time.perf_counter() - started
    peak, peak_rss = rss.done()
    return {"seconds": seconds, "articles": done, "peak": peak, "peak_rss": peak_rss, "at_mark": at_mark,
            "stopped": stopped}


_TOKENIZE = r"""
import json, sys, time
from underthesea import word_tokenize
from pathlib import Path
texts = [json.loads(line)["text"] for f in sorted(Path(sys.argv[1]).glob("*.jsonl")) for line in open(f, encoding="utf-8")]
word_tokenize("Ông Nguyễn Văn An được điều động.")  # load the model outside the timing
started, cpu = time.perf_counter(), time.process_time()
for text in texts:
    word_tokenize(text)
print(time.perf_counter() - started, time.process_time() - cpu)
"""


def timed_tokenize(corpus: Path) -> dict:
    other = OtherLoad()
    proc = subprocess.Popen([sys.executable, "-c", _TOKENIZE, str(corpus)], env=_env(), stdout=subprocess.PIPE,
                            text=True)
    rss = PeakRSS(proc.pid)
    out, _ = proc.communicate()
    peak, peak_rss = rss.done()
    if proc.returncode:
        raise SystemExit("word_tokenize run failed")
    seconds, cpu = map(float, out.strip().splitlines()[-1].split())
    return {"seconds": seconds, "cpu": cpu, "peak": peak, "peak_rss": peak_rss, "other": other.cores()}


def help_seconds(repeat: int = 7) -> tuple[float, str]:
    script = Path(sys.executable).with_name("rotation-facts")
    cmd = [str(script), "--help"] if script.exists() else [sys.executable, "-m", "pipeline.cli", "--help"]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times), " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    try:
        import psutil

        ram = f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM"
    except ImportError:
        ram = "RAM ?"
    versions = []
    for name in ("spacy", "underthesea", "pydantic"):
        try:
            from importlib.metadata import version

            versions.append(f"{name} {version(name)}")
        except Exception:
            pass
    return (f"{platform.system()} {platform.release()}, {cpu}, {cores} cores, {ram}, "
            f"Python {platform.python_version()}, {', '.join(versions)}")


def _wait_idle(limit: float) -> None:
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        probe = OtherLoad()
        time.sleep(5)
        if probe.cores() < 0.3:
            return
    if limit:
        print(f"note: the machine did not become quiet within {limit:.0f} s; timings include contention")


def mb(n: float) -> str:
    return f"{n / 1e6:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles in the 1x corpus (default 2000)")
    parser.add_argument("--scale", type=int, default=10, help="memory run at this multiple of the corpus; 0 skips it")
    parser.add_argument("--dense-articles", type=int, default=2000,
                        help="articles in the dense corpus from the development set's rotation pages "
                             "(default 2000; 0 skips it)")
    parser.add_argument("--memory-jobs", type=int, default=2, help="--jobs for the 1x/10x memory comparison")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--workdir", help="keep the corpora and outputs here (default: a temporary directory)")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="first wait up to this long for the machine to be quiet (other load < 0.3 cores)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="time (a), (b) and (c) this many times, in turn, and keep each one's fastest: "
                             "a shared host's slow spells then weigh on all three alike (default 2)")
    parser.add_argument("--memory-seconds", type=float, default=None, metavar="SECONDS",
                        help="stop the 10x memory run after this long (default: run it to the end)")
    args = parser.parse_args()
    _wait_idle(args.wait_idle)

    tmp = None if args.workdir else tempfile.TemporaryDirectory(prefix="rf-bench-")
    work = Path(args.workdir or tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    modules, compiled = byte_compile()
    print(f"project modules byte-compiled before the runs: {modules} (as an installed package has them)" if compiled
          else f"project modules NOT all byte-compiled ({modules}; a read-only tree?): the runs compile them from source")

    corpus = work / "corpus_1x"
    n, size = build_corpus(corpus, args.articles, args.seed)
    print(f"corpus 1x: {n} articles, {mb(size)} MB of text, JSONL files of {SHARD} articles "
          f"(varied from {len(list(CORPUS.glob('*.txt')))} articles in corpus/articles)")

    dense = work / "corpus_dense"
    n_dense = size_dense = 0
    if args.dense_articles:
        bases, found = dense_bases()
        if bases:
            n_dense, size_dense = build_corpus(dense, args.dense_articles, args.seed + 2, bases)
            print(f"corpus dense: {n_dense} articles, {mb(size_dense)} MB of text, JSONL files of {SHARD} articles "
                  f"(varied from {found})")
        else:
            print(f"corpus dense: NOT BUILT: corpus/devset/texts holds none of the pages it is built from ({found}); "
                  "only the first corpus is measured")

    help_s, help_cmd = help_seconds()
    print(f"`{help_cmd}`: {help_s:.3f} s (median of 7)  target < 0.5 s: {'ok' if help_s < 0.5 else 'MISSED'}")

    tiny = work / "corpus_one"
    build_corpus(tiny, 1, args.seed)
    rounds: list[tuple[dict, ...]] = []
    for _ in range(max(1, args.rounds)):
        runs = (timed_extract(corpus, work / "out_jobs1.jsonl", 1),
                timed_extract(corpus, work / "out_jobs2.jsonl", 2),
                timed_tokenize(corpus))
        runs += (timed_extract(tiny, work / "out_one.jsonl", 1),)
        if n_dense:
            runs += (timed_extract(dense, work / "out_dense.jsonl", 1), timed_tokenize(dense))
        rounds.append(runs)
    fastest = [min((r[i] for r in rounds), key=lambda run: run["seconds"]) for i in range(len(rounds[0]))]
    a, b, c, fixed = fastest[:4]
    d, e = fastest[4:6] if n_dense else (None, None)
    same = (work / "out_jobs1.jsonl").read_bytes() == (work / "out_jobs2.jsonl").read_bytes()

    print()
    print(f"{'run':38} {'seconds':>8} {'MB/s':>7} {'articles/s':>10} {'peak PSS MB':>11} {'(RSS sum)':>9} "
          f"{'other load':>10}")
    rows = [("(a) rotation-facts extract --jobs 1", a, n, size), ("(b) rotation-facts extract --jobs 2", b, n, size),
            ("(c) underthesea word_tokenize alone", c, n, size)]
    if n_dense:
        rows += [("(d) dense: extract --jobs 1", d, n_dense, size_dense),
                 ("(e) dense: word_tokenize alone", e, n_dense, size_dense)]
    for label, r, articles, text_bytes in rows:
        print(f"{label:38} {r['seconds']:8.1f} {text_bytes / r['seconds'] / 1e6:7.3f} {articles / r['seconds']:10.1f} "
              f"{r['peak'] / 2**20:11.0f} {r['peak_rss'] / 2**20:9.0f} {r['other']:10.2f}")
    if len(rounds) > 1:
        print(f"(fastest of {len(rounds)} rounds, run in turn; seconds per round: "
              + "; ".join(f"({x}) " + ", ".join(f"{r[i]['seconds']:.1f}" for r in rounds)
                          for i, x in zip((0, 1, 2, 4, 5), "abcde"[:len(rows)])) + ")")
    print(f"fixed cost of a run (start-up, imports, models; extract --jobs 1 of one short article): "
          f"{fixed['seconds']:.2f} s")
    print("(peak PSS: the process and its workers, shared pages counted once; RSS sum counts them per worker."
          "\n other load: CPU cores used on average by other processes during the run; near 0 on a quiet machine)")
    ratio_ac = c["seconds"] / a["seconds"]
    ratio_ba = a["seconds"] / b["seconds"]
    print()
    print(f"a/c (extraction vs word_tokenize alone, throughput): {ratio_ac:.2f}  target >= 5 (aim 10): "
          f"{'ok' if ratio_ac >= 5 else 'MISSED'}")
    if n_dense:
        ratio_de = e["seconds"] / d["seconds"]
        print(f"d/e (the same on the dense corpus):                 {ratio_de:.2f}  target >= 5 (aim 10): "
              f"{'ok' if ratio_de >= 5 else 'MISSED'}")
    steady = [f"a/c {c['seconds'] / max(1e-9, a['seconds'] - fixed['seconds']):.2f}"]
    if n_dense:
        steady.append(f"d/e {e['seconds'] / max(1e-9, d['seconds'] - fixed['seconds']):.2f}")
    print(f"steady state (the fixed cost taken off (a) and (d)): {', '.join(steady)}")
    # CPU seconds weigh little on what else the machine runs: the ratios again, in CPU time
    cpu = [f"a/c {c['cpu'] / a['cpu']:.2f}"]
    if n_dense:
        cpu.append(f"d/e {e['cpu'] / d['cpu']:.2f}")
    cpu_steady = [f"a/c {c['cpu'] / max(1e-9, a['cpu'] - fixed['cpu']):.2f}"]
    if n_dense:
        cpu_steady.append(f"d/e {e['cpu'] / max(1e-9, d['cpu'] - fixed['cpu']):.2f}")
    print(f"in CPU seconds: {', '.join(cpu)}; steady state {', '.join(cpu_steady)} "
          f"(fixed cost {fixed['cpu']:.2f} CPU s)")
    print(f"b/a (--jobs 2 vs --jobs 1, throughput):              {ratio_ba:.2f}  target >= 1.7: "
          f"{'ok' if ratio_ba >= 1.7 else 'MISSED'}")
    print(f"CPU seconds (process + workers): --jobs 1 {a['cpu']:.1f}, --jobs 2 {b['cpu']:.1f} "
          f"(parallel overhead {b['cpu'] / a['cpu'] - 1:+.1%}; with two free cores b/a would be about "
          f"{2 * a['cpu'] / b['cpu']:.2f})")
    print(f"--jobs 2 output byte-identical to --jobs 1: {same}")
    print(f"summary (a): {a['summary']}")
    if n_dense:
        print(f"summary (d): {d['summary']}")

    if args.scale:
        one = a if args.memory_jobs == 1 else b if args.memory_jobs == 2 else \
            timed_extract(corpus, work / "out_mem1x.jsonl", args.memory_jobs)
        big = work / f"corpus_{args.scale}x"
        n_big, size_big = build_corpus(big, args.articles * args.scale, args.seed + 1)
        r = memory_run(big, args.memory_jobs, n, args.memory_seconds)
        growth = r["peak"] / one["peak"] - 1
        print()
        print(f"peak memory (PSS), extract --jobs {args.memory_jobs}, process + workers:")
        print(f"  1x  ({n} articles, {mb(size)} MB): {one['peak'] / 2**20:.0f} MB")
        if r["at_mark"] is not None:
            print(f"  {args.scale}x run, when its first {n} articles were written: {r['at_mark'] / 2**20:.0f} MB")
        done = f"{r['articles']} of {n_big} articles" + (f", stopped after {r['seconds']:.0f} s (--memory-seconds)"
                                                          if r["stopped"] else "")
        print(f"  {args.scale}x ({n_big} articles, {mb(size_big)} MB; {done}): {r['peak'] / 2**20:.0f} MB "
              f"({growth:+.1%} vs 1x; {r['articles'] / r['seconds']:.1f} articles/s; RSS sum "
              f"{r['peak_rss'] / 2**20:.0f} MB)")
        peak = max(a["peak"], b["peak"], r["peak"])
        print(f"  target < 600 MB and {args.scale}x within 10% of 1x: "
              f"{'ok' if peak < 600 * 2**20 and abs(growth) <= 0.10 else 'MISSED'}"
              + (f" (over {r['articles'] / n:.1f}x of the corpus, not the full {args.scale}x)" if r["stopped"] else ""))
        if tmp is None:
            import shutil

            shutil.rmtree(big, ignore_errors=True)
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
