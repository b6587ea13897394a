"""Claims as CSV: the standard ledger layout, mapped exports, streaming reads.

**The standard layout** is one CSV file, UTF-8, comma-separated, one row per claim, with
a header naming the columns after the claim fields (`CLAIM_FIELDS`):

- the claim: ``id``, ``reference``, ``nature``, ``amount`` (plain decimal, ``1234.56``),
  ``currency`` (ISO 4217), ``issued_on`` and ``due_on`` (ISO dates), ``due_basis``
  (``given``, ``terms`` or ``legal_default``: a derived due date is written for reading
  by people and checked, not taken, on reading), ``prescription_starts_on``,
  ``jurisdiction``;
- the payment terms: ``terms_kind`` (``net``, ``end_of_month``, ``on_receipt``),
  ``terms_days``, ``terms_method``, ``terms_late_interest_rate`` (percent per year),
  ``terms_penalty_amount`` (``"50.00"``, or ``"50.00 USD"`` in another currency) or
  ``terms_penalty_percent``;
- the parties: ``creditor_id``, ``creditor_name``, ``creditor_kind``, ``creditor_siren``,
  ``creditor_country``, ``creditor_address``, and the same for ``debtor_*`` plus
  ``debtor_public_buyer``;
- the history, as JSON lists in the exact form of ``to_dict``: ``payments``
  (``[{"on": "2025-03-01", "amount": {"amount": "200.00", "currency": "EUR"}}]``),
  ``credit_notes`` and ``events`` (each event tagged with its ``type``).

Only ``id``, ``nature``, ``amount``, ``currency``, ``issued_on`` and the creditor's and
debtor's ``id``, ``name`` and ``kind`` are required; other columns may be left out of the
header or left empty. Text cells that a spreadsheet would take for a formula are written
with a leading apostrophe and read back without it (see `recouvrement.io.export`).

**Other exports** are read through a [`ColumnMapping`][recouvrement.io.mapping.ColumnMapping]
(renamed columns, US or French dates, decimal commas, constants, a derived payment).

**Errors.** Every invalid row is reported as a `RowError` with its line, its column and
the underlying error; none is dropped. ``errors="raise"`` (the default) refuses the load
with a `LedgerError` carrying all of them; ``errors="collect"`` returns them beside the
valid claims. A record swallowed by an unbalanced quote is reported on its first line and
the lines after it are read again, so one broken cell costs one row. A header that cannot
be read (missing required column, unknown or duplicated column) always raises.

Examples:
    >>> import io
    >>> from recouvrement.sample import sample_claim
    >>> from recouvrement.io.csv_ledger import read_claims_csv, write_claims_csv
    >>> buffer = io.StringIO()
    >>> write_claims_csv([sample_claim()], buffer)
    1
    >>> _ = buffer.seek(0)
    >>> result = read_claims_csv(buffer)
    >>> result.claims == (sample_claim(),), result.errors
    (True, ())
"""

from __future__ import annotations

import csv
import json
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from ..claims import Claim, CreditNote, Payment
from ..errors import InvalidData, InvalidType, InvalidValue, RecouvrementError
from ..events import EVENT_TYPES, event_from_dict
from ..money import _CURRENCIES as _KNOWN_CURRENCIES  # the codes `Money` accepts
from ..money import Money, currency_precision
from ..parties import Creditor, Debtor
from ..terms import PaymentTerms, PenaltyClause
from ._cells import BoundedCache, format_decimal, neutralise, parse_date, parse_decimal, parse_int
from ._cells import restore as _restore
from ._source import (
    LineSource,
    SampleDecodeError,
    Source,
    Target,
    open_target,
    open_text,
    source_name,
)
from .detect import Detected, delimiter_hint, detect
from .errors import (
    CreditBalance,
    ErrorMode,
    LedgerError,
    LoadResult,
    LoadWarning,
    RowError,
    check_mode,
)
from .mapping import (
    _ID_JOIN,
    APPLIED_FIELDS,
    CLAIM_FIELDS,
    MAPPED_PAYMENT_FIELDS,
    MULTILINE_FIELDS,
    REQUIRED_FIELDS,
    ColumnMapping,
    EventColumns,
)
from .review import ReadPolicy

__all__ = [
    "ClaimStream",
    "claim_to_row",
    "iter_claims_csv",
    "read_claims_csv",
    "write_claims_csv",
]

_JSON_FIELDS = ("payments", "credit_notes", "events")
_PARTY_OPTIONAL = ("siren", "country", "address")


# -- writing ------------------------------------------------------------------------------


def _json_list(items: Iterable[Any]) -> str:
    data = [item.to_dict() for item in items]
    if not data:
        return ""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _text(value: str | None) -> str:
    return "" if value is None else neutralise(value)


def claim_to_row(claim: Claim) -> list[str]:
    """The cells of ``claim`` in the standard layout, in `CLAIM_FIELDS` order.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> row = claim_to_row(sample_claim())
        >>> dict(zip(CLAIM_FIELDS, row))["due_basis"]
        'terms'
    """
    terms = claim.terms
    currency = claim.amount.currency
    kind = days = method = rate = penalty_amount = penalty_percent = ""
    if terms is not None:
        kind = terms.kind.value
        days = str(terms.days)
        method = "" if terms.method is None else terms.method.value
        rate = "" if terms.late_interest_rate is None else format_decimal(terms.late_interest_rate)
        penalty = terms.penalty
        if penalty is not None and penalty.amount is not None:
            penalty_amount = format_decimal(penalty.amount.amount)
            if penalty.amount.currency != currency:
                penalty_amount += " " + penalty.amount.currency
        if penalty is not None and penalty.percent is not None:
            penalty_percent = format_decimal(penalty.percent)
    creditor, debtor = claim.creditor, claim.debtor
    return [
        _text(claim.id),
        _text(claim.reference),
        claim.nature.value,
        format_decimal(claim.amount.amount),
        currency,
        claim.issued_on.isoformat(),
        claim.due_on.isoformat(),
        claim.due_basis,
        kind,
        days,
        method,
        rate,
        penalty_amount,
        penalty_percent,
        "" if claim.prescription_starts_on is None else claim.prescription_starts_on.isoformat(),
        claim.jurisdiction,
        _text(creditor.id),
        _text(creditor.name),
        creditor.kind.value,
        creditor.siren or "",
        creditor.country,
        _text(creditor.address),
        _text(debtor.id),
        _text(debtor.name),
        debtor.kind.value,
        debtor.siren or "",
        debtor.country,
        _text(debtor.address),
        "" if debtor.public_buyer is None else debtor.public_buyer.value,
        _json_list(claim.payments),
        _json_list(claim.credit_notes),
        _json_list(claim.events),
    ]


def write_claims_csv(claims: Iterable[Claim], target: Target) -> int:
    """Write claims in the standard CSV layout; returns the number of claims written.

    It streams: ``claims`` may be a generator of any length.

    Args:
        claims: The claims.
        target: A path, or a text file opened with ``newline=""``.

    Examples:
        >>> import io
        >>> from recouvrement.sample import load_sample
        >>> out = io.StringIO()
        >>> write_claims_csv(load_sample().claims, out)
        200
        >>> out.getvalue().splitlines()[0].split(",")[:4]
        ['id', 'reference', 'nature', 'amount']
    """
    count = 0
    with open_target(target) as handle:
        writer = csv.writer(handle)
        writer.writerow(CLAIM_FIELDS)
        for claim in claims:
            if not isinstance(claim, Claim):
                raise InvalidType(f"claims[{count}]", claim, "Claim")
            writer.writerow(claim_to_row(claim))
            count += 1
    return count


# -- reading ------------------------------------------------------------------------------


