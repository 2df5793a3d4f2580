"""A stratified random sample of a run's facts, for the review page to have judged.

The sampling frame is every fact of the run. It is cut into strata by fact type
and, if asked, by where the article came from (`source`: its JSONL file, or the
folder of its .txt/.html file; `site`: its URL's host) or the province it is about
(`province`: the province the dataset finds it is about, `province_of`; `unknown`
when none, or a tie). The draws are spread over
the strata by

* `proportional` allocation: n_h ∝ N_h, every non-empty stratum at least one draw
  (when n allows), the rest by largest remainder; the sample is then almost
  self-weighting, which is best for the whole run's precision;
* `equal` allocation: the same number from each stratum (all of a stratum smaller
  than its share, the rest shared among the others), which gives each fact type
  an interval of about the same width.

Each stratum then gets a simple random sample of its facts, in sorted stratum
order from one `random.Random(seed)`: the same run, seed and options always draw
the same facts. Every judged fact carries its stratum's N_h and n_h, so
`rotation-facts precision` can weight it by N_h / n_h.

Entry point: `draw_sample(run, n, seed, stratify, allocation, provinces=None) -> FactSample`.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import urlsplit

from pipeline.results.facts_file import ArticleFacts

STRATUM_KEYS = ("type", "source", "site", "province")
ALLOCATIONS = ("proportional", "equal")
FactId = tuple[str, int]  # (article key in the run, index of the fact among the article's facts)


@dataclass(frozen=True)
class Stratum:
    name: str   # "type=count; province=Hà Tĩnh", or "all"
    size: int   # N_h: facts of the run in it
    drawn: int  # n_h: facts drawn from it


@dataclass
class FactSample:
    """The drawn facts, and the stratum of every fact of the run (so a fact judged outside
    the sample still says which stratum it belongs to)."""

    seed: int
    stratified_by: list[str]
    allocation: str
    strata: dict[str, Stratum]
    stratum_of: dict[FactId, str]
    drawn: set[FactId] = field(default_factory=set)

    @property
    def frame_size(self) -> int:
        return len(self.stratum_of)

    def articles(self, run_order: Iterable[str]) -> list[str]:
        """The keys of the articles holding a drawn fact, in run order."""
        keys = {k for k, _ in self.drawn}
        return [k for k in run_order if k in keys]

    def info(self, fact: FactId) -> dict:
        """The `sample` object of a judgment of this fact (schemas.judgments.SampleInfo)."""
        stratum = self.strata[self.stratum_of[fact]]
        return {"seed": self.seed, "stratified_by": list(self.stratified_by), "allocation": self.allocation,
                "stratum": stratum.name, "stratum_size": stratum.size, "stratum_drawn": stratum.drawn,
                "frame_size": self.frame_size, "in_sample": fact in self.drawn}


def parse_stratify(value: str) -> list[str]:
    """`type,province` -> ['type', 'province']; `none` -> [] (one stratum); raises ValueError."""
    keys = [k.strip() for k in value.split(",") if k.strip()]
    if keys == ["none"]:
        return []
    unknown = [k for k in keys if k not in STRATUM_KEYS]
    if unknown or not keys or len(set(keys)) != len(keys):
        raise ValueError(f"--stratify {value}: give a comma-separated list of {', '.join(STRATUM_KEYS)} "
                         "(each once), or none")
    return [k for k in STRATUM_KEYS if k in keys]  # a fixed order, so the stratum names do not depend on it


def draw_sample(run: dict[str, ArticleFacts], n: int | None, seed: int, stratify: list[str], allocation: str,
                provinces: dict[str, str] | None = None) -> FactSample:
    """Draw `n` facts of `run` (all of them when n is None or at least the run's facts).

    `provinces` (article key -> `province_of` its text) is needed only to stratify by province.
    """
    if allocation not in ALLOCATIONS:
        raise ValueError(f"allocation {allocation!r}: use one of {', '.join(ALLOCATIONS)}")
    stratum_of = {(key, i): stratum_name(fact, entry, stratify, (provinces or {}).get(key, "unknown"))
                  for key, entry in run.items() for i, fact in enumerate(entry.facts)}
    members: dict[str, list[FactId]] = {}
    for fact_id, name in stratum_of.items():
        members.setdefault(name, []).append(fact_id)
    sizes = {name: len(members[name]) for name in sorted(members)}
    quota = allocate(sizes, len(stratum_of) if n is None else n, allocation)
    rng = random.Random(seed)
    drawn: set[FactId] = set()
    for name in sizes:
        drawn.update(rng.sample(members[name], quota[name]))
    strata = {name: Stratum(name, sizes[name], quota[name]) for name in sizes}
    return FactSample(seed, list(stratify), allocation, strata, stratum_of, drawn)


def stratum_name(fact: dict, entry: ArticleFacts, stratify: list[str], province: str) -> str:
    """'type=count; source=corpus/articles', or 'all' when not stratified."""
    parts = []
    for key in stratify:
        if key == "type":
            value = fact["type"]
        elif key == "source":
            value = article_source(entry.article)
        elif key == "site":
            value = article_site(entry.article)
        else:
            value = province
        parts.append(f"{key}={value}")
    return "; ".join(parts) or "all"


def article_source(article: dict | None) -> str:
    """The JSONL file an article came from, or the folder of its own file."""
    source = (article or {}).get("source")
    if not source:
        return "unknown"
    if (article or {}).get("line") is not None or source == "-":
        return source
    return os.path.dirname(source) or "."


def article_site(article: dict | None) -> str:
    """The host of the article's URL, without 'www.'; 'unknown' without a URL."""
    url = (article or {}).get("url") or ""
    host = urlsplit(url).hostname if isinstance(url, str) else None
    return host.removeprefix("www.") if host else "unknown"


def province_of(text: str | None, title: str | None = None, url: str | None = None) -> str:
    """The province the article is about, as the dataset reads it (`article_unit.article_unit`:
    its mentions with a type word or by name, its title and URL weighed more; none on a tie);
    'unknown' for none."""
    if not text:
        return "unknown"
    from pipeline.results.article_unit import article_unit
    from pipeline.stages.normalize import normalize

    # normalised as the extractors read it: capitals, old tone placement and NFD text name a
    # province too (the dataset passes the text as read: the same gap, not mended there yet)
    return article_unit([normalize(text).text], title, url, evidence="text").province or "unknown"


def allocate(sizes: dict[str, int], n: int, allocation: str) -> dict[str, int]:
    """How many to draw from each stratum (in the dict's order, which breaks ties)."""
    total = sum(sizes.values())
    if n >= total:
        return dict(sizes)
    if allocation == "equal":
        return _equal(sizes, n)
    return _proportional(sizes, n, total)


def _equal(sizes: dict[str, int], n: int) -> dict[str, int]:
    quota = {k: 0 for k in sizes}
    left = n
    while left:
        for k in sizes:  # one more each, round after round, until n are placed
            if left and quota[k] < sizes[k]:
                quota[k] += 1
                left -= 1
    return quota


def _proportional(sizes: dict[str, int], n: int, total: int) -> dict[str, int]:
    share = {k: n * size / total for k, size in sizes.items()}
    floor = 1 if n >= sum(1 for s in sizes.values() if s) else 0
    quota = {k: min(sizes[k], max(floor if sizes[k] else 0, int(share[k]))) for k in sizes}
    order = list(sizes)
    while sum(quota.values()) > n:  # the minimum of one pushed us over: take from the most over-served
        k = max((k for k in order if quota[k] > floor), key=lambda k: (quota[k] - share[k], -order.index(k)))
        quota[k] -= 1
    while sum(quota.values()) < n:  # largest remainder first
        k = max((k for k in order if quota[k] < sizes[k]), key=lambda k: (share[k] - quota[k], -order.index(k)))
        quota[k] += 1
    return quota
