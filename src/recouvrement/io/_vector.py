"""A CSV ledger validated with vectorised expressions (internal; issue #15).

`read_vectorised` is the fast path of `read_claims_frame`: Polars reads the file and
checks every row with expressions, and only the rows it cannot prove valid are read by
the row parser of `read_claims_csv` (`_Reader.claim`), which builds their claims. Its
contract is to return **exactly** the frame and counts the row path returns, or ``None``
when it cannot prove it would: the caller then reads the file with the row path, which
gives the exact errors (file, line, column, value, reason). So it answers only for a file
whose every row is valid, and returns ``None``:

- for a layout it does not cover: value maps, event columns, ``skip_when``, constants or
  defaults, open balances, null markers, trailing minus signs, dates other than ISO or
  day/month/year, digits grouped by anything but spaces (the text formats it covers are
  those of `_cell_format`; "auto" settings are resolved first, as the row path does);
- for a source that is not a path or a binary file (a text stream);
- when the file's shape is in doubt: a row with more or fewer cells than the header, a
  blank line, a lone carriage return, a quote in a cell that is not a history (JSON)
  cell, a line break in a one-line column, a header with quotes;
- when a row is invalid or gives a warning (surrounding spaces, a duplicate id, a
  fraction of a cent), so that the row path reports it with its line.

The cheap checks are expressions over whole columns; the ones that need the library's
own rules run once per *distinct* value (parties, payment terms and due dates, event
histories), never per row.
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import polars as pl

from ..claims import Claim, ClaimNature, event_money, may_precede_issue
from ..errors import RecouvrementError
from ..events import event_from_dict
from ..kpi.frames import CLAIM_COLUMNS, _exit_and_entry, claims_to_frame
from ..money import _CURRENCIES, Money, currency_precision
from ..parties import Creditor, Debtor
from ._cells import MAX_DATE, MIN_DATE
from ._source import source_name
from .csv_ledger import _Reader, _RowFailure, canonical_move_head, canonical_moves
from .errors import LedgerError
from .mapping import MULTILINE_FIELDS, ColumnMapping
from .review import ReadPolicy

__all__ = ["read_vectorised", "read_vectorised_table"]

_JSON = ("payments", "credit_notes", "events")
_MOVES = ("payments", "credit_notes")
_NATURES = [n.value for n in ClaimNature]
_CENTS = sorted(c for c in _CURRENCIES if currency_precision(c) == 2)
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
# Payments and credit notes as `write_claims_csv` writes them (amounts of at most 2
# places: the frame's scale); anything else is read by the row parser.
_MOVES_TEXT = "^" + canonical_moves(2)[1] + "$"
# The head of one item of that list: ``{"on":"YYYY-MM-DD","amount":{"amount":"<digits>",
# "currency":"XYZ"}`` (the optional reference and the closing brace follow it). In a text
# of the list pattern every match of it is one item, in order: a reference holds no quote.
_MOVE_HEAD = canonical_move_head(2)
_ON_AT = len('{"on":"')  # where the date starts (10 characters)
_AMOUNT_AT = len('{"on":"YYYY-MM-DD","amount":{"amount":"')  # where the amount's digits start
_AFTER_AMOUNT = len('","currency":"XYZ"}')  # what follows them
_CURRENCY_AT = -len('XYZ"}')  # where the currency starts, from the end (3 letters)
_LAST = MAX_DATE.toordinal()
_EPOCH = 719163  # date(1970, 1, 1).toordinal(): Polars dates are days since then


def _eligible(mapping: ColumnMapping, policy: ReadPolicy, records: bool) -> bool:
    """The layouts the vectorised checks cover: the standard one, its renamings and its
    text formats (`_cell_format`)."""
    del policy  # every policy: a duplicate or a fraction sends the file to the row path
    return not (
        records
        or mapping.constants
        or mapping.defaults
        or mapping.values
        or mapping.events
        or mapping.skip_when
        or mapping.negate_when
        or mapping.open_balance
        or mapping.trailing_minus
        or mapping.null_values
        or mapping.id_columns
        or (mapping.max_places is not None and mapping.max_places < 2)
    )


_GROUPS = frozenset(" \u00a0\u202f")  # the spaces French spreadsheets group digits with
_DATE_FORMATS = {
    "iso": ("%Y-%m-%d", _DATE),
    "%d/%m/%Y": ("%d/%m/%Y", r"[0-9]{2}/[0-9]{2}/[0-9]{4}"),
}


@attrs.frozen
class _CellFormat:
    """How a resolved mapping writes dates and amounts in cells, as Polars reads them."""

    date_format: str  # for `str.to_date`
    date_pattern: str  # the cells it answers for (others: the row parser)
    amount_pattern: str
    decimal: str
    groups: str


def _cell_format(mapping: ColumnMapping) -> _CellFormat | None:
    """The text format of a resolved mapping, if the expressions cover it: a one-character
    separator, ISO or day/month/year dates, a decimal point or comma, digits grouped by
    spaces or not at all; ``None`` otherwise."""
    dates = _DATE_FORMATS.get(mapping.date_format)
    point = mapping.decimal_separator
    groups = mapping.thousands_separator or ""
    if (
        dates is None
        or point not in (".", ",")
        or not set(groups) <= _GROUPS
        or len(mapping.delimiter) != 1
        or mapping.delimiter in "\"'\r\n" + point + groups
    ):
        return None
    places = f"(?:{re.escape(point)}[0-9]{{1,2}})?"
    amount = f"[0-9]{{1,15}}{places}"
    if groups:  # grouped by three, at most 15 digits before the point
        group = f"[{re.escape(groups)}]"
        amount = f"(?:{amount}|[0-9]{{1,3}}(?:{group}[0-9]{{3}}){{1,4}}{places})"
    return _CellFormat(
        date_format=dates[0],
        date_pattern=dates[1],
        amount_pattern=f"^{amount}$",
        decimal=point,
        groups=groups,
    )


def _resolved(source: Any, mapping: ColumnMapping) -> tuple[ColumnMapping, Any, str] | None:
    """The mapping with its "auto" settings resolved exactly as the row path resolves them
    (the same sample, the same detection), what was detected, and the encoding."""
    from ._source import open_text
    from .csv_ledger import _resolve

    if not mapping.auto_settings:
        return mapping, None, mapping.encoding
    start = None if isinstance(source, str | os.PathLike) else source.tell()
    try:
        with open_text(source, mapping.encoding, sample=True) as (_, encoding, sample):
            resolved, detected = _resolve(mapping, sample, encoding)
    except Exception:  # whatever the row path reports, it reports
        return None
    finally:
        if start is not None:
            source.seek(start)
    if encoding is None:
        return None
    return resolved, detected, encoding


def _read_bytes(source: Any) -> bytes | None:
    if isinstance(source, str | os.PathLike):
        try:
            return Path(source).read_bytes()
        except OSError:
            return None
    seek = getattr(source, "seek", None)
    if seek is None or not hasattr(source, "tell"):
        return None
    try:
        start = source.tell()
        data = source.read()
        source.seek(start)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, bytes) else None


def read_vectorised(
    source: Any, mapping: ColumnMapping, policy: ReadPolicy, *, records: bool
) -> tuple[pl.DataFrame, int, Any] | None:
    """The claims frame of a CSV ledger, its number of rows and what format detection
    found (a `Detected`, when a setting was "auto"), or ``None`` (see above)."""
    if not _eligible(mapping, policy, records):
        return None
    data = _read_bytes(source)
    found = None if data is None else _resolved(source, mapping)
    if data is None or found is None:
        return None
    mapping, detected, encoding = found
    cells = _cell_format(mapping)
    if cells is None:
        return None
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        data = data.removeprefix(b"\xef\xbb\xbf")
    else:
        try:  # Polars reads UTF-8: the text is re-encoded (cp1252, latin-1...)
            data = data.decode(encoding).encode("utf-8")
        except (UnicodeError, LookupError):
            return None
    end = data.find(b"\n")
    head = data if end < 0 else data[:end]
    if not data or b'"' in head or head.startswith(b"\r"):
        return None
    try:
        header = head.decode("utf-8").removesuffix("\r").split(mapping.delimiter)
        reader = _Reader(header, mapping, source_name(source), policy)
    except (UnicodeDecodeError, LedgerError):
        return None
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Polars parses the file in a thread (it releases the interpreter) while the bytes
        # are counted here
        parsed = pool.submit(
            pl.read_csv,
            data,
            has_header=True,
            infer_schema=False,
            separator=mapping.delimiter,
            encoding="utf8",
            raise_if_empty=False,
        )
        returns, pairs, separators = _byte_counts(data, mapping.delimiter)
        try:
            raw = parsed.result()
        except Exception:  # whatever Polars refuses, the row path reads and reports
            return None
    if returns != pairs:
        return None  # a lone carriage return ends a record for Python's reader, not Polars'
    if raw.width != len(header) or raw.height == 0:
        return None
    frame = _absent(raw)
    names = {field: f"c{index}" for field, (index, _) in reader.columns.items()}
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The events are read in Python on one core while Polars checks the cells and the
        # rows (it releases the interpreter while it works); the result does not depend on
        # which finishes first.
        events = pool.submit(_events, frame, names)
        if not _cells_ok(frame, separators, mapping, names, header) or not _ids_ok(frame, names):
            return None
        built = _build(frame, names, reader, cells, multiline=True, events=events)
    return None if built is None else (*built, detected)


def _byte_counts(data: bytes, delimiter: str) -> tuple[int, int, int]:
    """Carriage returns, CR LF pairs and separators in the file."""
    returns = data.count(b"\r")
    pairs = data.count(b"\r\n") if returns else 0
    return returns, pairs, data.count(delimiter.encode("utf-8"))


def _absent(raw: pl.DataFrame) -> pl.DataFrame:
    """The cells by position (``c0``, ``c1``...), an empty cell as an absent value (null),
    as for the row parser. Polars reads an empty CSV cell as null already, a quoted one
    (``""``) as ``""``: only the columns holding one are rewritten (a rewritten column is
    slower to decode)."""
    raw = raw.rename({name: f"c{index}" for index, name in enumerate(raw.columns)})
    empty = raw.select((pl.col(name) == "").any() for name in raw.columns).row(0)
    return raw.with_columns(
        pl.when(pl.col(name) != "").then(pl.col(name)).alias(name)
        for name, found in zip(raw.columns, empty, strict=True)
        if found
    )


def _ids_ok(frame: pl.DataFrame, names: dict[str, str]) -> bool:
    """No id with surrounding spaces (a warning) or seen twice (the duplicate policy)."""
    ident = pl.col(names["id"])
    bad = [
        (ident != ident.str.strip_chars()).any(),
        ident.str.contains(r"[\x00-\x1f]").any(),  # Python strips these, Polars does not
        ident.is_duplicated().any(),
    ]
    found: bool = frame.select(pl.any_horizontal(bad)).item()
    return not found


def read_vectorised_table(
    source: Any, kind: str, mapping: ColumnMapping, policy: ReadPolicy, *, records: bool
) -> tuple[pl.DataFrame, int, Any] | None:
    """The claims frame of a Parquet or Arrow IPC file and its number of rows, or ``None``.

    It answers for the columns `write_claims_parquet` and `write_claims_arrow` write
    (text, and dates as Arrow dates), ``mapping`` being the one the columnar reader uses
    (`io.columnar._columnar_mapping`); any other column type is read by the row path.
    """
    import pyarrow as pa
    import pyarrow.ipc
    import pyarrow.parquet

    if mapping.unescape or mapping.auto_settings or not _eligible(mapping, policy, records):
        return None
    start = source.tell() if hasattr(source, "tell") else None
    try:
        if kind == "parquet":
            table = pa.parquet.ParquetFile(source).read()
        else:
            table = pa.ipc.open_file(source).read_all()
    except Exception:  # unreadable: the row path reports it
        return None
    finally:
        if start is not None:
            source.seek(start)
    types = pa.types
    for field in table.schema:
        if not (types.is_string(field.type) or types.is_date32(field.type)):
            return None
    header = list(table.schema.names)
    try:
        reader = _Reader(header, mapping, source_name(source), policy)
    except LedgerError:
        return None
    raw = pl.from_arrow(table)
    if not isinstance(raw, pl.DataFrame) or raw.height == 0:
        return None
    raw = raw.with_columns(
        pl.col(name).dt.strftime("%Y-%m-%d")  # the text `date.isoformat` gives
        for name, dtype in raw.schema.items()
        if dtype == pl.Date
    )
    frame = _absent(raw)
    names = {field: f"c{index}" for field, (index, _) in reader.columns.items()}
    cells = _cell_format(mapping)
    if cells is None or not _ids_ok(frame, names):
        return None
    built = _build(frame, names, reader, cells, multiline=False)
    return None if built is None else (*built, None)


# Columns whose fast-path check is an anchored pattern or a list of values: they hold no
# quote, line break, leading apostrophe or separator in a fast row; a slow row holding one
# there fails the row parser too, so the file goes to the row path.
_STRICT = frozenset(
    {
        "nature",
        "currency",
        "amount",
        "issued_on",
        "due_on",
        "prescription_starts_on",
        "due_basis",
        "jurisdiction",
    }
)
# Free text, kept as read in a fast row: the row parser would take it as it is too, so the
# cells Polars gives must be those Python's reader gives.
_FREE_TEXT = MULTILINE_FIELDS - {*_JSON, "payment_reference"}


def _cells_ok(
    frame: pl.DataFrame,
    separators: int,
    mapping: ColumnMapping,
    names: dict[str, str],
    header: list[str],
) -> bool:
    """Polars split the file into the records and cells Python's CSV reader gives:

    - every record has the header's width: the separators in the file are exactly those
      between cells plus those inside cells (a short record would otherwise pass as
      empty trailing cells; a blank line Polars skips, as the row path does);
    - no quote or carriage return in free text, no line break in a one-line column, no
      carriage return in a history, each history a ``[...]`` list (odd quoting or a lone
      carriage return is where the two readers could differ);
    - no cell a spreadsheet apostrophe would change (``unescape``).
    """
    delimiter = mapping.delimiter
    by_field = {column: field for field, column in names.items()}
    loose = [c for c in frame.columns if by_field.get(c) not in _STRICT]
    inside = [pl.col(c).str.count_matches(delimiter, literal=True).sum() for c in loose]
    between = (frame.height + 1) * (len(header) - 1)
    counted = frame.select(pl.sum_horizontal(inside)).item() if inside else 0
    if separators != counted + between:
        return False
    free = "^'|[\"\r]" if mapping.unescape else '["\r]'
    bad = [pl.col(names[f]).str.contains(free).any() for f in _FREE_TEXT if f in names]
    bad += [
        pl.col(c).str.contains("[\r\n]").any()
        for c in loose
        if by_field.get(c) not in MULTILINE_FIELDS
    ]
    for field in _JSON:
        if field in names:
            cell = pl.col(names[field])
            shape = cell.str.starts_with("[") & cell.str.ends_with("]")
            bad.append((~shape | cell.str.contains("\r", literal=True)).any())
    found: bool = frame.select(pl.any_horizontal(bad)).item()
    return not found


def _text(names: dict[str, str], field: str) -> Any:
    return pl.col(names[field]) if field in names else pl.lit(None, pl.String)


def _day(text: Any, cells: _CellFormat | None = None) -> Any:
    """A cell as a Polars date when it is exactly in the format (ISO: ``YYYY-MM-DD``) and
    in the ledger's range."""
    fmt, pattern = ("%Y-%m-%d", _DATE) if cells is None else (cells.date_format, cells.date_pattern)
    parsed = text.str.to_date(fmt, strict=False)
    return pl.when(text.str.contains(f"^{pattern}$") & parsed.is_between(MIN_DATE, MAX_DATE)).then(
        parsed
    )


