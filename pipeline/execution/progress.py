"""A progress bar on standard error for long runs, only when it is a terminal.

The input is a stream, so the total is not known: the bar shows articles done,
articles per second, characters (MB) done and failures. Nothing is drawn when
the stream is not a terminal (a log file, a pipe, CI), so logs hold only the
final summary line.

Entry point: `progress_bar(stream, enabled=None)`, a context manager giving an
object with `update(article)` (one article, by its article record) and
`advance(articles, chars, failed)` (many).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import IO, Iterator


class _Off:
    def update(self, article) -> None:
        pass

    def advance(self, articles: int, chars: int, failed: int) -> None:
        pass


class _Bar:
    """Redraws at most every `interval` seconds; tqdm when available, else a plain line."""

    def __init__(self, stream: IO[str], interval: float = 0.25):
        self.stream, self.interval = stream, interval
        self.articles = self.failed = self.chars = 0
        self.started = self.drawn = time.perf_counter()
        try:
            from tqdm import tqdm
        except ImportError:  # pragma: no cover - tqdm is a dependency
            self.tqdm = None
        else:
            self.tqdm = tqdm(file=stream, unit=" articles", dynamic_ncols=True, mininterval=interval,
                             smoothing=0.1, leave=False)

    def update(self, article) -> None:
        self.advance(1, article.n_chars, article.error is not None)

    def advance(self, articles: int, chars: int, failed: int) -> None:
        """Count many articles at once (a Dask worker's piece)."""
        self.articles += articles
        self.chars += chars
        self.failed += failed
        now = time.perf_counter()
        if self.tqdm is not None:
            self.tqdm.update(articles)
            if now - self.drawn >= self.interval:
                self.tqdm.set_postfix_str(self._postfix(now), refresh=False)
                self.drawn = now
        elif now - self.drawn >= self.interval:
            self.stream.write(f"\r{self.articles} articles, {self._postfix(now)}")
            self.stream.flush()
            self.drawn = now

    def _postfix(self, now: float) -> str:
        mb = self.chars / 1e6
        return f"{mb:.1f} MB, {mb / max(now - self.started, 1e-9):.2f} MB/s, failed {self.failed}"

    def close(self) -> None:
        if self.tqdm is not None:
            self.tqdm.close()
        else:
            self.stream.write("\r\033[K")
            self.stream.flush()


def wants_bar(stream: IO[str] | None, enabled: bool | None = None) -> bool:
    """Draw a bar? `enabled` None means: only when `stream` is a terminal."""
    if stream is None or enabled is False:
        return False
    if enabled:
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


@contextmanager
def progress_bar(stream: IO[str] | None, enabled: bool | None = None) -> Iterator:
    """A bar on `stream` (see `wants_bar`), removed when the block ends."""
    if not wants_bar(stream, enabled):
        yield _Off()
        return
    bar = _Bar(stream)
    try:
        yield bar
    finally:
        bar.close()
