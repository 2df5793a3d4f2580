"""Module docstrings and READMEs lead a newcomer to things that exist.

Every module's docstring names its entry points, often with their parameters; a name the
function does not have (`build_review(facts, ...)` for `facts_path`) sends a reader who
calls it by keyword into a TypeError. And the project stands alone: no docstring or
README may send a reader to a file outside the repository (`/work/...`, `../shared`).
"""

from __future__ import annotations

import ast
import re

import pytest

from tests.conftest import ROOT

_CODE = ("schemas", "textmodel", "extractors", "pipeline", "benchmarks", "corpus", "docs")
_SHOWN_CALL_RE = re.compile(r"`(\w+)\(([^`()]*)\)")
_OUTSIDE_RE = re.compile(r"/work/|\.\./shared|(?<![\w/])shared/tools")


def modules() -> list:
    return sorted(path for folder in _CODE for path in (ROOT / folder).rglob("*.py")
                  if "__pycache__" not in path.parts)


def shown_parameters(args: str) -> list[str]:
    """The parameter names of a call as a docstring shows it: `a, b=None, *rest` -> a, b, rest."""
    names = [re.split(r"[=:]", arg)[0].strip().lstrip("*") for arg in args.split(",")]
    return [name for name in names if name and name != "..."]


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_module_docstring_names_its_functions_parameters_as_they_are(path):
    tree = ast.parse(path.read_text("utf-8"))
    doc = ast.get_docstring(tree) or ""
    functions = {node.name: node.args for node in tree.body if isinstance(node, ast.FunctionDef)}
    wrong = []
    for name, args in _SHOWN_CALL_RE.findall(doc):
        if name not in functions:
            continue
        real = functions[name]
        parameters = {a.arg for a in real.posonlyargs + real.args + real.kwonlyargs + [real.vararg, real.kwarg] if a}
        wrong += [f"{name}({parameter})" for parameter in shown_parameters(args) if parameter not in parameters]
    assert not wrong, f"the docstring names parameters these functions do not have: {wrong}"


def documents() -> list:
    readmes = [*ROOT.glob("README.md"), *ROOT.glob("*/README.md"), *ROOT.glob("*/*/README.md")]
    return sorted(path for path in readmes + list((ROOT / "docs").glob("*.md")) if ".venv" not in path.parts)


@pytest.mark.parametrize("path", documents() + modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_docstring_or_readme_sends_the_reader_outside_the_repository(path):
    text = path.read_text("utf-8")
    if path.suffix == ".py":
        tree = ast.parse(text)
        text = "\n".join(ast.get_docstring(node) or "" for node in ast.walk(tree)
                         if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)))
    found = sorted({line.strip() for line in text.splitlines() if _OUTSIDE_RE.search(line)})
    assert not found, f"paths outside the repository: {found}"