def _ordinal(day: Any) -> Any:
    return day.cast(pl.Int32) + _EPOCH


def _build(
    frame: pl.DataFrame,
    names: dict[str, str],
    reader: _Reader,
    cells: _CellFormat,
    *,
    multiline: bool,
    events: Future[tuple[pl.DataFrame, pl.DataFrame]] | None = None,
) -> tuple[pl.DataFrame, int] | None:
    """The claims frame and the number of rows (``None``: the row path reads the file).

    ``events``: `_events` of ``frame`` under way in another thread (else read here)."""
    text = {field: _text(names, field) for field in (*names, "due_basis", "jurisdiction")}
    for field in ("due_on", "prescription_starts_on", "jurisdiction", "due_basis", *_JSON):
        text.setdefault(field, pl.lit(None, pl.String))
    # First every expression over the rows, while all columns are cut into the same
    # chunks as read: Polars then runs them chunk by chunk on every core. A column set
    # beside (a row index, a join's result) breaks that alignment.
    amount = text["amount"]
    if cells.groups:
        amount = amount.str.replace_all(f"[{re.escape(cells.groups)}]", "")
    if cells.decimal != ".":
        amount = amount.str.replace(cells.decimal, ".", literal=True)
    work = frame.with_columns(
        _issued=_day(text["issued_on"], cells),
        _due=_day(text["due_on"], cells),
        _currency=text["currency"],
        _events=text["events"],
        _id=text["id"],
        _nature=text["nature"],
        _amount=amount,  # as plain digits and a point, once its pattern is checked
    )
    work = work.with_columns(_issued_ord=_ordinal(pl.col("_issued")))
    with ThreadPoolExecutor(max_workers=1) as pool:
        if events is None:
            # as `read_vectorised` does: the events read in Python on one core while
            # Polars checks the rows
            events = pool.submit(_events, frame, names)
        for field in _MOVES:
            work = _moves(work, text[field], field)
        work = work.with_columns(_plain=pl.all_horizontal(_cell_checks(text, cells)))
        # Then what is checked once per distinct value, joined back to the rows.
        work = work.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"))
        work = _join_parties(work, text)
        work = _join_terms(work, text, reader)
        long, table = events.result()
    work = _join_events(work, long, table)
    basis = text["due_basis"]
    given = basis.is_null() | (basis == "given")
    due, derived = pl.col("_due"), pl.col("_derived")
    legal = pl.col("_issued_ord") + pl.col("_legal_days")
    work = _join_legal(work, text).with_columns(
        # Claim.__attrs_post_init__: the due date written, else the terms', else the law's
        _due_day=pl.when(given & due.is_not_null())
        .then(_ordinal(due))
        .when(derived.is_not_null() & (given | (basis == "terms")))
        .then(derived)
        .when(derived.is_null() & (given | (basis == "legal_default")))
        .then(legal)
    )
    work = work.with_columns(_fast=pl.all_horizontal(_row_checks(text)))
    fast = work.filter(pl.col("_fast"))
    slow = work.filter(~pl.col("_fast"))
    slow_frame = _slow_claims(frame, slow.get_column("_row"), reader, multiline)
    if slow_frame is None:
        return None
    return _assemble(fast, slow_frame), frame.height