class _RowFailure(Exception):
    """A row is invalid (internal): carries the column and value to report."""

    def __init__(
        self,
        message: str,
        *,
        column: str | None = None,
        value: Any = None,
        error: RecouvrementError | None = None,
        structural: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.value = value
        self.error = error
        self.structural = structural


@attrs.frozen(slots=True)
class Skipped:
    """A row left out on purpose (internal item of a claim stream)."""

    line: int
    reason: str
    claim_id: str | None = None


@attrs.frozen(slots=True)
class _Applied:
    """A negative open item naming the item it pays or credits (``applies_to``, with
    ``payment_when`` or ``credit_note_when``): internal item of a claim stream, until
    `_netted` sets it against that item or reports it as the credit it otherwise is.

    Attributes:
        line: The row's line.
        credit: What the row is when it is not set against its item.
        kind: ``"payment"`` or ``"credit_note"``.
        target: The id of the item it names.
        creditor_id: The creditor of the row (an id is unique per creditor).
        on: The row's own date (``issued_on``: the payment's or credit memo's).
        text: The amount as written.
    """

    line: int
    credit: CreditBalance
    kind: str
    target: str
    creditor_id: str | None
    on: pendulum.Date
    text: str


def _event_kinds(type_tag: str) -> dict[str, str]:
    """Event field -> "date", "money", "decimal", "int" or "text", from its attrs type."""
    cls = EVENT_TYPES[type_tag]
    kinds: dict[str, str] = {}
    for field in attrs.fields(cls):
        hint = str(field.type)
        if "Date" in hint:
            kinds[field.name] = "date"
        elif "Money" in hint:
            kinds[field.name] = "money"
        elif "Decimal" in hint:
            kinds[field.name] = "decimal"
        elif hint.startswith("int"):
            kinds[field.name] = "int"
        else:
            kinds[field.name] = "text"
    return kinds


def _party_fields(prefix: str, last: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    names = ("id", "name", "kind", *_PARTY_OPTIONAL, *last)
    return names, tuple(prefix + n for n in names)


_PARTY_FIELDS = {
    "creditor_": _party_fields("creditor_", ()),
    "debtor_": _party_fields("debtor_", ("public_buyer",)),
}
"""A party's fields (`Creditor`, `Debtor`) and the row fields they are read from."""
_TERMS_FIELDS = tuple(
    "terms_" + n
    for n in ("kind", "days", "method", "late_interest_rate", "penalty_amount", "penalty_percent")
)


def _in_order(positions: list[tuple[str, int]], nulls: frozenset[str], width: int) -> Any:
    """Each column's field in the header's order, when every column is one field and only
    the empty cell is null (the standard layout: a row's values read without indexing),
    else ``None``."""
    fields = {index: field for field, index in positions}
    if (
        nulls != {""}
        or len(fields) != len(positions)  # (a column read as two fields)
        or sorted(fields) != list(range(width))
    ):
        return None
    return [fields[index] for index in range(width)]


def _cells_getter(indexes: list[int]) -> Callable[[list[str]], str]:
    """A function joining the cells at ``indexes`` of a row (with a separator)."""
    if not indexes:
        return lambda cells: ""
    if len(indexes) == 1:
        index = indexes[0]
        return lambda cells: cells[index]
    pick = operator.itemgetter(*indexes)
    return lambda cells: "\x00".join(pick(cells))


class ReaderCaches:
    """The parsed cells a `_Reader` keeps (internal), to share between the readers of one
    file's pieces (`batch.decide_batches` reads a ledger as many short CSV texts).

    Each cache maps a cell's text (or a tuple of cells) to what it reads as: an immutable
    value, or the failure to report, never anything of a row (its line, its notes). So a
    reader that starts with the caches another reader filled reads every row as that
    reader would; the caches are emptied when a reader of another header, mapping or
    policy takes them (`take`).
    """

    __slots__ = ("dates", "events", "histories", "key", "parties", "terms")

    def __init__(self) -> None:
        self.key: tuple[Any, ...] | None = None
        self.dates = BoundedCache()
        self.parties = BoundedCache(16384)
        self.terms = BoundedCache(4096)
        # Event histories repeat across rows (the same reminders on the same days): each
        # distinct text is read once and its (immutable) events shared by the claims.
        self.histories = BoundedCache(16384)
        self.events = BoundedCache(16384)  # each distinct flat event (`_flat_events`)

    def take(self, key: tuple[Any, ...]) -> ReaderCaches:
        """These caches for a reader of ``key`` (header, mapping, policy): emptied first
        if they were filled under another key."""
        if self.key != key:
            for cache in (self.dates, self.parties, self.terms, self.histories, self.events):
                cache.clear()
            self.key = key
        return self


def _marked_rows(
    table: Mapping[str, tuple[str, ...]],
    setting: str,
    position: Mapping[str, int],
    used: set[str],
    problems: list[str],
) -> list[tuple[int, str, frozenset[str]]]:
    """The (column index, column, cells) of a mapping's ``skip_when`` or ``negate_when``; a
    column the header lacks is a problem named after the setting."""
    found = []
    for name, cells in table.items():
        if name not in position:
            problems.append(f"column {name!r} (for {setting}) is missing")
        else:
            found.append((position[name], name, frozenset(cells)))
            used.add(name)
    return found


def _applied_marks(
    mapping: ColumnMapping,
    columns: Mapping[str, tuple[int, str]],
    position: Mapping[str, int],
    used: set[str],
    problems: list[str],
) -> list[tuple[str, int, str, frozenset[str]]]:
    """The (kind, column index, column, cells) of ``payment_when`` and ``credit_note_when``;
    they and the ``applies_to`` column go together (else a problem)."""
    applied = [
        (kind, *mark)
        for kind, table, setting in (
            ("payment", mapping.payment_when, "payment_when"),
            ("credit_note", mapping.credit_note_when, "credit_note_when"),
        )
        for mark in _marked_rows(table, setting, position, used, problems)
    ]
    if "applies_to" in columns and not applied:
        problems.append(
            f"column {columns['applies_to'][1]!r} (for applies_to) is read only with "
            "payment_when or credit_note_when (and open_balance = true)"
        )
    elif applied and "applies_to" not in columns:
        problems.append(
            "payment_when and credit_note_when need the applies_to column (the id of "
            "the item a row pays or credits)"
        )
    return applied


class _Reader:
    """Turns CSV records into claims for one header and one mapping."""

    def __init__(
        self,
        header: list[str],
        mapping: ColumnMapping,
        source: str,
        policy: ReadPolicy | None = None,
        caches: ReaderCaches | None = None,
    ) -> None:
        self.mapping = mapping
        self.source = source
        self.policy = policy or ReadPolicy()
        self.notes: list[tuple[str, str, Any]] = []
        self.width = len(header)
        kept = (caches or ReaderCaches()).take((tuple(header), mapping, self.policy))
        self.dates = kept.dates
        self.parties = kept.parties
        self.terms = kept.terms
        self.histories = kept.histories
        self.events = kept.events
        position = {}
        problems = []
        for index, name in enumerate(header):
            if name in position:
                problems.append(f"column {name!r} appears twice")
            position[name] = index
        used: set[str] = set()
        # field -> (column index, source column) ; constants kept apart
        self.columns: dict[str, tuple[int, str]] = {}
        # the columns an id is joined from (`ColumnMapping.id_columns`): read as one more
        # cell after the row's own (`_with_id`)
        self.id_parts: tuple[tuple[int, str], ...] = ()
        self._mapped_columns(mapping, position, used, problems)
        self.event_rules: list[
            tuple[EventColumns, int | None, list[tuple[str, str, int, str]], dict[str, str]]
        ] = []
        for rule in mapping.events:
            kinds = _event_kinds(rule.type)
            for name in rule.columns.values():
                if name not in position:
                    problems.append(f"column {name!r} (for a {rule.type} event) is missing")
            for event_field in (*rule.columns, *rule.constants):
                if event_field not in kinds:
                    problems.append(f"{rule.type} events have no field {event_field!r}")
            when = None
            if rule.when is not None:
                if rule.when not in position:
                    problems.append(f"column {rule.when!r} (for a {rule.type} event) is missing")
                else:
                    when = position[rule.when]
                    used.add(rule.when)
            specs = []
            for event_field, name in rule.columns.items():
                if name in position and event_field in kinds:
                    specs.append((event_field, kinds[event_field], position[name], name))
                    used.add(name)
            self.event_rules.append((rule, when, specs, kinds))
        self.skips = _marked_rows(mapping.skip_when, "skip_when", position, used, problems)
        self.negations = _marked_rows(mapping.negate_when, "negate_when", position, used, problems)
        self.applied = _applied_marks(mapping, self.columns, position, used, problems)
        ignored = set(mapping.ignore)
        for name in header:
            if name not in used and name not in ignored:
                problems.append(f"unknown column {name!r} (map it, or list it in ignore)")
        hint = delimiter_hint(header, mapping.delimiter) if problems else None
        if hint is not None:
            problems.insert(0, hint)
        if problems:
            raise LedgerError(
                [
                    RowError(source=source, line=1, message=message, column=None)
                    for message in problems
                ]
            )
        self.nulls = frozenset(mapping.null_values) | {""}
        self.positions = [(field, index) for field, (index, _) in self.columns.items()]
        self.in_order = _in_order(self.positions, self.nulls, len(header))
        self.single_line = [
            (index, name)
            for field, (index, name) in self.columns.items()
            if field not in MULTILINE_FIELDS and index < self.width
        ]
        self.single_line.extend(self.id_parts)
        # the one-line cells of a row in one string, looked through at once (`_check_shape`)
        self.one_line_cells = _cells_getter([index for index, _ in self.single_line])

    def _mapped_columns(
        self, mapping: ColumnMapping, position: dict[str, int], used: set[str], problems: list[str]
    ) -> None:
        """Each field's column (`columns`), the required ones present."""
        if mapping.id_columns:
            self._joined_id(mapping, position, used, problems)
        for field in (*CLAIM_FIELDS, *MAPPED_PAYMENT_FIELDS, *APPLIED_FIELDS):
            if field in mapping.constants or (field == "id" and mapping.id_columns):
                continue
            name = mapping.columns.get(field, field)
            if name in position:
                self.columns[field] = (position[name], name)
                used.add(name)
            elif field in mapping.columns:
                problems.append(f"column {name!r} (for {field}) is missing")
        for field in sorted(REQUIRED_FIELDS - ({"id"} if mapping.id_columns else set())):
            if field not in self.columns and field not in mapping.constants:
                problems.append(f"required column {mapping.source_of(field)!r} is missing")
        if ("payment_on" in self.columns) != (
            "payment_amount" in self.columns or ("payment_amount" in mapping.constants)
        ):
            problems.append("payment_on and payment_amount go together")

    def _joined_id(
        self, mapping: ColumnMapping, position: dict[str, int], used: set[str], problems: list[str]
    ) -> None:
        """The id read from ``id_columns``: each must be in the header."""
        missing = [name for name in mapping.id_columns if name not in position]
        for name in missing:
            problems.append(f"column {name!r} (for id, in id_columns) is missing")
        used.update(name for name in mapping.id_columns if name in position)
        if missing:
            return
        self.id_parts = tuple((position[name], name) for name in mapping.id_columns)
        self.columns["id"] = (self.width, mapping.source_of("id"))

    # -- cells -------------------------------------------------------------------------

    def _joined(self, cells: list[str]) -> str:
        """The id joined from ``id_columns`` (an empty cell among them: no id, so a
        missing value)."""
        parts = [cells[index] for index, _ in self.id_parts]
        nulls = self.nulls
        return "" if any(part in nulls for part in parts) else _ID_JOIN.join(parts)

    def _with_id(self, cells: list[str]) -> list[str]:
        """The row's cells and its joined id, read as one more cell (`columns["id"]`)."""
        return [*cells, self._joined(cells)]

    def row_id(self, cells: list[str]) -> str | None:
        """The claim id of a row of the header's width, as read (for its errors)."""
        if self.id_parts:
            return self._joined(cells) or None
        found = self.columns.get("id")
        return None if found is None else cells[found[0]] or None

    def _values(self, cells: list[str]) -> dict[str, str]:
        nulls = self.nulls
        unescape = self.mapping.unescape
        maps = self.mapping.values
        if not maps:  # the common case (the standard layout): no value map to apply
            if self.in_order is not None:  # every column a field, nothing else null
                values = {f: c for f, c in zip(self.in_order, cells, strict=True) if c}
            else:
                values = {f: c for f, i in self.positions if (c := cells[i]) not in nulls}
            if unescape:
                for field, cell in values.items():
                    if cell[0] == "'":
                        values[field] = _restore(cell)
            return self._completed(values)
        values = {}
        for field, (index, name) in self.columns.items():
            cell = cells[index]
            if cell in nulls:
                continue
            value = _restore(cell) if unescape and cell[0] == "'" else cell
            table = maps.get(field)
            if table is not None:
                mapped = table.get(value)
                if mapped is None:
                    error = InvalidValue(field, value, f"not in the value map {sorted(table)}")
                    raise _RowFailure(str(error), column=name, value=value, error=error)
                value = mapped
            values[field] = value
        return self._completed(values)

    def _completed(self, values: dict[str, str]) -> dict[str, str]:
        """The mapping's constants and defaults added to a row's values."""
        for field, constant in self.mapping.constants.items():
            values[field] = constant
        for field, default in self.mapping.defaults.items():
            values.setdefault(field, default)
        return values

    def _column(self, field: str) -> str:
        found = self.columns.get(field)
        if found is not None:
            return found[1]
        if field in self.mapping.constants:
            return f"constants.{field}"
        return field

    def _date(self, values: dict[str, str], field: str) -> pendulum.Date | None:
        text = values.get(field)
        if text is None:
            return None
        fmt = "iso" if field in self.mapping.constants else self.mapping.date_format
        return parse_date(text, field, fmt, self.dates)

    def _decimal(self, text: str, field: str, *, places: bool = True) -> Decimal:
        m = self.mapping
        return parse_decimal(
            text,
            field,
            decimal_separator=m.decimal_separator,
            thousands_separator=m.thousands_separator,
            max_places=m.max_places if places else None,
            trailing_minus=m.trailing_minus,
        )

    def _party(
        self, cls: type[Creditor] | type[Debtor], prefix: str, values: dict[str, str]
    ) -> Any:
        names, fields = _PARTY_FIELDS[prefix]
        key = (prefix, *map(values.get, fields))
        cached = self.parties.get(key)
        if cached is None:
            kwargs = {n: values[prefix + n] for n in names if prefix + n in values}
            for required in ("id", "name", "kind"):
                kwargs.setdefault(required, None)  # type: ignore[arg-type]
            try:
                cached = cls(**kwargs)
            except RecouvrementError as exc:
                cached = exc
            self.parties.put(key, cached)
        if isinstance(cached, RecouvrementError):
            field = prefix + (cached.field or "")
            raise _RowFailure(
                str(cached),
                column=self._column(field),
                value=values.get(field),
                error=cached.with_traceback(None),
            )
        return cached

    def _terms(self, values: dict[str, str], currency: str) -> PaymentTerms | None:
        cells = tuple(map(values.get, _TERMS_FIELDS))
        if cells.count(None) == len(cells):
            return None
        key = (currency, *cells)
        cached = self.terms.get(key)
        if cached is None:
            try:
                cached = self._build_terms(key[1:], currency)
            except _RowFailure as failure:
                cached = failure
            self.terms.put(key, cached)
        if isinstance(cached, _RowFailure):
            raise cached.with_traceback(None)
        result: PaymentTerms = cached
        return result

    def _build_terms(self, cells: tuple[str | None, ...], currency: str) -> PaymentTerms:
        kind, days, method, rate, amount, percent = cells
        field = "terms_kind"
        try:
            if kind is None:
                raise InvalidValue("terms_kind", None, "give terms_kind with the other terms")
            penalty = None
            if amount is not None or percent is not None:
                field = "terms_penalty_amount" if amount is not None else "terms_penalty_percent"
                money = None
                if amount is not None:
                    number, _, code = amount.strip().partition(" ")
                    money = Money(self._decimal(number, field), code.strip() or currency)
                penalty = PenaltyClause(
                    amount=money,
                    percent=None
                    if percent is None
                    else self._decimal(percent, field, places=False),
                )
            field = "terms_days"
            day_count = 0 if days is None else parse_int(days, "terms_days")
            field = "terms_late_interest_rate"
            late = None if rate is None else self._decimal(rate, field, places=False)
            field = "terms_kind"
            return PaymentTerms(
                kind=kind, days=day_count, method=method, late_interest_rate=late, penalty=penalty
            )
        except RecouvrementError as exc:
            if exc.field in ("kind", "days", "method", "late_interest_rate"):
                field = "terms_" + exc.field
            raise _RowFailure(
                str(exc), column=self._column(field), value=exc.value, error=exc
            ) from None

    def _json(self, values: dict[str, str], field: str) -> list[Any]:
        text = values.get(field)
        if text is None:
            return []
        if field != "events":
            found = _canonical_moves(text, field)
            return found if found is not None else self._read_json(text, field)
        cached = self.histories.get(text)
        if cached is None:
            try:
                flat = self._flat_events(text)
                cached = tuple(self._read_json(text, field) if flat is None else flat)
            except _RowFailure as failure:
                cached = failure
            self.histories.put(text, cached)
        if isinstance(cached, _RowFailure):
            raise cached.with_traceback(None)
        return list(cached)

    def _flat_events(self, text: str) -> list[Any] | None:
        """A history of flat events (no nested object, as `write_claims_csv` writes most),
        each distinct event text read once (events repeat across histories: the same
        reminder on the same day); ``None`` for any other text, or an event that does not
        read (`_read_json` then reads the whole history, and reports it exactly).

        Each item cut at its braces is the item JSON reads: the text up to an item's first
        ``}`` parses as an object only if that brace closes it (a brace in a string would
        leave the string open)."""
        if _FLAT_LIST.fullmatch(text) is None:
            return None
        events = self.events
        found = []
        for match in _FLAT_ITEM.finditer(text):
            item = match[0]
            event = events.get(item)
            if event is None:
                try:
                    event = events.put(item, event_from_dict(json.loads(item)))
                except (ValueError, RecouvrementError):  # (JSONDecodeError is a ValueError)
                    return None
            found.append(event)
        return found

    def _read_json(self, text: str, field: str) -> list[Any]:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            error = InvalidData(field, text, f"not valid JSON ({exc.msg} at {exc.pos})")
            raise _RowFailure(
                str(error), column=self._column(field), value=text, error=error
            ) from None
        if not isinstance(data, list):
            error = InvalidData(field, text, "expected a JSON list")
            raise _RowFailure(str(error), column=self._column(field), value=text, error=error)
        read = _HISTORY_READERS[field]
        items = []
        for index, item in enumerate(data):
            try:
                items.append(read(item))
            except RecouvrementError as exc:
                raise _RowFailure(
                    f"{field}[{index}]: {exc}", column=self._column(field), value=item, error=exc
                ) from None
        return items

    def _events(self, cells: list[str], values: dict[str, str], currency: str) -> list[Any]:
        found: list[Any] = []
        for rule, when, specs, kinds in self.event_rules:
            if when is not None:
                flag = cells[when]
                if flag in rule.false_values:
                    continue
                if flag not in rule.true_values:
                    error = InvalidValue(
                        rule.when,
                        flag,
                        f"expected one of {list(rule.true_values) + list(rule.false_values)}",
                    )
                    raise _RowFailure(str(error), column=rule.when, value=flag, error=error)
            data: dict[str, Any] = {"type": rule.type}
            for event_field, kind, index, name in specs:
                cell = cells[index]
                if cell in self.nulls:
                    continue
                data[event_field] = self._event_value(cell, kind, event_field, name, currency)
            if when is None and len(data) == 1:
                continue
            for event_field, constant in rule.constants.items():
                data[event_field] = self._event_value(
                    constant,
                    kinds[event_field],
                    event_field,
                    f"constants.{event_field}",
                    currency,
                    iso=True,
                )
            try:
                found.append(event_from_dict(data))
            except RecouvrementError as exc:
                column = None
                for event_field, _, _, name in specs:
                    if event_field == exc.field:
                        column = name
                raise _RowFailure(
                    f"{rule.type} event: {exc}", column=column, value=exc.value, error=exc
                ) from None
        return found

    def _event_value(
        self, cell: str, kind: str, field: str, column: str, currency: str, *, iso: bool = False
    ) -> Any:
        try:
            if kind == "date":
                fmt = "iso" if iso else self.mapping.date_format
                return parse_date(cell, field, fmt, self.dates)
            if kind == "money":
                return Money(self._decimal(cell, field), currency)
            if kind == "decimal":
                return self._decimal(cell, field, places=False)
            if kind == "int":
                return parse_int(cell, field)
            return cell
        except RecouvrementError as exc:
            raise _RowFailure(str(exc), column=column, value=cell, error=exc) from None

    # -- a row -------------------------------------------------------------------------

    def claim(
        self, cells: list[str], multiline: bool
    ) -> Claim | CreditBalance | Skipped | _Applied:
        self._check_shape(cells, multiline)
        if self.id_parts:
            cells = self._with_id(cells)
        for index, name, marks in self.skips:
            if cells[index] in marks:
                return Skipped(0, f"{name}={cells[index]!r} (skip_when)")
        values = self._values(cells)
        error: RecouvrementError
        claim_id = values.get("id")
        if claim_id is not None and claim_id != claim_id.strip():
            self.notes.append(
                ("id_spaces", f"id={claim_id!r}: surrounding spaces (kept as read)", claim_id)
            )
        if not values.keys() >= REQUIRED_FIELDS:
            for field in REQUIRED_FIELDS:
                if field not in values:
                    error = InvalidData(field, None, "missing value")
                    raise _RowFailure(str(error), column=self._column(field), value="", error=error)
        claim_id = values["id"]
        field = "amount"
        try:
            currency = values["currency"]
            field = "currency"
            if currency not in _KNOWN_CURRENCIES:
                Money(0, currency)  # checks the code (raises for an unknown one)
            field = "amount"
            number = self._decimal(values["amount"], "amount")
            if any(cells[index] in marks for index, _, marks in self.negations):
                number = -number  # written unsigned, owed to the debtor (negate_when)
            if self.mapping.open_balance and number <= 0:
                return self._balance(number, currency.upper(), values, cells)
            amount = self._fraction(Money._unchecked(number, currency.upper()), values["amount"])
            currency = amount.currency
            field = "issued_on"
            issued_on = self._date(values, "issued_on")
            field = "due_on"
            due_on = self._date(values, "due_on")
            field = "prescription_starts_on"
            prescription = self._date(values, "prescription_starts_on")
        except RecouvrementError as exc:
            raise _RowFailure(
                str(exc), column=self._column(field), value=values.get(field), error=exc
            ) from None
        creditor = self._party(Creditor, "creditor_", values)
        debtor = self._party(Debtor, "debtor_", values)
        terms = self._terms(values, currency)
        payments: list[Any] = self._json(values, "payments")
        credit_notes: list[Any] = self._json(values, "credit_notes")
        events: list[Any] = self._json(values, "events")
        if "payment_on" in values or self._paid_without_date(values):
            payments.append(self._mapped_payment(values, currency))
        if self.event_rules:
            events.extend(self._events(cells, values, currency))
        basis = values.get("due_basis", "given")
        if basis not in ("given", "terms", "legal_default"):
            error = InvalidValue("due_basis", basis, "expected given, terms or legal_default")
            raise _RowFailure(
                str(error), column=self._column("due_basis"), value=basis, error=error
            )
        written_due = due_on
        if basis != "given":
            due_on = None
        try:
            claim = Claim(
                id=claim_id,
                creditor=creditor,
                debtor=debtor,
                nature=values["nature"],
                amount=amount,
                issued_on=issued_on,
                due_on=due_on,
                terms=terms,
                # tuples of records: the converters keep them as they are (exact types)
                payments=tuple(payments),
                credit_notes=tuple(credit_notes),
                events=tuple(events),
                reference=values.get("reference"),
                prescription_starts_on=prescription,
                jurisdiction=values.get("jurisdiction", "FR"),
            )
        except RecouvrementError as exc:
            name = exc.field or ""
            head = name.split("[", 1)[0].split(".", 1)[0]
            if head in ("instalments", "closed_on", "type") or head not in CLAIM_FIELDS:
                head = _guess_history_field(name)
            raise _RowFailure(
                str(exc), column=self._column(head), value=values.get(head, exc.value), error=exc
            ) from None
        self._check_due(claim, basis, written_due, values)
        return claim

    def _check_shape(self, cells: list[str], multiline: bool) -> None:
        """The row has the header's width, and no line break in a one-line column."""
        if len(cells) != self.width:
            what = "missing" if len(cells) < self.width else "extra"
            raise _RowFailure(
                f"expected {self.width} cells, found {len(cells)} ({what} cells)",
                value=len(cells),
                structural=True,
            )
        if multiline:
            joined = self.one_line_cells(cells)
            if "\n" not in joined and "\r" not in joined:
                return
            for index, name in self.single_line:
                if "\n" in cells[index] or "\r" in cells[index]:
                    raise _RowFailure(
                        "a line break in a one-line column (an unbalanced quote?)",
                        column=name,
                        value=cells[index],
                        structural=True,
                    )

    def _check_due(
        self, claim: Claim, basis: str, written_due: Any, values: dict[str, str]
    ) -> None:
        """A derived due date written in the file agrees with the one the claim derives."""
        if basis != "given" and written_due is not None and claim.due_on != written_due:
            error = InvalidValue(
                "due_on",
                written_due.isoformat(),
                f"does not match the due date derived from the {basis.replace('_', ' ')} "
                f"({claim.due_on.isoformat()})",
            )
            raise _RowFailure(
                str(error), column=self._column("due_on"), value=values.get("due_on"), error=error
            )
        if basis != "given" and claim.due_basis != basis:
            error = InvalidValue(
                "due_basis", basis, f"the due date is derived from {claim.due_basis}"
            )
            raise _RowFailure(
                str(error), column=self._column("due_basis"), value=basis, error=error
            )

    def _balance(
        self, number: Decimal, currency: str, values: dict[str, str], cells: list[str]
    ) -> CreditBalance | Skipped | _Applied:
        if number == 0:
            return Skipped(0, "zero open balance (settled)", values.get("id"))
        credit = CreditBalance(
            source=self.source,
            line=0,
            claim_id=values.get("id"),
            debtor_id=values.get("debtor_id"),
            debtor_name=values.get("debtor_name"),
            amount=Money._unchecked(-number, currency),
        )
        target = values.get("applies_to")
        kinds = [kind for kind, index, _, marks in self.applied if cells[index] in marks]
        if target is None or not kinds:
            self.notes.append(_credit_note(values["amount"], number))
            return credit
        if len(set(kinds)) > 1:
            error = InvalidValue(
                "applies_to", target, "the row is marked both a payment and a credit note"
            )
            raise _RowFailure(
                str(error), column=self._column("applies_to"), value=target, error=error
            )
        try:
            on = self._date(values, "issued_on")
        except RecouvrementError as exc:
            raise _RowFailure(
                str(exc), column=self._column("issued_on"), value=values.get("issued_on"), error=exc
            ) from None
        if on is None:
            error = InvalidData(
                "issued_on", None, f"a {kinds[0]} set against {target} needs its date"
            )
            raise _RowFailure(str(error), column=self._column("issued_on"), value="", error=error)
        return _Applied(
            line=0,
            credit=credit,
            kind=kinds[0],
            target=target,
            creditor_id=values.get("creditor_id"),
            on=on,
            text=values["amount"],
        )

    def _fraction(self, amount: Money, text: str) -> Money:
        places = currency_precision(amount.currency)
        exponent = amount.amount.as_tuple().exponent
        if not isinstance(exponent, int) or -exponent <= places or amount.is_rounded:
            return amount
        what = f"amount={text!r}: finer than the smallest unit of {amount.currency}"
        policy = self.policy.fractions
        if policy == "refuse":
            raise InvalidValue("amount", text, f"finer than the smallest unit of {amount.currency}")
        if policy == "round":
            rounded = amount.round()
            self.notes.append(("rounded", f"{what}: rounded to {rounded.amount}", text))
            return rounded
        self.notes.append(("fraction", f"{what}: read exactly", text))
        return amount

    def _paid_without_date(self, values: dict[str, str]) -> bool:
        """An amount paid but no date: an error, unless the amount is the invoice's own
        column (``payment_amount = amount``) or zero (an unpaid invoice)."""
        text = values.get("payment_amount")
        if text is None or self.mapping.source_of("payment_amount") == self.mapping.source_of(
            "amount"
        ):
            return False
        try:
            return self._decimal(text, "payment_amount") != 0
        except RecouvrementError:
            return True

    def _mapped_payment(self, values: dict[str, str], currency: str) -> Payment:
        field = "payment_on"
        try:
            on = self._date(values, "payment_on")
            field = "payment_amount"
            text = values.get("payment_amount")
            if on is None or text is None:
                missing = "payment_on" if on is None else "payment_amount"
                raise InvalidData(missing, None, "a derived payment needs a date and an amount")
            amount = Money._unchecked(self._decimal(text, "payment_amount"), currency)
            field = "payment_reference"
            return Payment(on=on, amount=amount, reference=values.get("payment_reference"))
        except RecouvrementError as exc:
            column = exc.field if exc.field in MAPPED_PAYMENT_FIELDS else field
            raise _RowFailure(
                str(exc), column=self._column(column), value=values.get(column), error=exc
            ) from None


def canonical_move_head(places: int) -> str:
    """Internal: the pattern of the head of one payment or credit note as
    `write_claims_csv` writes it, ``{"on":"YYYY-MM-DD","amount":{"amount":"<digits>",
    "currency":"XYZ"}``, up to its optional reference (groups: ``on``, ``amount``,
    ``currency``), amounts of at most ``places`` decimals (shared with the vectorised
    reader, which cuts the items out of a list by it)."""
    return (
        r'\{"on":"([0-9]{4}-[0-9]{2}-[0-9]{2})","amount":\{"amount":"([0-9]{1,15}(?:\.[0-9]{1,'
        + str(places)
        + r'})?)","currency":"([A-Z]{3})"\}'
    )


def canonical_moves(places: int) -> tuple[str, str]:
    """Internal: the patterns of one payment or credit note as `write_claims_csv` writes
    it (JSON without spaces, keys in order, a plain reference; groups: ``on``, ``amount``,
    ``currency``, ``reference``) and of a list of them, amounts of at most ``places``
    decimals (shared with the vectorised reader)."""
    item = canonical_move_head(places) + r'(?:,"reference":"([^"\\\x00-\x1f]*)")?\}'
    return item, r"\[" + item + r"(?:," + item + r")*\]"


_MOVE_ITEM, _MOVE_LIST_TEXT = canonical_moves(6)
_MOVE_LIST = re.compile(_MOVE_LIST_TEXT)
_MOVE_ITEMS = re.compile(_MOVE_ITEM)
_MOVE_CLASSES: dict[str, type[Payment] | type[CreditNote]] = {
    "payments": Payment,
    "credit_notes": CreditNote,
}


def _canonical_moves(text: str, field: str) -> list[Any] | None:
    """Payments or credit notes written as `write_claims_csv` writes them, read without
    the JSON parser; ``None`` for any other text, or any value the classes refuse (the
    JSON path then reads it, and reports it exactly)."""
    if _MOVE_LIST.fullmatch(text) is None:
        return None
    cls = _MOVE_CLASSES[field]
    try:
        return [
            cls(on=m[1], amount=Money(m[2], m[3]), reference=m[4])  # m[4]: None if absent
            for m in _MOVE_ITEMS.finditer(text)
        ]
    except RecouvrementError:
        return None


_FLAT_ITEM = re.compile(r"\{[^{}]*\}")
_FLAT_LIST = re.compile(r"\[\{[^{}]*\}(?:,\{[^{}]*\})*\]")
_HISTORY_READERS: dict[str, Callable[[Any], Any]] = {
    "payments": Payment.from_dict,
    "credit_notes": CreditNote.from_dict,
    "events": event_from_dict,
}


def _guess_history_field(name: str) -> str:
    for head in _JSON_FIELDS:
        if name.startswith(head):
            return head
    return name.split("[", 1)[0].split(".", 1)[0] or "id"


Item = Any
"""What a claim reader yields internally: a ``(line, Claim)`` pair, a bare `Claim`, a
`RowError`, a `LoadWarning`, a `CreditBalance`, a `Skipped` row or a `Detected` record."""


class ClaimStream(Iterator[Claim]):
    """An iterator of the claims of a file, reading one row at a time.

    Memory stays small whatever the file's size: only bounded caches of parsed dates,
    parties and terms are kept, and the ids seen, to catch duplicates (a policy of
    ``duplicates="allow"`` keeps memory constant by not checking). Invalid
    rows are kept in `errors`, suspect ones in `warnings`, credits in `credits`.

    With ``errors="raise"`` the stream yields the valid claims and raises a `LedgerError`
    with every `RowError` once it reaches the end of the file: treat what it yielded as
    refused (load inside a transaction, or use `read_claims_csv`). With
    ``errors="collect"`` it ends normally and `errors` lists the invalid rows.

    Attributes:
        errors: The `RowError`s met so far.
        warnings: The `LoadWarning`s met so far.
        credits: The `CreditBalance`s met so far (negative open balances).
        rows: The data rows read so far (valid or not).
        filtered: Rows left out on purpose (``skip_when``, zero balances, payments set
            against their item).
        duplicates: Rows dropped by the duplicate policy.
        detected: What format detection found, if a setting was ``"auto"``.

    Examples:
        >>> import io
        >>> from recouvrement.io.csv_ledger import iter_claims_csv
        >>> text = "id,nature\\n"
        >>> try:
        ...     next(iter_claims_csv(io.StringIO(text)))
        ... except Exception as exc:
        ...     print(type(exc).__name__, exc.errors[0].line)
        LedgerError 1
    """

    def __init__(
        self,
        items: Iterator[Item],
        mode: ErrorMode,
        *,
        policy: ReadPolicy | None = None,
        source: str = "<stream>",
    ) -> None:
        self._items = items
        self._mode = mode
        self._policy = policy or ReadPolicy()
        self._source = source
        self._seen: dict[str, int] = {}
        self._bare: dict[str, tuple[int, str]] = {}
        self._buffer: dict[str, tuple[int, Claim]] | None = None
        self.errors: list[RowError] = []
        self.warnings: list[LoadWarning] = []
        self.credits: list[CreditBalance] = []
        self.rows = 0
        self.filtered = 0
        self.duplicates = 0
        self.detected: Detected | None = None
        self.line = 0
        """The line of the claim returned last (its row's first line)."""
        self._done = False

    def __iter__(self) -> ClaimStream:
        return self

    def __next__(self) -> Claim:
        if self._policy.duplicates == "keep_last":
            return self._next_keep_last()
        check = self._policy.duplicates != "allow"
        for item in self._items:
            claim = self._take(item)
            if claim is not None and (not check or self._first_time(claim)):
                self.line = claim[0]
                return claim[1]
        self._finish()
        raise StopIteration

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            if self._mode == "raise" and self.errors:
                raise LedgerError(self.errors)

    def _take(self, item: Item) -> tuple[int, Claim] | None:
        """Record a non-claim item; return a claim with its line."""
        if isinstance(item, tuple):
            self.rows += 1
            return item
        if isinstance(item, Claim):
            self.rows += 1
            return (self.rows, item)
        if isinstance(item, RowError):
            self.rows += 1
            self.errors.append(item)
        elif isinstance(item, LoadWarning):
            self.warnings.append(item)
        elif isinstance(item, CreditBalance):
            self.rows += 1
            self.credits.append(item)
        elif isinstance(item, Skipped):
            self.rows += 1
            self.filtered += 1
            self.warnings.append(
                LoadWarning(
                    source=self._source,
                    line=item.line,
                    code="filtered",
                    message=f"row left out: {item.reason}",
                    claim_id=item.claim_id,
                )
            )
        elif isinstance(item, Detected):
            self.detected = item
        return None

    def _first_time(self, located: tuple[int, Claim]) -> bool:
        line, claim = located
        first = self._seen.get(claim.id)
        if first is None:
            self._seen[claim.id] = line
            self._near_duplicate(line, claim.id)
            return True
        message = f"duplicate claim id {claim.id!r} (first on line {first})"
        if self._policy.duplicates == "error":
            error = InvalidValue("id", claim.id, f"duplicate claim id (first on line {first})")
            self.errors.append(
                RowError(
                    source=self._source,
                    line=line,
                    column="id",
                    value=claim.id,
                    message=str(error),
                    error=error,
                    claim_id=claim.id,
                )
            )
        else:
            self.duplicates += 1
            self.warnings.append(
                LoadWarning(
                    source=self._source,
                    line=line,
                    code="duplicate",
                    message=f"{message}: dropped (keep_first)",
                    claim_id=claim.id,
                    value=claim.id,
                )
            )
        return False

    def _near_duplicate(self, line: int, ident: str) -> None:
        """Warn when an id equals another but for surrounding spaces (``"F1 "``, ``"F1"``)."""
        bare = ident.strip()
        other = self._bare.get(bare)
        if other is None:
            self._bare[bare] = (line, ident)
            return
        self.warnings.append(
            LoadWarning(
                source=self._source,
                line=line,
                code="near_duplicate",
                message=f"id={ident!r} differs from {other[1]!r} (line {other[0]}) only by "
                "surrounding spaces: the same invoice twice?",
                claim_id=ident,
                value=ident,
            )
        )

    def _next_keep_last(self) -> Claim:
        if self._buffer is None:
            buffer: dict[str, tuple[int, Claim]] = {}
            for item in self._items:
                located = self._take(item)
                if located is None:
                    continue
                line, claim = located
                previous = buffer.pop(claim.id, None)
                if previous is not None:
                    self.duplicates += 1
                    self.warnings.append(
                        LoadWarning(
                            source=self._source,
                            line=previous[0],
                            code="duplicate",
                            message=f"duplicate claim id {claim.id!r} (again on line {line}): "
                            "dropped (keep_last)",
                            claim_id=claim.id,
                            value=claim.id,
                        )
                    )
                buffer[claim.id] = located
            self._buffer = buffer
        if self._buffer:
            key = next(iter(self._buffer))
            self.line, claim = self._buffer.pop(key)
            return claim
        self._finish()
        raise StopIteration

    def close(self) -> None:
        """Close the underlying file now (it is closed at the end of the stream anyway)."""
        close = getattr(self._items, "close", None)
        if callable(close):
            close()

    def result(self) -> LoadResult:
        """Read what is left and return every claim, error and count as a `LoadResult`."""
        return self.counted(tuple(self))

    def counted(self, claims: tuple[Claim, ...]) -> LoadResult:
        """The errors and counts read so far as a `LoadResult` holding ``claims``."""
        return LoadResult(
            claims=claims,
            errors=tuple(self.errors),
            rows=self.rows,
            warnings=tuple(self.warnings),
            credits=tuple(self.credits),
            filtered=self.filtered,
            duplicates=self.duplicates,
            detected=self.detected,
        )


def _header_error(name: str, message: str, line: int = 1) -> LedgerError:
    return LedgerError([RowError(source=name, line=line, message=message)])


def _resolve(
    mapping: ColumnMapping, sample: str, encoding: str | None
) -> tuple[ColumnMapping, Detected | None]:
    """Replace the ``"auto"`` settings of a mapping by what the sample shows."""
    if not mapping.auto_settings:
        return mapping, None
    found = detect(sample, mapping, encoding=encoding)
    resolved = mapping.with_format(
        delimiter=found.delimiter,
        decimal_separator=found.decimal_separator,
        thousands_separator=found.thousands_separator,
        date_format=found.date_format,
    )
    return resolved, found


def _csv_items(
    source: Any,
    mapping: ColumnMapping,
    policy: ReadPolicy | None = None,
    caches: ReaderCaches | None = None,
    number: Callable[[int], int] | None = None,
) -> Iterator[Item]:
    name = source_name(source)
    try:
        opened = open_text(source, mapping.encoding, sample=bool(mapping.auto_settings))
        text, encoding, sample = opened.__enter__()
    except UnicodeDecodeError as exc:
        raise _header_error(name, _decode_message(exc)) from None
    except SampleDecodeError as exc:
        message = _decode_message(UnicodeDecodeError(exc.encoding, b"", 0, 1, exc.reason))
        raise _header_error(name, message, exc.line) from None
    except OSError as exc:
        raise _header_error(name, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        mapping, detected = _resolve(mapping, sample, encoding)
        if detected is not None:
            yield detected
        rows = _csv_rows(text, mapping, name, policy, caches, number)
        yield from _netted(rows, name) if _sets_against(mapping) else rows
    finally:
        opened.__exit__(None, None, None)


def _csv_rows(
    text: Any,
    mapping: ColumnMapping,
    name: str,
    policy: ReadPolicy | None,
    caches: ReaderCaches | None = None,
    number: Callable[[int], int] | None = None,
) -> Iterator[Item]:
    lines = LineSource(text, number)
    reader = csv.reader(lines, strict=True, delimiter=mapping.delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise _header_error(name, "empty file: no header row") from None
    except csv.Error as exc:
        raise _header_error(name, f"unreadable header: {exc}") from None
    except UnicodeDecodeError as exc:
        raise _header_error(name, _decode_message(exc)) from None
    lines.take()
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]  # a BOM left by a text stream opened as plain UTF-8
    parser = _Reader(header, mapping, name, policy, caches)
    build = parser.claim
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise _header_error(name, _decode_message(exc), lines.at(lines.line + 1)) from None
        except csv.Error as exc:  # a stray or unbalanced quote
            yield _unreadable(lines, name, exc)
            continue
        truncated = lines.truncated
        taken = lines.take()
        if not cells and len(taken) == 1 and not taken[0][1].strip("\r\n"):
            continue  # a blank line is not a row
        first = taken[0][0]
        try:
            if truncated:  # pragma: no cover (strict parsing raises csv.Error first)
                raise _RowFailure(
                    f"{_TOO_LONG}{len(taken)} lines (unbalanced quote?)",
                    structural=True,
                )
            outcome = build(cells, len(taken) > 1)
        except _RowFailure as failure:
            parser.notes.clear()
            yield _failure(failure, parser, lines, taken, cells, name)
            continue
        if parser.notes:
            ident = None if isinstance(outcome, CreditBalance) else getattr(outcome, "id", None)
            for code, message, value in parser.notes:
                yield LoadWarning(
                    source=name, line=first, code=code, message=message, claim_id=ident, value=value
                )
            parser.notes.clear()
        if isinstance(outcome, Claim):
            yield (first, outcome)
        else:
            yield attrs.evolve(outcome, line=first)


def _sets_against(mapping: ColumnMapping) -> bool:
    """Whether rows of ``mapping`` may be set against other rows (`_netted`)."""
    return bool(mapping.payment_when or mapping.credit_note_when)


def _credit_note(text: str, number: Decimal) -> tuple[str, str, Any]:
    """The note of a negative open item reported as a credit."""
    return ("credit", f"amount={text!r}: a credit to refund, not a claim", number)


def _netted(items: Iterable[Item], name: str) -> Iterator[Item]:
    """The items of a file with each `_Applied` row set against the item it names.

    A payment or credit memo naming, in ``applies_to``, an open item of the same file (same
    creditor and id, same debtor, same currency, not before it, not more than it still
    owes) becomes a `Payment` or `CreditNote` of that claim, on its own date, and its row
    is counted as left out on purpose (``filtered``, with a warning naming the claim).
    Any other is the credit it otherwise is, with a warning saying why it was not set
    against its item. Every row is held until the end of the file (an item may come after
    its payment); the claims keep their order.
    """
    held = list(items)
    where: dict[tuple[str | None, str], list[int]] = {}
    for index, item in enumerate(held):
        if isinstance(item, tuple):
            claim = item[1]
            where.setdefault((claim.creditor.id, claim.id), []).append(index)
    out: list[Any] = []  # the items, a claim by its index in ``held`` (it may change)
    for index, item in enumerate(held):
        if not isinstance(item, _Applied):
            out.append(index if isinstance(item, tuple) else item)
            continue
        found = where.get((item.creditor_id, item.target), [])
        if len(found) != 1:
            why = "not among the open items read" if not found else "the id of several items"
            out.extend(_not_netted(item, name, f"{item.target!r} is {why}"))
            continue
        line, claim = held[found[0]]
        problem, record = _set_against(item, claim)
        if record is None:
            out.extend(_not_netted(item, name, problem))
            continue
        what = "payment" if item.kind == "payment" else "credit memo"
        if isinstance(record, Payment):
            changed = attrs.evolve(claim, payments=(*claim.payments, record))
        else:
            changed = attrs.evolve(claim, credit_notes=(*claim.credit_notes, record))
        held[found[0]] = (line, changed)
        out.append(
            Skipped(
                item.line,
                f"a {what} of {item.credit.amount} on {item.on.isoformat()}, set against "
                f"claim {claim.id!r} (line {line}), the item it names (applies_to)",
                item.credit.claim_id,
            )
        )
    for item in out:
        yield held[item] if isinstance(item, int) else item


def _set_against(item: _Applied, claim: Claim) -> tuple[str, Payment | CreditNote | None]:
    """The payment or credit note ``item`` adds to ``claim``, or why it cannot."""
    credit = item.credit
    if credit.debtor_id != claim.debtor.id:
        what = f"it is on account {credit.debtor_id!r} and {claim.id!r} on {claim.debtor.id!r}"
        return what, None
    if credit.amount.currency != claim.amount.currency:
        return (
            f"it is in {credit.amount.currency} and {claim.id!r} in {claim.amount.currency}",
            None,
        )
    if item.on < claim.issued_on:
        return f"it is dated before {claim.id!r}, issued on {claim.issued_on.isoformat()}", None
    settled = [p.amount.amount for p in claim.payments]
    settled += [c.amount.amount for c in claim.credit_notes]
    owed = claim.amount.amount - sum(settled, Decimal(0))
    if credit.amount.amount > owed:
        return f"it is more than the {owed} {claim.amount.currency} {claim.id!r} still owes", None
    cls = Payment if item.kind == "payment" else CreditNote
    return "", cls(on=item.on, amount=credit.amount, reference=credit.claim_id)


def _not_netted(item: _Applied, name: str, why: str) -> list[Any]:
    """An `_Applied` row reported as a credit, with the note of a credit and why."""
    credit = attrs.evolve(item.credit, line=item.line)
    code, message, value = _credit_note(item.text, -credit.amount.amount)
    what = "payment" if item.kind == "payment" else "credit memo"
    return [
        LoadWarning(
            source=name, line=item.line, code=code, message=message, claim_id=None, value=value
        ),
        LoadWarning(
            source=name,
            line=item.line,
            code="not_netted",
            message=f"a {what} naming {item.target!r} (applies_to), not set against it: {why}",
            claim_id=None,
            value=item.target,
        ),
        credit,
    ]


def _decode_message(exc: UnicodeDecodeError) -> str:
    return (
        f"bytes not valid in {exc.encoding} ({exc.reason}); reading stopped, "
        "the rest of the file was not read (set encoding='cp1252', 'latin-1' or 'auto')"
    )


_READ_AGAIN = ": they are read again as rows of their own]"
_UNREADABLE = "unreadable row: "
_TOO_LONG = "a quoted cell runs over more than "


def _resynchronised(error: RowError) -> bool:
    """Whether ``error`` is a record csv could not read (a stray or unbalanced quote), or
    one whose lines were read again as rows: what the reader made of the lines after it
    depends on the text that follows (internal: a batch holds only its own lines)."""
    message = error.message
    return message.startswith((_UNREADABLE, _TOO_LONG)) or _READ_AGAIN in message


def _unreadable(lines: LineSource, name: str, exc: csv.Error) -> RowError:
    truncated = lines.truncated
    taken = lines.take()
    first = taken[0][0] if taken else lines.at(lines.line)
    message = f"{_UNREADABLE}{exc} (a stray or unbalanced quote?)"
    if truncated:
        message = f"{_TOO_LONG}{len(taken)} lines ({exc})"
    if len(taken) > 1:
        message += f" [the record ran over lines {first}-{taken[-1][0]}{_READ_AGAIN}"
        lines.push_back(taken[1:])
    return RowError(source=name, line=first, message=message)


def _failure(
    failure: _RowFailure,
    parser: _Reader,
    lines: LineSource,
    taken: list[tuple[int, str]],
    cells: list[str],
    name: str,
) -> RowError:
    first = taken[0][0]
    message = failure.message
    if failure.structural and len(taken) > 1:
        message += f" [the record ran over lines {first}-{taken[-1][0]}{_READ_AGAIN}"
        lines.push_back(taken[1:])
    ident = parser.row_id(cells) if len(cells) == parser.width and not failure.structural else None
    return RowError(
        source=name,
        line=first,
        column=failure.column,
        value=failure.value,
        message=message,
        error=failure.error,
        claim_id=ident or None,
    )


def _check_mapping(mapping: Any) -> ColumnMapping:
    if mapping is None:
        return ColumnMapping.standard()
    if not isinstance(mapping, ColumnMapping):
        raise InvalidType("mapping", mapping, "ColumnMapping")
    return mapping


def _check_policy(policy: Any) -> ReadPolicy:
    if policy is None:
        return ReadPolicy()
    if not isinstance(policy, ReadPolicy):
        raise InvalidType("policy", policy, "ReadPolicy")
    return policy


def iter_claims_csv(
    source: Source,
    *,
    mapping: ColumnMapping | None = None,
    errors: ErrorMode = "raise",
    policy: ReadPolicy | None = None,
) -> ClaimStream:
    """Stream the claims of a CSV file, one row at a time (see `ClaimStream` on memory).

    Args:
        source: A path, a binary file, or a text file opened with ``newline=""``.
        mapping: How to read the columns and the format; the standard layout by default.
        errors: ``"raise"`` or ``"collect"`` (see `ClaimStream`).
        policy: What to do with duplicate ids and fractions of a cent (`ReadPolicy`).

    Returns:
        A `ClaimStream`: iterate it; its ``errors`` lists the invalid rows.

    Raises:
        LedgerError: The header cannot be read (at the first ``next``), or, with
            ``errors="raise"``, some rows were invalid (at the end of the stream).

    Examples:
        >>> import io
        >>> from recouvrement.sample import load_sample
        >>> buffer = io.StringIO()
        >>> _ = write_claims_csv(load_sample().claims, buffer)
        >>> _ = buffer.seek(0)
        >>> sum(1 for _ in iter_claims_csv(buffer))
        200
    """
    return _claim_stream(source, mapping, errors, policy, None)


def _claim_stream(
    source: Source,
    mapping: ColumnMapping | None,
    errors: ErrorMode,
    policy: ReadPolicy | None,
    caches: ReaderCaches | None,
    number: Callable[[int], int] | None = None,
) -> ClaimStream:
    """`iter_claims_csv`, its reader starting from ``caches`` (internal: the pieces of
    one ledger that `batch.decide_batches` reads one after the other; ``number`` turns a
    line of the piece into the line of the file it reports, everywhere)."""
    mode = check_mode(errors)
    checked = _check_mapping(mapping)
    rules = _check_policy(policy)
    items = _csv_items(source, checked, rules, caches, number)
    return ClaimStream(items, mode, policy=rules, source=source_name(source))


def read_claims_csv(
    source: Source,
    *,
    mapping: ColumnMapping | None = None,
    errors: ErrorMode = "raise",
    policy: ReadPolicy | None = None,
) -> LoadResult:
    """Read every claim of a CSV file.

    Args:
        source: A path, a binary file, or a text file opened with ``newline=""``.
        mapping: How to read the columns and the format (delimiter, encoding, decimal
            and thousands separators, date format, each possibly ``"auto"``); the
            standard layout by default.
        errors: ``"raise"`` refuses the whole load if any row is invalid; ``"collect"``
            returns the invalid rows in the result beside the valid claims.
        policy: What to do with duplicate ids and fractions of a cent (`ReadPolicy`).

    Returns:
        A `LoadResult` with ``claims``, ``errors``, ``warnings``, ``credits``, the
        counts and what was ``detected``.

    Raises:
        LedgerError: The header cannot be read, or (``errors="raise"``) some rows are
            invalid; it carries every `RowError`.

    Examples:
        >>> import io
        >>> text = ("id,nature,amount,currency,issued_on,creditor_id,creditor_name,"
        ...         "creditor_kind,debtor_id,debtor_name,debtor_kind\\n"
        ...         "F1,commercial,120.00,EUR,2025-01-15,C1,Acme,professional,D1,Martin,professional\\n"
        ...         "F2,commercial,12O.00,EUR,2025-01-15,C1,Acme,professional,D1,Martin,professional\\n")
        >>> result = read_claims_csv(io.StringIO(text), errors="collect")
        >>> [c.id for c in result.claims], result.rows
        (['F1'], 2)
        >>> print(result.errors[0])
        <stream>:3: column 'amount': amount='12O.00': not a plain decimal number (such as 1234.56)
    """
    stream = iter_claims_csv(source, mapping=mapping, errors=errors, policy=policy)
    return stream.result()
