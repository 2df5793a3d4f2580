"""The record reference in docs/ is generated from the models, and stays in step with them."""

from __future__ import annotations

from schemas.docs import dataset_markdown, markdown
from tests.conftest import ROOT


def test_records_reference_is_up_to_date():
    committed = (ROOT / "docs" / "RECORDS.md").read_text("utf-8")
    assert committed == markdown(), "run: python -m schemas.docs > docs/RECORDS.md"


def test_dataset_tables_reference_is_up_to_date():
    committed = (ROOT / "docs" / "DATASET_TABLES.md").read_text("utf-8")
    assert committed == dataset_markdown(), "run: python -m schemas.docs --dataset > docs/DATASET_TABLES.md"


def test_readme_opens_with_the_two_commands_ci_runs():
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    blocks = readme.split("```")
    commands = [b.strip().removeprefix("sh").strip() for b in blocks[1:4:2]]
    assert len(commands) == 2 and "rotation-facts extract corpus" in commands[0]
    assert commands[1] in ci
