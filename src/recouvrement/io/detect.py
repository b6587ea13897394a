"""Format detection for real exports: encoding, delimiter, decimal comma, date format.

A French Excel export is ``;``-separated, in cp1252, with ``1 234,56`` amounts (the space
a no-break U+00A0 or narrow no-break U+202F space) and ``15/01/2025`` dates. A mapping
whose format settings are ``"auto"`` (see
[`ColumnMapping`][recouvrement.io.mapping.ColumnMapping]) has them detected from the
start of the file; the reader reports what it found in a `Detected` record, which the
command line prints. Detection only looks at the first 64 KiB; it never guesses silently:
each choice comes with a note, and an ambiguous date (``01/02/2025``) is read day first
with a note saying so.

Examples:
    >>> from recouvrement.io.detect import detect_delimiter, detect_encoding, detect_numbers
    >>> detect_encoding("Société".encode("cp1252"))
    ('cp1252', 'not UTF-8; read as Windows-1252 (cp1252)')
    >>> detect_delimiter("Facture;Client;Montant TTC", ("Facture", "Client"))
    ';'
    >>> detect_numbers(["1\\u202f234,56", "12,00"])
    (',', ' \\xa0\\u202f')
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from .mapping import AUTO, ColumnMapping

__all__ = [
    "SAMPLE_BYTES",
    "Detected",
    "delimiter_hint",
    "detect",
    "detect_date_format",
    "detect_delimiter",
    "detect_encoding",
    "detect_numbers",
]

SAMPLE_BYTES = 65536
"""How much of the start of a file detection reads."""

_DELIMITERS = (",", ";", "\t", "|")
_SPACES = " \u00a0\u202f"
_COMMA_DECIMAL = re.compile(r"[+-]?(?:\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+),\d+\Z")
_POINT_DECIMAL = re.compile(r"[+-]?(?:\d{1,3}(?:[ \u00a0\u202f,]\d{3})+|\d+)\.\d+\Z")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([ \u00a0\u202f.,'])\d{3})+(?:[.,]\d+)?\Z")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\Z")


@attrs.frozen(slots=True, kw_only=True)
class Detected:
    """What format detection found, setting by setting, with a note for each choice.

    Attributes:
        encoding: The encoding read (``None`` for an already decoded text stream).
        delimiter: The cell separator.
        decimal_separator: ``"."`` or ``","``.
        thousands_separator: The characters removed between groups of three digits.
        date_format: ``"iso"`` or a `datetime.strptime` format.
        notes: One line per detected setting (what was seen).

    Examples:
        >>> d = Detected(encoding="cp1252", delimiter=";", decimal_separator=",",
        ...              thousands_separator=" \\u00a0\\u202f", date_format="%d/%m/%Y")
        >>> print(d)
        encoding cp1252, delimiter ';', decimal ',', thousands spaces, dates %d/%m/%Y
    """

    encoding: str | None = None
    delimiter: str = ","
    decimal_separator: str = "."
    thousands_separator: str | None = None
    date_format: str = "iso"
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        thousands = self.thousands_separator
        if thousands is None:
            shown = "none"
        elif set(thousands) <= set(_SPACES):
            shown = "spaces"
        else:
            shown = repr(thousands)
        parts = [] if self.encoding is None else [f"encoding {self.encoding}"]
        parts += [
            f"delimiter {self.delimiter!r}",
            f"decimal {self.decimal_separator!r}",
            f"thousands {shown}",
            f"dates {self.date_format}",
        ]
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict (the CLI prints it with ``--format json``)."""
        return {
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "decimal_separator": self.decimal_separator,
            "thousands_separator": self.thousands_separator,
            "date_format": self.date_format,
            "notes": list(self.notes),
        }


