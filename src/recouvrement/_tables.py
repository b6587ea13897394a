"""Dated rows of legal data: which row is in force on a day, and a loader that checks provenance.

Every legal table (periods, limits, thresholds, indemnities, points) is a list of rows
with ``effective_from`` and an optional ``effective_to`` (both included). `rule_on`
picks the row in force on a day; `load_toml` reads a packaged TOML file and refuses one
whose header does not name its sources and the date it was checked.

Examples:
    >>> import datetime as dt
    >>> rows = (Row(dt.date(2009, 1, 1), dt.date(2012, 12, 31), "7"), Row(dt.date(2013, 1, 1), None, "10"))
    >>> rule_on(rows, dt.date(2012, 6, 1).toordinal()).value, rule_on(rows, dt.date(2020, 1, 1).toordinal()).value
    ('7', '10')
    >>> rule_on(rows, dt.date(2000, 1, 1).toordinal()) is None
    True
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from collections.abc import Sequence
from importlib.resources.abc import Traversable
from typing import Any, NamedTuple, Protocol, TypeVar

from .errors import InvalidData

__all__ = ["Dated", "Row", "in_force", "load_toml", "rule_on"]

#: The header lines a packaged legal file must carry.
PROVENANCE = ("Source", "Checked")


class Dated(Protocol):
    """A row with its period of effect (``effective_to`` ``None``: still in force)."""

    @property
    def effective_from(self) -> _dt.date: ...

    @property
    def effective_to(self) -> _dt.date | None: ...


class Row(NamedTuple):
    """A minimal dated row (a value and its period of effect)."""

    effective_from: _dt.date
    effective_to: _dt.date | None
    value: Any


R = TypeVar("R", bound=Dated)


def in_force(row: Dated, day: int) -> bool:
    """Whether ``row`` is in force on the ordinal ``day``."""
    if day < row.effective_from.toordinal():
        return False
    return row.effective_to is None or day <= row.effective_to.toordinal()


def rule_on(rows: Sequence[R], day: int) -> R | None:
    """The row in force on the ordinal ``day`` (the latest that starts on or before it), or ``None``.

    ``None`` means the data has no row for that day: the caller raises, it never invents one.
    """
    chosen = None
    for row in rows:
        if in_force(row, day) and (chosen is None or row.effective_from >= chosen.effective_from):
            chosen = row
    return chosen


def load_toml(resource: Traversable, *, origin: str) -> dict[str, Any]:
    """Read a packaged legal TOML file, checking its provenance header.

    Raises:
        InvalidData: The header (the leading ``#`` lines) lacks a ``Source`` or a
            ``Checked`` line, or the TOML does not parse.
    """
    text = resource.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    for key in PROVENANCE:
        if not any(line.startswith(key) for line in header):
            raise InvalidData(origin, key, f"the header must name its provenance ('# {key}: ...')")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidData(origin, None, f"not valid TOML: {exc}") from None
