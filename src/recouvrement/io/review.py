"""Suspect data, reported rather than swallowed: read policies and output hygiene.

A nightly run on a real ledger meets duplicate invoice numbers, ids with a trailing
space, fractions of a cent, invoices dated after the run, and names holding terminal
escape sequences. None of these may pass silently:

- `ReadPolicy` says what a reader does with duplicate claim ids (an error by default,
  or keep the first or the last, each drop reported) and with amounts finer than the
  currency's smallest unit (a warning by default, or refuse, or round with a warning).
  Ids with surrounding spaces are kept as read (a round trip is lossless) with an
  ``id_spaces`` warning, and ``"F1 "`` beside ``"F1"`` gets a ``near_duplicate`` warning.
- `split_issued_after` splits out the claims issued after ``as_of`` (they belong in no
  headline count of that date) with a note saying how many.
- `neutralise_text` makes any text safe to print on a terminal: control characters
  (``ESC [2J``...) and bidirectional overrides (U+202E turns ``exe.txt`` into
  ``txt.exe`` on screen) are shown as visible escapes.

Examples:
    >>> from recouvrement.io.review import ReadPolicy, neutralise_text
    >>> ReadPolicy().duplicates, ReadPolicy(fractions="round").fractions
    ('error', 'round')
    >>> neutralise_text("Martin\\x1b[2J SARL\\u202e")
    'Martin\\\\x1b[2J SARL\\\\u202e'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from .._convert import to_date
from ..claims import Claim
from ..errors import InvalidType, InvalidValue

__all__ = [
    "DuplicatePolicy",
    "FractionPolicy",
    "ReadPolicy",
    "neutralise_text",
    "split_issued_after",
]

DuplicatePolicy = Literal["error", "keep_first", "keep_last", "allow"]
"""What a reader does when a claim id appears again."""
FractionPolicy = Literal["warn", "round", "refuse"]
"""What a reader does with an amount finer than the currency's smallest unit."""

_DUPLICATES = ("error", "keep_first", "keep_last", "allow")
_FRACTIONS = ("warn", "round", "refuse")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in choices:
            raise InvalidValue(attribute.name, value, f"expected one of {list(choices)}")

    return check


@attrs.frozen(slots=True, kw_only=True)
class ReadPolicy:
    """How readers treat suspect rows that are not plainly invalid.

    Attributes:
        duplicates: ``"error"`` (every repeat of an id is an invalid row; the first is
            read), ``"keep_first"`` or ``"keep_last"`` (the others are dropped, each with
            a ``duplicate`` warning and counted in ``LoadResult.duplicates``).
            ``keep_last`` holds the claims in memory until the end of the file.
            ``"allow"`` turns the check off, explicitly: every row is read and no id is
            remembered, so a stream's memory stays constant (for data already
            deduplicated upstream, or benchmarks that repeat a pool of claims).
        fractions: For an amount with more decimals than its currency has (``10.005
            EUR``, ``100.5 JPY``): ``"warn"`` reads it exactly with a ``fraction``
            warning, ``"round"`` rounds it half up with a ``rounded`` warning,
            ``"refuse"`` makes the row invalid.

    Examples:
        >>> ReadPolicy(duplicates="keep_last").duplicates
        'keep_last'
        >>> ReadPolicy(duplicates="merge")
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidValue: duplicates='merge': expected one of ['error', \
'keep_first', 'keep_last', 'allow']
    """

    duplicates: DuplicatePolicy = attrs.field(default="error", validator=_one_of(_DUPLICATES))
    fractions: FractionPolicy = attrs.field(default="warn", validator=_one_of(_FRACTIONS))


def neutralise_text(text: str) -> str:
    """Make text safe for a terminal or a plain-text report, visibly.

    Control characters (C0 and C1, ESC, DEL, line breaks and tabs included) and the
    bidirectional formatting characters are replaced by a visible escape (``\\x1b``,
    ``\\u202e``); a backslash is doubled so the result reads back unambiguously. Other
    text, accents and non-Latin scripts included, is unchanged.

    Args:
        text: Any text (a debtor's name, a reference...).

    Raises:
        InvalidType: ``text`` is not a `str`.

    Examples:
        >>> neutralise_text("Société Générale"), neutralise_text("a\\\\b")
        ('Société Générale', 'a\\\\\\\\b')
        >>> neutralise_text("Evil\\u202eexe.txt")
        'Evil\\\\u202eexe.txt'
        >>> neutralise_text("line\\nbreak\\x07")
        'line\\\\nbreak\\\\x07'
    """
    if not isinstance(text, str):
        raise InvalidType("text", text, "str")
    if text.isprintable() and "\\" not in text:
        return text
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char in _BIDI or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(_escape(char))
        else:
            out.append(char)
    return "".join(out)


def _escape(char: str) -> str:
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def split_issued_after(
    claims: Iterable[Claim], *, as_of: Any
) -> tuple[tuple[Claim, ...], tuple[Claim, ...], str | None]:
    """Split out the claims issued after ``as_of``: they are not due, nor even issued, then.

    A ledger run "as of" a date must not count an invoice dated later (a typo in the
    year, a pre-dated invoice, a run on an old date): it would inflate the totals and
    show negative ages. They are returned apart with a note to print.

    Args:
        claims: The claims.
        as_of: The date of the run.

    Returns:
        ``(current, issued_after, note)``; ``note`` is ``None`` when none is later.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> claim = sample_claim()
        >>> current, later, note = split_issued_after([claim], as_of="2000-01-01")
        >>> len(current), len(later)
        (0, 1)
        >>> print(note)
        1 claim issued after 2000-01-01 left out of the counts (first: F-2025-0042 issued \
2025-01-15)
    """
    day = to_date(as_of, "as_of")
    current: list[Claim] = []
    later: list[Claim] = []
    for index, claim in enumerate(claims):
        if not isinstance(claim, Claim):
            raise InvalidType(f"claims[{index}]", claim, "Claim")
        (later if claim.issued_on > day else current).append(claim)
    note = None
    if later:
        first = later[0]
        plural = "claim" if len(later) == 1 else "claims"
        note = (
            f"{len(later)} {plural} issued after {day.isoformat()} left out of the counts "
            f"(first: {first.id} issued {first.issued_on.isoformat()})"
        )
    return tuple(current), tuple(later), note
