"""Part files: the records of one piece of input, written where the workers can reach, and their manifest.

With `--engine dask`, each worker writes the records of the piece it read to a numbered
part (`part-00000.jsonl`, ... in input order), on local disk or any fsspec URL
(`s3://bucket/run/`). A part appears whole or not at all: it is written through fsspec
with autocommit off (a temporary file renamed, or an S3 multipart upload completed) only
when its piece is done, so a worker that dies leaves nothing half-written, and Dask's
retry writes it again. `-o DIR/` keeps the parts and a `manifest.json` (inputs, each
part's input, counts and SHA-256, totals, tool version: no time stamps, so two runs on the
same input give the same manifest); `cat DIR/part-*.jsonl` is then byte for byte the output
of a local run. `-o FILE` has the client merge the parts in input order, checking each
checksum, and delete them.

Entry points: `is_directory(out)`, `PartWriter` (a worker's writer), `part_names(count)`,
`prepare_directory(url, storage)`, `copy_part(...)`, `remove(url, storage)`,
`write_manifest(directory, manifest, storage)`, `workers_can_see(client, directory, storage)`.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from typing import IO

from pipeline.inputs import locations

MANIFEST = "manifest.json"
PART_PREFIX = "part-"


class PartsError(Exception):
    """The output directory cannot take this run's parts."""


def is_directory(out: str | None) -> bool:
    """`-o DIR/` (a trailing slash, or an existing local folder) asks for parts and a manifest."""
    if out in (None, "-"):
        return False
    return out.endswith("/") or (not locations.is_url(out) and os.path.isdir(locations.local_path(out)))


def part_names(count: int) -> list[str]:
    """`part-00000.jsonl` ...: zero-padded so that the names sort in input order."""
    width = max(5, len(str(max(count - 1, 0))))
    return [f"{PART_PREFIX}{i:0{width}d}.jsonl" for i in range(count)]


def join(directory: str, name: str) -> str:
    return directory.rstrip("/") + "/" + name


class PartWriter:
    """A part being written: bytes in, committed whole at the end (`commit`), or discarded."""

    def __init__(self, url: str, storage: dict):
        fs, path = locations.filesystem(url, storage)
        self.handle = fs.open(path, "wb", autocommit=False)
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.sha256.update(data)
        self.bytes += len(data)

    def commit(self) -> None:
        self.handle.close()
        self.handle.commit()

    def discard(self) -> None:
        try:
            self.handle.discard()
        except Exception:  # noqa: BLE001 - the part is abandoned either way
            pass


def prepare_directory(url: str, storage: dict, must_be_empty: bool = True) -> None:
    """Create the folder (no-op on S3); refuse one that already holds a run's parts or manifest."""
    fs, path = locations.filesystem(url, storage)
    fs.makedirs(path, exist_ok=True)
    if must_be_empty:
        fs.invalidate_cache()
        try:
            listed = fs.ls(path, detail=False)
        except FileNotFoundError:  # an S3 prefix with nothing under it yet
            listed = []
        held = [p for p in listed
                if p.rstrip("/").rsplit("/", 1)[-1].startswith(PART_PREFIX) or p.endswith("/" + MANIFEST)]
        if held:
            raise PartsError(f"{url} already holds the parts of a run ({len(held)} files such as "
                             f"{held[0].rsplit('/', 1)[-1]}); give an empty folder")


def copy_part(url: str, storage: dict, sha256: str, out: IO[str]) -> None:
    """Append a part's lines to `out`, checking they are the bytes the worker wrote."""
    check = hashlib.sha256()
    with locations.open_binary(url, storage) as fh:
        for line in fh:
            check.update(line)
            out.write(line.decode("utf-8"))
    if check.hexdigest() != sha256:
        raise PartsError(f"{url} does not hold what its worker wrote (SHA-256 differs): changed during the run?")


def remove(url: str, storage: dict) -> None:
    fs, path = locations.filesystem(url, storage)
    try:
        fs.rm(path, recursive=True)
    except FileNotFoundError:
        pass


def write_manifest(directory: str, manifest: dict, storage: dict) -> str:
    url = join(directory, MANIFEST)
    fs, path = locations.filesystem(url, storage)
    with fs.open(path, "wb") as fh:
        fh.write(manifest_text(manifest).encode("utf-8"))
    return url


def manifest_text(manifest: dict) -> str:
    """JSON with one line per key, and one line per part: easy to read, grep and diff."""
    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in manifest.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            inner = ",\n".join(f"  {one(item)}" for item in value)
            lines.append(f" {one(key)}: [\n{inner}\n ]")
        else:
            lines.append(f" {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def workers_can_see(client, directory: str, storage: dict) -> bool:
    """Whether every worker can read a file this process writes in `directory` (a shared
    disk, a bucket); a remote cluster cannot see this machine's local folders."""
    probe = join(directory, f".probe-{uuid.uuid4().hex}")
    fs, path = locations.filesystem(probe, storage)
    with fs.open(path, "wb") as fh:
        fh.write(b"rotation-facts")
    try:
        seen = client.run(_can_read, probe, storage)
    finally:
        remove(probe, storage)
    return bool(seen) and all(seen.values())


def _can_read(url: str, storage: dict) -> bool:
    try:
        with locations.open_binary(url, storage) as fh:
            return fh.read() == b"rotation-facts"
    except Exception:  # noqa: BLE001 - any failure means: cannot see it
        return False
