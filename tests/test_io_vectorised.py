"""The vectorised checks of `read_claims_frame`: the same frame, errors and counts as the
row parser, whatever the file; and they do answer for the files they are meant for."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.io import ColumnMapping, LedgerError, ReadPolicy
from recouvrement.io._vector import read_vectorised
from recouvrement.io.csv_ledger import write_claims_csv
from recouvrement.io.frame_reader import read_claims_frame
from recouvrement.sample import generate_claims

from .french import DATE_COLUMNS, french_rows

pl = pytest.importorskip("polars")

AS_OF = "2026-03-31"


def _rows(count: int, seed: int) -> list[list[str]]:
    buffer = io.StringIO()
    write_claims_csv(generate_claims(count, seed=seed, as_of=AS_OF), buffer)
    return [list(r) for r in csv.reader(io.StringIO(buffer.getvalue(), newline=""))]


def _bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _load(data: bytes, vectorised: bool, **options: object) -> tuple[Any, ...]:
    """What `read_claims_frame` gives: the frame and the result, or the error raised."""
    try:
        loaded = read_claims_frame(io.BytesIO(data), vectorised=vectorised, **options)  # type: ignore[arg-type]
    except LedgerError as exc:
        return ("error", exc.errors)
    return (loaded.frame, loaded.result, loaded.counts())


def _same(data: bytes, **options: object) -> None:
    fast = _load(data, True, **options)
    rows = _load(data, False, **options)
    if isinstance(rows[0], pl.DataFrame):
        assert isinstance(fast[0], pl.DataFrame)
        assert fast[0].schema == rows[0].schema
        assert fast[0].equals(rows[0])
        assert fast[1:] == rows[1:]
    else:
        assert fast == rows


def _fast(data: bytes, policy: ReadPolicy | None = None) -> Any:
    found = read_vectorised(
        io.BytesIO(data), ColumnMapping.standard(), policy or ReadPolicy(), records=False
    )
    assert found is not None, "the vectorised checks did not answer"
    return found[0]


# Cells that are valid, invalid, or read differently by a careless reader.
CELLS = st.sampled_from(
    [
        ("amount", "12O.00"),
        ("amount", "1.234"),
        ("amount", "-5.00"),
        ("amount", "0.00"),
        ("amount", " 12.00"),
        ("amount", "000000000000000012.50"),
        ("amount", "1234567890123456"),
        ("amount", "12"),
        ("amount", "12.5"),
        ("currency", "EURO"),
        ("currency", "eur"),
        ("currency", "JPY"),
        ("issued_on", "2025-02-30"),
        ("issued_on", "1899-12-31"),
        ("issued_on", "2025-1-05"),
        ("due_on", "1999-01-01"),
        ("due_on", ""),
        ("due_basis", "legal_default"),
        ("due_basis", "terms"),
        ("due_basis", "given"),
        ("due_basis", "later"),
        ("nature", "gift"),
        ("nature", "consumer"),
        ("nature", "commercial\n"),
        ("jurisdiction", "de"),
        ("jurisdiction", "XX"),
        ("jurisdiction", "F"),
        ("creditor_kind", "alien"),
        ("debtor_kind", "public_body"),
        ("debtor_public_buyer", "state"),
        ("creditor_siren", "123"),
        ("debtor_name", ""),
        ("debtor_name", "a\nb"),
        ("debtor_name", "   "),
        ("debtor_name", "\x1c"),
        ("debtor_name", 'say "hello"'),
        ("debtor_name", "a,b"),
        ("debtor_address", "x\ry"),
        ("reference", "'=1+1"),
        ("id", ""),
        ("id", " F1"),
        ("id", "F\x1c"),
        ("terms_days", "-3"),
        ("terms_days", "30\n"),
        ("terms_kind", ""),
        ("payments", "[{"),
        ("payments", "[]"),
        ("payments", '[{"on":"2020-01-01","amount":{"amount":"1.001","currency":"EUR"}}]'),
        ("payments", '[{"on":"2026-01-01","amount":{"amount":"5.00","currency":"USD"}}]'),
        ("payments", '[{"on":"2026-01-01","amount":{"amount":"0.00","currency":"EUR"}}]'),
        ("payments", '[{"on":"2199-12-31","amount":{"amount":"5.00","currency":"EUR"}}]'),
        ("payments", '[ {"on":"2026-01-01","amount":{"amount":"5.00","currency":"EUR"}}]'),
        ("credit_notes", '[{"on":"2026-01-01","amount":{"amount":"5.00","currency":"EUR"}}]'),
        ("events", '[{"type":"reminder"}]'),
        ("events", "[]"),
        ("events", '[{"type":"reminder","on":"2026-01-05","channel":"email","step":"x"}]'),
        ("events", '[{"type":"reminder","on":"1999-01-05","channel":"email","step":"x"}]'),
        ("events", '[{"type":"write_off","on":"2026-02-01"}]'),
        (
            "events",
            '[{"type":"agency_handover","on":"2026-01-01","agency":"A","fee_rate":"12.5"},'
            '{"type":"agency_handover","on":"2026-01-01","agency":"B","fee_rate":"9"}]',
        ),
        (
            "events",
            '[{"type":"recovery_cost","on":"2026-01-02","amount":{"amount":"40.125",'
            '"currency":"EUR"}},{"type":"recovery_cost","on":"2026-01-01","amount":'
            '{"amount":"10.00","currency":"USD"}}]',
        ),
        (
            "events",
            '[{"type":"reminder","on":"2026-01-05","channel":"email","step":"a},{\\"type\\":"}]',
        ),
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=30),
    seed=st.integers(min_value=0, max_value=10_000),
    cells=st.lists(st.tuples(st.integers(min_value=0), CELLS), max_size=4),
    mode=st.sampled_from(["raise", "collect"]),
)
def test_any_cells_give_what_the_row_parser_gives(
    count: int, seed: int, cells: list[tuple[int, tuple[str, str]]], mode: str
) -> None:
    rows = _rows(count, seed)
    header = rows[0]
    for where, (column, value) in cells:
        rows[1 + where % count][header.index(column)] = value
    _same(_bytes(rows), errors=mode)


EDITS = st.sampled_from(
    ["drop_delimiter", "add_delimiter", "blank_line", "lone_cr", "lf_only", "quote", "bom"]
)


def _edit(data: bytes, edit: str, where: int) -> bytes:
    lines = data.split(b"\n")
    line = 1 + where % max(1, len(lines) - 2)
    text = lines[line]
    if edit == "drop_delimiter" and b"," in text:
        cut = text.rfind(b",")
        lines[line] = text[:cut] + text[cut + 1 :]
    elif edit == "add_delimiter":
        lines[line] = b"," + text
    elif edit == "blank_line":
        lines.insert(line, b"")
    elif edit == "lone_cr":
        lines[line] = text[: len(text) // 2] + b"\r" + text[len(text) // 2 :]
    elif edit == "lf_only":
        return data.replace(b"\r\n", b"\n")
    elif edit == "quote":
        lines[line] = text[: len(text) // 3] + b'"' + text[len(text) // 3 :]
    elif edit == "bom":
        return b"\xef\xbb\xbf" + data
    return b"\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=20),
    seed=st.integers(min_value=0, max_value=10_000),
    edits=st.lists(st.tuples(EDITS, st.integers(min_value=0)), min_size=1, max_size=3),
)
def test_a_damaged_file_gives_what_the_row_parser_gives(
    count: int, seed: int, edits: list[tuple[str, int]]
) -> None:
    data = _bytes(_rows(count, seed))
    for edit, where in edits:
        data = _edit(data, edit, where)
    _same(data, errors="collect")


@given(seed=st.integers(min_value=0, max_value=10_000))
@settings(max_examples=10, deadline=None)
def test_duplicates_give_what_the_row_parser_gives(seed: int) -> None:
    rows = _rows(6, seed)
    data = _bytes([*rows, rows[2]])
    for duplicates in ("keep_first", "keep_last", "error", "allow"):
        _same(data, errors="collect", policy=ReadPolicy(duplicates=duplicates))


@pytest.mark.parametrize("seed", [1, 7, 15])
def test_a_clean_ledger_is_read_by_the_expressions(seed: int) -> None:
    data = _bytes(_rows(300, seed))
    frame = _fast(data)
    assert frame.height == 300
    _same(data)


def test_valid_rows_the_expressions_leave_to_the_row_parser() -> None:
    rows = _rows(20, 3)
    header = rows[0]
    rows[1][header.index("payments")] = "[]"  # not the writer's form: the row parser
    rows[2][header.index("currency")] = "JPY"  # no cents: the row parser
    rows[2][header.index("amount")] = "1200"
    for column in ("payments", "credit_notes", "events", "terms_penalty_amount"):
        rows[2][header.index(column)] = ""
    rows[3][header.index("amount")] = "10.125"  # a third place in a three-place currency
    rows[3][header.index("currency")] = "TND"
    for column in ("payments", "credit_notes", "events", "terms_penalty_amount"):
        rows[3][header.index(column)] = ""
    data = _bytes(rows)
    frame = _fast(data)
    assert frame.schema["amount"] == pl.Decimal(38, 3)
    _same(data)


def test_the_first_handover_and_the_costs_in_order() -> None:
    rows = _rows(3, 4)
    header = rows[0]
    events = [
        {
            "type": "recovery_cost",
            "on": "2026-03-02",
            "amount": {"amount": "15.50", "currency": "EUR"},
        },
        {"type": "agency_handover", "on": "2026-03-01", "agency": "B", "fee_rate": "9.5"},
        {"type": "agency_handover", "on": "2026-03-01", "agency": "A", "fee_rate": "12"},
        {
            "type": "recovery_cost",
            "on": "2026-02-28",
            "amount": {"amount": "40.00", "currency": "EUR"},
        },
    ]
    issued = rows[1][header.index("issued_on")]
    assert issued < "2026-02-28"
    rows[1][header.index("events")] = json.dumps(events, separators=(",", ":"))
    data = _bytes(rows)
    frame = _fast(data)
    first = frame.row(0, named=True)
    assert str(first["fee_rate"]) == "9.5"
    assert str(first["recovery_on"]) == "2026-02-28"
    assert [str(c["amount"]) for c in first["recovery_costs"]] == ["15.50", "40.00"]
    _same(data)


def test_a_path_and_a_binary_file_read_alike(tmp_path: Path) -> None:
    data = _bytes(_rows(40, 9))
    path = tmp_path / "ledger.csv"
    path.write_bytes(data)
    by_path = read_claims_frame(path)
    by_file = read_claims_frame(io.BytesIO(data))
    assert by_path.frame.equals(by_file.frame)
    assert read_vectorised(path, ColumnMapping.standard(), ReadPolicy(), records=False)


def test_layouts_it_does_not_cover_go_to_the_row_parser() -> None:
    data = _bytes(_rows(5, 2))
    standard = ColumnMapping.standard()
    policy = ReadPolicy()
    for mapping in (
        standard.with_format(date_format="%m/%d/%Y"),
        attrs.evolve(standard, constants={"nature": "commercial"}),
        attrs.evolve(standard, skip_when={"nature": ("gift",)}),
    ):
        assert read_vectorised(io.BytesIO(data), mapping, policy, records=False) is None
    assert read_vectorised(io.BytesIO(data), standard, policy, records=True) is None
    text = io.StringIO(data.decode("utf-8"), newline="")
    assert read_vectorised(text, standard, policy, records=False) is None


@pytest.mark.parametrize("auto", [False, True])
def test_a_french_spreadsheet_is_read_by_the_expressions(auto: bool) -> None:
    rows = french_rows(_rows(150, 21))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    data = buffer.getvalue().encode("cp1252")
    french = ColumnMapping.standard().with_format(
        delimiter=";",
        decimal_separator=",",
        thousands_separator=" ",
        date_format="%d/%m/%Y",
        encoding="cp1252",
    )
    if auto:
        french = ColumnMapping.standard().with_format(
            delimiter="auto",
            decimal_separator="auto",
            thousands_separator="auto",
            date_format="auto",
            encoding="auto",
        )
    found = read_vectorised(io.BytesIO(data), french, ReadPolicy(), records=False)
    assert found is not None
    assert found[0].equals(read_claims_frame(io.BytesIO(_bytes(_rows(150, 21)))).frame)
    assert (found[2] is not None) == auto  # what detection found, as the row path says
    _same(data, mapping=french)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    cells=st.lists(
        st.tuples(
            st.integers(min_value=0),
            st.sampled_from(
                [
                    ("amount", "1 234,5"),
                    ("amount", "1234,56"),
                    ("amount", "12 34,56"),
                    ("amount", "1.234,56"),
                    ("amount", "1 234 567 890 123 456,00"),
                    ("amount", "0,00"),
                    ("amount", "12.50"),
                    ("issued_on", "1/02/2025"),
                    ("issued_on", "31/02/2025"),
                    ("issued_on", "2025-02-01"),
                    ("due_on", "01/01/1999"),
                    ("terms_penalty_percent", "10,5"),
                ]
            ),
        ),
        max_size=3,
    ),
)
def test_french_cells_give_what_the_row_parser_gives(
    seed: int, cells: list[tuple[int, tuple[str, str]]]
) -> None:
    rows = french_rows(_rows(12, seed))
    header = rows[0]
    for where, (column, value) in cells:
        rows[1 + where % 12][header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    french = ColumnMapping.standard().with_format(
        delimiter=";", decimal_separator=",", thousands_separator=" ", date_format="%d/%m/%Y"
    )
    _same(buffer.getvalue().encode("utf-8"), mapping=french, errors="collect")


def test_vectorised_must_be_a_bool() -> None:
    from recouvrement.errors import InvalidType

    with pytest.raises(InvalidType):
        read_claims_frame(io.BytesIO(b"id\n"), vectorised="yes")  # type: ignore[arg-type]


# -- Parquet and Arrow IPC -----------------------------------------------------------------


def _table_bytes(rows: list[list[str]], kind: str) -> bytes:
    """The rows as a Parquet or Arrow file in the columnar writers' types (dates as dates)."""
    import datetime as dt

    pa = pytest.importorskip("pyarrow")
    import pyarrow.ipc as ipc
    import pyarrow.parquet as pq

    header, body = rows[0], rows[1:]
    columns = {}
    for index, name in enumerate(header):
        cells = [r[index] or None for r in body]
        if name in DATE_COLUMNS:
            columns[name] = pa.array(
                [None if c is None else dt.date.fromisoformat(c) for c in cells], pa.date32()
            )
        else:
            columns[name] = pa.array(cells, pa.string())
    table = pa.table(columns)
    out = io.BytesIO()
    if kind == "parquet":
        pq.write_table(table, out)
    else:
        with ipc.new_file(out, table.schema) as writer:
            writer.write_table(table)
    return out.getvalue()


