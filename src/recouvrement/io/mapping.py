"""Column mappings: read another system's ledger export as claims.

The standard CSV layout (see [`recouvrement.io.csv_ledger`][recouvrement.io.csv_ledger])
names its columns after the claim fields (`CLAIM_FIELDS`). A `ColumnMapping` reads any
other export: it renames columns, gives constant values for fields the export lacks
(the creditor, the nature, the currency...), reads its date format and decimal separator,
turns a "settled date" and a "paid amount" column into a `Payment`, and a flag column
(``Disputed = Yes``) into an event. Mappings are plain data: a dict or a TOML file.

Examples:
    >>> from recouvrement.io.mapping import ColumnMapping
    >>> m = ColumnMapping.from_dict({
    ...     "date_format": "%m/%d/%Y",
    ...     "columns": {"id": "Invoice", "amount": "Total", "issued_on": "Date",
    ...                 "debtor_id": "Customer", "debtor_name": "Customer"},
    ...     "constants": {"nature": "commercial", "currency": "USD",
    ...                   "creditor_id": "ME", "creditor_name": "Me Inc.",
    ...                   "creditor_kind": "professional", "debtor_kind": "professional"},
    ... })
    >>> m.source_of("debtor_name"), m.constants["currency"]
    ('Customer', 'USD')
    >>> ColumnMapping.shipped("ibm_ar").date_format
    '%m/%d/%Y'
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from ..events import EVENT_TYPES
from .errors import InvalidMapping

__all__ = [
    "APPLIED_FIELDS",
    "AUTO",
    "CLAIM_FIELDS",
    "ENCODINGS",
    "MAPPED_PAYMENT_FIELDS",
    "MULTILINE_FIELDS",
    "REQUIRED_FIELDS",
    "ColumnMapping",
    "EventColumns",
]

CLAIM_FIELDS: tuple[str, ...] = (
    "id",
    "reference",
    "nature",
    "amount",
    "currency",
    "issued_on",
    "due_on",
    "due_basis",
    "terms_kind",
    "terms_days",
    "terms_method",
    "terms_late_interest_rate",
    "terms_penalty_amount",
    "terms_penalty_percent",
    "prescription_starts_on",
    "jurisdiction",
    "creditor_id",
    "creditor_name",
    "creditor_kind",
    "creditor_siren",
    "creditor_country",
    "creditor_address",
    "debtor_id",
    "debtor_name",
    "debtor_kind",
    "debtor_siren",
    "debtor_country",
    "debtor_address",
    "debtor_public_buyer",
    "payments",
    "credit_notes",
    "events",
)
"""The columns of the standard claims CSV, in the order `write_claims_csv` writes them."""

MAPPED_PAYMENT_FIELDS: tuple[str, ...] = ("payment_on", "payment_amount", "payment_reference")
"""Fields a mapping may fill to derive one payment per row (a "settled date" export)."""

APPLIED_FIELDS: tuple[str, ...] = ("applies_to",)
"""Fields of an open-item list's negative item that settles another item of the list:
``applies_to``, the id of the document it pays or credits (SAP's *Invoice reference*,
REBZG). See `ColumnMapping.payment_when`."""

REQUIRED_FIELDS: frozenset[str] = frozenset(
    {
        "id",
        "nature",
        "amount",
        "currency",
        "issued_on",
        "creditor_id",
        "creditor_name",
        "creditor_kind",
        "debtor_id",
        "debtor_name",
        "debtor_kind",
    }
)
"""Fields every row must give, from a column or a constant."""

MULTILINE_FIELDS: frozenset[str] = frozenset(
    {
        "id",
        "reference",
        "creditor_id",
        "creditor_name",
        "creditor_address",
        "debtor_id",
        "debtor_name",
        "debtor_address",
        "payments",
        "credit_notes",
        "events",
        "payment_reference",
        "applies_to",
    }
)
"""Text fields, whose cells may hold a line break; one anywhere else means broken quoting."""

_ALL_FIELDS = frozenset(CLAIM_FIELDS) | frozenset(MAPPED_PAYMENT_FIELDS) | frozenset(APPLIED_FIELDS)
_MAPPING_KEYS = frozenset(
    {
        "name",
        "description",
        "columns",
        "constants",
        "ignore",
        "date_format",
        "decimal_separator",
        "thousands_separator",
        "max_places",
        "null_values",
        "events",
        "unescape",
        "delimiter",
        "encoding",
        "values",
        "skip_when",
        "negate_when",
        "payment_when",
        "credit_note_when",
        "open_balance",
        "trailing_minus",
        "defaults",
        "id_columns",
    }
)
_ID_JOIN = "/"
"""What joins the cells of ``id_columns`` into a claim id (``1010/2025/1800000012/002``)."""
AUTO = "auto"
"""The value of a format setting to detect from the file (see `recouvrement.io.detect`)."""
ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "iso-8859-15", AUTO)
"""The encodings a mapping may name (``auto``: UTF-8 with or without BOM, else cp1252)."""


def _str_map(value: Any, field: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise InvalidMapping(field, value, "expected a table of names to strings")
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise InvalidMapping(f"{field}.{key}", item, "expected a string")
    return dict(value)


def _str_tuple(value: Any, field: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidMapping(field, value, "expected a list of strings")
    for item in value:
        if not isinstance(item, str):
            raise InvalidMapping(field, item, "expected a string")
    return tuple(value)


def _to_id_columns(value: Any) -> tuple[str, ...]:
    names = _str_tuple(value, "id_columns")
    if names and (len(names) < 2 or len(set(names)) != len(names) or not all(names)):
        raise InvalidMapping(
            "id_columns", value, "expected two or more distinct, non-empty column names"
        )
    return names


def _to_columns(value: Any) -> dict[str, str]:
    return _str_map(value, "columns")


def _to_constants(value: Any) -> dict[str, str]:
    return _str_map(value, "constants")


def _to_ignore(value: Any) -> tuple[str, ...]:
    return _str_tuple(value, "ignore")


def _to_null_values(value: Any) -> tuple[str, ...]:
    return _str_tuple(value, "null_values")


def _to_true_values(value: Any) -> tuple[str, ...]:
    return _str_tuple(value, "true_values")


def _to_false_values(value: Any) -> tuple[str, ...]:
    return _str_tuple(value, "false_values")


def _to_defaults(value: Any) -> dict[str, str]:
    return _str_map(value, "defaults")


def _to_event_columns(value: Any) -> dict[str, str]:
    return _str_map(value, "events.columns")


def _to_event_constants(value: Any) -> dict[str, str]:
    return _str_map(value, "events.constants")


@attrs.frozen(slots=True, kw_only=True)
class EventColumns:
    """How to derive one event per row from columns (a flag and some dates).

    Attributes:
        type: The event's ``type`` tag (``"dispute"``, ``"reminder"``...).
        columns: Event field -> source column (``{"opened_on": "DisputeDate"}``). Date
            fields are read with the mapping's date format, amounts in the claim's currency.
        constants: Event field -> constant value (``{"channel": "email"}``).
        when: A source column deciding whether the row has the event; without it every row
            has one (rows whose event columns are all empty have none).
        true_values: The cells of ``when`` meaning "yes".
        false_values: The cells of ``when`` meaning "no"; any other cell is an error.

    Examples:
        >>> EventColumns(type="dispute", when="Disputed", columns={"opened_on": "Date"}).type
        'dispute'
    """

    type: str = attrs.field()
    columns: dict[str, str] = attrs.field(factory=dict, converter=_to_event_columns)
    constants: dict[str, str] = attrs.field(factory=dict, converter=_to_event_constants)
    when: str | None = None
    true_values: tuple[str, ...] = attrs.field(
        default=("yes", "Yes", "YES", "true", "True", "TRUE", "1"), converter=_to_true_values
    )
    false_values: tuple[str, ...] = attrs.field(
        default=("no", "No", "NO", "false", "False", "FALSE", "0", ""),
        converter=_to_false_values,
    )

    @type.validator
    def _check_type(self, _: attrs.Attribute[Any], value: Any) -> None:
        if value not in EVENT_TYPES:
            raise InvalidMapping(
                "events.type", value, f"unknown event type (one of {sorted(EVENT_TYPES)})"
            )

    def __attrs_post_init__(self) -> None:
        both = set(self.columns) & set(self.constants)
        if both:
            raise InvalidMapping(
                "events", sorted(both), "a field is both read from a column and constant"
            )

    @classmethod
    def from_dict(cls, data: Any) -> EventColumns:
        """Build from a dict (a ``[[events]]`` table of a TOML mapping)."""
        if not isinstance(data, Mapping):
            raise InvalidMapping("events", data, "expected a table")
        allowed = {"type", "columns", "constants", "when", "true_values", "false_values"}
        for key in data:
            if key not in allowed:
                raise InvalidMapping(f"events.{key}", data[key], f"unknown key ({sorted(allowed)})")
        if "type" not in data:
            raise InvalidMapping("events.type", None, "missing")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """Return the dict `from_dict` reads."""
        data: dict[str, Any] = {"type": self.type}
        if self.columns:
            data["columns"] = dict(self.columns)
        if self.constants:
            data["constants"] = dict(self.constants)
        if self.when is not None:
            data["when"] = self.when
            data["true_values"] = list(self.true_values)
            data["false_values"] = list(self.false_values)
        return data


def _to_events(value: Any) -> tuple[EventColumns, ...]:
    if isinstance(value, Mapping) or not isinstance(value, list | tuple):
        raise InvalidMapping("events", value, "expected a list of event tables")
    return tuple(v if isinstance(v, EventColumns) else EventColumns.from_dict(v) for v in value)


def _to_value_maps(value: Any) -> dict[str, dict[str, str]]:
    if not isinstance(value, Mapping):
        raise InvalidMapping("values", value, "expected a table of field -> {cell: value}")
    maps: dict[str, dict[str, str]] = {}
    for field, table in value.items():
        if field not in _ALL_FIELDS:
            raise InvalidMapping(f"values.{field}", table, "unknown claim field")
        maps[field] = _str_map(table, f"values.{field}")
    return maps


def _to_skip_when(value: Any, field: str = "skip_when") -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise InvalidMapping(field, value, "expected a table of column -> [cells]")
    return {str(column): _str_tuple(cells, f"{field}.{column}") for column, cells in value.items()}


def _to_negate_when(value: Any) -> dict[str, tuple[str, ...]]:
    return _to_skip_when(value, "negate_when")


def _to_payment_when(value: Any) -> dict[str, tuple[str, ...]]:
    return _to_skip_when(value, "payment_when")


def _to_credit_note_when(value: Any) -> dict[str, tuple[str, ...]]:
    return _to_skip_when(value, "credit_note_when")


def _check_encoding(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or value.lower() not in ENCODINGS:
        raise InvalidMapping(attribute.name, value, f"expected one of {list(ENCODINGS)}")


def _check_delimiter(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value == AUTO:
        return
    if not isinstance(value, str) or len(value) != 1 or value.isalnum() or value in '"\r\n':
        raise InvalidMapping(attribute.name, value, "expected one character (, ; tab |) or 'auto'")


def _to_max_places(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidMapping("max_places", value, "expected a non-negative integer or None")
    return value


def _check_separator(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value == AUTO or (value is None and attribute.name == "thousands_separator"):
        return
    several = attribute.name == "thousands_separator"
    if (
        not isinstance(value, str)
        or not value
        or (len(value) != 1 and not several)
        or any(c.isdigit() or c in "+-" for c in value)
    ):
        what = "characters" if several else "one character"
        raise InvalidMapping(attribute.name, value, f"expected {what}, not a digit or sign")


@attrs.frozen(slots=True, kw_only=True)
class ColumnMapping:
    """How to read a CSV export as claims.

    Every claim field (`CLAIM_FIELDS`, plus ``payment_on``, ``payment_amount`` and
    ``payment_reference``) comes from the column named in ``columns``, else from a
    constant in ``constants``, else from a column bearing the field's own name, if the file
    has one. A header column that is none of these and not listed in ``ignore`` is an error
    (a typo must not pass unnoticed).

    Attributes:
        name: A short name for messages.
        description: What export it reads.
        columns: Claim field -> source column. One column may feed several fields.
        constants: Claim field -> constant text (``{"currency": "USD"}``).
        ignore: Source columns deliberately left unread.
        date_format: ``"iso"`` (``YYYY-MM-DD``) or a `datetime.strptime` format such as
            ``"%m/%d/%Y"`` (US) or ``"%d/%m/%Y"`` (French).
        decimal_separator: ``"."`` or ``","``.
        thousands_separator: Removed from numbers (``" "``, ``","``...), if any.
        max_places: The most decimal places an amount may have (6 by default; more is
            read as a binary float leaking into the export and refused). ``None`` lifts it.
        null_values: Cells read as empty (``"NULL"``, ``"N/A"``...).
        events: `EventColumns` deriving events from columns.
        unescape: Whether cells were written with the spreadsheet-safe apostrophe of
            `recouvrement.io.export.neutralise_cell` (true for the standard layout).
        delimiter: The cell separator (``","``, ``";"`` for French Excel, ``"\t"``...).
        encoding: ``utf-8`` (a BOM is skipped), ``cp1252`` or ``latin-1`` (Windows
            Excel), ``iso-8859-15``.
        values: Value maps, claim field -> {cell: value} (``{"debtor_kind": {"True":
            "professional", "False": "individual"}}``). A cell of a mapped field that the
            map lacks is an error naming the cells it knows.
        skip_when: Source column -> cells that mark a row to leave out on purpose
            (``{"payment_state": ["paid", "reversed"]}``). Such rows are counted as
            ``filtered`` in the `LoadResult`, never silently dropped.
        negate_when: Source column -> cells that mark a row whose amount is written
            without its sign but is owed to the debtor (Odoo's ``out_refund``, whose
            ``amount_residual`` is positive): its amount is read negated, so that an open
            balance (``open_balance``) reports it as a credit to refund.
        payment_when: Source column -> cells that mark a negative open item naming, in
            its ``applies_to`` column, the item it pays (SAP's partial-payment method:
            the invoice stays open in full, the payment is an item of its own,
            ``{"Document Type": ["DZ"]}``). Such a payment is set against that item,
            as a `Payment` on its own date (``issued_on``), instead of being reported as
            a credit. Needs ``open_balance`` and an ``applies_to`` column.
        credit_note_when: The same for a credit memo naming the invoice it reduces
            (``{"Document Type": ["DG"]}``): a `CreditNote` on that item.
        open_balance: Whether the ``amount`` column is an open balance (Odoo
            ``amount_residual``, ERPNext ``outstanding_amount``): a zero balance is a
            settled invoice (counted as ``filtered``), a negative one a credit to refund
            (a `CreditBalance`), neither an invalid row.
        trailing_minus: Whether negative numbers may be written ``1.234,56-`` (SAP).
        defaults: Claim field -> value for an empty cell of its column (``{"currency":
            "EUR"}`` when the export leaves the company's own currency blank).
        id_columns: The columns whose cells, joined with ``/``, make the claim
            id, when no one column is unique: SAP's open items are keyed by company code,
            fiscal year, document number and line item (the items of an invoice in
            instalments share its number). Instead of ``columns["id"]``; an empty cell in
            any of them leaves the row without an id (an invalid row), and two keys that
            read alike once joined (a cell holding ``/``) are a duplicate id. Not with
            ``payment_when`` or ``credit_note_when`` (they name the item a row pays by one
            column), nor with ``unescape`` (the standard layout has one id column).

    The format settings ``encoding``, ``delimiter``, ``decimal_separator``,
    ``thousands_separator`` and ``date_format`` may be ``"auto"``: the reader then
    detects them from the start of the file (see `recouvrement.io.detect`) and reports
    what it found in `LoadResult.detected`. ``thousands_separator`` may list several
    characters (``" \u00a0\u202f"``: a space, a no-break space, a narrow no-break space,
    as Excel writes them); digits must then be grouped by three.

    Raises:
        InvalidMapping: An unknown claim field, a field both mapped and constant, a bad
            separator...

    Examples:
        >>> ColumnMapping.standard().unescape
        True
        >>> ColumnMapping(columns={"id": "No"}, constants={"id": "X"})
        Traceback (most recent call last):
        ...
        recouvrement.io.errors.InvalidMapping: id='X': a field is both read from a column and constant
    """

    name: str = "custom"
    description: str = ""
    columns: dict[str, str] = attrs.field(factory=dict, converter=_to_columns)
    constants: dict[str, str] = attrs.field(factory=dict, converter=_to_constants)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_to_ignore)
    date_format: str = "iso"
    decimal_separator: str = attrs.field(default=".", validator=_check_separator)
    thousands_separator: str | None = attrs.field(default=None, validator=_check_separator)
    max_places: int | None = attrs.field(default=6, converter=_to_max_places)
    null_values: tuple[str, ...] = attrs.field(default=(), converter=_to_null_values)
    events: tuple[EventColumns, ...] = attrs.field(default=(), converter=_to_events)
    unescape: bool = False
    delimiter: str = attrs.field(default=",", validator=_check_delimiter)
    encoding: str = attrs.field(default="utf-8", validator=_check_encoding)
    values: dict[str, dict[str, str]] = attrs.field(factory=dict, converter=_to_value_maps)
    skip_when: dict[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_to_skip_when)
    negate_when: dict[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_to_negate_when)
    payment_when: dict[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_to_payment_when)
    credit_note_when: dict[str, tuple[str, ...]] = attrs.field(
        factory=dict, converter=_to_credit_note_when
    )
    open_balance: bool = False
    trailing_minus: bool = False
    defaults: dict[str, str] = attrs.field(factory=dict, converter=_to_defaults)
    id_columns: tuple[str, ...] = attrs.field(default=(), converter=_to_id_columns)

    def __attrs_post_init__(self) -> None:
        for where, table in (("columns", self.columns), ("constants", self.constants)):
            for key, value in table.items():
                if key not in _ALL_FIELDS:
                    raise InvalidMapping(
                        f"{where}.{key}",
                        value,
                        "unknown claim field (see recouvrement.io.mapping.CLAIM_FIELDS)",
                    )
        for key in set(self.columns) & set(self.constants):
            raise InvalidMapping(
                key, self.constants[key], "a field is both read from a column and constant"
            )
        if (
            self.thousands_separator not in (None, AUTO)
            and self.decimal_separator != AUTO
            and self.decimal_separator in self.thousands_separator
        ):
            raise InvalidMapping(
                "thousands_separator", self.thousands_separator, "same as the decimal separator"
            )
        for field, value in self.defaults.items():
            if field not in _ALL_FIELDS or field in self.constants:
                raise InvalidMapping(
                    f"defaults.{field}", value, "not a claim field read from a column"
                )
        for field in self.values:
            if field in self.constants:
                raise InvalidMapping(
                    f"values.{field}", self.values[field], "a value map for a constant field"
                )
        if not isinstance(self.date_format, str) or not self.date_format:
            raise InvalidMapping("date_format", self.date_format, "expected 'iso' or a format")
        marks = self.payment_when or self.credit_note_when
        if marks and not self.open_balance:
            raise InvalidMapping(
                "payment_when" if self.payment_when else "credit_note_when",
                marks,
                "items set against other items need an open-item list (open_balance = true)",
            )
        if marks and "applies_to" in self.constants:
            raise InvalidMapping(
                "constants.applies_to", self.constants["applies_to"], "expected a column"
            )
        if self.id_columns:
            self._check_id_columns(marks)

    def _check_id_columns(self, marks: Mapping[str, Any]) -> None:
        """``id_columns`` replaces the one id column, and needs what it cannot work with
        left out."""
        names = list(self.id_columns)
        if "id" in self.columns or "id" in self.constants:
            raise InvalidMapping(
                "id_columns", names, "the id is read from id_columns or from columns.id, not both"
            )
        if marks:
            raise InvalidMapping(
                "id_columns",
                names,
                "not with payment_when or credit_note_when (the item a row pays is named "
                "by one column, applies_to)",
            )
        if self.unescape:
            raise InvalidMapping("id_columns", names, "not with unescape (the standard layout)")

    @classmethod
    def standard(cls) -> ColumnMapping:
        """The mapping of the standard layout: columns named after the fields, ISO dates.

        Examples:
            >>> ColumnMapping.standard().date_format
            'iso'
        """
        return _standard()

    @classmethod
    def from_dict(cls, data: Any) -> ColumnMapping:
        """Build a mapping from a dict; unknown keys raise `InvalidMapping`.

        Examples:
            >>> ColumnMapping.from_dict({"decimal_separator": ","}).decimal_separator
            ','
        """
        if not isinstance(data, Mapping):
            raise InvalidMapping("mapping", data, "expected a table")
        for key in data:
            if key not in _MAPPING_KEYS:
                raise InvalidMapping(
                    key, data[key], f"unknown key (one of {sorted(_MAPPING_KEYS)})"
                )
        return cls(**data)

    @classmethod
    def from_toml(cls, source: str | Path) -> ColumnMapping:
        """Read a mapping from a TOML file (a `Path`) or TOML text (a `str`).

        A `str` is always read as TOML text: pass ``Path("my_erp.toml")`` for a file.

        Examples:
            >>> ColumnMapping.from_toml('date_format = "%d/%m/%Y"').date_format
            '%d/%m/%Y'
        """
        try:
            text = source.read_text("utf-8") if isinstance(source, Path) else source
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidMapping("toml", str(source), f"cannot read the file ({exc})") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidMapping("toml", str(source)[:80], f"not valid TOML: {exc}") from None
        return cls.from_dict(data)

    @classmethod
    def shipped(cls, name: str) -> ColumnMapping:
        """A mapping shipped with the package (``"ibm_ar"``).

        Examples:
            >>> ColumnMapping.shipped("ibm_ar").constants["nature"]
            'commercial'
        """
        return _shipped(name)

    def to_dict(self) -> dict[str, Any]:
        """Return the dict `from_dict` reads (round-trips).

        Examples:
            >>> m = ColumnMapping.shipped("ibm_ar")
            >>> ColumnMapping.from_dict(m.to_dict()) == m
            True
        """
        data: dict[str, Any] = {"name": self.name}
        if self.description:
            data["description"] = self.description
        data["columns"] = dict(self.columns)
        data["constants"] = dict(self.constants)
        data["ignore"] = list(self.ignore)
        data["date_format"] = self.date_format
        data["decimal_separator"] = self.decimal_separator
        if self.thousands_separator is not None:
            data["thousands_separator"] = self.thousands_separator
        data["max_places"] = self.max_places
        data["null_values"] = list(self.null_values)
        data["events"] = [e.to_dict() for e in self.events]
        data["unescape"] = self.unescape
        data["delimiter"] = self.delimiter
        data["encoding"] = self.encoding
        data["values"] = {field: dict(table) for field, table in self.values.items()}
        data["skip_when"] = {column: list(cells) for column, cells in self.skip_when.items()}
        data["negate_when"] = {column: list(cells) for column, cells in self.negate_when.items()}
        data["payment_when"] = {column: list(c) for column, c in self.payment_when.items()}
        data["credit_note_when"] = {
            column: list(cells) for column, cells in self.credit_note_when.items()
        }
        data["open_balance"] = self.open_balance
        data["trailing_minus"] = self.trailing_minus
        data["defaults"] = dict(self.defaults)
        if self.id_columns:
            data["id_columns"] = list(self.id_columns)
        return data

    @property
    def auto_settings(self) -> tuple[str, ...]:
        """The format settings left to detection (``"auto"``), in a fixed order.

        Examples:
            >>> ColumnMapping(delimiter="auto", date_format="auto").auto_settings
            ('delimiter', 'date_format')
        """
        names = ("encoding", "delimiter", "decimal_separator", "thousands_separator")
        found = [n for n in names if getattr(self, n) == AUTO]
        if self.date_format == AUTO:
            found.append("date_format")
        return tuple(found)

    def with_format(self, **settings: Any) -> ColumnMapping:
        """A copy with other format settings (``delimiter=";"``, ``encoding="cp1252"``...).

        Only ``encoding``, ``delimiter``, ``decimal_separator``, ``thousands_separator``
        and ``date_format`` may be given (each also ``"auto"``); the copy is checked.

        Examples:
            >>> ColumnMapping.standard().with_format(delimiter=";").delimiter
            ';'
        """
        allowed = {
            "encoding",
            "delimiter",
            "decimal_separator",
            "thousands_separator",
            "date_format",
        }
        for key in settings:
            if key not in allowed:
                raise InvalidMapping(key, settings[key], f"not a format setting {sorted(allowed)}")
        return attrs.evolve(self, **settings)

    def source_of(self, field: str) -> str:
        """The source column a field is read from (its own name when not renamed; for an
        id joined from ``id_columns``, their names joined with ``" + "``)."""
        if field == "id" and self.id_columns:
            return " + ".join(self.id_columns)
        return self.columns.get(field, field)


@lru_cache(maxsize=1)
def _standard() -> ColumnMapping:
    return ColumnMapping(name="standard", unescape=True)


@cache
def _shipped(name: str) -> ColumnMapping:
    if not isinstance(name, str) or not name.isidentifier():
        raise InvalidMapping("name", name, "not a shipped mapping name")
    folder = resources.files("recouvrement") / "data" / "mappings"
    entry = folder / f"{name}.toml"
    if not entry.is_file():
        names = sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.is_file())
        raise InvalidMapping("name", name, f"no shipped mapping of that name (one of {names})")
    return ColumnMapping.from_toml(entry.read_text("utf-8"))
