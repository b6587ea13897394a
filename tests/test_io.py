"""Ledgers in and out: the standard CSV layout, JSON, column mappings, the real ledger."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, Payment
from recouvrement.errors import InvalidData, RecouvrementError
from recouvrement.events import Dispute
from recouvrement.io.csv_ledger import (
    claim_to_row,
    iter_claims_csv,
    read_claims_csv,
    write_claims_csv,
)
from recouvrement.io.errors import InvalidMapping, LedgerError, LoadResult, RowError
from recouvrement.io.json_ledger import (
    iter_claims_jsonl,
    read_claims_json,
    read_claims_jsonl,
    write_claims_json,
    write_claims_jsonl,
)
from recouvrement.io.mapping import CLAIM_FIELDS, ColumnMapping, EventColumns
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor
from recouvrement.sample import load_sample, sample_claim
from tests.strategies import claims

REAL_LEDGER = Path(__file__).parents[2] / "shared" / "realdata" / "ibm-accounts-receivable.csv"

MINIMAL_HEADER = (
    "id,nature,amount,currency,issued_on,creditor_id,creditor_name,creditor_kind,"
    "debtor_id,debtor_name,debtor_kind"
)
PARTIES = "C1,Acme SAS,professional,D1,Martin SARL,professional"


def _csv_round_trip(items: list[Claim]) -> LoadResult:
    buffer = io.StringIO()
    assert write_claims_csv(items, buffer) == len(items)
    buffer.seek(0)
    return read_claims_csv(buffer)


def _read(text: str, **kwargs: object) -> LoadResult:
    return read_claims_csv(io.StringIO(text), **kwargs)  # type: ignore[arg-type]


def _claim_id(claim: Claim) -> str:
    return claim.id


# -- round trips ------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(claims(), max_size=5, unique_by=_claim_id))
def test_csv_round_trip_is_lossless(items: list[Claim]) -> None:
    result = _csv_round_trip(items)
    assert result.claims == tuple(items)
    assert [c.due_basis for c in result.claims] == [c.due_basis for c in items]
    assert result.errors == ()
    assert result.rows == len(items)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(claims(), max_size=5, unique_by=_claim_id))
def test_jsonl_round_trip_is_lossless(items: list[Claim]) -> None:
    buffer = io.StringIO()
    assert write_claims_jsonl(items, buffer) == len(items)
    buffer.seek(0)
    assert read_claims_jsonl(buffer).claims == tuple(items)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(claims(), max_size=5, unique_by=_claim_id))
def test_json_document_round_trip_is_lossless(items: list[Claim]) -> None:
    buffer = io.StringIO()
    assert write_claims_json(items, buffer, as_of="2026-01-01") == len(items)
    buffer.seek(0)
    assert read_claims_json(buffer).claims == tuple(items)


_hostile = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() != "")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims(max_payments=1, max_events=1), _hostile, _hostile, _hostile, st.none() | _hostile)
def test_csv_round_trip_keeps_any_text(
    claim: Claim, name: str, address: str, ident: str, reference: str | None
) -> None:
    """Names, addresses, ids and references of any text (formula prefixes, quotes,
    line breaks, commas, apostrophes, non-ASCII) come back unchanged."""
    debtor = attrs.evolve(claim.debtor, name=name, address=address)
    creditor = attrs.evolve(claim.creditor, id=ident, name="'" + name)
    changed = attrs.evolve(claim, debtor=debtor, creditor=creditor, reference=reference, id=ident)
    result = _csv_round_trip([changed])
    assert result.claims == (changed,)


def test_sample_portfolio_round_trips_through_files(tmp_path: Path) -> None:
    sample = load_sample().claims
    write_claims_csv(sample, tmp_path / "claims.csv")
    write_claims_jsonl(sample, tmp_path / "claims.jsonl")
    write_claims_json(sample, tmp_path / "claims.json", description="sample")
    assert read_claims_csv(tmp_path / "claims.csv").claims == sample
    assert read_claims_jsonl(str(tmp_path / "claims.jsonl")).claims == sample
    assert read_claims_json(tmp_path / "claims.json").claims == sample


def test_the_shipped_sample_file_reads_as_a_json_document() -> None:
    from importlib import resources

    path = resources.files("recouvrement") / "data" / "sample_portfolio.json"
    with resources.as_file(path) as file:
        assert read_claims_json(file).claims == load_sample().claims


def test_the_header_is_the_documented_layout() -> None:
    buffer = io.StringIO()
    write_claims_csv([sample_claim()], buffer)
    header = buffer.getvalue().splitlines()[0].split(",")
    assert tuple(header) == CLAIM_FIELDS
    row = dict(zip(CLAIM_FIELDS, claim_to_row(sample_claim()), strict=True))
    assert row["due_basis"] == "terms"
    assert json.loads(row["events"])[0]["type"] == "reminder"


# -- the standard layout, by hand ---------------------------------------------------------


def test_a_minimal_file_reads() -> None:
    text = f"{MINIMAL_HEADER}\nF1,commercial,1200.00,EUR,2025-01-15,{PARTIES}\n"
    (claim,) = _read(text).claims
    assert claim.amount == Money("1200.00")
    assert claim.due_basis == "legal_default"  # C. com. L441-10 I: 30 days when nothing agreed
    assert claim.due_on.isoformat() == "2025-02-14"


def test_a_derived_due_date_is_checked_not_taken() -> None:
    header = MINIMAL_HEADER + ",due_on,due_basis,terms_kind,terms_days"
    good = f"{header}\nF1,commercial,10,EUR,2025-01-15,{PARTIES},2025-02-14,terms,net,30\n"
    assert _read(good).claims[0].due_basis == "terms"
    bad = f"{header}\nF1,commercial,10,EUR,2025-01-15,{PARTIES},2025-02-20,terms,net,30\n"
    (error,) = _read(bad, errors="collect").errors
    assert (error.line, error.column) == (2, "due_on")
    assert "2025-02-14" in error.message


def test_blank_lines_are_not_rows() -> None:
    text = f"{MINIMAL_HEADER}\n\nF1,commercial,10,EUR,2025-01-15,{PARTIES}\n\n"
    result = _read(text)
    assert result.rows == 1
    assert len(result) == 1


def test_every_invalid_row_is_reported_with_line_and_column() -> None:
    text = (
        f"{MINIMAL_HEADER}\n"
        f"F1,commercial,10,EUR,2025-01-15,{PARTIES}\n"
        f"F2,commercial,10,EUR,2025-02-30,{PARTIES}\n"
        f"F3,commerce,10,EUR,2025-01-15,{PARTIES}\n"
        f"F4,commercial,-10,EUR,2025-01-15,{PARTIES}\n"
        f"F5,commercial,10,EURO,2025-01-15,{PARTIES}\n"
        f"F6,commercial,10,EUR,2025-01-15,C1,Acme SAS,company,D1,Martin SARL,professional\n"
        f"F7,commercial,10,EUR,2025-01-15,{PARTIES}\n"
    )
    result = _read(text, errors="collect")
    assert [c.id for c in result.claims] == ["F1", "F7"]
    assert [(e.line, e.column, e.claim_id) for e in result.errors] == [
        (3, "issued_on", "F2"),
        (4, "nature", "F3"),
        (5, "amount", "F4"),
        (6, "currency", "F5"),
        (7, "creditor_kind", "F6"),
    ]
    assert all(isinstance(e.error, RecouvrementError) for e in result.errors)
    assert result.rows == 7
    with pytest.raises(LedgerError) as refused:
        _read(text)
    assert refused.value.errors == result.errors
    assert isinstance(refused.value, InvalidData)
    assert isinstance(refused.value, ValueError)


def test_a_missing_required_value_names_its_column() -> None:
    text = f"{MINIMAL_HEADER}\nF1,,10,EUR,2025-01-15,{PARTIES}\n"
    (error,) = _read(text, errors="collect").errors
    assert (error.line, error.column) == (2, "nature")
    assert "missing value" in error.message


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("id,nature", "required column 'amount' is missing"),
        (MINIMAL_HEADER + ",colour", "unknown column 'colour'"),
        (MINIMAL_HEADER + ",id", "column 'id' appears twice"),
    ],
)
def test_a_bad_header_refuses_the_file_whatever_the_mode(header: str, problem: str) -> None:
    with pytest.raises(LedgerError) as refused:
        _read(header + "\n", errors="collect")
    assert any(problem in e.message for e in refused.value.errors)
    assert refused.value.errors[0].line == 1


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(LedgerError, match="no header"):
        _read("")


def test_a_bad_errors_argument_is_refused() -> None:
    with pytest.raises(InvalidData):
        read_claims_csv(io.StringIO(""), errors="ignore")  # type: ignore[arg-type]


def test_a_broken_payment_json_is_a_row_error() -> None:
    header = MINIMAL_HEADER + ",payments"
    text = f'{header}\nF1,commercial,10,EUR,2025-01-15,{PARTIES},"[{{""on"": 1"\n'
    (error,) = _read(text, errors="collect").errors
    assert error.column == "payments"
    text = f'{header}\nF1,commercial,10,EUR,2025-01-15,{PARTIES},"[{{""on"": ""2024-01-01"", ""amount"": ""5""}}]"\n'
    (error,) = _read(text, errors="collect").errors
    assert error.column == "payments"
    assert "before the claim was issued" in error.message


# -- streaming ----------------------------------------------------------------------------


class _CountingFile:
    """A text file that counts the lines handed out."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self.lines_read = 0

    def read(self) -> str:  # pragma: no cover (makes it a file for open_source)
        raise AssertionError("must stream")

    def __iter__(self) -> _CountingFile:
        return self

    def __next__(self) -> str:
        self.lines_read += 1
        return next(self._lines)