def _same_table(data: bytes, kind: str, **options: object) -> None:
    _same(data, input_format=kind, **options)


@settings(max_examples=40, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=25),
    seed=st.integers(min_value=0, max_value=10_000),
    cells=st.lists(
        st.tuples(st.integers(min_value=0), CELLS.filter(lambda c: c[0] not in DATE_COLUMNS)),
        max_size=4,
    ),
    kind=st.sampled_from(["parquet", "arrow"]),
)
def test_parquet_and_arrow_give_what_the_row_parser_gives(
    count: int, seed: int, cells: list[tuple[int, tuple[str, str]]], kind: str
) -> None:
    rows = _rows(count, seed)
    header = rows[0]
    for where, (column, value) in cells:
        rows[1 + where % count][header.index(column)] = value
    _same_table(_table_bytes(rows, kind), kind, errors="collect")


@pytest.mark.parametrize("kind", ["parquet", "arrow"])
def test_a_clean_table_is_read_by_the_expressions(kind: str) -> None:
    from recouvrement.io.columnar import _columnar_mapping

    data = _table_bytes(_rows(200, 5), kind)
    mapping = _columnar_mapping(ColumnMapping(name="standard"))
    from recouvrement.io._vector import read_vectorised_table

    found = read_vectorised_table(io.BytesIO(data), kind, mapping, ReadPolicy(), records=False)
    assert found is not None
    assert found[0].height == 200
    _same_table(data, kind)


