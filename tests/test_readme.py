"""The README's examples and maps stay true to the code, so a newcomer can follow them.

A newcomer's first check of an install is to compare their own `extract` output with the
README's; lines that drifted from the output (other offsets, fewer keys, a fact that
changed) make them think the install is broken. So every JSON line in a ```json block
must parse, list the model's keys in the model's order, and hold the values a fresh
run gives. A line may leave fields out, written `...` where a key would be.

The stage table must name the functions a run calls, the map of the folders every
folder (and, where it lists modules, every module), and the command tables every option
of every subcommand (read from the argparse parser), so that what a newcomer reads first
leads into the code that runs and the commands it has.
"""

from __future__ import annotations

import itertools
import json
import re
from fnmatch import fnmatch

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")

# `...` where a key would be: after `{` or `, `, before `,` or `}`.
_ELISION_RE = re.compile(r"(?<=[{ ])\.\.\.(?=[,}])")
_ELIDED = "..."

# The biography example's article (the README gives it in the sentence before the line).
BIOGRAPHY_TEXT = "Ông Trương Văn Hòa, 55 tuổi, Bí thư Tỉnh ủy, quê Nam Định (cũ)."
BIOGRAPHY_PUBLISHED = "2025-09-30"


def example_lines() -> list[str]:
    """Every non-empty line of every ```json block of the README."""
    blocks = re.findall(r"^```json\n(.*?)^```", README, re.S | re.M)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def shown(line: str) -> dict:
    """A README line as a dict, in its order; each `...` becomes a key `...1`, `...2`, ..."""
    number = itertools.count(1)
    return json.loads(_ELISION_RE.sub(lambda _: f'"{_ELIDED}{next(number)}": null', line))


def shown_values(record: dict) -> dict:
    return {key: value for key, value in record.items() if not key.startswith(_ELIDED)}


def test_the_readme_shows_json_lines():
    assert len(example_lines()) >= 5


@pytest.mark.parametrize("line", example_lines(), ids=lambda line: line[:60])
def test_a_readme_json_line_lists_the_models_keys_in_order(line):
    """Keys shown side by side are neighbours in the model; a `...` leaves at least one
    out; a line without `...` at an end starts (ends) with the model's first (last) key."""
    from schemas.records import RECORD_MODELS

    try:
        record = shown(line)
    except json.JSONDecodeError as exc:
        pytest.fail(f"not JSON (with `...` for left-out fields): {exc}")
    model = RECORD_MODELS[record["type"]]
    keys = list(model.model_fields)
    position, elided = -1, False
    for key in record:
        if key.startswith(_ELIDED):
            elided = True
            continue
        assert key in keys, f"{key!r} is not a field of {model.__name__}"
        index = keys.index(key)
        if elided:
            assert index > position + 1, f"`...` before {key!r} leaves nothing out"
        else:
            assert index == position + 1, f"{key!r} shown after {keys[position] if position >= 0 else 'the start'!r}; " \
                                          f"the model's order is {keys}"
        position, elided = index, False
    if not elided:
        assert position == len(keys) - 1, f"fields after {keys[position]!r} are missing and no `...` says so"
    else:
        assert position < len(keys) - 1, "a `...` at the end leaves nothing out"


def test_the_readme_json_lines_are_what_a_run_writes(monkeypatch):
    """The values shown are those of `extract corpus/articles` (run from the repository's root,
    as the README's commands are) and of `extract_text` on the biography example."""
    from pipeline import extract_text
    from pipeline.runner import extract_files
    from pipeline.stages.write import record_line

    monkeypatch.chdir(ROOT)
    written = [json.loads(record_line(record)) for records in extract_files(["corpus/articles"])
               for record in records]
    assert BIOGRAPHY_TEXT in README and BIOGRAPHY_PUBLISHED in README
    [biography] = [json.loads(record_line(record)) for record in
                   extract_text(BIOGRAPHY_TEXT, published=BIOGRAPHY_PUBLISHED)[1:]]

    for line in example_lines():
        record = shown(line)
        if "doc_id" not in record and record.get("name") == biography["name"]:
            actual = biography
        else:
            same = [r for r in written if r["type"] == record["type"] and r["doc_id"] == record.get("doc_id")
                    and r.get("span") == record.get("span")]
            assert same, f"no record of `extract corpus/articles` is the README's {line[:80]}..."
            actual = same[0]
        drifted = {key: {"README": value, "run": actual[key]} for key, value in shown_values(record).items()
                   if value != actual[key]}
        assert not drifted, f"the README's {line[:80]}... no longer matches a run: {drifted}"


def stage_table_entries() -> dict[str, str]:
    """The README's stage table (## How it works): stage -> its entry function."""
    section = README.split("## How it works", 1)[1].split("\n## ", 1)[0]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| stage") and not line.startswith("| ---")]
    return {row[0]: row[2].strip("`") for row in rows}


