"""The type of a post, from its title and organisation: Party secretary, chairman, police,
court or procuracy, deputy secretary, or other (`pipeline/data/dataset/post_types.tsv`).

Read from a resolved post's `loose` keys (`title|organisation`, abbreviations expanded,
Party committees of every level written `đảng ủy`, a title's usual organisation when
the post names none), so `Bí thư Tỉnh ủy`, `Bí thư Huyện ủy X` and `Bí thư Sóc Trăng`
are all a Party secretary, while `Bí thư Tỉnh đoàn` is not.

Entry point: `post_type(parts) -> str | None`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from pipeline.dataset.resolve_posts import ResolvedParts

OTHER = "other"


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, str, str], ...]:
    text = resources.files("pipeline").joinpath("data", "dataset", "post_types.tsv").read_text("utf-8")
    return tuple(tuple(line.split("\t")) for line in text.splitlines()  # type: ignore[misc]
                 if line.strip() and not line.startswith("#"))


def _matches(rule_org: str, org: str) -> bool:
    if rule_org == "*":
        return True
    if rule_org.endswith("*"):
        prefix = rule_org[:-1].strip()
        return org == prefix or org.startswith(prefix + " ")
    return org == rule_org


@lru_cache(maxsize=10_000)
def _type_of(loose: tuple[str, ...]) -> str:
    parts = [tuple(key.split("|", 1)) for key in loose]
    for kind, title, org in _rules():
        if any(t == title and _matches(org, o) for t, o in parts):
            return kind
    return OTHER


def post_type(parts: ResolvedParts | None) -> str | None:
    """The post's type (the first row of post_types.tsv one of its roles matches, else
    'other'); None when there is no post."""
    if parts is None or not parts.loose:
        return None
    return _type_of(parts.loose)
