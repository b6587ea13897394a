"""The progress bar of the command line (internal)."""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

__all__ = ["Progress"]


class Progress:
    """A progress bar on a terminal, drawn only once the work has lasted ``delay`` seconds.

    It writes to ``stream`` (standard error by default) and only when that stream is a
    terminal, so that redirected output and logs stay clean; it never writes to standard
    output. The bar is erased when the work is done.

    Args:
        label: What is being done (``"reading claims.csv"``).
        total: The amount of work (rows, bytes...), or ``None`` when unknown (a counter is
            shown instead of a bar).
        stream: Where to draw (standard error by default).
        enabled: ``False`` to draw nothing (``--quiet``).
        started: The `time.monotonic` time the command started (the delay counts from it).
        delay: Seconds before the bar appears.
        clock: The clock (for tests).
        unit: ``"bytes"`` to count in megabytes; otherwise plain counts.

    Examples:
        >>> import io
        >>> class Tty(io.StringIO):
        ...     def isatty(self) -> bool:
        ...         return True
        >>> now = [0.0]
        >>> stream = Tty()
        >>> bar = Progress("deciding", 200, stream=stream, started=0.0, clock=lambda: now[0])
        >>> bar.update(10)            # under a second: nothing drawn
        >>> stream.getvalue()
        ''
        >>> now[0] = 1.5
        >>> bar.update(100)
        >>> stream.getvalue().strip()
        'deciding [###############---------------]  50% 100/200'
        >>> bar.close()
        >>> stream.getvalue().endswith("\\r")
        True
    """

    __slots__ = (
        "_clock",
        "_delay",
        "_drawn",
        "_enabled",
        "_last",
        "_started",
        "_stream",
        "_width",
        "done",
        "label",
        "total",
        "unit",
    )

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        stream: IO[str] | None = None,
        enabled: bool = True,
        started: float | None = None,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        unit: str = "",
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.done = 0
        self._stream: IO[str] = sys.stderr if stream is None else stream
        isatty = getattr(self._stream, "isatty", None)
        self._enabled = enabled and callable(isatty) and bool(isatty())
        self._clock = clock
        self._started = clock() if started is None else started
        self._delay = delay
        self._last = -1.0
        self._drawn = 0
        self._width = 30

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more units of work done."""
        self.update(self.done + count)

    def update(self, done: int) -> None:
        """Set the work done so far, and redraw at most ten times a second."""
        self.done = done
        if not self._enabled:
            return
        now = self._clock()
        if now - self._started < self._delay or now - self._last < 0.1:
            return
        self._last = now
        if self.total:
            share = min(max(done / self.total, 0.0), 1.0)
            filled = int(share * self._width)
            bar = "#" * filled + "-" * (self._width - filled)
            count = f"{self._count(done)}/{self._count(self.total)}"
            line = f"{self.label} [{bar}] {share * 100:3.0f}% {count}"
        else:
            line = f"{self.label}: {self._count(done)}"
        padding = " " * max(0, self._drawn - len(line))
        self._stream.write(f"\r{line}{padding}")
        self._stream.flush()
        self._drawn = len(line)

    def _count(self, value: int) -> str:
        if self.unit == "bytes":
            return f"{value / 1e6:.1f} MB"
        return str(value)

    def close(self) -> None:
        """Erase the bar, if it was drawn."""
        if self._drawn:
            self._stream.write("\r" + " " * self._drawn + "\r")
            self._stream.flush()
            self._drawn = 0

    def track(self, items: Iterable[Any]) -> Iterator[Any]:
        """Yield ``items``, counting one unit of work per item."""
        for item in items:
            yield item
            self.advance()


class _CountingFile(io.FileIO):
    """A binary file that counts the bytes read (for a progress bar over a text reader)."""

    bytes_read = 0

    def readinto(self, buffer: Any) -> int | None:
        count = super().readinto(buffer)
        if count:
            self.bytes_read += count
        return count