def test_reading_streams_one_row_at_a_time() -> None:
    buffer = io.StringIO()
    write_claims_csv((attrs.evolve(sample_claim(), id=f"F{i}") for i in range(500)), buffer)
    source = _CountingFile(buffer.getvalue())
    stream = iter_claims_csv(source)  # type: ignore[arg-type]
    assert isinstance(stream, Iterator)
    first = next(stream)
    assert first.id == "F0"
    assert source.lines_read <= 10  # the header and one record, not the file
    assert sum(1 for _ in stream) == 499
    assert stream.rows == 500


def test_a_raising_stream_yields_the_good_rows_then_refuses() -> None:
    text = (
        f"{MINIMAL_HEADER}\nF1,commercial,10,EUR,2025-01-15,{PARTIES}\n"
        f"F2,commercial,x,EUR,2025-01-15,{PARTIES}\n"
    )
    stream = iter_claims_csv(io.StringIO(text))
    assert next(stream).id == "F1"
    with pytest.raises(LedgerError) as refused:
        next(stream)
    assert [e.line for e in refused.value.errors] == [3]


# -- JSON errors --------------------------------------------------------------------------


def test_jsonl_errors_name_the_line_and_the_field() -> None:
    good = json.dumps(sample_claim().to_dict())
    floaty = good.replace('"1500.00"', "1500.0")
    missing = json.dumps({k: v for k, v in sample_claim().to_dict().items() if k != "debtor"})
    other = json.dumps(attrs.evolve(sample_claim(), id="F-2").to_dict())
    text = "\n".join([good, floaty, "{not json", missing, other]) + "\n"
    result = read_claims_jsonl(io.StringIO(text), errors="collect")
    assert len(result.claims) == 2
    assert [e.line for e in result.errors] == [2, 3, 4]
    assert "float" in result.errors[0].message
    assert result.errors[2].column == "Claim.debtor"
    assert result.rows == 5
    with pytest.raises(LedgerError):
        read_claims_jsonl(io.StringIO(text))
    assert len(list(iter_claims_jsonl(io.StringIO(good + "\n")))) == 1


