"""`rotation-facts --help` answers at once: the heavy libraries are imported only when needed.

Functional, not timed: it checks which modules `--help` loads (the benchmark measures the time).
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("spacy", "underthesea", "pydantic", "trafilatura", "dask", "distributed", "tqdm", "numpy", "regex")


def _modules_after(argv: list[str]) -> set[str]:
    code = ("import sys\nfrom pipeline.cli import main\n"
            "try:\n    main(%r)\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)" % argv)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stderr.split())


def test_help_imports_no_heavy_library():
    for argv in (["--help"], ["extract", "--help"], []):
        loaded = _modules_after(argv)
        assert not {m for m in loaded if m.split(".")[0] in HEAVY}, argv
