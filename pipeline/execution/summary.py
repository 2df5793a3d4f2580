"""What a run did, counted as it writes: articles, failures by code, facts by type.

`job.run` and the Dask workers of `distributed` each fill a `Summary` as records are
written; a worker's summary travels back and is merged into the run's.

Entry point: `Summary` (`add_written(written)`, `merge(other)`, `line()`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.stages.write import Written
from schemas import FACT_MODELS, NOT_ARTICLE_CODES, ArticleRecord

if TYPE_CHECKING:  # the runner loads the extractors: a summary does not need them
    from pipeline.runner import Records


@dataclass
class Summary:
    """What a run did: articles, failures by code, facts by type; the records of an
    input that are not articles by design (a web archive's images, redirects,
    revisits: `NOT_ARTICLE_CODES`) are counted apart, as `skipped`, and are no failure."""

    articles: int = 0
    failed: int = 0
    errors: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    rejected: int = 0
    skipped: Counter = field(default_factory=Counter)
    chars: int = 0
    seconds: float = 0.0

    def add(self, records: Records) -> None:
        self.add_article(records[0], Counter(r.type for r in records[1:]))

    def add_written(self, written: Written) -> None:
        self.add_article(written.article, written.types)

    def add_article(self, article: ArticleRecord, types: Counter) -> None:
        if article.error and article.error.code in NOT_ARTICLE_CODES:
            self.skipped[article.error.code.value] += 1
            return
        self.articles += 1
        self.chars += article.n_chars
        if article.error:
            self.failed += 1
            self.errors[article.error.code.value] += 1
        self.rejected += len(article.rejected)
        self.facts.update(types)

    def merge(self, other: "Summary") -> None:
        """Add the counts of another part of the run (a Dask worker's piece)."""
        self.articles += other.articles
        self.failed += other.failed
        self.errors.update(other.errors)
        self.facts.update(other.facts)
        self.rejected += other.rejected
        self.skipped.update(other.skipped)
        self.chars += other.chars

    def line(self) -> str:
        facts = ", ".join(f"{t}s {self.facts[t]}" for t in FACT_MODELS)
        errors = "".join(f" [{c}: {n}]" for c, n in sorted(self.errors.items()))
        skipped = sum(self.skipped.values())
        others = (f"; not articles {skipped}" + "".join(f" [{c}: {n}]" for c, n in sorted(self.skipped.items()))
                  if skipped else "")
        return (f"articles read {self.articles}, written {self.articles - self.failed}, failed {self.failed}{errors}"
                f"{others}; {facts}; rejected facts {self.rejected}; {self.seconds:.1f} s")