def test_json_document_errors_give_positions() -> None:
    bad = {**sample_claim().to_dict(), "nature": "gift"}
    text = json.dumps({"claims": [sample_claim().to_dict(), bad]})
    result = read_claims_json(io.StringIO(text), errors="collect")
    assert [(e.line, e.column) for e in result.errors] == [(2, "nature")]
    with pytest.raises(LedgerError):
        read_claims_json(io.StringIO("[1.5]"))
    with pytest.raises(LedgerError):
        read_claims_json(io.StringIO('{"rows": []}'))


# -- column mappings ----------------------------------------------------------------------

_FR_EXPORT = """\
N° facture;Client;Date;Echéance;Montant TTC;Réglé le;Montant réglé;Litige
FA-001;Boulangerie Martin;15/01/2025;14/02/2025;1 234,56;01/03/2025;1 234,56;non
FA-002;Boulangerie Martin;20/01/2025;19/02/2025;99,90;;;oui
"""


def _french_mapping() -> ColumnMapping:
    return ColumnMapping.from_toml(
        """
        name = "fr_erp"
        date_format = "%d/%m/%Y"
        decimal_separator = ","
        thousands_separator = " "

        [columns]
        id = "N° facture"
        debtor_id = "Client"
        debtor_name = "Client"
        issued_on = "Date"
        due_on = "Echéance"
        amount = "Montant TTC"
        payment_on = "Réglé le"
        payment_amount = "Montant réglé"

        [constants]
        nature = "commercial"
        currency = "EUR"
        creditor_id = "ACME"
        creditor_name = "Acme SAS"
        creditor_kind = "professional"
        debtor_kind = "professional"

        [[events]]
        type = "dispute"
        when = "Litige"
        true_values = ["oui"]
        false_values = ["non"]
        columns = { opened_on = "Date" }
        """
    )