def test_the_writers_files_read_alike(tmp_path: Path) -> None:
    from recouvrement.io.columnar import write_claims_arrow, write_claims_parquet

    claims = list(generate_claims(60, seed=4, as_of=AS_OF))
    csv_data = _bytes(_rows(60, 4))
    expected = read_claims_frame(io.BytesIO(csv_data)).frame
    for kind, write in (("parquet", write_claims_parquet), ("arrow", write_claims_arrow)):
        path = tmp_path / f"claims.{kind}"
        write(claims, path)
        assert read_claims_frame(path, input_format=kind).frame.equals(expected)


def test_input_format_is_checked() -> None:
    from recouvrement.errors import InvalidValue

    with pytest.raises(InvalidValue):
        read_claims_frame(io.BytesIO(b""), input_format="xlsx")


# -- the row parser's canonical payments ---------------------------------------------------


@given(
    moves=st.lists(
        st.tuples(
            st.dates(min_value=__import__("datetime").date(1890, 1, 1)),
            st.decimals(min_value=-5, max_value=10**16, places=3, allow_nan=False),
            st.sampled_from(["EUR", "JPY", "XXX", "eur"]),
            st.none() | st.text(max_size=8),
        ),
        min_size=1,
        max_size=3,
    ),
    kind=st.sampled_from(["payments", "credit_notes"]),
)
def test_canonical_payments_read_as_the_json_reader_reads_them(
    moves: list[tuple[Any, Any, str, str | None]], kind: str
) -> None:
    from recouvrement.claims import CreditNote, Payment
    from recouvrement.errors import RecouvrementError
    from recouvrement.io.csv_ledger import _canonical_moves

    items = []
    for on, amount, currency, reference in moves:
        item: dict[str, Any] = {
            "on": on.isoformat(),
            "amount": {"amount": format(amount, "f"), "currency": currency},
        }
        if reference is not None:
            item["reference"] = reference
        items.append(item)
    text = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    cls = Payment if kind == "payments" else CreditNote
    try:
        expected: Any = [cls.from_dict(item) for item in items]
    except RecouvrementError:
        expected = None
    found = _canonical_moves(text, kind)
    if found is not None:
        assert found == expected
    canonical = all(
        re.fullmatch(r"[0-9]{1,15}(\.[0-9]{1,6})?", format(amount, "f"))
        and re.fullmatch("[A-Z]{3}", currency)
        and (reference is None or not re.search(r'["\\\x00-\x1f]', reference))
        for _, amount, currency, reference in moves
    )
    if expected is not None and canonical:
        assert found is not None  # the fast path answers for what the writer writes


