"""The layout's import rules, read from the modules' own imports (every `import`, at any depth).

Layers, imports only going down:

    schemas/     the record format                 imports nothing of the project
    textmodel/   the text the extractors read      schemas only
    extractors/  one module (or package) per fact  schemas, textmodel
    pipeline/    stages, inputs, execution, tools  anything below; the CLI on top

and no module of the project imports the command line, which sits on top of it all.

Inside `pipeline/` the sub-layers have an order too (`PIPELINE_LAYERS`, lowest first); a
module imports its own sub-package and the sub-layers below, never one above, nor a
neighbour on its own level:

    limits/      time and memory limits per article     nothing of pipeline/
    inputs/      the read stage                         limits
    stages/      normalise, segment, validate, write    inputs
    runner       chains the stages for one article      stages
    execution/, results/, nlp   run a job; tools over a run; spaCy    runner
    dataset/     the dataset across articles            results
    cli          the command line                       everything
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("schemas", "textmodel", "extractors", "pipeline")
ALLOWED = {
    "schemas": {"schemas"},
    "textmodel": {"schemas", "textmodel"},
    "extractors": {"schemas", "textmodel", "extractors"},
    "pipeline": set(PACKAGES),
}


# Lowest first; each entry is one level, a set of sub-packages (or modules) of pipeline/.
PIPELINE_LAYERS = (
    {"pipeline"},  # the package itself: its version and the lazy names of its entry points
    {"pipeline.limits"},
    {"pipeline.inputs"},
    {"pipeline.stages"},
    {"pipeline.runner"},
    {"pipeline.execution", "pipeline.results", "pipeline.nlp"},
    {"pipeline.dataset"},
    {"pipeline.cli"},
)


def pipeline_unit(module: str) -> str:
    """The sub-package (or top module) of pipeline/ that `module` belongs to; a name that is
    no module (`from pipeline import __version__`) belongs to the package itself."""
    unit = ".".join(module.split(".")[:2])
    return unit if (ROOT / unit.replace(".", "/")).is_dir() or (ROOT / f"{unit.replace('.', '/')}.py").is_file() else "pipeline"


def pipeline_level(module: str) -> int:
    unit = pipeline_unit(module)
    return next(level for level, units in enumerate(PIPELINE_LAYERS) if unit in units)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, relative ones resolved against `package`
    (by default the package the file is in)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if package is None:
        package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # `from pipeline import cli` imports the module pipeline.cli
            found += [(node.lineno, f"{base}.{alias.name}" if base in PACKAGES or base.count(".") >= 1 else base)
                      for alias in node.names]
    return found


def project_files() -> list[Path]:
    return sorted(f for pkg in PACKAGES for f in (ROOT / pkg).rglob("*.py"))


def test_the_layers_exist_and_hold_code():
    for pkg in PACKAGES:
        assert any((ROOT / pkg).rglob("*.py")), pkg


@pytest.mark.parametrize("path", project_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_only_go_down(path: Path):
    layer = path.relative_to(ROOT).parts[0]
    crossing = [f"line {line}: {module}" for line, module in imported_modules(path)
                if module.split(".")[0] in PACKAGES and module.split(".")[0] not in ALLOWED[layer]]
    assert not crossing, f"{layer}/ may import only {sorted(ALLOWED[layer])}; {path.name} imports {crossing}"


def upward_in_pipeline(module: str, imports: list[tuple[int, str]]) -> list[str]:
    """The imports of `module` (a module of pipeline/) that reach a sub-layer above its own,
    or a neighbour on its own level."""
    unit, level = pipeline_unit(module), pipeline_level(module)
    return [f"line {line}: {target}" for line, target in imports
            if target.split(".")[0] == "pipeline" and pipeline_unit(target) != unit
            and pipeline_level(target) >= level]


@pytest.mark.parametrize("path", sorted((ROOT / "pipeline").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_pipeline_imports_only_go_down(path: Path):
    module = module_name(path)
    upward = upward_in_pipeline(module, imported_modules(path))
    assert not upward, f"{pipeline_unit(module)} (level {pipeline_level(module)}) imports from its level or above: {upward}"


def test_every_pipeline_module_has_a_level():
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        pipeline_level(module_name(path))  # StopIteration names a module PIPELINE_LAYERS forgot


def test_the_pipeline_order_sees_an_upward_import():
    """The checker itself: the runner reaching into execution/, and a read module into
    execution/, are both seen; an import from below is not."""
    assert upward_in_pipeline("pipeline.runner", [(3, "pipeline.execution.parallel")])
    assert upward_in_pipeline("pipeline.inputs.article", [(9, "pipeline.execution.limits")])
    assert upward_in_pipeline("pipeline.results.sampling", [(1, "pipeline.execution.parts")])
    assert not upward_in_pipeline("pipeline.execution.job", [(1, "pipeline.runner"), (2, "pipeline.limits.timeout"),
                                                             (3, "pipeline.execution.parallel")])


@pytest.mark.parametrize("path", project_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_imports_the_command_line(path: Path):
    if module_name(path) == "pipeline.cli":
        return
    assert not [m for _, m in imported_modules(path) if m == "pipeline.cli" or m.startswith("pipeline.cli.")]


def test_extractor_modules_do_not_import_the_registry():
    """The registry lists the extractors; an extractor that imported it back would make a cycle."""
    for path in sorted((ROOT / "extractors").rglob("*.py")):
        if module_name(path) == "extractors.registry":
            continue
        assert "extractors.registry" not in {m for _, m in imported_modules(path)}, path


def test_the_rule_reader_sees_crossings(tmp_path: Path):
    """The checker itself: an upward import at any depth, absolute or relative, is seen."""
    probe = tmp_path / "probe.py"
    probe.write_text("import regex\ndef f():\n    from pipeline.stages import segment\n"
                     "    from ..pipeline import runner\n    from . import names\n", encoding="utf-8")
    modules = [m for _, m in imported_modules(probe, package="extractors")]
    assert modules == ["regex", "pipeline.stages.segment", "pipeline.runner", "extractors.names"]
