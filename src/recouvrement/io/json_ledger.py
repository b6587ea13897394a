"""Claims as JSON: JSON lines for streaming, a JSON document for small files.

Both hold claims in the exact form of [`Claim.to_dict`][recouvrement.Claim.to_dict]:
nested ``creditor``, ``debtor``, ``terms``, ``amount`` (``{"amount": "1200.00",
"currency": "EUR"}``), ``payments``, ``credit_notes`` and ``events`` (each tagged with
its ``type``); dates are ISO strings and amounts decimal strings, never floats (a float
is refused on reading).

- **JSON lines** (``.jsonl``): one claim object per line, UTF-8. Streamed both ways.
  `RowError.line` is the line number; ``column`` the field path named by the error.
- **JSON document** (``.json``): ``{"claims": [...]}``, optionally with other keys such
  as ``as_of`` and ``description`` (the layout of the shipped sample portfolio); a bare
  list of claims is read too. `RowError.line` is the claim's 1-based position.

Examples:
    >>> import io
    >>> from recouvrement.sample import sample_claim
    >>> from recouvrement.io.json_ledger import read_claims_jsonl, write_claims_jsonl
    >>> buffer = io.StringIO()
    >>> write_claims_jsonl([sample_claim()], buffer)
    1
    >>> _ = buffer.seek(0)
    >>> read_claims_jsonl(buffer).claims == (sample_claim(),)
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

from ..claims import Claim
from ..errors import InvalidData, InvalidType, RecouvrementError
from ._source import SampleDecodeError, Source, Target, open_target, open_text, source_name
from .csv_ledger import ClaimStream
from .errors import ErrorMode, LedgerError, LoadResult, RowError, check_mode
from .review import ReadPolicy

__all__ = [
    "iter_claims_jsonl",
    "ledger_schema",
    "read_claims_json",
    "read_claims_jsonl",
    "write_claims_json",
    "write_claims_jsonl",
]


def _reject_float(text: str) -> Any:
    raise InvalidType("amount", text, 'a decimal string such as "12.50" (floats are inexact)')


@cache
def _schema_text() -> str:
    entry = resources.files("recouvrement") / "io" / "schema" / "ledger.schema.json"
    return entry.read_text(encoding="utf-8")


def ledger_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the standard ledger, for integrators.

    It describes the JSON document and JSON lines forms (``$defs/claim``, in the form of
    ``Claim.to_dict``) and one row of the standard CSV layout (``$defs/csv_row``). The
    file itself is ``recouvrement/io/schema/ledger.schema.json`` in the package.
    Validating with it catches the shape (names, types, dates, decimal strings); the
    readers still check the rules (a due date before the issue date...).

    Examples:
        >>> schema = ledger_schema()
        >>> schema["$defs"]["claim"]["required"][:3]
        ['id', 'creditor', 'debtor']
    """
    data: dict[str, Any] = json.loads(_schema_text())
    return data


MAX_DEPTH = 64
"""The deepest nesting of arrays and objects a JSON claim file may have."""


def _depth(text: str) -> int:
    """The deepest nesting of brackets outside strings (a cheap pre-check before parsing)."""
    deepest = depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _loads(text: str) -> Any:
    if ("[" * 32 in text or "{" * 32 in text or len(text) > 1000) and _depth(text) > MAX_DEPTH:
        raise InvalidData(
            "json", text[:40], f"nested deeper than {MAX_DEPTH} levels (not a claims file)"
        )
    try:
        return json.loads(text, parse_float=_reject_float)
    except RecursionError:  # pragma: no cover (the depth check comes first)
        raise InvalidData("json", text[:40], "nested too deeply") from None


def _claim(data: Any, name: str, line: int) -> tuple[int, Claim] | RowError:
    try:
        return (line, Claim.from_dict(data))
    except RecouvrementError as exc:
        ident = data.get("id") if isinstance(data, Mapping) else None
        return RowError(
            source=name,
            line=line,
            column=exc.field,
            value=exc.value,
            message=str(exc),
            error=exc,
            claim_id=ident if isinstance(ident, str) else None,
        )


def write_claims_jsonl(claims: Iterable[Claim], target: Target) -> int:
    """Write one claim per line (JSON lines); returns the number written. Streams.

    Examples:
        >>> import io
        >>> from recouvrement.sample import load_sample
        >>> write_claims_jsonl(load_sample().claims, io.StringIO())
        200
    """
    count = 0
    with open_target(target) as handle:
        for claim in claims:
            if not isinstance(claim, Claim):
                raise InvalidType(f"claims[{count}]", claim, "Claim")
            handle.write(json.dumps(claim.to_dict(), ensure_ascii=False, separators=(",", ":")))
            handle.write("\n")
            count += 1
    return count


def _not_utf8(name: str, encoding: str, reason: str, line: int) -> LedgerError:
    error = InvalidData("encoding", encoding, f"not UTF-8 text ({reason})")
    return LedgerError([RowError(source=name, line=line, message=str(error))])


def _jsonl_items(source: Any) -> Iterator[tuple[int, Claim] | RowError]:
    name = source_name(source)
    try:
        opened = open_text(source, "utf-8", sample=False)
        handle, _, _ = opened.__enter__()
    except SampleDecodeError as exc:
        raise _not_utf8(name, exc.encoding, exc.reason, exc.line) from None
    except UnicodeDecodeError as exc:
        raise _not_utf8(name, exc.encoding, exc.reason, 1) from None
    try:
        yield from _jsonl_lines(handle, name)
    finally:
        opened.__exit__(None, None, None)