_REFERENCE = st.text(
    st.characters(blacklist_characters='"\\', blacklist_categories=("Cc", "Cs")), max_size=12
)


@given(
    moves=st.lists(
        st.tuples(
            st.dates(
                min_value=__import__("datetime").date(1990, 1, 1),
                max_value=__import__("datetime").date(2199, 12, 31),
            ),
            st.decimals(min_value=0, max_value=10**15 - 1, places=2, allow_nan=False),
            st.sampled_from(["EUR", "EUR", "USD"]),
            st.none() | _REFERENCE | st.just("{on:2020-01-01,amount:{amount:9}}"),
        ),
        min_size=1,
        max_size=4,
    ),
    issued=st.dates(
        min_value=__import__("datetime").date(1990, 1, 1),
        max_value=__import__("datetime").date(2199, 12, 31),
    ),
    kind=st.sampled_from(["payments", "credit_notes"]),
)
def test_fast_path_items_are_the_written_items(
    moves: list[tuple[Any, Any, str, str | None]], issued: Any, kind: str
) -> None:
    """The vectorised reader cuts each item of a canonical list out of its text: the same
    days and amounts, in order, and valid exactly when every item is (from the issue date,
    a positive amount, the claim's currency), whatever the references hold."""
    from decimal import Decimal

    from recouvrement.io._vector import _moves

    items = []
    for on, amount, currency, reference in moves:
        item: dict[str, Any] = {
            "on": on.isoformat(),
            "amount": {"amount": format(amount, "f"), "currency": currency},
        }
        if reference is not None:
            item["reference"] = reference
        items.append(item)
    cell = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    frame = pl.DataFrame(
        {"cell": [cell], "_issued_ord": [issued.toordinal()], "_currency": ["EUR"]},
        schema={"cell": pl.String, "_issued_ord": pl.Int32, "_currency": pl.String},
    )
    found = _moves(frame, pl.col("cell"), kind).row(0, named=True)
    assert found[f"_{kind}_items"] == [
        {"on": on, "amount": Decimal(amount).quantize(Decimal("0.01"))} for on, amount, *_ in moves
    ]
    valid = all(
        on >= issued and amount > 0 and currency == "EUR" for on, amount, currency, _ in moves
    )
    assert found[f"_{kind}_ok"] is valid


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_other_separators_and_column_orders(delimiter: str) -> None:
    import random

    rows = _rows(80, 12)
    header = rows[0]
    order = header[:]
    random.Random(delimiter).shuffle(order)
    where = [header.index(c) for c in order]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(order)
    writer.writerows([row[i] for i in where] for row in rows[1:])
    data = out.getvalue().encode("utf-8")
    mapping = ColumnMapping.standard().with_format(delimiter=delimiter)
    found = read_vectorised(io.BytesIO(data), mapping, ReadPolicy(), records=False)
    assert found is not None
    _same(data, mapping=mapping)
