"""Data in and out: ledgers as CSV and JSON, column mappings, spreadsheet-safe exports.

- [`csv_ledger`][recouvrement.io.csv_ledger]: the standard claims CSV layout,
  `read_claims_csv` / `iter_claims_csv` (streaming) / `write_claims_csv`.
- [`mapping`][recouvrement.io.mapping]: `ColumnMapping` to read other exports (the shipped
  ``ColumnMapping.shipped("ibm_ar")`` reads the IBM accounts-receivable sample).
- [`json_ledger`][recouvrement.io.json_ledger]: JSON lines and JSON documents in the form
  of ``Claim.to_dict``.
- [`export`][recouvrement.io.export]: `write_rows_csv` for decisions, aging and KPIs,
  safe against formula injection, and `read_rows_csv`.
- [`ledger`][recouvrement.io.ledger]: `read_claims` / `write_claims` for any format,
  chosen by extension (CSV, JSON lines, JSON, Parquet, Arrow).
- [`columnar`][recouvrement.io.columnar]: Parquet and Arrow IPC files in the standard
  columns (PyArrow, the ``frames`` extra).
- [`detect`][recouvrement.io.detect]: encoding, delimiter, decimal comma and date format
  of real exports (``"auto"`` settings of a mapping), reported as `Detected`.
- [`review`][recouvrement.io.review]: `ReadPolicy` (duplicate ids, fractions of a cent),
  `split_issued_after`, `neutralise_text` for terminal output.
- [`errors`][recouvrement.io.errors]: `RowError`, `LedgerError`, `LoadResult` (with its
  counts), `LoadWarning`, `CreditBalance`.

Examples:
    >>> import io
    >>> from recouvrement.io import read_claims_csv, write_claims_csv
    >>> from recouvrement.sample import load_sample
    >>> buffer = io.StringIO()
    >>> write_claims_csv(load_sample().claims, buffer)
    200
    >>> _ = buffer.seek(0)
    >>> read_claims_csv(buffer).claims == load_sample().claims
    True
"""

from __future__ import annotations

from .columnar import (
    iter_claims_arrow,
    iter_claims_parquet,
    read_claims_arrow,
    read_claims_parquet,
    write_claims_arrow,
    write_claims_parquet,
)
from .csv_ledger import (
    ClaimStream,
    claim_to_row,
    iter_claims_csv,
    read_claims_csv,
    write_claims_csv,
)
from .detect import Detected
from .errors import (
    CreditBalance,
    ErrorMode,
    InvalidMapping,
    LedgerError,
    LoadResult,
    LoadWarning,
    RowError,
)
from .export import (
    check_output_path,
    neutralise_cell,
    read_rows_csv,
    restore_cell,
    row_cells,
    write_rows_csv,
)
from .json_ledger import (
    iter_claims_jsonl,
    ledger_schema,
    read_claims_json,
    read_claims_jsonl,
    write_claims_json,
    write_claims_jsonl,
)
from .ledger import LEDGER_FORMATS, format_of, read_claims, write_claims
from .mapping import CLAIM_FIELDS, ColumnMapping, EventColumns
from .review import ReadPolicy, neutralise_text, split_issued_after

__all__ = [
    "CLAIM_FIELDS",
    "LEDGER_FORMATS",
    "ClaimStream",
    "ColumnMapping",
    "CreditBalance",
    "Detected",
    "ErrorMode",
    "EventColumns",
    "InvalidMapping",
    "LedgerError",
    "LoadResult",
    "LoadWarning",
    "ReadPolicy",
    "RowError",
    "check_output_path",
    "claim_to_row",
    "format_of",
    "iter_claims_arrow",
    "iter_claims_csv",
    "iter_claims_jsonl",
    "iter_claims_parquet",
    "ledger_schema",
    "neutralise_cell",
    "neutralise_text",
    "read_claims",
    "read_claims_arrow",
    "read_claims_csv",
    "read_claims_json",
    "read_claims_jsonl",
    "read_claims_parquet",
    "read_rows_csv",
    "restore_cell",
    "row_cells",
    "split_issued_after",
    "write_claims",
    "write_claims_arrow",
    "write_claims_csv",
    "write_claims_json",
    "write_claims_jsonl",
    "write_claims_parquet",
    "write_rows_csv",
]
