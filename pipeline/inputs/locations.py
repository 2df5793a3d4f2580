"""Where inputs are: local paths and folders, globs, and URLs (`s3://`, `gs://`, `file://`) through fsspec.

A path names a file, a folder (every file under it, recursively, hidden ones aside,
sorted by path so runs are reproducible), or a glob (`crawl/*.warc.gz`,
`s3://bucket/crawl/**/*.jsonl.gz`; matches sorted). URLs go through fsspec with the
credentials it already reads (environment variables, `~/.aws`, instance roles) and the
`storage` options given (`--storage-option endpoint_url=http://127.0.0.1:9000`); a
bucket prefix is listed like a folder. Local paths need no fsspec; `file://` URLs are
read as local paths. s3fs is installed by the `cloud` extra (gcsfs for `gs://` too).

Entry points: `expand(paths, storage) -> Iterator[Location]`, `open_binary(name, storage)`,
`exists(path, storage)`, `check_exist(paths, storage)`, `is_url(path)`.
"""

from __future__ import annotations

import glob
import io
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

GLOB_CHARS = ("*", "?", "[")


@dataclass(frozen=True)
class Location:
    """One file to read: a local path as given (or found), or a URL."""

    name: str     # what an article's `source` shows: `corpus/a.txt`, `s3://bucket/crawl/a.warc.gz`
    listed: bool  # found in a folder, prefix or glob, rather than named on its own

    @property
    def basename(self) -> str:
        return posixpath.basename(self.name.rstrip("/")) if is_url(self.name) else os.path.basename(self.name)


def is_url(path: str) -> bool:
    """A URL fsspec opens (`s3://...`); `file://` URLs are taken as local paths instead."""
    scheme, sep, _ = path.partition("://")
    return bool(sep) and scheme.isidentifier() and scheme != "file"


def local_path(path: str) -> str:
    """`file:///data/x` -> `/data/x`; other paths unchanged."""
    return path[len("file://"):] if path.startswith("file://") else path


def expand(paths: Iterable[str], storage: dict | None = None) -> Iterator[Location]:
    """Every file the paths name, in the order given; each folder, prefix or glob sorted."""
    for path in paths:
        if is_url(path):
            yield from _expand_url(path, storage or {})
        else:
            yield from _expand_local(local_path(path))


def exists(path: str, storage: dict | None = None) -> bool:
    """Whether `path` names something to read (a file, a folder, a glob with matches)."""
    if not is_url(path):
        path = local_path(path)
        return os.path.exists(path) or (_has_glob(path) and bool(glob.glob(path, recursive=True)))
    fs, root = _filesystem(path, storage or {})
    if _has_glob(root):
        return bool(fs.glob(root))
    return fs.exists(root)


class InputNotFound(ValueError):
    """A path given as an input names nothing to read, or its storage cannot be reached."""


def check_exist(paths: Iterable[str], storage: dict | None = None) -> None:
    """Raise `InputNotFound` for the first path (`-`, standard input, aside) that names nothing:
    a run, or a review, is refused before it starts rather than reading nothing from a typo."""
    for path in paths:
        if path == "-":
            continue
        try:
            found = exists(path, storage)
        except Exception as exc:  # noqa: BLE001 - no s3fs, no credentials, no such bucket
            raise InputNotFound(f"cannot reach {path}: {type(exc).__name__}: {exc}") from exc
        if not found:
            raise InputNotFound(f"nothing matches {path}" if _has_glob(path)
                                else f"no such file or directory: {path}")


def open_binary(name: str, storage: dict | None = None) -> BinaryIO:
    """A seekable binary stream over a local file or a URL."""
    if not is_url(name):
        return open(local_path(name), "rb")
    fs, path = _filesystem(name, storage or {})
    # fsspec's files read ahead in blocks but take no size in readline(): a buffered reader
    # over them gives the bounded line reads the readers rely on
    return io.BufferedReader(fs.open(path, "rb"), buffer_size=1 << 20)


def filesystem(url: str, storage: dict | None = None):
    """(fsspec filesystem, path inside it) for a URL; the local filesystem for a path."""
    if not is_url(url):
        from fsspec.implementations.local import LocalFileSystem

        return LocalFileSystem(), os.path.abspath(local_path(url))
    return _filesystem(url, storage or {})


def _filesystem(url: str, storage: dict):
    try:
        from fsspec.core import url_to_fs
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise OSError(f"reading {url} needs fsspec and s3fs: pip install 'rotation-facts[cloud]'") from exc
    try:
        return url_to_fs(url, **storage)
    except ImportError as exc:  # s3fs / gcsfs missing
        raise OSError(f"reading {url}: {exc}; pip install 'rotation-facts[cloud]'") from exc


def _expand_local(path: str) -> Iterator[Location]:
    if os.path.isdir(path):
        yield from (Location(str(p), listed=True) for p in walk(Path(path)))
    elif not os.path.lexists(path) and _has_glob(path):
        for match in sorted(glob.glob(path, recursive=True)):
            if os.path.isdir(match):
                yield from (Location(str(p), listed=True) for p in walk(Path(match)))
            else:
                yield Location(match, listed=True)
    else:
        yield Location(path, listed=False)  # a missing file is read, and yields `read_failed`


def walk(root: Path) -> list[Path]:
    """Files under `root`, hidden ones aside, sorted by path so runs are reproducible."""
    found = [p for p in root.rglob("*") if (p.is_file() or (p.is_symlink() and not p.exists()))
             and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return sorted(found, key=lambda p: p.as_posix())


def _expand_url(url: str, storage: dict) -> Iterator[Location]:
    fs, root = _filesystem(url, storage)
    if _has_glob(root):
        matches = fs.glob(root, detail=True)
        names: list[str] = []
        for path, info in sorted(matches.items()):
            names.extend(_files_under(fs, path) if info.get("type") == "directory" else [path])
        yield from (Location(fs.unstrip_protocol(p), listed=True) for p in names)
    elif fs.isdir(root):
        yield from (Location(fs.unstrip_protocol(p), listed=True) for p in _files_under(fs, root))
    else:
        yield Location(fs.unstrip_protocol(root), listed=False)
    fs.invalidate_cache()  # a listing of 100,000 keys need not stay in memory for the run


def _files_under(fs, root: str) -> list[str]:
    root = root.rstrip("/")
    found = [p for p in fs.find(root) if not any(part.startswith(".") for part in p[len(root):].split("/") if part)]
    return sorted(found)


def _has_glob(path: str) -> bool:
    return any(ch in path for ch in GLOB_CHARS)