def _cell_checks(text: dict[str, Any], cells: _CellFormat) -> list[Any]:
    """What every valid row of the standard layout satisfies in its own cells, as
    expressions; a row that fails one is read by the row parser (which then either builds
    it or reports it)."""
    from .mapping import REQUIRED_FIELDS

    issued, due = pl.col("_issued"), pl.col("_due")
    basis = text["due_basis"]
    given = basis.is_null() | (basis == "given")
    checks = [text[field].is_not_null() for field in sorted(REQUIRED_FIELDS)]
    checks += [
        text["nature"].is_in(_NATURES),
        text["currency"].is_in(_CENTS),
        text["amount"].str.contains(cells.amount_pattern),
        ~pl.col("_amount").str.contains(r"^[0.]+$"),  # positive
        issued.is_not_null(),
        text["due_on"].is_null() | due.is_not_null(),
        text["prescription_starts_on"].is_null()
        | _day(text["prescription_starts_on"], cells).is_not_null(),
        given | basis.is_in(["terms", "legal_default"]),
        text["jurisdiction"].is_null() | text["jurisdiction"].str.contains("^[A-Za-z]{2}$"),
        pl.col("_payments_ok"),
        pl.col("_credit_notes_ok"),
        ~(given & due.is_not_null()) | (due >= issued),
    ]
    return checks