def detect_encoding(sample: bytes, *, complete: bool = False) -> tuple[str, str]:
    """The encoding of the start of a file, by trial: UTF-8 (with a BOM or not), cp1252, latin-1.

    A sample cut in the middle of a UTF-8 character still reads as UTF-8, unless
    ``complete`` says the sample is the whole file.

    Examples:
        >>> detect_encoding(b"\\xef\\xbb\\xbfid")
        ('utf-8-sig', 'UTF-8 with a byte order mark')
        >>> detect_encoding("Déjà".encode())[0], detect_encoding(b"\\x81\\xe9")[0]
        ('utf-8', 'latin-1')
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "UTF-8 with a byte order mark"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8", "UTF-8"
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1", "neither UTF-8 nor Windows-1252; read as latin-1 (ISO-8859-1)"
    return "cp1252", "not UTF-8; read as Windows-1252 (cp1252)"


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def detect_delimiter(header: str, expected: Iterable[str] = ()) -> str:
    """The delimiter of a header line: the one giving the most expected column names,
    then the most cells (``,`` on a tie).

    Examples:
        >>> detect_delimiter("a|b|c"), detect_delimiter("id,name;x", ("id", "name"))
        ('|', ',')
    """
    names = set(expected)

    def score(delimiter: str) -> tuple[int, int, int]:
        cells = [c.strip() for c in _cells(header, delimiter)]
        return (
            sum(1 for c in cells if c in names),
            len(cells),
            -_DELIMITERS.index(delimiter),
        )

    return max(_DELIMITERS, key=score)


def delimiter_hint(header: Sequence[str], delimiter: str) -> str | None:
    """Say so when a header read with ``delimiter`` looks like another delimiter's file.

    Examples:
        >>> delimiter_hint(["Facture;Client;Montant"], ",")
        "the header is one cell holding ';' 2 times: a ';'-separated file read with ','? \
(set delimiter=';' or 'auto')"
        >>> delimiter_hint(["id", "name"], ",") is None
        True
    """
    if len(header) > 2:
        return None
    joined = delimiter.join(header)
    for other in _DELIMITERS:
        if other != delimiter and joined.count(other) >= 2:
            return (
                f"the header is {'one cell' if len(header) == 1 else 'two cells'} holding "
                f"{other!r} {joined.count(other)} times: a {other!r}-separated file read "
                f"with {delimiter!r}? (set delimiter={other!r} or 'auto')"
            )
    return None


def detect_numbers(
    cells: Iterable[str], *, prefer_comma: bool = False, dotted_dates: bool = False
) -> tuple[str, str | None]:
    """The decimal and thousands separators of amount cells, by vote.

    A cell is evidence only when it is unambiguous (``1,234`` could be either). With no
    unambiguous cell, ``prefer_comma`` (a ``;``-separated file) picks the decimal comma,
    and so do ``dotted_dates`` (dates written ``31.01.2025``, a German or SAP logon, whose
    ``150.000`` is 150 thousand).
    Spaces (plain, no-break, narrow no-break) between groups give all three spaces as
    thousands separators, since Excel mixes them.

    Examples:
        >>> detect_numbers(["1234.56", "1,234.00"])
        ('.', ',')
        >>> detect_numbers(["1 234,5"]), detect_numbers(["12"])
        ((',', ' \\xa0\\u202f'), ('.', None))
    """
    votes: Counter[str] = Counter()
    marks: Counter[str] = Counter()
    ambiguous: Counter[str] = Counter()
    for raw in cells:
        cell = raw.strip()
        for mark in ",.":
            if _looks_thousands(cell, mark):
                ambiguous[mark] += 1
        if _COMMA_DECIMAL.match(cell) and not _looks_thousands(cell, ","):
            votes[","] += 1
        elif _POINT_DECIMAL.match(cell) and not _looks_thousands(cell, "."):
            votes["."] += 1
        grouped = _GROUPED.match(cell)
        if grouped:
            marks[grouped.group(1)] += 1
    decimal = "," if votes[","] > votes["."] else "."
    if not votes and prefer_comma and ambiguous[","]:
        decimal = ","
    if not votes and dotted_dates and ambiguous["."]:
        decimal = ","
    found = {m for m in marks if m != decimal}
    if not found:
        return decimal, None
    if found & set(_SPACES):
        found = (found - set(_SPACES)) | set(_SPACES)
    return decimal, "".join(sorted(found, key=(" .,'" + _SPACES[1:]).index))


def _looks_thousands(cell: str, mark: str) -> bool:
    """``1,234`` (one mark, three digits after it): a thousands mark, not a decimal."""
    head, _, tail = cell.lstrip("+-").rpartition(mark)
    return len(tail) == 3 and head.isdigit() and len(head) <= 3 and cell.count(mark) == 1


def detect_date_format(cells: Iterable[str]) -> tuple[str, str]:
    """The date format of date cells: ISO, or day/month/year unless a month over 12 says
    month first; an ambiguous sample is read day first (French) with a note.

    Examples:
        >>> detect_date_format(["15/01/2025"])
        ('%d/%m/%Y', 'day first (a day above 12 seen)')
        >>> detect_date_format(["01/31/2025"])[0], detect_date_format(["31.01.2025"])[0]
        ('%m/%d/%Y', '%d.%m.%Y')
        >>> detect_date_format(["01/02/2025"])
        ('%d/%m/%Y', 'ambiguous (no day above 12 in the sample): read day first')
    """
    iso = day_first = month_first = other = 0
    separator = "/"
    year = "%Y"
    for raw in cells:
        cell = raw.strip()
        if _ISO.match(cell):
            iso += 1
            continue
        found = _DMY.match(cell)
        if found is None:
            other += 1
            continue
        separator = found.group(2)
        year = "%Y" if len(found.group(4)) == 4 else "%y"
        first, second = int(found.group(1)), int(found.group(3))
        day_first += first > 12
        month_first += second > 12
    if iso and iso >= day_first + month_first:
        return "iso", "ISO dates (YYYY-MM-DD)"
    if month_first > day_first:
        return f"%m{separator}%d{separator}{year}", "month first (a day above 12 seen second)"
    fmt = f"%d{separator}%m{separator}{year}"
    if day_first:
        return fmt, "day first (a day above 12 seen)"
    if other and not iso:
        return "iso", "no date recognised in the sample: ISO expected"
    return fmt, "ambiguous (no day above 12 in the sample): read day first"


def _column_cells(rows: list[list[str]], header: list[str], names: Iterable[str]) -> list[str]:
    positions = [header.index(n) for n in names if n in header]
    return [row[i] for row in rows for i in positions if i < len(row) and row[i].strip()]


def detect(text: str, mapping: ColumnMapping, *, encoding: str | None = None) -> Detected:
    """Detect the ``"auto"`` format settings of ``mapping`` from the start of a file.

    Settings not ``"auto"`` are kept as the mapping gives them.

    Args:
        text: The decoded start of the file.
        mapping: The mapping (its column names guide the delimiter and the cells looked at).
        encoding: The encoding used to decode ``text``, if detected or known.

    Examples:
        >>> from recouvrement.io.mapping import ColumnMapping
        >>> m = ColumnMapping(delimiter="auto", decimal_separator="auto",
        ...                   thousands_separator="auto", date_format="auto")
        >>> d = detect("id;amount;issued_on\\nF1;1 234,56;15/01/2025\\n", m)
        >>> d.delimiter, d.decimal_separator, d.date_format
        (';', ',', '%d/%m/%Y')
    """
    notes: list[str] = []
    if encoding is not None and mapping.encoding == AUTO:
        notes.append(f"encoding: {encoding}")
    lines = text.splitlines()
    if lines and len(text) >= SAMPLE_BYTES // 2:
        lines = lines[:-1]  # the last line of a cut sample may be partial
    header_line = lines[0] if lines else ""
    delimiter = mapping.delimiter
    expected = {mapping.source_of(f) for f in ("amount", "issued_on", "debtor_id")}
    expected.update(mapping.id_columns or (mapping.source_of("id"),))
    if delimiter == AUTO:
        delimiter = detect_delimiter(header_line, expected | set(mapping.columns.values()))
        notes.append(f"delimiter: {delimiter!r} (from the header)")
    try:
        rows = list(csv.reader(lines[1:200], delimiter=delimiter))
    except csv.Error:
        rows = []
    header = [c.strip() for c in _cells(header_line, delimiter)]
    date_format = mapping.date_format
    date_note = None
    if date_format == AUTO:
        date_columns = [mapping.source_of(f) for f in ("issued_on", "due_on", "payment_on")]
        date_format, why = detect_date_format(_column_cells(rows, header, date_columns))
        date_note = f"dates: {date_format} ({why})"
    decimal, thousands = mapping.decimal_separator, mapping.thousands_separator
    if AUTO in (decimal, thousands):
        amount_columns = [mapping.source_of(f) for f in ("amount", "payment_amount")]
        found_decimal, found_thousands = detect_numbers(
            _column_cells(rows, header, amount_columns),
            prefer_comma=delimiter == ";",
            dotted_dates="%d.%m." in date_format,
        )
        if decimal == AUTO:
            decimal = found_decimal
            notes.append(f"decimal separator: {decimal!r}")
        if thousands == AUTO:
            thousands = found_thousands
            if thousands is not None and decimal in thousands:
                thousands = thousands.replace(decimal, "") or None
            notes.append(f"thousands separator: {thousands!r}")
    if date_note is not None:
        notes.append(date_note)
    return Detected(
        encoding=encoding,
        delimiter=delimiter,
        decimal_separator=decimal,
        thousands_separator=thousands,
        date_format=date_format,
        notes=tuple(notes),
    )
