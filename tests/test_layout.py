"""The layout's import rules, read from the modules' own imports (every `import`, at any depth).

Layers, imports only going down:

    schemas/     the record format                 imports nothing of the project
    textmodel/   the text the extractors read      schemas only
    extractors/  one module (or package) per fact  schemas, textmodel
    pipeline/    stages, inputs, execution, tools  anything below; the CLI on top

and no module of the project imports the command line, which sits on top of it all.
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