def _semicolons(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def test_a_french_export_reads_through_a_mapping() -> None:
    result = read_claims_csv(io.StringIO(_semicolons(_FR_EXPORT)), mapping=_french_mapping())
    first, second = result.claims
    assert first.amount == Money("1234.56")
    assert first.due_on.isoformat() == "2025-02-14"
    assert first.payments == (Payment(on="2025-03-01", amount="1234.56"),)
    assert first.events == ()
    assert second.payments == ()
    assert second.events == (Dispute(opened_on="2025-01-20"),)
    assert second.creditor == Creditor(id="ACME", name="Acme SAS", kind="professional")
    assert second.debtor == Debtor(
        id="Boulangerie Martin", name="Boulangerie Martin", kind="professional"
    )


def test_mapped_errors_name_the_source_column() -> None:
    text = _semicolons(
        _FR_EXPORT
        + "FA-003;X;2025-01-20;19/02/2025;5;;;non\n"
        + "FA-004;X;20/01/2025;19/02/2025;5.5;;;non\n"
        + "FA-005;X;20/01/2025;19/02/2025;5;;;peut-être\n"
        + "FA-006;X;20/01/2025;19/02/2025;5;01/03/2025;;non\n"
        + "FA-007;X;20/01/2025;19/02/2025;5;;5;non\n"
        + "FA-008;X;20/01/2025;19/02/2025;5;;0,00;non\n"
    )
    result = read_claims_csv(io.StringIO(text), mapping=_french_mapping(), errors="collect")
    assert [(e.line, e.column) for e in result.errors] == [
        (4, "Date"),
        (5, "Montant TTC"),
        (6, "Litige"),
        (7, "Montant réglé"),
        (8, "Réglé le"),
    ]
    assert result.claims[-1].id == "FA-008"  # nothing paid, no date: no payment
    assert result.claims[-1].payments == ()


def test_mapping_validation() -> None:
    with pytest.raises(InvalidMapping, match="unknown claim field"):
        ColumnMapping(columns={"amout": "Amount"})
    with pytest.raises(InvalidMapping):
        ColumnMapping(decimal_separator=",", thousands_separator=",")
    with pytest.raises(InvalidMapping):
        ColumnMapping.from_dict({"colums": {}})
    with pytest.raises(InvalidMapping):
        EventColumns(type="telegram")
    with pytest.raises(InvalidMapping):
        ColumnMapping.from_toml("this is = not toml =")
    with pytest.raises(InvalidMapping, match="no shipped mapping"):
        ColumnMapping.shipped("nope")
    mapping = _french_mapping()
    assert ColumnMapping.from_dict(mapping.to_dict()) == mapping


def test_a_mapping_that_does_not_fit_the_header_refuses_the_file() -> None:
    with pytest.raises(LedgerError) as refused:
        read_claims_csv(io.StringIO("Invoice,Total\n1,2\n"), mapping=_french_mapping())
    messages = " ".join(e.message for e in refused.value.errors)
    assert "'N° facture'" in messages
    assert "unknown column 'Invoice'" in messages


def test_null_values_read_as_empty() -> None:
    mapping = ColumnMapping(null_values=("NULL",), constants={"currency": "EUR"})
    header = MINIMAL_HEADER.replace("currency,", "") + ",reference"
    text = f"{header}\nF1,commercial,10,2025-01-15,{PARTIES},NULL\n"
    assert read_claims_csv(io.StringIO(text), mapping=mapping).claims[0].reference is None


# -- the real ledger ----------------------------------------------------------------------

needs_real_ledger = pytest.mark.skipif(
    not REAL_LEDGER.exists(),
    reason=f"the real ledger is not here: {REAL_LEDGER} (CI has it at ../shared/realdata)",
)


@needs_real_ledger
def test_the_real_ledger_loads_without_errors() -> None:
    result = read_claims_csv(REAL_LEDGER, mapping=ColumnMapping.shipped("ibm_ar"))
    assert result.errors == ()
    with REAL_LEDGER.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert result.rows == len(rows) == len(result.claims) == 2466
    assert len({c.debtor.id for c in result.claims}) == 100
    disputed = sum(1 for r in rows if r["Disputed"] == "Yes")
    assert sum(1 for c in result.claims if c.events) == disputed
    for claim, row in zip(result.claims, rows, strict=True):
        assert claim.id == row["invoiceNumber"]
        settled = claim.settled_on()
        assert settled is not None  # every invoice of this export was settled in full
        # The export's own derived columns agree with the model's arithmetic.
        assert (settled - claim.issued_on).days == int(row["DaysToSettle"])
        assert claim.days_past_due(as_of=settled) == int(row["DaysLate"])
        assert claim.amount.currency == "USD"


@needs_real_ledger
def test_the_real_ledger_streams_and_round_trips(tmp_path: Path) -> None:
    stream = iter_claims_csv(REAL_LEDGER, mapping=ColumnMapping.shipped("ibm_ar"))
    loaded = tuple(stream)
    write_claims_csv(loaded, tmp_path / "ibm.csv")
    assert read_claims_csv(tmp_path / "ibm.csv").claims == loaded
    assert loaded[0].issued_on == dt.date(2013, 1, 2)


def test_row_error_text_and_dict() -> None:
    error = RowError(source="a.csv", line=4, column="amount", value="x", message="bad")
    assert str(error) == "a.csv:4: column 'amount': bad"
    assert error.to_dict()["column"] == "amount"
