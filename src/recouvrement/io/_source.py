"""Opening files and streams, and reading CSV records with their line numbers (internal)."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..errors import InvalidType

__all__ = ["LineSource", "Target", "open_source", "open_target", "source_name"]

Target = str | os.PathLike[str] | IO[str]

MAX_RECORD_LINES = 1000
"""A quoted record may span at most this many physical lines (an unbalanced quote stops here)."""


def source_name(source: Any) -> str:
    """The name errors give a file."""
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) else "<stream>"


@contextmanager
def open_source(source: Any) -> Iterator[IO[str]]:
    """Open a path for reading (UTF-8, a BOM is skipped) or pass an open text file through."""
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            yield handle
    elif hasattr(source, "read"):
        yield source
    else:
        raise InvalidType("source", source, "a path or an open text file")


@contextmanager
def open_target(target: Any) -> Iterator[IO[str]]:
    """Open a path for writing (UTF-8, no BOM) or pass an open text file through."""
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            yield handle
    elif hasattr(target, "write"):
        yield target
    else:
        raise InvalidType("target", target, "a path or an open text file")


class LineSource:
    """Physical lines for `csv.reader`, remembering which lines each record used.

    After each record, `take` returns the ``(line_number, text)`` pairs it was read from.
    `push_back` re-queues lines, so that a record swallowed by an unbalanced quote can be
    reported on its first line and the following lines read again as rows of their own.
    A record longer than `MAX_RECORD_LINES` is cut (``truncated`` is set).
    """

    __slots__ = ("_file", "_pending", "line", "taken", "truncated")

    def __init__(self, handle: IO[str]) -> None:
        self._file = iter(handle)
        self._pending: deque[tuple[int, str]] = deque()
        self.line = 0
        self.taken: list[tuple[int, str]] = []
        self.truncated = False

    def __iter__(self) -> LineSource:
        return self

    def __next__(self) -> str:
        if len(self.taken) >= MAX_RECORD_LINES:
            self.truncated = True
            raise StopIteration
        if self._pending:
            item = self._pending.popleft()
        else:
            text = next(self._file)
            self.line += 1
            item = (self.line, text)
        self.taken.append(item)
        return item[1]

    def take(self) -> list[tuple[int, str]]:
        taken = self.taken
        self.taken = []
        self.truncated = False
        return taken

    def push_back(self, lines: list[tuple[int, str]]) -> None:
        self._pending.extendleft(reversed(lines))
