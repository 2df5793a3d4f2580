"""Review one dataset row: its sources highlighted in their articles, on the review page.

`rotation-facts review --dataset DIR --move MOVE_ID --articles PATH... -o page.html`
finds the row (moves, people, documents or counts) in DIR, takes from the facts
DIR keeps (inputs/) the records of each article the row cites, keeps only the
facts at the row's sources, and writes the usual review page
(`pipeline.results.review`) over them: each source highlighted in its article,
beside its fields.

Entry point: `write_row_review(dataset_dir, table, row_id, article_paths, out) -> Review`.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Iterable

from pipeline.dataset.load import iter_file_articles
from pipeline.dataset.store import Manifest

ID_FIELDS = {"moves": "move_id", "people": "person_id", "documents": "document_id", "counts": "count_id"}


class RowNotFound(ValueError):
    """No row with that id in the dataset's table."""


def find_row(dataset_dir: Path, table: str, row_id: str) -> dict:
    id_field = ID_FIELDS[table]
    with open(dataset_dir / f"{table}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row[id_field] == row_id:
                return row
    raise RowNotFound(f"no row with {id_field} {row_id} in {dataset_dir / (table + '.jsonl')}")


def source_records(dataset_dir: Path, sources: list[dict]) -> list[dict]:
    """The article record and the facts at `sources`, for each article they name, from the
    inputs the dataset keeps (the latest version of each doc_id, as the build used)."""
    wanted: dict[str, set[tuple[int, int]]] = {}
    for s in sources:
        wanted.setdefault(s["doc_id"], set()).add(tuple(s["span"]))
    found: dict[str, list[dict]] = {}
    for batch in Manifest.read(dataset_dir).files(dataset_dir):
        for path in batch:
            for raw in iter_file_articles(path):
                if raw.doc_id in wanted:
                    facts = [f for f in raw.facts if tuple(f["span"]) in wanted[raw.doc_id]]
                    article = dict(raw.article or {"type": "article", "doc_id": raw.doc_id, "source": "", "n_chars": 0})
                    article["n_facts"] = len(facts)
                    found[raw.doc_id] = [article, *facts]
    return [record for doc_id in sorted(found) for record in found[doc_id]]


def write_row_review(dataset_dir: str | Path, table: str, row_id: str, article_paths: Iterable[str], out: str | Path):
    from pipeline.results.review import write_review

    dataset_dir = Path(dataset_dir)
    row = find_row(dataset_dir, table, row_id)
    records = source_records(dataset_dir, row["sources"])
    with tempfile.TemporaryDirectory() as tmp:
        facts = Path(tmp) / f"{row_id}.jsonl"  # the page's title names the row
        facts.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        return write_review(facts, article_paths, out)
