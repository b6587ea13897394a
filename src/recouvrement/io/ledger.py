"""One entry point for every ledger format: pick the reader or writer by format or extension.

The command line and nightly jobs read whatever file they are given: the standard or a
mapped CSV (``.csv``, ``.txt``, ``.tsv``), JSON lines (``.jsonl``), a JSON document
(``.json``), Parquet (``.parquet``) or Arrow IPC (``.arrow``, ``.feather``, ``.ipc``).
`read_claims` chooses the reader from ``input_format`` or the file's extension and
returns the same `LoadResult` (claims, errors, warnings, credits, counts, detection).

Examples:
    >>> from recouvrement.io.ledger import format_of
    >>> format_of("ledger.CSV"), format_of("claims.feather"), format_of("x.jsonl")
    ('csv', 'arrow', 'jsonl')
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..claims import Claim
from ..errors import InvalidValue
from .columnar import (
    read_claims_arrow,
    read_claims_parquet,
    write_claims_arrow,
    write_claims_parquet,
)
from .csv_ledger import read_claims_csv, write_claims_csv
from .errors import ErrorMode, LoadResult
from .json_ledger import (
    read_claims_json,
    read_claims_jsonl,
    write_claims_json,
    write_claims_jsonl,
)
from .mapping import ColumnMapping
from .review import ReadPolicy

__all__ = ["LEDGER_FORMATS", "format_of", "read_claims", "write_claims"]

LEDGER_FORMATS: tuple[str, ...] = ("csv", "jsonl", "json", "parquet", "arrow")
"""The ledger formats, by the name ``input_format`` and ``output_format`` take."""

_EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".arrow": "arrow",
    ".feather": "arrow",
    ".ipc": "arrow",
}


def format_of(path: str | os.PathLike[str], given: str | None = None) -> str:
    """The ledger format of ``path``: ``given`` if any, else from the extension.

    Raises:
        InvalidValue: ``given`` is not a format, or the extension says none.

    Examples:
        >>> format_of("export.dat", "csv")
        'csv'
        >>> format_of("export.xlsx")
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidValue: input_format='.xlsx': unknown file extension: \
give the format (one of ['csv', 'jsonl', 'json', 'parquet', 'arrow']); save a \
spreadsheet as CSV
    """
    if given is not None:
        if given not in LEDGER_FORMATS:
            raise InvalidValue("input_format", given, f"one of {list(LEDGER_FORMATS)}")
        return given
    suffix = Path(path).suffix.lower()
    found = _EXTENSIONS.get(suffix)
    if found is None:
        raise InvalidValue(
            "input_format",
            suffix,
            f"unknown file extension: give the format (one of {list(LEDGER_FORMATS)}); "
            "save a spreadsheet as CSV",
        )
    return found


def read_claims(
    source: str | os.PathLike[str],
    *,
    input_format: str | None = None,
    mapping: ColumnMapping | None = None,
    errors: ErrorMode = "collect",
    policy: ReadPolicy | None = None,
) -> LoadResult:
    """Read a ledger file of any format into a `LoadResult`.

    Args:
        source: The file.
        input_format: One of `LEDGER_FORMATS`; by default from the extension.
        mapping: How to read a CSV export or the columns of a Parquet/Arrow file (JSON
            files are in the form of ``Claim.to_dict`` and take no mapping).
        errors: ``"collect"`` (the default here: a nightly run reports and counts) or
            ``"raise"``.
        policy: Duplicate ids and fractions of a cent (`ReadPolicy`).

    Raises:
        InvalidValue: Unknown format, or a mapping given for a JSON file.
        LedgerError: The file cannot be read at all (header, encoding), or
            ``errors="raise"`` and some rows are invalid.

    Examples:
        >>> import pathlib, tempfile
        >>> from recouvrement.sample import load_sample
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = pathlib.Path(tmp) / "claims.parquet"
        ...     _ = write_claims(load_sample().claims, path)
        ...     read_claims(path).counts()["loaded"]
        200
    """
    kind = format_of(source, input_format)
    if kind in ("json", "jsonl"):
        if mapping is not None:
            raise InvalidValue("mapping", mapping.name, f"a {kind} file takes no column mapping")
        reader = read_claims_json if kind == "json" else read_claims_jsonl
        return reader(source, errors=errors, policy=policy)
    if kind == "csv":
        return read_claims_csv(source, mapping=mapping, errors=errors, policy=policy)
    columnar = read_claims_parquet if kind == "parquet" else read_claims_arrow
    return columnar(source, mapping=mapping, errors=errors, policy=policy)


def write_claims(
    claims: Iterable[Claim],
    target: str | os.PathLike[str],
    *,
    output_format: str | None = None,
    **metadata: Any,
) -> int:
    """Write claims in the format of ``output_format`` or of the target's extension.

    ``metadata`` (``as_of=...``) goes to a JSON document's top level; other formats
    refuse it. Returns the number of claims written.

    Examples:
        >>> import pathlib, tempfile
        >>> from recouvrement.sample import sample_claim
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     write_claims([sample_claim()], pathlib.Path(tmp) / "claims.jsonl")
        1
    """
    kind = format_of(target, output_format)
    if metadata and kind != "json":
        raise InvalidValue("metadata", sorted(metadata), f"a {kind} file holds no metadata")
    if kind == "json":
        return write_claims_json(claims, target, **metadata)
    if kind == "jsonl":
        return write_claims_jsonl(claims, target)
    if kind == "csv":
        return write_claims_csv(claims, target)
    if kind == "parquet":
        return write_claims_parquet(claims, target)
    return write_claims_arrow(claims, target)