def _jsonl_lines(handle: Any, name: str) -> Iterator[tuple[int, Claim] | RowError]:
    lines = enumerate(handle, start=1)
    number = 0
    while True:
        try:
            line, text = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise _not_utf8(name, exc.encoding, exc.reason, number + 1) from None
        number = line
        if not text.strip():
            continue
        try:
            data = _loads(text)
        except RecouvrementError as exc:
            what = "float in JSON" if exc.field == "amount" else "unreadable JSON"
            yield RowError(
                source=name,
                line=line,
                column=exc.field,
                value=exc.value,
                message=f"{what}: {exc}",
                error=exc,
            )
            continue
        except ValueError as exc:
            error = InvalidData("line", text.strip()[:80], f"not valid JSON ({exc})")
            yield RowError(source=name, line=line, message=str(error), error=error)
            continue
        yield _claim(data, name, line)


def iter_claims_jsonl(
    source: Source, *, errors: ErrorMode = "raise", policy: ReadPolicy | None = None
) -> ClaimStream:
    """Stream the claims of a JSON-lines file, one line at a time; see `ClaimStream`.

    Examples:
        >>> import io
        >>> stream = iter_claims_jsonl(io.StringIO('{"id": "X"}\\n'), errors="collect")
        >>> list(stream), stream.errors[0].line, stream.errors[0].column
        ([], 1, 'Claim.creditor')
    """
    return ClaimStream(
        _jsonl_items(source), check_mode(errors), policy=policy, source=source_name(source)
    )


def read_claims_jsonl(
    source: Source, *, errors: ErrorMode = "raise", policy: ReadPolicy | None = None
) -> LoadResult:
    """Read every claim of a JSON-lines file.

    Raises:
        LedgerError: With ``errors="raise"``, when any line is invalid (all are listed).

    Examples:
        >>> import io
        >>> read_claims_jsonl(io.StringIO("")).rows
        0
    """
    return iter_claims_jsonl(source, errors=errors, policy=policy).result()


def write_claims_json(
    claims: Iterable[Claim], target: Target, *, indent: int | None = 1, **metadata: Any
) -> int:
    """Write a JSON document ``{..metadata, "claims": [...]}``; returns the number written.

    Args:
        claims: The claims.
        target: A path or an open text file.
        indent: Passed to `json.dumps`.
        **metadata: Extra top-level keys (``as_of="2026-03-31"``, ``description=...``);
            values must be JSON-compatible (dates as ISO strings).

    Examples:
        >>> import io
        >>> from recouvrement.sample import sample_claim
        >>> out = io.StringIO()
        >>> write_claims_json([sample_claim()], out, as_of="2025-06-30")
        1
        >>> out.getvalue().startswith('{\\n "as_of": "2025-06-30"')
        True
    """
    items = []
    for index, claim in enumerate(claims):
        if not isinstance(claim, Claim):
            raise InvalidType(f"claims[{index}]", claim, "Claim")
        items.append(claim.to_dict())
    if "claims" in metadata:
        raise InvalidData("claims", metadata["claims"], "reserved key")
    document = {**metadata, "claims": items}
    with open_target(target) as handle:
        handle.write(json.dumps(document, ensure_ascii=False, indent=indent))
        handle.write("\n")
    return len(items)


def read_claims_json(
    source: Source, *, errors: ErrorMode = "raise", policy: ReadPolicy | None = None
) -> LoadResult:
    """Read a JSON document: ``{"claims": [...], ...}`` or a bare list of claims.

    Other top-level keys (``as_of``, ``description``) are allowed and ignored.

    Raises:
        LedgerError: The document is not JSON or has no claims list (always), or
            (``errors="raise"``) some claims are invalid.

    Examples:
        >>> import io
        >>> read_claims_json(io.StringIO('{"claims": []}')).rows
        0
    """
    mode = check_mode(errors)
    name = source_name(source)
    try:
        with open_text(source, "utf-8", sample=False) as (handle, _, _):
            text = "".join(handle)
    except (UnicodeDecodeError, SampleDecodeError) as exc:
        error = InvalidData("encoding", exc.encoding, f"not UTF-8 text ({exc.reason})")
        raise LedgerError([RowError(source=name, line=1, message=str(error))]) from None
    try:
        document = _loads(text)
    except RecouvrementError as exc:
        what = "float in JSON" if exc.field == "amount" else "unreadable JSON"
        raise LedgerError(
            [RowError(source=name, line=1, message=f"{what}: {exc}", error=exc)]
        ) from None
    except ValueError as exc:
        raise LedgerError(
            [RowError(source=name, line=1, message=f"not valid JSON: {exc}")]
        ) from None
    items = document.get("claims") if isinstance(document, Mapping) else document
    if not isinstance(items, list):
        raise LedgerError(
            [
                RowError(
                    source=name, line=1, message="expected a list of claims or {'claims': [...]}"
                )
            ]
        )
    stream = ClaimStream(
        iter([_claim(item, name, i) for i, item in enumerate(items, 1)]),
        mode,
        policy=policy,
        source=name,
    )
    return stream.result()