def _row_checks(text: dict[str, Any]) -> list[Any]:
    """`_cell_checks`, and what the distinct values checked once say of the row."""
    due = pl.col("_due")
    basis = text["due_basis"]
    given = basis.is_null() | (basis == "given")
    return [
        pl.col("_plain"),
        pl.col("_creditor_ok").fill_null(value=False),
        pl.col("_debtor_ok").fill_null(value=False),
        pl.col("_terms_ok").fill_null(value=False),
        pl.col("_events_ok").fill_null(value=True),
        # the due date: written (basis "given"), else derived from the terms or the law
        pl.col("_due_day").is_not_null(),
        # a derived due date also written in the file must agree (`_Reader._check_due`)
        given | due.is_null() | (_ordinal(due) == pl.col("_due_day")),
    ]


def _join_on(work: pl.DataFrame, table: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """``work`` with the columns of ``table`` (one row per key) beside each row, in order.

    Only the keys are joined, then set beside ``work``: a join of the whole frame would
    copy every column in a new order (and a gathered text column decodes slower)."""
    found = work.select(keys).join(
        table, on=keys, how="left", nulls_equal=True, maintain_order="left"
    )
    joined: pl.DataFrame = work.hstack(found.drop(keys).get_columns())
    return joined


def _join_parties(work: pl.DataFrame, text: dict[str, Any]) -> pl.DataFrame:
    """The parties' checks: ``id``, ``name`` and ``address`` hold text (a letter or a
    digit: Python's ``strip`` cannot empty them), and each distinct kind, SIREN, country
    and public-buyer category is built once by the party classes themselves."""
    for cls, prefix in ((Creditor, "creditor_"), (Debtor, "debtor_")):
        fields = ["kind", "siren", "country"] + (["public_buyer"] if cls is Debtor else [])
        keys = [f"_{prefix}{n}" for n in fields]
        none = pl.lit(None, pl.String)
        work = work.with_columns(
            text.get(prefix + n, none).alias(k) for n, k in zip(fields, keys, strict=True)
        )
        uniques = work.select(keys).unique()
        found = [_party_ok(cls, dict(zip(fields, row, strict=True))) for row in uniques.iter_rows()]
        if all(found):  # the common case: no join needed
            work = work.drop(keys).with_columns(pl.lit(value=True).alias(f"_{prefix}ok"))
        else:
            table = uniques.with_columns(pl.Series(f"_{prefix}ok", found, pl.Boolean))
            work = _join_on(work, table, keys).drop(keys)
        address = text.get(prefix + "address", none)
        work = work.with_columns(
            (
                pl.col(f"_{prefix}ok")
                & text[prefix + "id"].str.contains(_SOME_TEXT)
                & text[prefix + "name"].str.contains(_SOME_TEXT)
                & (address.is_null() | address.str.contains(_SOME_TEXT))
            ).alias(f"_{prefix}ok"),
            text[prefix + "id"].alias(f"_{prefix}key"),
        )
    return work


_SOME_TEXT = r"[\p{L}\p{N}]"


def _party_ok(cls: type[Creditor] | type[Debtor], values: dict[str, str | None]) -> bool:
    kwargs: dict[str, Any] = {name: value for name, value in values.items() if value is not None}
    kwargs.setdefault("kind", None)  # as `_Reader._party` does: the converter refuses it
    try:
        cls(id="x", name="x", **kwargs)
    except RecouvrementError:
        return False
    return True


def _join_legal(work: pl.DataFrame, text: dict[str, Any]) -> pl.DataFrame:
    """The legal default payment term (days), once per distinct jurisdiction, nature and
    parties' kinds, countries and public-buyer flag: what `Jurisdiction.default_term_days`
    may read (its contract), through a claim built for the purpose."""
    fields = {
        "_j": text["jurisdiction"],
        "_n": text["nature"],
        "_ck": text["creditor_kind"],
        "_cc": text.get("creditor_country", pl.lit(None, pl.String)),
        "_dk": text["debtor_kind"],
        "_dc": text.get("debtor_country", pl.lit(None, pl.String)),
        "_dp": text.get("debtor_public_buyer", pl.lit(None, pl.String)),
    }
    wanted = pl.col("_derived").is_null()
    work = work.with_columns(
        pl.when(wanted).then(expression).alias(name) for name, expression in fields.items()
    )
    keys = list(fields)
    uniques = work.filter(wanted).select(keys).unique()
    days = [_legal_days(*row) for row in uniques.iter_rows()]
    table = uniques.with_columns(pl.Series("_legal_days", days, pl.Int64))
    return _join_on(work, table, keys).drop(keys)


def _legal_days(
    jurisdiction: str | None,
    nature: str | None,
    creditor_kind: str | None,
    creditor_country: str | None,
    debtor_kind: str | None,
    debtor_country: str | None,
    public_buyer: str | None,
) -> int | None:
    creditor = {"id": "x", "name": "x", "kind": creditor_kind, "country": creditor_country}
    debtor = {"id": "x", "name": "x", "kind": debtor_kind, "country": debtor_country}
    if public_buyer is not None:
        debtor["public_buyer"] = public_buyer
    try:
        claim = Claim(
            id="x",
            creditor=Creditor(**{k: v for k, v in creditor.items() if v is not None}),
            debtor=Debtor(**{k: v for k, v in debtor.items() if v is not None}),
            nature=nature,
            amount=Money("1", "EUR"),
            issued_on=_PROTOTYPE_DAY,
            jurisdiction=jurisdiction or "FR",
        )
    except RecouvrementError:
        return None
    return claim.due_on.toordinal() - _PROTOTYPE_DAY.toordinal()


_PROTOTYPE_DAY = pendulum.Date(2000, 1, 3)
_TERMS = ("kind", "days", "method", "late_interest_rate", "penalty_amount", "penalty_percent")


def _join_terms(work: pl.DataFrame, text: dict[str, Any], reader: _Reader) -> pl.DataFrame:
    """Each distinct set of payment terms built once (the row parser's rule), and the due
    date it gives each distinct issue date."""
    keys = [f"_terms_{n}" for n in _TERMS]
    work = work.with_columns(
        (text["terms_" + n] if "terms_" + n in text else pl.lit(None, pl.String)).alias(k)
        for n, k in zip(_TERMS, keys, strict=True)
    )
    keys = ["_currency", *keys, "_issued_ord"]
    uniques = work.select(keys).unique()
    found: list[bool] = []
    derived: list[int | None] = []
    for currency, *cells, issued in uniques.iter_rows():
        values = {"terms_" + n: v for n, v in zip(_TERMS, cells, strict=True) if v is not None}
        try:
            terms = reader._terms(values, currency or "")
            day = None if terms is None or issued is None else terms.due_ordinal(issued)
        except (_RowFailure, ArithmeticError, ValueError, TypeError):
            found.append(False)
            derived.append(None)
        else:
            found.append(True)
            derived.append(day)
    table = uniques.with_columns(
        pl.Series("_terms_ok", found, pl.Boolean), pl.Series("_derived", derived, pl.Int64)
    )
    return _join_on(work, table, keys).drop(keys[1:-1])


_SPLIT = "\x00"
_EVENT_COLUMNS: dict[str, Any] = {
    "_ev_ok": pl.Boolean,
    "_ev_first": pl.Int64,
    "_ev_last": pl.Int64,
    "_ev_currency": pl.String,
    "_ev_exit": pl.Int64,
    "_ev_handover": pl.Int64,
    "_ev_fee": pl.String,
    "_ev_cost_on": pl.Int64,
    "_ev_cost": pl.String,
}


def _event_facts(text: str) -> tuple[Any, ...]:
    """One event (its JSON text) read by the row parser's rule (`event_from_dict`), and
    what the claim checks and the frame need of it."""
    try:
        data = json.loads(text)
        event = event_from_dict(data) if isinstance(data, dict) else None
    except (ValueError, RecouvrementError):
        event = None
    if event is None or may_precede_issue(event):
        # not an event, or one allowed before the issue date: the row parser reads it
        return (False, *(None,) * 8)
    days = [day.toordinal() for day in event.dates()]
    amount = event_money(event)[0]
    # what `claims_to_frame` draws from this event alone (the rows' histories are summed
    # up from these by `_join_events`)
    exit_on, _, handover_on, fee, costs = _exit_and_entry((event,))
    cost = costs[0] if costs else None
    return (
        True,
        min(days, default=None),
        max(days, default=None),
        None if amount is None else amount.currency,
        exit_on,
        handover_on,
        None if handover_on is None else format(fee, "f"),
        None if cost is None else cost.on.toordinal(),
        None if cost is None else format(cost.amount.amount, "f"),
    )


def _event_parts(events: pl.Series) -> tuple[pl.DataFrame, pl.Series]:
    """The distinct event histories split into their events (a list written as
    ``[e1,e2]`` is exactly the list of the events ``e1``, ``e2`` when each is one whole
    JSON object), and the distinct events."""
    history = pl.col("_events")
    frame = events.alias("_events").to_frame()
    histories = (
        frame.filter(history.is_not_null() & (history != "[]"))
        .unique()
        .filter(~history.str.contains(r"[\x00-\x1f]"))
    )
    parts = (
        history.str.replace_all('},{"type":', "}" + _SPLIT + '{"type":', literal=True)
        .str.strip_prefix("[")
        .str.strip_suffix("]")
        .str.split(_SPLIT)
    )
    long = (
        histories.with_columns(_part=parts)
        .explode("_part")
        .with_columns(_pos=pl.int_range(pl.len()).over("_events"))
    )
    return long, long.get_column("_part").unique()


def _events(frame: pl.DataFrame, names: dict[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The distinct histories of the events column split into their events, and the table
    of the distinct events (`_event_parts`, `_event_table`)."""
    if "events" in names:
        column = frame.get_column(names["events"])
    else:
        column = pl.repeat(None, frame.height, dtype=pl.String, eager=True)
    long, uniques = _event_parts(column)
    return long, _event_table(uniques)


def _event_table(uniques: pl.Series) -> pl.DataFrame:
    """Each distinct event read by the row parser's rule, with what the frame needs of it
    (Python: run in a thread while Polars works on the rows)."""
    facts = [_event_facts(text) for text in uniques]
    columns = list(zip(*facts, strict=True)) if facts else [()] * len(_EVENT_COLUMNS)
    return pl.DataFrame(
        [uniques]
        + [
            pl.Series(name, column, dtype=kind)
            for (name, kind), column in zip(_EVENT_COLUMNS.items(), columns, strict=True)
        ]
    )


def _join_events(work: pl.DataFrame, long: pl.DataFrame, table: pl.DataFrame) -> pl.DataFrame:
    """Each distinct history summed up once from its events (as `claims_to_frame` does:
    `kpi.frames._exit_and_entry`), then joined to its rows."""
    events = pl.col("_events")
    long = long.join(table, on="_part", how="left")
    currency = pl.col("_ev_currency")
    summary = long.group_by("_events").agg(
        _ev_ok=pl.col("_ev_ok").all(),
        _ev_first=pl.col("_ev_first").min(),
        _ev_last=pl.col("_ev_last").max(),
        _ev_currencies=currency.drop_nulls().n_unique(),
        _ev_currency=currency.drop_nulls().first(),
        exit_on=pl.col("_ev_exit").min(),
        handover_on=pl.col("_ev_handover").min(),
        # the first handover: the earliest, the first listed among the earliest
        _fee=pl.col("_ev_fee")
        .sort_by(pl.col("_ev_handover"), pl.col("_pos"), nulls_last=True)
        .first(),
        _first_cost=pl.col("_ev_cost_on").min(),
        # in the order of the history (a group keeps the order of its rows)
        _costs=pl.struct(on="_ev_cost_on", amount="_ev_cost").filter(
            pl.col("_ev_cost_on").is_not_null()
        ),
    )
    summary = summary.with_columns(
        recovery_on=pl.min_horizontal("_first_cost", "handover_on"),
        _fee=pl.when(pl.col("handover_on").is_not_null())
        .then(pl.col("_fee"))
        .otherwise(pl.lit("0")),
    ).drop("_first_cost")
    fees = summary.get_column("_fee").unique()
    costs = long.get_column("_ev_cost").drop_nulls().unique()
    fee_scale = max((_scale(Decimal(f)) for f in fees), default=0)
    cost_scale = max((_scale(Decimal(c)) for c in costs), default=0)
    joined = _join_on(work, summary, ["_events"])
    first, last = pl.col("_ev_first"), pl.col("_ev_last")
    valid = (
        pl.col("_ev_ok")
        & (first.is_null() | (first >= pl.col("_issued_ord")))
        & (last.is_null() | (last <= _LAST))
        & (
            (pl.col("_ev_currencies") == 0)
            | ((pl.col("_ev_currencies") == 1) & (currency == pl.col("_currency")))
        )
    )
    return joined.with_columns(
        _events_ok=pl.when(events.is_null() | (events == "[]"))
        .then(pl.lit(value=True))
        .otherwise(valid.fill_null(value=False)),
        _fee_scale=pl.lit(fee_scale),
        _cost_scale=pl.lit(cost_scale),
    )


def _scale(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _moves(work: pl.DataFrame, cell: Any, field: str) -> pl.DataFrame:
    """A payments or credit-notes column written as `write_claims_csv` writes it: its items
    as a list of ``(on, amount)`` (amounts at scale 2: the pattern allows no more), and
    whether each is valid for its claim (`Claim.__attrs_post_init__`: a positive amount in
    the claim's currency, dated from the issue date to 2199-12-31)."""
    # the pattern as a column first: the items are then cut out of the texts it proves
    # canonical, with no JSON parser (the fields of a head are at fixed places)
    work = work.with_columns(cell.str.contains(_MOVES_TEXT).alias("_canonical"))
    canonical = pl.col("_canonical")
    head = pl.element()
    decoded = (
        pl.when(canonical)
        .then(cell)
        .str.extract_all(_MOVE_HEAD)
        .list.eval(
            pl.struct(
                on=_day(head.str.slice(_ON_AT, 10)),
                amount=head.str.slice(
                    _AMOUNT_AT, head.str.len_bytes() - _AMOUNT_AT - _AFTER_AMOUNT
                ),
                currency=head.str.slice(_CURRENCY_AT, 3),
            )
        )
    )
    work = work.with_columns(decoded.alias("_decoded"))
    item = pl.element().struct
    listed = pl.col("_decoded")
    days = listed.list.eval(item.field("on"))
    currencies = listed.list.eval(item.field("currency")).list.unique()
    zero = listed.list.eval(item.field("amount").str.contains(r"^[0.]+$")).list.any()
    valid = (
        ~days.list.eval(pl.element().is_null()).list.any()
        & (days.list.min().cast(pl.Int32) + _EPOCH >= pl.col("_issued_ord"))
        & ~zero
        & (currencies.list.len() == 1)
        & (currencies.list.first() == pl.col("_currency"))
    )
    items = listed.list.eval(
        pl.struct(on=item.field("on"), amount=item.field("amount").cast(pl.Decimal(38, 2)))
    )
    work = work.with_columns(
        pl.when(cell.is_null())
        .then(pl.lit(value=True))
        .otherwise(canonical & valid.fill_null(value=False))
        .alias(f"_{field}_ok"),
        items.alias(f"_{field}_items"),
    ).drop("_decoded", "_canonical")
    return work


def _slow_claims(
    frame: pl.DataFrame, rows: pl.Series, reader: _Reader, multiline: bool
) -> pl.DataFrame | None:
    """The rows the expressions could not prove valid, read by the row parser; ``None`` if
    one is invalid or gives a warning (the row path then reports it, with its line)."""
    claims: list[Claim] = []
    for cells in frame[rows].iter_rows():
        try:
            outcome = reader.claim(["" if c is None else c for c in cells], multiline)
        except _RowFailure:
            return None
        if reader.notes or not isinstance(outcome, Claim):
            return None
        claims.append(outcome)
    if not claims:  # the common case (and no Arrow table built: it would import pandas)
        return pl.DataFrame({"_row": rows})
    slow: pl.DataFrame = claims_to_frame(claims, records=False).with_columns(_row=rows)
    return slow


def _assemble(fast: pl.DataFrame, slow: pl.DataFrame) -> pl.DataFrame:
    """The fast rows as frame columns, merged with the row parser's in file order, in the
    schema `claims_to_frame` gives the whole file (the largest scale found, at least 2)."""
    first = fast.head(1) if fast.height else None
    cost_scale = first.item(0, "_cost_scale") if first is not None else 0
    fee_scale = first.item(0, "_fee_scale") if first is not None else 0
    if slow.height:
        cost_scale = max(cost_scale, slow.schema["amount"].scale)  # type: ignore[attr-defined]
        fee_scale = max(fee_scale, slow.schema["fee_rate"].scale)  # type: ignore[attr-defined]
    scale = max(2, cost_scale)
    money = pl.Decimal(38, scale)
    items = pl.List(pl.Struct({"on": pl.Date, "amount": money}))
    empty = pl.lit([], dtype=items)
    columns = fast
    day = pl.col("_costs").list.eval(
        pl.struct(
            on=(pl.element().struct.field("on") - _EPOCH).cast(pl.Date),
            amount=pl.element().struct.field("amount").cast(money),
        )
    )
    columns = columns.select(
        "_row",
        pl.col("_id").alias("id"),
        pl.col("_creditor_key").alias("creditor_id"),
        pl.col("_debtor_key").alias("debtor_id"),
        pl.col("_nature").alias("nature"),
        pl.col("_currency").alias("currency"),
        pl.col("_amount").cast(money).alias("amount"),
        pl.col("_issued").alias("issued_on"),
        (pl.col("_due_day") - _EPOCH).cast(pl.Date).alias("due_on"),
        *((pl.col(n) - _EPOCH).cast(pl.Date).alias(n) for n in ("exit_on", "recovery_on")),
        (pl.col("handover_on") - _EPOCH).cast(pl.Date).alias("handover_on"),
        pl.col("_fee").fill_null("0").cast(pl.Decimal(38, fee_scale)).alias("fee_rate"),
        *(pl.col(f"_{f}_items").fill_null(empty).cast(items).alias(f) for f in _MOVES),
        day.fill_null(empty).alias("recovery_costs"),
    )
    schema: Any = {
        "_row": pl.UInt32,
        **dict(zip(CLAIM_COLUMNS, list(columns.schema.values())[1:], strict=True)),
    }
    if not slow.height:
        return columns.drop("_row")
    merged = pl.concat([columns, slow.select("_row", *CLAIM_COLUMNS).cast(schema)])
    result: pl.DataFrame = merged.sort("_row").drop("_row")
    return result