def test_the_stage_table_names_the_functions_a_run_calls():
    """A newcomer follows the table into the code a run goes through: each entry is importable
    from `pipeline` and called by the runner or the execution layer, not only by tests."""
    import pipeline

    entries = stage_table_entries()
    assert list(entries) == ["read", "normalise", "segment", "extract", "validate", "write"]
    run_code = "".join(path.read_text("utf-8") for path in
                       [ROOT / "pipeline" / "runner.py", *sorted((ROOT / "pipeline" / "execution").glob("*.py"))])
    for stage, entry in entries.items():
        assert entry in pipeline.__all__, f"{stage}: `{entry}` is not importable from pipeline"
        assert re.search(rf"(?<![\w.]){entry}\(", run_code), f"{stage}: a run never calls `{entry}`"


def layout_map() -> str:
    """The README's map of the folders (the code block after 'The folders, lowest layer first')."""
    return README.split("The folders, lowest layer first", 1)[1].split("```", 2)[1]


def test_the_readme_map_shows_every_folder():
    """Every folder of the code and of its data, and every top-level folder of the project,
    is on the map (`name/`), so a newcomer finds where a module lives."""
    folders = {path.name for path in ROOT.iterdir() if (path / "__init__.py").exists() and path.name != "tests"}
    folders |= {"corpus", "benchmarks", "docs", "tests"}
    for package in ("extractors", "pipeline"):
        folders |= {path.name for path in (ROOT / package).iterdir() if path.is_dir() and path.name != "__pycache__"}
    shown = layout_map()
    missing = sorted(name for name in folders if not re.search(rf"(?<![\w/]){re.escape(name)}/", shown))
    assert not missing, f"folders not on the README's map: {missing}"


@pytest.mark.parametrize("folder", ["execution", "results", "dataset"])
def test_the_readme_map_names_every_module_of_a_listed_folder(folder):
    """The map lists the modules of these folders (`resolve_*` for a family); a list that
    leaves some out reads as whole."""
    words = set(re.findall(r"[\w*]+", layout_map()))
    modules = sorted(path.stem for path in (ROOT / "pipeline" / folder).glob("*.py") if path.stem != "__init__")
    missing = [name for name in modules
               if name not in words and not any(fnmatch(name, word) for word in words if "*" in word)]
    assert not missing, f"pipeline/{folder}/ modules not on the README's map: {missing}"


def test_the_dataset_package_lists_every_module():
    """pipeline/dataset/__init__.py's docstring is that package's map: it names each module."""
    import pipeline.dataset

    modules = sorted(path.name for path in (ROOT / "pipeline" / "dataset").glob("*.py") if path.stem != "__init__")
    missing = [name for name in modules if name not in pipeline.dataset.__doc__]
    assert not missing, f"modules pipeline/dataset/__init__.py does not list: {missing}"


def command_rows() -> dict[str, str]:
    """The README's command tables (## Commands), as each subcommand's rows joined: a row of the
    first table by the command it starts with, a row of 'Options of `extract`' to extract."""
    section = README.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    table_of = None
    for line in section.splitlines():
        options_of = re.match(r"Options of `([\w-]+)`", line)
        if options_of:
            table_of = options_of[1]
        elif line.startswith("| `rotation-facts "):
            command = line.split()[2].rstrip("`")
            rows[command] = rows.get(command, "") + line
        elif line.startswith("| ") and table_of:
            rows[table_of] = rows.get(table_of, "") + line
    return rows


def parser_flags() -> dict[str, list[list[str]]]:
    """Each subcommand of the command line, with the option strings of each of its options."""
    import argparse

    from pipeline.cli import _parser

    [commands] = [action for action in _parser()._actions if isinstance(action, argparse._SubParsersAction)]
    return {name: [action.option_strings for action in sub._actions
                   if action.option_strings and not isinstance(action, argparse._HelpAction)]
            for name, sub in commands.choices.items()}


_FLAG_RE = re.compile(r"(?<![\w-])--?[a-z][\w-]*")


@pytest.mark.parametrize("command", sorted(parser_flags()))
def test_the_command_table_gives_every_flag_of_a_command(command):
    """Every subcommand has a row, its rows give each of its options (one spelling of it is
    enough: `-o` or `--output`), and name no option it does not have."""
    rows = command_rows()
    assert command in rows, f"no row for `rotation-facts {command}` in the README's command table"
    options = parser_flags()[command]
    mentioned = set(_FLAG_RE.findall(rows[command]))
    missing = [spellings[-1] for spellings in options if not mentioned & set(spellings)]
    assert not missing, f"`rotation-facts {command}` options missing from the README's command table: {missing}"
    unknown = sorted(mentioned - {flag for spellings in options for flag in spellings})
    assert not unknown, f"the README gives `rotation-facts {command}` options it does not have: {unknown}"
