"""A per-article time limit that works in any thread, so one article cannot stall a run.

`time_limit(seconds)` arms a deadline for the calling thread. One watchdog
thread per process watches every armed deadline; when one passes while its
article is still running, it raises `ArticleTimeout` in that thread
(CPython's `PyThreadState_SetAsyncExc`). Unlike `signal.alarm` this works off
the main thread: in the runner's own loop, in worker processes, and in Dask's
worker threads; and there is no overhead while the article runs.

`ArticleTimeout` derives from `BaseException`, so the `except Exception`
handlers in spaCy, underthesea or our stages do not swallow it. The runner turns
it into an error record with code `timeout`.

The limit is checked between Python bytecodes: a single call into native code
(one regex search, one CRF decode) finishes before the exception lands. That is
why every regex must also run in linear time (see tests/test_hostile.py): the
time limit bounds Python-level loops, linear regexes bound each native call.

Memory has its own limit, from the operating system (`pipeline.limits.memory`);
`execution.parallel.with_limits` attaches both to each article of a run.

Entry points: `time_limit(seconds)`, `ArticleTimeout`, `DEFAULT_TIMEOUT`.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import threading
import time
from contextlib import contextmanager
from typing import Iterator

# A 5 MB article (the size limit) of ordinary news takes about a minute; a
# pathological one can take hours. Overridden with `--timeout`; 0 turns it off.
DEFAULT_TIMEOUT = 300.0


class ArticleTimeout(BaseException):
    """An article ran over its time limit (raised asynchronously in its thread)."""


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = [ctypes.c_ulong, ctypes.py_object]
_set_async_exc.restype = ctypes.c_int
# The same function, to pass NULL: clears an exception set but not yet raised.
_clear_async_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi))


class _Watchdog:
    """One daemon thread that fires the deadlines armed by every thread of this process."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[float, int]] = {}  # token -> (deadline, thread id)
        self._fired: set[int] = set()
        self._tokens = itertools.count()
        # when the loop wakes next (inf: only when notified): a deadline armed after it needs no wake-up,
        # so arming one per article, each later than the last, does not wake the thread each time
        self._wake_at = 0.0
        threading.Thread(target=self._loop, name="rotation-facts-time-limit", daemon=True).start()

    def arm(self, seconds: float) -> int:
        with self._cond:
            token = next(self._tokens)
            deadline = time.monotonic() + seconds
            self._armed[token] = (deadline, threading.get_ident())
            if deadline < self._wake_at:
                self._cond.notify()
            return token

    def disarm(self, token: int) -> bool:
        """Stop watching `token`; True if its deadline already fired."""
        with self._cond:
            if self._armed.pop(token, None) is not None:
                return False
            self._fired.discard(token)
            return True

    def _loop(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for token, (deadline, thread_id) in list(self._armed.items()):
                    if deadline <= now:
                        del self._armed[token]
                        self._fired.add(token)
                        _set_async_exc(thread_id, ArticleTimeout)
                pending = [deadline for deadline, _ in self._armed.values()]
                self._wake_at = min(pending) if pending else float("inf")
                self._cond.wait(max(0.0, self._wake_at - now) if pending else None)


_watchdog: _Watchdog | None = None
_watchdog_lock = threading.Lock()


def _get_watchdog() -> _Watchdog:
    global _watchdog
    with _watchdog_lock:
        if _watchdog is None or _watchdog.pid != os.getpid():  # a forked child has no watchdog thread
            _watchdog = _Watchdog()
        return _watchdog


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `ArticleTimeout` in this thread if the block runs longer than `seconds`.

    None or a value <= 0 means no limit.
    """
    if not seconds or seconds <= 0:
        yield
        return
    watchdog = _get_watchdog()
    token = watchdog.arm(seconds)
    try:
        yield
    finally:
        if watchdog.disarm(token):
            # fired: if the exception has not been raised yet, it must not land later
            _clear_async_exc(threading.get_ident(), None)
