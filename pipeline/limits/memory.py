"""A per-article memory limit, from the operating system, so one article cannot take a run down.

`memory_limit(max_bytes)` lets the block add at most `max_bytes` to the process's
address space: it lowers the soft `RLIMIT_AS` to the address space in use when the
block starts plus `max_bytes`, and restores it after. An allocation past the limit
fails, Python raises `MemoryError` where it happened, and the block ends with
`ArticleOutOfMemory`, which carries the measured figures; the runner turns it into an
error record with code `out_of_memory` and the run goes on. The kernel does the
watching: there is no polling and no cost while the article runs (two `setrlimit`
calls and one read of /proc/self/statm per article).

What `RLIMIT_AS` counts is the virtual size: every mapping, including the mapped
model files, shared libraries, each thread's stack and glibc's per-thread malloc
arenas (64 MB reserved each), touched or not. Those are in place before the article
starts (about 300 MB in a process with the models loaded), so the limit is set
*relative* to the address space in use then, never as an absolute figure: what the
article may add is what a user means by "memory for one article", and new
allocations are touched, so they are resident memory too. The other way round, memory
the allocator freed but kept mapped for reuse is already counted before the article:
an article may reuse it on top of `max_bytes`. So the bound is on the process as a
whole, what it held at its largest so far plus `max_bytes`, not on the article alone.

Threads: the limit is per process. With several articles at once in one process
(a Dask worker with several threads), each adds its own `max_bytes` to the limit
while it runs, and the limit is restored when the last one ends. Other threads of the
process (Dask's own) may see an allocation fail while an article is at the limit;
a worker that dies of it is handled like any dead worker (`pipeline.execution.parallel`).

Native code that cannot report a failed allocation (a Rust library aborts) kills the
process instead: that is the `crashed` path (`pipeline.execution.resume`).

Entry points: `memory_limit(max_bytes)`, `ArticleOutOfMemory`, `default_max_memory(jobs)`,
`parse_size(text)`, `format_size(n)`.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from typing import Iterator

try:
    import resource
except ImportError:  # pragma: no cover - not POSIX: no limit
    resource = None

GB = 1024 ** 3
MAX_DEFAULT = 2 * GB  # what one article may add, at most, by default


class ArticleOutOfMemory(BaseException):
    """An article needed more memory than its limit (a BaseException, like a timeout, so that
    no `except Exception` on the way swallows it)."""

    def __init__(self, limit: int, before: int, at_failure: int):
        super().__init__(limit, before, at_failure)
        self.limit, self.before, self.at_failure = limit, before, at_failure

    def message(self) -> str:
        """For the error record: the limit, not the figures measured, which depend on the process
        (output stays the same whatever the number of processes)."""
        return (f"extraction needed more memory than the limit of {format_size(self.limit)} per article "
                "(--max-memory): an allocation past it failed")

    def measured(self) -> str:
        """For the log: what was measured when the allocation failed."""
        return (f"{format_size(self.at_failure)} of address space in use when an allocation failed, "
                f"{format_size(self.at_failure - self.before)} more than before the article "
                f"(limit {format_size(self.limit)})")


def address_space() -> int:
    """The process's virtual size in bytes (what `RLIMIT_AS` limits).

    Read with `os.read` (a small bytes object, no file buffer), so that it works at the limit.
    """
    fd = os.open("/proc/self/statm", os.O_RDONLY)
    try:
        return int(os.read(fd, 128).split()[0]) * _PAGE
    finally:
        os.close(fd)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class _Limit:
    """The process-wide state: how many articles are under a limit now, and what to restore."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.armed = 0
        self.saved: tuple[int, int] | None = None
        self.before = 0  # address space when the first article in flight started

    def arm(self, max_bytes: int) -> int:
        with self.lock:
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if self.armed == 0:
                self.saved, self.before = (soft, hard), address_space()
                limit = self.before + max_bytes
            else:
                limit = soft + max_bytes
            original = self.saved[0]
            if original != resource.RLIM_INFINITY:
                limit = min(limit, original)  # never above a limit the user set (ulimit -v)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
            self.armed += 1
            return self.before

    def disarm(self, max_bytes: int) -> None:
        with self.lock:
            self.armed -= 1
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if self.armed == 0:
                resource.setrlimit(resource.RLIMIT_AS, self.saved)
            else:
                resource.setrlimit(resource.RLIMIT_AS, (max(self.before, soft - max_bytes), hard))


_limit: _Limit | None = None
_limit_pid = 0


def _process_limit() -> _Limit:
    global _limit, _limit_pid
    if _limit is None or _limit_pid != os.getpid():  # a forked child starts with nothing armed
        _limit, _limit_pid = _Limit(), os.getpid()
    return _limit


@contextmanager
def memory_limit(max_bytes: int | None) -> Iterator[None]:
    """Raise `ArticleOutOfMemory` if the block needs more than `max_bytes` of new memory.

    None or 0: no limit. Where the platform has no `RLIMIT_AS` (not Linux, not POSIX)
    the block runs without one.
    """
    if not max_bytes or resource is None or not os.path.exists("/proc/self/statm"):
        yield
        return
    state = _process_limit()
    before = state.arm(max_bytes)
    armed = True
    try:
        yield
    except MemoryError:
        try:  # at the limit still: with the limit lifted, another thread could map more first
            at_failure = address_space()
        except MemoryError:
            at_failure = None
        state.disarm(max_bytes)
        armed = False
        if at_failure is None:
            at_failure = address_space()
        raise ArticleOutOfMemory(max_bytes, before, at_failure) from None
    finally:
        if armed:
            state.disarm(max_bytes)


def machine_memory() -> int | None:
    """Physical memory in bytes, when the platform says."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover
        return None


def default_max_memory(jobs: int) -> int:
    """What one article may take by default: 2 GB, or less on a small machine, so that `jobs`
    workers each at their limit and the main process still fit in memory. A count of jobs
    below one (which `run` refuses with its own message) counts as one."""
    total = machine_memory()
    return MAX_DEFAULT if total is None else min(MAX_DEFAULT, total // (max(jobs, 1) + 1))


_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": 1024 ** 2, "MB": 1024 ** 2, "G": GB, "GB": GB,
          "T": 1024 ** 4, "TB": 1024 ** 4}


def parse_size(text: str) -> int:
    """'2G', '1.5GB', '800M', '500000000' -> bytes (units of 1024); '0' means no limit."""
    value = text.strip().upper().removesuffix("IB").removesuffix("I")
    number = value.rstrip("BKMGT")
    unit = value[len(number):]
    if unit not in _UNITS:
        raise ValueError(f"unknown unit in {text!r}: use K, M or G")
    try:
        size = float(number)
    except ValueError:
        raise ValueError(f"not a size: {text!r} (examples: 2G, 800M)") from None
    if size < 0:
        raise ValueError(f"a size cannot be negative: {text!r}")
    return int(size * _UNITS[unit])


def format_size(n: int) -> str:
    """Bytes for people: '2.0 GB', '812 MB'."""
    return f"{n / GB:.1f} GB" if n >= GB else f"{n / 1024 ** 2:.0f} MB"
