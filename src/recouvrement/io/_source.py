"""Opening files and streams, and reading CSV records with their line numbers (internal)."""

from __future__ import annotations

import io
import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..errors import InvalidType

__all__ = [
    "LineSource",
    "SampleDecodeError",
    "Source",
    "Target",
    "open_source",
    "open_target",
    "open_text",
    "source_name",
]

Target = str | os.PathLike[str] | IO[str]
Source = str | os.PathLike[str] | IO[str] | IO[bytes]

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


class SampleDecodeError(Exception):
    """The start of a file is not in the encoding given (internal): where and why."""

    def __init__(self, line: int, encoding: str, reason: str) -> None:
        super().__init__(f"line {line}: not {encoding} ({reason})")
        self.line = line
        self.encoding = encoding
        self.reason = reason


def _read_sample(handle: Any, size: int) -> Any:
    """Read up to ``size`` bytes (then to the end of the line) from a binary stream."""
    data = handle.read(size)
    if data and not data.endswith(b"\n"):
        data += handle.readline()
    return data


def _take_lines(lines: Iterable[str], size: int) -> tuple[str, Iterator[str]]:
    """The first lines of a text iterable, up to ``size`` characters, and the rest."""
    rest = iter(lines)
    taken: list[str] = []
    total = 0
    for line in rest:
        taken.append(line)
        total += len(line)
        if total >= size:
            break
    return "".join(taken), rest


@contextmanager
def open_text(
    source: Any, encoding: str, sample_size: int = 65536, *, sample: bool = True
) -> Iterator[tuple[Iterable[str], str | None, str]]:
    """Open a path, a binary stream or a text stream as text lines.

    ``encoding`` may be ``"auto"`` (detected by trial on the first ``sample_size`` bytes);
    ``utf-8`` skips a BOM. Yields ``(lines, encoding used, sample text)``; the lines start
    at the beginning of the file (the sample is not lost, even on a pipe). A text stream
    is already decoded: the encoding used is then ``None``. With ``sample=False`` no
    sample is taken (the sample text is ``""``) and a text stream is read lazily.
    """
    from .detect import detect_encoding

    chosen = None if encoding == "auto" else encoding
    if chosen == "utf-8":
        chosen = "utf-8-sig"
    if isinstance(source, str | os.PathLike):
        if chosen is None:
            with open(source, "rb") as raw:
                head = raw.read(sample_size)
                chosen = detect_encoding(head, complete=len(head) < sample_size)[0]
        with open(source, encoding=chosen, newline="") as handle:
            text, rest = _take_lines(handle, sample_size if sample else 0)
            yield itertools.chain(io.StringIO(text, newline=""), rest), chosen, text
        return
    if not hasattr(source, "read"):
        raise InvalidType("source", source, "a path or an open file")
    if not _is_binary(source):
        if not sample:
            yield source, None, ""
            return
        text, rest = _take_lines(source, sample_size)
        yield itertools.chain(io.StringIO(text, newline=""), rest), None, text
        return
    head = _read_sample(source, sample_size)
    if not isinstance(head, bytes):
        raise InvalidType("source", source, "a binary file giving bytes")
    if chosen is None:
        chosen = detect_encoding(head, complete=len(head) < sample_size)[0]
    if chosen == "utf-8-sig" and not head.startswith(b"\xef\xbb\xbf"):
        chosen = "utf-8"
    try:
        text = head.decode(chosen)
    except UnicodeDecodeError as exc:
        line = head.count(b"\n", 0, exc.start) + 1
        raise SampleDecodeError(line, exc.encoding, exc.reason) from None
    rest = io.TextIOWrapper(source, encoding=chosen, newline="")
    try:
        yield itertools.chain(io.StringIO(text, newline=""), rest), chosen, text
    finally:
        rest.detach()


def _is_binary(stream: Any) -> bool:
    if isinstance(stream, io.TextIOBase):
        return False
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return True
    mode = getattr(stream, "mode", "")
    return isinstance(mode, str) and "b" in mode


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

    ``number`` turns the n-th line read into the number reported (`at`): a piece of a
    file (a batch) reports the lines of the whole file, in its fields and its messages.
    """

    __slots__ = ("_file", "_number", "_pending", "line", "taken", "truncated")

    def __init__(self, handle: Iterable[str], number: Callable[[int], int] | None = None) -> None:
        self._file = iter(handle)
        self._number = number
        self._pending: deque[tuple[int, str]] = deque()
        self.line = 0
        self.taken: list[tuple[int, str]] = []
        self.truncated = False

    def at(self, line: int) -> int:
        """The number reported for the ``line``-th line read."""
        return line if self._number is None else self._number(line)

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
            item = (self.line if self._number is None else self._number(self.line), text)
        self.taken.append(item)
        return item[1]

    def take(self) -> list[tuple[int, str]]:
        taken = self.taken
        self.taken = []
        self.truncated = False
        return taken

    def push_back(self, lines: list[tuple[int, str]]) -> None:
        self._pending.extendleft(reversed(lines))
